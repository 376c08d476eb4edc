package lab

import "net/http"

type scenarioState struct{}

func (l *Lab) serveScenario(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }
func (l *Lab) serveIndex(w http.ResponseWriter, r *http.Request)    { http.NotFound(w, r) }

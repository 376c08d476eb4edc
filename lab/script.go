// Package lab is a local server of broken (and healthy) authentication and
// CORS endpoints, used by the browser tests, the demo and `authdoctor lab`.
//
// It listens on 127.0.0.1 only: one HTTP and one HTTPS listener (the HTTPS
// certificate is self-signed, made at Start). Every host name is served by the
// same handler, which dispatches on the Host header; browsers reach the lab by
// mapping *.test to loopback (--host-resolver-rules="MAP *.test 127.0.0.1").
// app.test and api.test are different sites; app.shop.test and api.shop.test
// are same-site but cross-origin; www.app.test exists for host mismatches.
//
// # Scripted endpoint
//
// Any method on
//
//	/script?r=<base64url(JSON)>
//
// answers what the JSON says (padding optional):
//
//	{
//	  "id": "case-17",
//	  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.test"]], "body": ""},
//	  "actual":    {"status": 200, "headers": [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]], "body": "ok"},
//	  "redirect":  {"status": 302, "location": "https://api.test:8443/script?r=..."}
//	}
//
// OPTIONS requests get "preflight" (404 when absent); every other method gets
// "actual" (404 when absent). When "redirect" is present, non-OPTIONS requests
// get redirect.status with a Location header instead of actual's status and
// body — actual's headers are still sent, so a redirect can carry CORS
// headers. Headers are set verbatim, in order, repeated names allowed
// (Set-Cookie included); a status of 0 means 200 (302 for a redirect).
// A malformed "r" gets 400 with the reason as text.
//
// Every request that reaches /script is recorded (method, absolute URL, host,
// every header as received — Cookie, Origin, Authorization included — and the
// lab's time) under its "id" ("" when r could not be decoded). Read them with
//
//	GET /script/log?id=case-17
//
// which answers a JSON array of Recorded (served with
// Access-Control-Allow-Origin: *), or in process with (*Lab).Log.
// (*Lab).ScriptURL builds a /script URL from a Script value.
//
// /page (any host, any query) is a blank HTML page for tests to run fetch from.
package lab

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// Script is the JSON carried by /script?r=.
type Script struct {
	ID        string    `json:"id"`
	Preflight *Reply    `json:"preflight,omitempty"`
	Actual    *Reply    `json:"actual,omitempty"`
	Redirect  *Redirect `json:"redirect,omitempty"`
}

// Reply is one scripted response.
type Reply struct {
	Status  int         `json:"status"`
	Headers [][2]string `json:"headers,omitempty"`
	Body    string      `json:"body,omitempty"`
}

// Redirect turns the actual response into a redirect.
type Redirect struct {
	Status   int    `json:"status"`
	Location string `json:"location"`
}

// maxScript bounds the decoded r parameter: scripts are test fixtures, and a
// URL longer than this would not survive the browser anyway.
const maxScript = 64 << 10

// EncodeScript returns the value of the r parameter for s.
func EncodeScript(s Script) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic("lab: script cannot be encoded: " + err.Error()) // only plain fields: unreachable
	}
	return EncodeRaw(b)
}

// DecodeScript parses the value of the r parameter.
func DecodeScript(r string) (Script, error) {
	var s Script
	if len(r) > maxScript*4/3+4 {
		return s, errors.New("script: r is longer than " + strconv.Itoa(maxScript) + " bytes decoded")
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(r, "="))
	if err != nil {
		return s, errors.New("script: r is not base64url: " + err.Error())
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, errors.New("script: r is not a script: " + err.Error())
	}
	for _, p := range []struct {
		name string
		r    *Reply
	}{{"preflight", s.Preflight}, {"actual", s.Actual}} {
		if p.r != nil && p.r.Status != 0 && (p.r.Status < 200 || p.r.Status > 599) {
			return s, errors.New("script: " + p.name + ".status " + strconv.Itoa(p.r.Status) + " is not in 200..599")
		}
	}
	if s.Redirect != nil {
		if s.Redirect.Status != 0 && (s.Redirect.Status < 300 || s.Redirect.Status > 399) {
			return s, errors.New("script: redirect.status " + strconv.Itoa(s.Redirect.Status) + " is not in 300..399")
		}
		if s.Redirect.Location == "" {
			return s, errors.New("script: redirect.location is empty")
		}
	}
	return s, nil
}

// ScriptURL is the /script URL that plays s on host.
func (l *Lab) ScriptURL(host string, secure bool, s Script) string {
	return l.URL(host, secure, "/script?r="+EncodeScript(s))
}

func (l *Lab) serveScript(w http.ResponseWriter, r *http.Request) {
	s, err := DecodeScript(r.URL.Query().Get("r"))
	l.record(s.ID, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	play(w, r, s)
}

// play answers r as s says (see the package comment).
func play(w http.ResponseWriter, r *http.Request, s Script) {
	reply := s.Actual
	if r.Method == http.MethodOptions {
		reply = s.Preflight
	}
	if reply == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	if hasHeader(reply.Headers, "Date") {
		h.Del("Date")
	}
	for _, kv := range reply.Headers {
		// Direct map access keeps the name as written (no canonicalisation).
		h[kv[0]] = append(h[kv[0]], kv[1])
	}
	if s.Redirect != nil && r.Method != http.MethodOptions {
		status := s.Redirect.Status
		if status == 0 {
			status = http.StatusFound
		}
		h["Location"] = []string{s.Redirect.Location}
		w.WriteHeader(status)
		return
	}
	status := reply.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write([]byte(reply.Body))
	}
}

func (l *Lab) serveScriptLog(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	recs := l.Log(r.URL.Query().Get("id"))
	if recs == nil {
		recs = []Recorded{}
	}
	json.NewEncoder(w).Encode(recs)
}

// EncodeRaw is base64url without padding, the encoding of the r parameter.
func EncodeRaw(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

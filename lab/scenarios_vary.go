package lab

import (
	"net/http"

	"github.com/authdoctor/authdoctor/diagnose"
)

func init() {
	const name = "cors-vary-origin-missing"
	register(def{
		name: name, cause: diagnose.CORSVaryOriginMissing,
		title: "A cached CORS answer for another origin",
		desc: "api.test reflects the caller's origin in Access-Control-Allow-Origin and lets the answer be cached for 10 minutes, without Vary: Origin. " +
			"app.test calls it first; then www.app.test calls the same URL and the browser reuses the cached answer, which names app.test: the CORS check fails. " +
			"Clearing the site's cache drops the stale answer: the reload on www.app.test fetches a fresh one. Plain http on purpose: Chromium does not cache responses whose certificate error was ignored, so over the lab's https nothing would be cached.",
		entryHTTP: true,
		serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
			if sub != "api" {
				return false
			}
			var h [][2]string
			switch o := r.Header.Get("Origin"); o {
			case l.Origin("app.test", false), l.Origin("www.app.test", false):
				h = append(h, acao(o))
			}
			h = append(h, [2]string{"Cache-Control", "public, max-age=600"})
			reply(w, 200, `{"catalog":[]}`, h...)
			return true
		},
		setup: func(l *Lab) []Step {
			return []Step{varyAPI(l), navStep(l.URL("www.app.test", false, spath(name, "")))}
		},
		steps: func(l *Lab) []Step { return []Step{varyAPI(l)} },
		checks: func(l *Lab) []Check {
			u := l.URL("api.test", false, spath(name, "api"))
			app, www := l.Origin("app.test", false), l.Origin("www.app.test", false)
			return []Check{
				{Method: "GET", URL: u, Headers: [][2]string{{"Origin", app}}, Status: 200,
					Has: [][2]string{acao(app), {"Cache-Control", "public, max-age=600"}}, Lacks: []string{"Vary"}},
				{Method: "GET", URL: u, Headers: [][2]string{{"Origin", www}}, Status: 200, Has: [][2]string{acao(www)}, Lacks: []string{"Vary"}},
			}
		},
	})
}

func varyAPI(l *Lab) Step {
	api := fetchStep(l.URL("api.test", false, spath("cors-vary-origin-missing", "api")))
	api.Credentials = "omit"
	return api
}

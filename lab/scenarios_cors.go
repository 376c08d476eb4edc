package lab

import (
	"net/http"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose"
)

// CORS scenarios: an https://app.test page calls https://api.test/s/<name>/api
// and the API's CORS headers are wrong in one way each. The API plays a
// Script, so its answers are exactly the headers listed here; requests are
// recorded under the scenario name (see Lab.Log).

type corsCase struct {
	name        string
	cause       diagnose.ID
	title, desc string
	method      string
	headers     [][2]string // set by the page script
	credentials string
	mode        string
	redirect    string
	script      func(l *Lab, origin string) Script
	// notReproducible: the browser stops the call before any request
	// exists, so nothing can observe it (desc says so).
	notReproducible bool
}

// good is a correct preflight answer for the case's method and headers.
func good(origin string, credentials bool, method string, headers ...string) *Reply {
	r := &Reply{Status: 204, Headers: [][2]string{{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}}
	if credentials {
		r.Headers = append(r.Headers, [2]string{"Access-Control-Allow-Credentials", "true"})
	}
	if method != "" {
		r.Headers = append(r.Headers, [2]string{"Access-Control-Allow-Methods", method})
	}
	if len(headers) > 0 {
		r.Headers = append(r.Headers, [2]string{"Access-Control-Allow-Headers", strings.Join(headers, ", ")})
	}
	return r
}

func ok(headers ...[2]string) *Reply {
	return &Reply{Status: 200, Body: `{"ok":true}`, Headers: append([][2]string{{"Content-Type", "application/json"}}, headers...)}
}

func acao(v string) [2]string { return [2]string{"Access-Control-Allow-Origin", v} }

var acacTrue = [2]string{"Access-Control-Allow-Credentials", "true"}

func (c corsCase) def() def {
	api := func(l *Lab) string { return l.URL("api.test", true, spath(c.name, "api")) }
	return def{
		name: c.name, cause: c.cause, title: c.title, desc: c.desc, notReproducible: c.notReproducible,
		serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
			if sub != "api" {
				return false
			}
			s := c.script(l, appOrigin(l))
			s.ID = c.name
			l.record(c.name, r)
			play(w, r, s)
			return true
		},
		steps: func(l *Lab) []Step {
			s := fetchStep(api(l))
			s.Method, s.Headers, s.Credentials, s.Mode, s.Redirect = c.method, c.headers, c.credentials, c.mode, c.redirect
			return []Step{s}
		},
		checks: func(l *Lab) []Check { return c.checks(l, api(l)) },
	}
}

// checks replays the preflight (when the script has one) and the actual
// request with the headers a browser would send.
func (c corsCase) checks(l *Lab, u string) []Check {
	s := c.script(l, appOrigin(l))
	method := c.method
	if method == "" {
		method = "GET"
	}
	var out []Check
	if s.Preflight != nil {
		var names []string
		for _, kv := range c.headers {
			names = append(names, strings.ToLower(kv[0]))
		}
		out = append(out, replyCheck("OPTIONS", u, [][2]string{{"Origin", appOrigin(l)}, {"Access-Control-Request-Method", method},
			{"Access-Control-Request-Headers", strings.Join(names, ",")}}, s.Preflight, nil))
	}
	if s.Actual != nil {
		out = append(out, replyCheck(method, u, append([][2]string{{"Origin", appOrigin(l)}}, c.headers...), s.Actual, s.Redirect))
	}
	return out
}

func replyCheck(method, u string, hdr [][2]string, r *Reply, redirect *Redirect) Check {
	c := Check{Method: method, URL: u, Headers: hdr, Status: r.Status, Has: r.Headers}
	if redirect != nil {
		c.Status = redirect.Status
		c.Has = append(append([][2]string(nil), r.Headers...), [2]string{"Location", redirect.Location})
	}
	if !hasHeader(r.Headers, "Access-Control-Allow-Origin") {
		c.Lacks = []string{"Access-Control-Allow-Origin"}
	}
	return c
}

func init() {
	for _, c := range corsCases {
		register(c.def())
	}
}

var corsCases = []corsCase{
	{
		name: "cors-done-right", title: "Healthy: a credentialed, preflighted cross-site call",
		desc:   "app.test PUTs JSON with an X-CSRF-Token header and credentials to api.test; the preflight and the response allow exactly that origin, method, headers and credentials.",
		method: "PUT", credentials: "include",
		headers: [][2]string{{"Content-Type", "application/json"}, {"X-CSRF-Token", "lab-csrf"}},
		script: func(l *Lab, o string) Script {
			return Script{Preflight: good(o, true, "PUT", "Content-Type", "X-CSRF-Token"), Actual: ok(acao(o), acacTrue, [2]string{"Vary", "Origin"})}
		},
	},
	{
		name: "cors-preflight-invalid-status", cause: diagnose.CORSPreflightInvalidStatus,
		title: "The preflight is answered 401",
		desc: "app.test PUTs to api.test with an Authorization header; the API's auth middleware runs before CORS and answers the OPTIONS preflight 401 (with CORS headers). " +
			"A preflight must succeed with 2xx, so the browser never sends the PUT.",
		method:  "PUT",
		headers: [][2]string{{"Authorization", "Bearer at_lab_valid_but_never_sent"}},
		script: func(l *Lab, o string) Script {
			return Script{
				Preflight: &Reply{Status: 401, Body: `{"error":"unauthorized"}`, Headers: [][2]string{acao(o), {"WWW-Authenticate", `Bearer realm="api"`},
					{"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Allow-Headers", "Authorization"}}},
				Actual: ok(acao(o)),
			}
		},
	},
	{
		name: "cors-preflight-missing-allow-origin-header", cause: diagnose.CORSPreflightMissingAllowOriginHeader,
		title:  "The preflight answer has no Access-Control-Allow-Origin",
		desc:   "app.test PUTs to api.test; the OPTIONS answer is 204 with Allow-Methods but no Access-Control-Allow-Origin.",
		method: "PUT", headers: [][2]string{{"Content-Type", "application/json"}},
		script: func(l *Lab, o string) Script {
			return Script{Preflight: &Reply{Status: 204, Headers: [][2]string{{"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Allow-Headers", "Content-Type"}}},
				Actual: ok(acao(o))}
		},
	},
	{
		name: "cors-preflight-allow-origin-mismatch", cause: diagnose.CORSPreflightAllowOriginMismatch,
		title:  "The preflight allows another origin",
		desc:   "app.test PUTs to api.test; the preflight allows https://admin.test only.",
		method: "PUT", headers: [][2]string{{"Content-Type", "application/json"}},
		script: func(l *Lab, o string) Script {
			return Script{Preflight: good("https://admin.test", false, "PUT", "Content-Type"), Actual: ok(acao("https://admin.test"))}
		},
	},
	{
		name: "cors-preflight-wildcard-origin-not-allowed", cause: diagnose.CORSPreflightWildcardOriginNotAllowed,
		title:  "The preflight allows \"*\" for a credentialed call",
		desc:   "app.test PUTs with credentials: \"include\"; the preflight says Access-Control-Allow-Origin: *, which browsers refuse when credentials are included.",
		method: "PUT", credentials: "include", headers: [][2]string{{"Content-Type", "application/json"}},
		script: func(l *Lab, o string) Script {
			return Script{Preflight: good("*", true, "PUT", "Content-Type"), Actual: ok(acao("*"), acacTrue)}
		},
	},
	{
		name: "cors-preflight-invalid-allow-credentials", cause: diagnose.CORSPreflightInvalidAllowCredentials,
		title:  "The preflight does not allow credentials",
		desc:   "app.test PUTs with credentials: \"include\"; the preflight names the origin but has no Access-Control-Allow-Credentials: true.",
		method: "PUT", credentials: "include", headers: [][2]string{{"Content-Type", "application/json"}},
		script: func(l *Lab, o string) Script {
			return Script{Preflight: good(o, false, "PUT", "Content-Type"), Actual: ok(acao(o), acacTrue)}
		},
	},
	{
		name: "cors-preflight-disallowed-redirect", cause: diagnose.CORSPreflightDisallowedRedirect,
		title:  "The preflight is redirected",
		desc:   "app.test PUTs to api.test; the OPTIONS request is answered 301 to another path (a trailing-slash rule). Preflights may not follow redirects.",
		method: "PUT", headers: [][2]string{{"Content-Type", "application/json"}},
		script: func(l *Lab, o string) Script {
			return Script{Preflight: &Reply{Status: 301, Headers: [][2]string{acao(o), {"Location", spath("cors-preflight-disallowed-redirect", "api/")}}},
				Actual: ok(acao(o))}
		},
	},
	{
		name: "cors-method-disallowed-by-preflight-response", cause: diagnose.CORSMethodDisallowedByPreflightResponse,
		title:  "DELETE is not in Access-Control-Allow-Methods",
		desc:   "app.test sends DELETE to api.test; the preflight allows the origin but only GET and POST.",
		method: "DELETE",
		script: func(l *Lab, o string) Script {
			return Script{Preflight: good(o, false, "GET, POST"), Actual: ok(acao(o))}
		},
	},
	{
		name: "cors-header-disallowed-by-preflight-response", cause: diagnose.CORSHeaderDisallowedByPreflightResponse,
		title:   "X-Api-Key is not in Access-Control-Allow-Headers",
		desc:    "app.test sends an X-Api-Key header to api.test; the preflight allows only Content-Type.",
		headers: [][2]string{{"X-Api-Key", "lab-key-123"}},
		script: func(l *Lab, o string) Script {
			return Script{Preflight: good(o, false, "GET", "Content-Type"), Actual: ok(acao(o))}
		},
	},
	{
		name: "cors-invalid-allow-methods-preflight-response", cause: diagnose.CORSInvalidAllowMethodsPreflightResponse,
		title:  "Access-Control-Allow-Methods cannot be parsed",
		desc:   "app.test PUTs to api.test; the preflight lists methods separated by spaces (\"GET PUT\"), which is not a valid list.",
		method: "PUT",
		script: func(l *Lab, o string) Script {
			return Script{Preflight: good(o, false, "GET PUT"), Actual: ok(acao(o))}
		},
	},
	{
		name: "cors-invalid-allow-headers-preflight-response", cause: diagnose.CORSInvalidAllowHeadersPreflightResponse,
		title:   "Access-Control-Allow-Headers cannot be parsed",
		desc:    "app.test sends X-Api-Key; the preflight lists headers separated by semicolons (\"X-Api-Key; Content-Type\"), which is not a valid list.",
		headers: [][2]string{{"X-Api-Key", "lab-key-123"}},
		script: func(l *Lab, o string) Script {
			return Script{Preflight: good(o, false, "GET", "X-Api-Key; Content-Type"), Actual: ok(acao(o))}
		},
	},
	{
		name: "cors-missing-allow-origin-header", cause: diagnose.CORSMissingAllowOriginHeader,
		title:  "The response has no Access-Control-Allow-Origin",
		desc:   "app.test GETs api.test (a simple request, no preflight); the 200 answer carries no CORS headers, so the page may not read it.",
		script: func(l *Lab, o string) Script { return Script{Actual: ok()} },
	},
	{
		name: "cors-allow-origin-mismatch", cause: diagnose.CORSAllowOriginMismatch,
		title:  "The response allows another origin",
		desc:   "app.test GETs api.test; the answer says Access-Control-Allow-Origin: https://other.test.",
		script: func(l *Lab, o string) Script { return Script{Actual: ok(acao("https://other.test"))} },
	},
	{
		name: "cors-wildcard-origin-not-allowed", cause: diagnose.CORSWildcardOriginNotAllowed,
		title:       "\"*\" with credentials",
		desc:        "app.test GETs api.test with credentials: \"include\"; the answer says Access-Control-Allow-Origin: * (and Allow-Credentials: true), which browsers refuse.",
		credentials: "include",
		script: func(l *Lab, o string) Script {
			return Script{Actual: ok(acao("*"), acacTrue)}
		},
	},
	{
		name: "cors-invalid-allow-credentials", cause: diagnose.CORSInvalidAllowCredentials,
		title:       "Credentials used, but not allowed",
		desc:        "app.test GETs api.test with credentials: \"include\"; the answer names the origin but has no Access-Control-Allow-Credentials: true.",
		credentials: "include",
		script:      func(l *Lab, o string) Script { return Script{Actual: ok(acao(o))} },
	},
	{
		name: "cors-multiple-allow-origin-values", cause: diagnose.CORSMultipleAllowOriginValues,
		title: "Two Access-Control-Allow-Origin headers",
		desc:  "app.test GETs api.test; both the app and a proxy add Access-Control-Allow-Origin, so the browser sees two values.",
		script: func(l *Lab, o string) Script {
			return Script{Actual: ok(acao(o), acao("https://other.test"))}
		},
	},
	{
		name: "cors-invalid-allow-origin-value", cause: diagnose.CORSInvalidAllowOriginValue,
		title:  "Access-Control-Allow-Origin without a scheme",
		desc:   "app.test GETs api.test; the answer says Access-Control-Allow-Origin: app.test — a host, not an origin.",
		script: func(l *Lab, o string) Script { return Script{Actual: ok(acao("app.test"))} },
	},
	{
		name: "cors-redirect-contains-credentials", cause: diagnose.CORSRedirectContainsCredentials,
		title: "A cross-origin redirect to a URL with a password",
		desc:  "app.test GETs api.test, which redirects to https://user:pass@api.test/…; CORS requests may not follow such redirects.",
		script: func(l *Lab, o string) Script {
			target := strings.Replace(l.URL("api.test", true, "/page"), "https://", "https://user:pass@", 1)
			return Script{Actual: &Reply{Headers: [][2]string{acao(o)}}, Redirect: &Redirect{Status: 302, Location: target}}
		},
	},
	{
		name: "cors-disallowed-by-mode", cause: diagnose.CORSDisallowedByMode,
		title: "mode: \"same-origin\" used for a cross-origin call",
		desc: "app.test calls api.test with fetch(…, {mode: \"same-origin\"}); the browser fails it without sending anything, even though the API would allow it. " +
			"Not reproducible in the lab: Chromium rejects the fetch inside the page (TypeError: Failed to fetch) before any request exists, so neither " +
			"webRequest nor the DevTools protocol (no Network.requestWillBeSent, no loadingFailed) sees it, and the HAR has no entry for it; only the page's console says why.",
		mode:            "same-origin",
		notReproducible: true,
		script:          func(l *Lab, o string) Script { return Script{Actual: ok(acao(o))} },
	},
	{
		name: "cors-no-cors-redirect-mode-not-follow", cause: diagnose.CORSNoCorsRedirectModeNotFollow,
		title: "A no-cors request with redirect: \"manual\"",
		desc: "app.test calls api.test with {mode: \"no-cors\", redirect: \"manual\"}, a combination the Fetch standard forbids; the browser fails it. " +
			"Not reproducible in the lab: Chromium rejects the fetch inside the page (TypeError: Failed to fetch) before any request exists, so neither " +
			"webRequest nor the DevTools protocol (no Network.requestWillBeSent, no loadingFailed) sees it, and the HAR has no entry for it; only the page's console says why.",
		mode: "no-cors", redirect: "manual", notReproducible: true,
		script: func(l *Lab, o string) Script {
			return Script{Actual: &Reply{}, Redirect: &Redirect{Status: 302, Location: "/page"}}
		},
	},
}

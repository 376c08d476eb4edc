package diagnose

import (
	"testing"
)

// TestRulesCORSRedirectChains covers chains a HAR shows as one exchange
// with Redirects (e2e/corshar_test.go plays them in Chromium).
func TestRulesCORSRedirectChains(t *testing.T) {
	// api → app: the answer comes from the page's own origin, but the CORS
	// flag set by the first hop stays, and the origin is now opaque.
	back := xhr("c", "GET", app+"/back", app, nil)
	back.Error = "net::ERR_FAILED"
	back.Redirects = []Hop{{URL: api + "/data", Status: 302, Headers: hdr("Location", app+"/back", "Access-Control-Allow-Origin", app)}}
	back.Response = &Response{Status: 200}

	// api/data → api/data?page=2 (same path: login-redirect-loop's
	// "comes back") whose second preflight fails: Chromium's reason is CORS.
	again := xhr("c", "PUT", api+"/data?page=2", app, nil)
	again.Error = "net::ERR_FAILED"
	again.Redirects = []Hop{{URL: api + "/data", Status: 307, Headers: hdr("Location", api+"/data?page=2", "Access-Control-Allow-Origin", app)}}
	again.Preflight = &Exchange{ID: "c-pf", Request: Request{URL: api + "/data?page=2", Method: "OPTIONS", Initiator: app}, Response: &Response{Status: 403}}

	loop := again
	loop.Error = "net::ERR_TOO_MANY_REDIRECTS"

	runRuleCases(t, []ruleCase{
		{name: "cors-missing-allow-origin-header/after a redirect back to the page's origin", s: snap(back),
			first: CORSMissingAllowOriginHeader},
		{name: "cors-preflight-missing-allow-origin-header/outranks a same-path redirect", s: snap(again),
			first: CORSPreflightMissingAllowOriginHeader, has: []ID{LoginRedirectLoop}},
		{name: "login-redirect-loop/stays the cause when the browser gave up", s: snap(loop),
			first: LoginRedirectLoop},
	})
}

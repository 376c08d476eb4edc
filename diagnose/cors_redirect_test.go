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

	// webRequest's shape of a redirect CORS stopped: the hop is the
	// request's own URL and no response follows (the Location is not
	// requested). The extension stores the Location without its password.
	withUser := xhr("c", "GET", api+"/data", app, nil)
	withUser.Error = "net::ERR_FAILED"
	withUser.Redirects = []Hop{{URL: api + "/data", Status: 302, Headers: hdr("Location", "https://user@api.test/page", "Access-Control-Allow-Origin", app)}}
	// Its nearest healthy twin: the redirect has no userinfo and is followed.
	followed := xhr("c", "GET", api+"/page", app, nil)
	followed.Redirects = []Hop{{URL: api + "/data", Status: 302, Headers: hdr("Location", api+"/page", "Access-Control-Allow-Origin", app)}}
	followed.Response = &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", app, "Vary", "Origin")}

	// webRequest's shape of a redirected preflight: the OPTIONS request has
	// the redirect as a hop and no response.
	redirectedPreflight := xhr("c", "PUT", api+"/data", app, nil)
	redirectedPreflight.Error = "net::ERR_FAILED"
	redirectedPreflight.Preflight = &Exchange{ID: "c-pf", Request: Request{URL: api + "/data", Method: "OPTIONS", Initiator: app,
		Headers: hdr("Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type")},
		Redirects: []Hop{{URL: api + "/data", Status: 301, Headers: hdr("Location", "/data/", "Access-Control-Allow-Origin", app)}}}
	preflightOK := redirectedPreflight
	preflightOK.Error = ""
	preflightOK.Preflight = &Exchange{ID: "c-pf", Request: redirectedPreflight.Preflight.Request,
		Response: &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", app, "Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "content-type")}}
	preflightOK.Response = &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", app, "Vary", "Origin")}

	runRuleCases(t, []ruleCase{
		{name: "cors-redirect-contains-credentials/redirect stopped by CORS (webRequest shape)", s: snap(withUser),
			first: CORSRedirectContainsCredentials, not: []ID{LoginRedirectLoop, CORSInvalidAllowCredentials}},
		{name: "cors-redirect-contains-credentials/quiet on a followed redirect without userinfo", s: snap(followed),
			healthy: true},
		{name: "cors-preflight-disallowed-redirect/preflight with only a redirect hop (webRequest shape)", s: snap(redirectedPreflight),
			first: CORSPreflightDisallowedRedirect},
		{name: "cors-preflight-disallowed-redirect/quiet when the preflight is answered 204", s: snap(preflightOK),
			healthy: true},
		{name: "cors-missing-allow-origin-header/after a redirect back to the page's origin", s: snap(back),
			first: CORSMissingAllowOriginHeader},
		// One redirect to the same path with another query is pagination,
		// not a loop (the rule once keyed places by host and path only).
		{name: "cors-preflight-missing-allow-origin-header/a same-path redirect is no loop", s: snap(again),
			first: CORSPreflightMissingAllowOriginHeader, not: []ID{LoginRedirectLoop}},
		{name: "login-redirect-loop/stays the cause when the browser gave up", s: snap(loop),
			first: LoginRedirectLoop},
	})
}

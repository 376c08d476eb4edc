package cors

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/authdoctor/authdoctor/diagnose/header"
)

const (
	app = "https://app.test"
	api = "https://api.test/v1/me"
)

// hs builds headers from name, value pairs.
func hs(kv ...string) header.Headers {
	var h header.Headers
	for i := 0; i+1 < len(kv); i += 2 {
		h = append(h, header.Field{Name: kv[i], Value: kv[i+1]})
	}
	return h
}

func resp(status int, kv ...string) *Response { return &Response{Status: status, Headers: hs(kv...)} }

// one builds a single-leg input.
func one(method string, creds Credentials, reqHeaders header.Headers, pf, actual *Response) Input {
	return Input{
		Request: Request{Method: method, URL: api, Origin: app, Headers: reqHeaders, Credentials: creds},
		Legs:    []Leg{{Preflight: pf, Response: actual}},
	}
}

type verdictCase struct {
	name string
	in   Input
	want CorsError
	step Step
	fix  []string // expected to be contained in Verdict.Fix, in order
	warn string   // expected substring of a warning
	net  bool     // a failure without a CORS reason
}

func verdictCases() []verdictCase {
	ok := resp(200, "Access-Control-Allow-Origin", app, "Vary", "Origin")
	okCred := resp(200, "Access-Control-Allow-Origin", app, "Access-Control-Allow-Credentials", "true", "Vary", "Origin")
	pfOK := func(kv ...string) *Response {
		return resp(204, append([]string{"Access-Control-Allow-Origin", app}, kv...)...)
	}
	custom := hs("X-Custom", "1")
	cases := []verdictCase{
		// Simple requests: the access check on the actual response.
		{"simple ok", one("GET", 0, nil, nil, ok), ErrNone, 0, nil, "", false},
		{"missing ACAO", one("GET", 0, nil, nil, resp(200)), MissingAllowOriginHeader, StepActual,
			[]string{"Access-Control-Allow-Origin: https://app.test", "Vary: Origin"}, "", false},
		{"star without credentials", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", "*")), ErrNone, 0, nil, "", false},
		{"star with credentials", one("GET", CredentialsInclude, nil, nil, resp(200, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Credentials", "true")),
			WildcardOriginNotAllowed, StepActual, []string{"Access-Control-Allow-Origin: https://app.test", "Vary: Origin", "Access-Control-Allow-Credentials: true"}, "", false},
		{"two ACAO lines", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", app, "Access-Control-Allow-Origin", app)),
			MultipleAllowOriginValues, StepActual, nil, "", false},
		{"comma list", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", app+", https://x.test")), MultipleAllowOriginValues, StepActual, nil, "", false},
		{"star twice", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Origin", "*")), MultipleAllowOriginValues, StepActual, nil, "", false},
		{"null", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", "null")), AllowOriginMismatch, StepActual, nil, "", false},
		{"trailing slash", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", app+"/")), AllowOriginMismatch, StepActual, nil, "", false},
		{"upper case", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", "HTTPS://APP.TEST")), AllowOriginMismatch, StepActual, nil, "", false},
		{"padded value is trimmed", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", "  "+app+" ", "Vary", "Origin")), ErrNone, 0, nil, "", false},
		{"empty value", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", "")), InvalidAllowOriginValue, StepActual, nil, "", false},
		{"no scheme", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", "app.test")), InvalidAllowOriginValue, StepActual, nil, "", false},
		{"bad port", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", "https://app.test:99999")), InvalidAllowOriginValue, StepActual, nil, "", false},
		{"ACAC missing", one("GET", CredentialsInclude, nil, nil, ok), InvalidAllowCredentials, StepActual,
			[]string{"Access-Control-Allow-Credentials: true"}, "", false},
		{"ACAC True is case-sensitive", one("GET", CredentialsInclude, nil, nil, resp(200, "Access-Control-Allow-Origin", app, "Access-Control-Allow-Credentials", "True")),
			InvalidAllowCredentials, StepActual, nil, "", false},
		{"ACAC twice", one("GET", CredentialsInclude, nil, nil, resp(200, "Access-Control-Allow-Origin", app, "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Credentials", "true")),
			InvalidAllowCredentials, StepActual, nil, "", false},
		{"ACAC ok", one("GET", CredentialsInclude, nil, nil, okCred), ErrNone, 0, nil, "", false},
		{"ACAC not needed when omitting credentials", one("GET", CredentialsOmit, nil, nil, ok), ErrNone, 0, nil, "", false},
		{"reflected origin without Vary warns", one("GET", 0, nil, nil, resp(200, "Access-Control-Allow-Origin", app)), ErrNone, 0, nil, "Vary: Origin", false},
		{"same origin ignores CORS headers", Input{Request: Request{Method: "PUT", URL: "https://app.test/x", Origin: app, Headers: custom},
			Legs: []Leg{{Response: resp(200)}}}, ErrNone, 0, nil, "", false},
		{"opaque origin must be matched by null", Input{Request: Request{Method: "GET", URL: api, Origin: "null"},
			Legs: []Leg{{Response: resp(200, "Access-Control-Allow-Origin", "null")}}}, ErrNone, 0, nil, "", false},

		// Preflight: status, redirects and which error wins.
		{"preflight 401 with CORS headers", one("PUT", 0, nil, pfOK("Access-Control-Allow-Methods", "PUT").withStatus(401), ok), PreflightInvalidStatus, StepPreflight,
			[]string{"HTTP/1.1 204 No Content (for OPTIONS /v1/me)", "exempt OPTIONS requests from authentication (answer them before the auth check)"}, "", false},
		{"preflight 401 without ACAO reports the ACAO", one("PUT", 0, nil, resp(401, "Access-Control-Allow-Methods", "PUT"), ok), PreflightMissingAllowOriginHeader, StepPreflight, nil, "", false},
		{"preflight 500", one("PUT", 0, nil, pfOK("Access-Control-Allow-Methods", "PUT").withStatus(500), ok), PreflightInvalidStatus, StepPreflight, nil, "", false},
		{"preflight redirect beats everything", one("PUT", 0, nil, resp(302, "Location", "/login"), ok), PreflightDisallowedRedirect, StepPreflight, nil, "", false},
		{"3xx without Location is a status problem", one("PUT", 0, nil, pfOK("Access-Control-Allow-Methods", "PUT").withStatus(302), ok), PreflightInvalidStatus, StepPreflight, nil, "", false},
		{"preflight star with credentials", one("PUT", CredentialsInclude, nil, resp(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Credentials", "true"), okCred),
			PreflightWildcardOriginNotAllowed, StepPreflight, nil, "", false},
		{"preflight ACAC missing", one("PUT", CredentialsInclude, nil, pfOK("Access-Control-Allow-Methods", "PUT"), okCred), PreflightInvalidAllowCredentials, StepPreflight, nil, "", false},
		{"preflight multiple", one("PUT", 0, nil, resp(204, "Access-Control-Allow-Origin", app+", "+app), ok), PreflightMultipleAllowOriginValues, StepPreflight, nil, "", false},
		{"preflight invalid", one("PUT", 0, nil, resp(204, "Access-Control-Allow-Origin", "http://"), ok), PreflightInvalidAllowOriginValue, StepPreflight, nil, "", false},
		{"preflight mismatch", one("PUT", 0, nil, resp(204, "Access-Control-Allow-Origin", "https://other.test"), ok), PreflightAllowOriginMismatch, StepPreflight, nil, "", false},
		{"bad ACAM beats bad ACAH", one("PUT", 0, custom, pfOK("Access-Control-Allow-Methods", "PUT DELETE", "Access-Control-Allow-Headers", "x custom"), ok),
			InvalidAllowMethodsPreflightResponse, StepPreflight, []string{"Access-Control-Allow-Methods: PUT"}, "", false},
		{"bad ACAH beats missing method", one("PUT", 0, custom, pfOK("Access-Control-Allow-Methods", "GET", "Access-Control-Allow-Headers", "x custom"), ok),
			InvalidAllowHeadersPreflightResponse, StepPreflight, []string{"Access-Control-Allow-Headers: x-custom"}, "", false},
		{"method beats header", one("PUT", 0, custom, pfOK("Access-Control-Allow-Methods", "GET"), ok), MethodDisallowedByPreflightResponse, StepPreflight,
			[]string{"Access-Control-Allow-Methods: GET, PUT"}, "", false},
		{"header missing", one("PUT", 0, hs("X-Custom", "1", "Authorization", "Bearer t"), pfOK("Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "x-other"), ok),
			HeaderDisallowedByPreflightResponse, StepPreflight, []string{"Access-Control-Allow-Headers: authorization, x-custom, x-other"}, "", false},
		{"headers match case-insensitively", one("PUT", 0, custom, pfOK("Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "X-CUSTOM"), ok), ErrNone, 0, nil, "", false},
		{"methods match case-sensitively", one("patch", 0, nil, pfOK("Access-Control-Allow-Methods", "PATCH"), ok), MethodDisallowedByPreflightResponse, StepPreflight,
			[]string{"Access-Control-Allow-Methods: PATCH, patch"}, "", false},
		{"repeated ACAM lines are joined", one("PUT", 0, nil, pfOK("Access-Control-Allow-Methods", "GET", "Access-Control-Allow-Methods", "PUT"), ok), ErrNone, 0, nil, "", false},
		{"star covers authorization in Chromium, with a warning", one("GET", 0, hs("Authorization", "Bearer t"), pfOK("Access-Control-Allow-Headers", "*"), ok),
			ErrNone, 0, nil, "does not cover Authorization", false},
		{"actual fails after a good preflight", one("PUT", 0, custom, pfOK("Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "x-custom"), resp(200)),
			MissingAllowOriginHeader, StepActual, nil, "", false},
		{"no preflight recorded but the request was sent (cached preflight)", one("PUT", 0, nil, nil, ok), ErrNone, 0, nil, "", false},
		{"no preflight recorded, the response is still checked", one("PUT", 0, nil, nil, resp(200)), MissingAllowOriginHeader, StepActual, nil, "", false},
		{"first leg's preflight not recorded, the second one fails", Input{Request: Request{Method: "PUT", URL: api, Origin: app},
			Legs: []Leg{{Response: resp(307, "Location", "/v2", "Access-Control-Allow-Origin", app)}, {Preflight: resp(403), Response: ok}}},
			PreflightMissingAllowOriginHeader, StepPreflight, nil, "", false},

		// Redirects of the actual request.
		{"redirect needs ACAO too", Input{Request: Request{Method: "GET", URL: api, Origin: app},
			Legs: []Leg{{Response: resp(302, "Location", "/v2/me")}, {Response: ok}}}, MissingAllowOriginHeader, StepRedirect, nil, "", false},
		{"cross-origin hop taints the origin", Input{Request: Request{Method: "GET", URL: api, Origin: app},
			Legs: []Leg{{Response: resp(302, "Location", "https://other.test/x", "Access-Control-Allow-Origin", app)}, {Response: ok}}},
			AllowOriginMismatch, StepActual, []string{"Access-Control-Allow-Origin: null"}, "", false},
		{"tainted origin accepts null", Input{Request: Request{Method: "GET", URL: api, Origin: app},
			Legs: []Leg{{Response: resp(302, "Location", "https://other.test/x", "Access-Control-Allow-Origin", app)}, {Response: resp(200, "Access-Control-Allow-Origin", "null")}}},
			ErrNone, 0, nil, "", false},
		{"credentials in Location", Input{Request: Request{Method: "GET", URL: api, Origin: app},
			Legs: []Leg{{Response: resp(302, "Location", "https://u:secret@api.test/x", "Access-Control-Allow-Origin", app)}, {Response: ok}}},
			RedirectContainsCredentials, StepRedirect, []string{"Location: https://api.test/x"}, "", false},
		{"same-origin credentials in Location", Input{Request: Request{Method: "GET", URL: "https://app.test/a", Origin: app},
			Legs: []Leg{{Response: resp(302, "Location", "https://u:secret@app.test/x")}, {Response: resp(200)}}}, ErrNone, StepRedirect, nil, "", true},
		{"303 turns PUT into GET without a second preflight", Input{Request: Request{Method: "PUT", URL: api, Origin: app},
			Legs: []Leg{{Preflight: pfOK("Access-Control-Allow-Methods", "PUT"), Response: resp(303, "Location", "/done", "Access-Control-Allow-Origin", app)}, {Response: ok}}},
			ErrNone, 0, nil, "", false},
		{"307 keeps PUT and preflights again", Input{Request: Request{Method: "PUT", URL: api, Origin: app},
			Legs: []Leg{{Preflight: pfOK("Access-Control-Allow-Methods", "PUT"), Response: resp(307, "Location", "/v2", "Access-Control-Allow-Origin", app)},
				{Preflight: resp(403), Response: ok}}},
			PreflightMissingAllowOriginHeader, StepPreflight, nil, "", false},

		// Modes and schemes.
		{"same-origin mode fails before sending", Input{Request: Request{Method: "GET", URL: api, Origin: app, Mode: ModeSameOrigin}, Legs: []Leg{{Response: ok}}},
			ErrNone, StepRequest, nil, "", true},
		{"no-cors never fails CORS", Input{Request: Request{Method: "GET", URL: api, Origin: app, Mode: ModeNoCors}, Legs: []Leg{{Response: resp(200)}}}, ErrNone, 0, nil, "", false},
		{"no-cors with manual redirect", Input{Request: Request{Method: "GET", URL: api, Origin: app, Mode: ModeNoCors, Redirect: RedirectManual}, Legs: []Leg{{Response: resp(200)}}},
			NoCorsRedirectModeNotFollow, StepRequest, nil, "", false},
		{"ftp is not a CORS scheme", Input{Request: Request{Method: "GET", URL: "ftp://api.test/x", Origin: app}, Legs: []Leg{{Response: ok}}},
			CorsDisabledScheme, StepRequest, nil, "", false},
	}
	cases = append(cases, wptCases()...)
	return cases
}

func (r *Response) withStatus(s int) *Response { r.Status = s; return r }

// wptCases ports web-platform-tests fetch/api/cors: preflight.py answers
// with the request's origin in Access-Control-Allow-Origin and the listed
// allow_methods / allow_headers (credentials adds ACAC: true).
func wptCases() []verdictCase {
	wpt := func(name string, succeeds, creds bool, allowMethods, allowHeaders, method string, reqHeader header.Headers, want CorsError) verdictCase {
		pf := hs("Access-Control-Allow-Origin", app, "Access-Control-Allow-Methods", allowMethods, "Access-Control-Allow-Headers", allowHeaders)
		act := hs("Access-Control-Allow-Origin", app, "Vary", "Origin")
		c := Credentials(0)
		if creds {
			c = CredentialsInclude
			pf = append(pf, header.Field{Name: "Access-Control-Allow-Credentials", Value: "true"})
			act = append(act, header.Field{Name: "Access-Control-Allow-Credentials", Value: "true"})
		}
		if succeeds {
			want = ErrNone
		}
		return verdictCase{name: "wpt/" + name, in: one(NormalizeMethod(method), c, reqHeader, &Response{Status: 200, Headers: pf}, &Response{Status: 200, Headers: act}),
			want: want, step: stepFor(want)}
	}
	x := hs("X-Test", "1")
	out := []verdictCase{
		// cors-preflight-star.any.js
		wpt("star/get not case-matched but safelisted", true, false, "get", "x-test", "GET", x, 0),
		wpt("star/method star", true, false, "*", "x-test", "SUPER", x, 0),
		wpt("star/both stars", true, false, "*", "*", "OK", x, 0),
		wpt("star/both stars with credentials", false, true, "*", "*", "OK", x, MethodDisallowedByPreflightResponse),
		wpt("star/method star with credentials", false, true, "*", "", "PUT", nil, MethodDisallowedByPreflightResponse),
		wpt("star/header star with credentials", false, true, "get", "*", "GET", x, HeaderDisallowedByPreflightResponse),
		wpt("star/header star with credentials GET", false, true, "*", "*", "GET", x, HeaderDisallowedByPreflightResponse),
		wpt("star/literal star with credentials", true, true, "*", "*", "*", hs("*", "1"), 0),
		wpt("star/PATCH matches PATCH", true, true, "PATCH", "*", "PATCH", nil, 0),
		wpt("star/PATCH does not match patch", false, true, "PATCH", "*", "patch", nil, MethodDisallowedByPreflightResponse),
		wpt("star/patch does not match PATCH", false, true, "patch", "*", "PATCH", nil, MethodDisallowedByPreflightResponse),
		wpt("star/patch matches patch", true, true, "patch", "*", "patch", nil, 0),
		// Spec: fails. Chromium 156 (verified by the differential test): passes with a warning.
		wpt("star/authorization under star (Chromium passes)", true, false, "*", "*", "POST", hs("Authorization", "123"), 0),
		wpt("star/authorization named", true, false, "*", "*, Authorization", "POST", hs("Authorization", "123"), 0),
		// cors-preflight-response-validation.any.js
		wpt("validation/bad allow-headers", false, false, "", "x-force-preflight,Bad value", "GET", hs("x-force-preflight", ""), InvalidAllowHeadersPreflightResponse),
		wpt("validation/bad allow-methods", false, false, "Bad value", "x-force-preflight", "GET", hs("x-force-preflight", ""), InvalidAllowMethodsPreflightResponse),
	}
	for _, m := range []string{"GET", "HEAD", "POST"} {
		l := strings.ToLower(m)
		out = append(out,
			wpt("star/"+m+" allowed "+m, true, true, m, "*", m, nil, 0),
			wpt("star/"+m+" allowed "+l+" sent", true, true, m, "*", l, nil, 0),
			wpt("star/"+l+" allowed "+m+" sent", true, true, l, "*", m, nil, 0))
	}
	for _, m := range []string{"DELETE", "PUT"} {
		l := strings.ToLower(m)
		out = append(out,
			wpt("star/"+m+" allowed, "+l+" normalised", true, true, m, "*", l, nil, 0),
			wpt("star/"+l+" allowed, "+m+" sent", false, true, l, "*", m, nil, MethodDisallowedByPreflightResponse))
	}
	// cors-preflight-status.any.js: ACAO is right, only the status varies.
	for _, st := range []int{200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401, 402, 403, 404, 405, 501, 502, 503, 504, 505} {
		want := PreflightInvalidStatus
		if st >= 200 && st <= 299 {
			want = ErrNone
		}
		pf := resp(st, "Access-Control-Allow-Origin", app, "Access-Control-Allow-Headers", "x-force-preflight")
		out = append(out, verdictCase{name: "wpt/status/" + strconv.Itoa(st),
			in:   one("GET", 0, hs("x-force-preflight", ""), pf, resp(200, "Access-Control-Allow-Origin", app, "Vary", "Origin")),
			want: want, step: stepFor(want)})
	}
	return out
}

func stepFor(e CorsError) Step {
	if e == ErrNone {
		return 0
	}
	if e.IsPreflight() {
		return StepPreflight
	}
	return StepActual
}

func TestEvaluate(t *testing.T) {
	for _, c := range verdictCases() {
		t.Run(c.name, func(t *testing.T) {
			v := Evaluate(c.in)
			assert.Equal(t, c.want.String(), v.Error.String(), v.Detail+v.Unknown+v.NetworkError)
			assert.Equal(t, c.step, v.Step)
			if c.want != ErrNone {
				assert.NotEmpty(t, v.Detail)
				assert.NotEmpty(t, v.Fix)
			}
			assert.Equal(t, c.net, v.NetworkError != "", v.NetworkError)
			if c.fix != nil {
				assert.Equal(t, c.fix, v.Fix[:min(len(v.Fix), len(c.fix))])
			}
			if c.warn != "" {
				assert.Contains(t, strings.Join(v.Warnings, "\n"), c.warn)
			}
			for _, s := range append(append([]string{v.Detail, v.NetworkError}, v.Fix...), v.Warnings...) {
				assert.NotContains(t, s, "secret", "a URL password leaked")
			}
		})
	}
}

func TestEvaluateUnknownWithoutEvidence(t *testing.T) {
	t.Run("preflight needed but not recorded, request not sent", func(t *testing.T) {
		v := Evaluate(one("PUT", 0, nil, nil, nil))
		require.False(t, v.OK())
		assert.Contains(t, v.Unknown, "preflight")
	})
	t.Run("no origin", func(t *testing.T) {
		v := Evaluate(Input{Request: Request{Method: "GET", URL: api}, Legs: []Leg{{Response: resp(200)}}})
		assert.NotEmpty(t, v.Unknown)
	})
	t.Run("redirect without next leg", func(t *testing.T) {
		v := Evaluate(Input{Request: Request{Method: "GET", URL: api, Origin: app},
			Legs: []Leg{{Response: resp(302, "Location", "/x", "Access-Control-Allow-Origin", app)}}})
		assert.Contains(t, v.Unknown, "https://api.test/x")
	})
}

func FuzzEvaluate(f *testing.F) {
	for _, c := range verdictCases() {
		in := c.in
		var pfACAO, pfACAM, pfACAH, acao, acac string
		pfStatus := 0
		if pf := in.Legs[0].Preflight; pf != nil {
			pfStatus = pf.Status
			pfACAO, pfACAM, pfACAH = pf.Headers.Get("Access-Control-Allow-Origin"), pf.Headers.Get("Access-Control-Allow-Methods"), pf.Headers.Get("Access-Control-Allow-Headers")
		}
		if r := in.Legs[0].Response; r != nil {
			acao, acac = r.Headers.Get("Access-Control-Allow-Origin"), r.Headers.Get("Access-Control-Allow-Credentials")
		}
		hdr := ""
		if len(in.Request.Headers) > 0 {
			hdr = in.Request.Headers[0].Name
		}
		f.Add(in.Request.Method, in.Request.URL, in.Request.Origin, hdr, uint8(in.Request.Credentials), pfStatus, pfACAO, pfACAM, pfACAH, acao, acac)
	}
	f.Fuzz(func(t *testing.T, method, url, origin, hdr string, creds uint8, pfStatus int, pfACAO, pfACAM, pfACAH, acao, acac string) {
		in := Input{
			Request: Request{Method: method, URL: url, Origin: origin, Headers: hs(hdr, "v"), Credentials: Credentials(creds % 4)},
			Legs: []Leg{{
				Preflight: resp(pfStatus, "Access-Control-Allow-Origin", pfACAO, "Access-Control-Allow-Methods", pfACAM, "Access-Control-Allow-Headers", pfACAH),
				Response:  resp(200, "Access-Control-Allow-Origin", acao, "Access-Control-Allow-Credentials", acac, "Location", pfACAO),
			}},
		}
		v := Evaluate(in)
		if v.Error != ErrNone && (v.Detail == "" || len(v.Fix) == 0) {
			t.Fatalf("%s without detail or fix", v.Error)
		}
		if v.Error.ID() != "" && !strings.HasPrefix(v.Error.ID(), "cors-") {
			t.Fatalf("bad id %q", v.Error.ID())
		}
	})
}

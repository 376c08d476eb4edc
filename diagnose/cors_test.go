package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/authdoctor/authdoctor/diagnose/cors"
	"github.com/authdoctor/authdoctor/diagnose/header"
)

// corsFail is a cross-site fetch from app to api that ended in
// net::ERR_FAILED, with the given preflight answer (nil: none).
func corsFail(method string, reqHeaders header.Headers, preflight *Response, final *Response) Exchange {
	e := xhr("c", method, api+"/data", app, reqHeaders)
	e.Error = "net::ERR_FAILED"
	e.Response = final
	if preflight != nil {
		e.Preflight = &Exchange{ID: "c-pf", Request: Request{URL: api + "/data", Method: "OPTIONS", Initiator: app}, Response: preflight}
	}
	return e
}

func TestRulesCORS(t *testing.T) {
	okPreflight := &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", app, "Access-Control-Allow-Credentials", "true",
		"Access-Control-Allow-Headers", "authorization, content-type", "Access-Control-Allow-Methods", "GET, PUT")}
	allowed := hdr("Access-Control-Allow-Origin", app, "Access-Control-Allow-Credentials", "true", "Vary", "Origin")
	runRuleCases(t, []ruleCase{
		{name: "cors-missing-allow-origin-header/fires", s: snap(corsFail("GET", nil, nil, &Response{Status: 200})),
			first: CORSMissingAllowOriginHeader, fix: "Access-Control-Allow-Origin: " + app},
		{name: "cors-missing-allow-origin-header/401 without CORS headers", s: snap(corsFail("GET", nil, nil, &Response{Status: 401, Headers: bearerChallenge})),
			first: MissingCredentials, has: []ID{CORSMissingAllowOriginHeader}},
		{name: "cors-allow-origin-mismatch/fires with the Vary warning", s: snap(corsFail("GET", nil, nil, &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", "https://other.test")})),
			first: CORSAllowOriginMismatch, has: []ID{CORSVaryOriginMissing}},
		{name: "cors-vary-origin-missing/cached answer for another origin", s: snap(func() Exchange {
			e := corsFail("GET", nil, nil, &Response{Status: 200, FromCache: true, Headers: hdr("Access-Control-Allow-Origin", "https://www.app.test", "Cache-Control", "public, max-age=600")})
			return e
		}()), first: CORSVaryOriginMissing, has: []ID{CORSAllowOriginMismatch}, evidence: "fromCache"},
		{name: "cors-vary-origin-missing/inferred from an earlier cacheable answer", s: snap(
			at(answered(xhr("first", "GET", api+"/data", app, nil), 200, hdr("Access-Control-Allow-Origin", app, "Cache-Control", "public, max-age=600")), now.Add(-time.Minute)),
			func() Exchange {
				e := xhr("c", "GET", api+"/data", "https://www.app.test", nil)
				e.Error = "net::ERR_FAILED"
				return e
			}()), first: CORSVaryOriginMissing, has: []ID{CORSAllowOriginMismatch}, evidence: "still fresh in the browser's cache"},
		{name: "cors-vary-origin-missing/quiet when the earlier answer was stale", s: snap(
			at(answered(xhr("first", "GET", api+"/data", app, nil), 200, hdr("Access-Control-Allow-Origin", app, "Cache-Control", "max-age=5")), now.Add(-time.Minute)),
			func() Exchange {
				e := xhr("c", "GET", api+"/data", "https://www.app.test", nil)
				e.Error = "net::ERR_FAILED"
				return e
			}()), not: []ID{CORSVaryOriginMissing, CORSAllowOriginMismatch}},
		{name: "cors-vary-origin-missing/cacheable answer naming a sibling origin (webRequest: no fromCache)", s: snap(corsFail("GET", nil, nil,
			&Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", "https://www.app.test", "Cache-Control", "public, max-age=600")})),
			first: CORSVaryOriginMissing, has: []ID{CORSAllowOriginMismatch}, evidence: "another origin of this page's site"},
		{name: "cors-vary-origin-missing/possible when the sibling's answer is not cacheable", s: snap(corsFail("GET", nil, nil,
			&Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", "https://www.app.test", "Cache-Control", "no-store")})),
			first: CORSAllowOriginMismatch, has: []ID{CORSVaryOriginMissing}},
		{name: "cors-vary-origin-missing/possible when a cacheable answer names another site", s: snap(corsFail("GET", nil, nil,
			&Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", "https://other.test", "Cache-Control", "public, max-age=600")})),
			first: CORSAllowOriginMismatch, has: []ID{CORSVaryOriginMissing}},
		{name: "cors-vary-origin-missing/quiet with Vary: Origin", s: snap(corsFail("GET", nil, nil, &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", "https://other.test", "Vary", "Origin")})),
			first: CORSAllowOriginMismatch, not: []ID{CORSVaryOriginMissing}},
		{name: "cors-wildcard-origin-not-allowed/with cookies", s: snap(corsFail("GET", hdr("Cookie", "sid=1"), nil, &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", "*")})),
			first: CORSWildcardOriginNotAllowed},
		{name: "cors-wildcard-origin-not-allowed/assumed credentials", s: snap(corsFail("GET", nil, nil, &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", "*")})),
			first: CORSWildcardOriginNotAllowed, evidence: "Assuming the page asked for credentials"},
		{name: "cors-invalid-allow-credentials/fires", s: snap(corsFail("GET", hdr("Cookie", "sid=1"), nil, &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", app)})),
			first: CORSInvalidAllowCredentials},
		{name: "cors-multiple-allow-origin-values/fires", s: snap(corsFail("GET", nil, nil, &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", app, "Access-Control-Allow-Origin", app)})),
			first: CORSMultipleAllowOriginValues},
		{name: "cors-preflight-invalid-status/401 on OPTIONS", s: snap(corsFail("GET", opaqueBearer, &Response{Status: 401, Headers: hdr("Access-Control-Allow-Origin", app)}, nil)),
			first: CORSPreflightInvalidStatus, evidence: "never send credentials on OPTIONS"},
		{name: "cors-preflight-missing-allow-origin-header/401 without CORS headers", s: snap(corsFail("GET", opaqueBearer, &Response{Status: 401, Headers: bearerChallenge}, nil)),
			first: CORSPreflightMissingAllowOriginHeader, evidence: "never send credentials on OPTIONS"},
		{name: "cors-preflight-missing-allow-origin-header/fires", s: snap(corsFail("GET", opaqueBearer, &Response{Status: 204}, nil)),
			first: CORSPreflightMissingAllowOriginHeader},
		{name: "cors-preflight-disallowed-redirect/fires", s: snap(corsFail("GET", opaqueBearer, &Response{Status: 302, Headers: hdr("Location", api+"/data/")}, nil)),
			first: CORSPreflightDisallowedRedirect},
		{name: "cors-method-disallowed-by-preflight-response/fires", s: snap(corsFail("DELETE", nil, okPreflight, nil)),
			first: CORSMethodDisallowedByPreflightResponse},
		{name: "cors-header-disallowed-by-preflight-response/fires", s: snap(corsFail("GET", hdr("X-Trace", "1"), okPreflight, nil)),
			first: CORSHeaderDisallowedByPreflightResponse},
		{name: "cors-invalid-allow-origin-value/fires", s: snap(corsFail("GET", nil, nil, &Response{Status: 200, Headers: hdr("Access-Control-Allow-Origin", "app.test")})),
			first: CORSInvalidAllowOriginValue},
		{name: "cors-preflight-wildcard-origin-not-allowed/fires", s: snap(corsFail("GET", hdr("Authorization", "Bearer x", "Cookie", "sid=1"), &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", "*")}, nil)),
			first: CORSPreflightWildcardOriginNotAllowed},
		{name: "cors-preflight-allow-origin-mismatch/fires", s: snap(corsFail("GET", opaqueBearer, &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", "https://other.test")}, nil)),
			first: CORSPreflightAllowOriginMismatch},
		{name: "cors-preflight-multiple-allow-origin-values/fires", s: snap(corsFail("GET", opaqueBearer, &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", app+", "+app)}, nil)),
			first: CORSPreflightMultipleAllowOriginValues},
		{name: "cors-preflight-invalid-allow-origin-value/fires", s: snap(corsFail("GET", opaqueBearer, &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", "app.test")}, nil)),
			first: CORSPreflightInvalidAllowOriginValue},
		{name: "cors-preflight-invalid-allow-credentials/fires", s: snap(corsFail("GET", hdr("Authorization", "Bearer x", "Cookie", "sid=1"), &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", app)}, nil)),
			first: CORSPreflightInvalidAllowCredentials},
		{name: "cors-invalid-allow-methods-preflight-response/fires", s: snap(corsFail("PUT", nil, &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", app, "Access-Control-Allow-Methods", "GET, P(UT")}, nil)),
			first: CORSInvalidAllowMethodsPreflightResponse},
		{name: "cors-invalid-allow-headers-preflight-response/fires", s: snap(corsFail("GET", hdr("X-Trace", "1"), &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", app, "Access-Control-Allow-Headers", "x-trace, (bad)")}, nil)),
			first: CORSInvalidAllowHeadersPreflightResponse},
		{name: "cors-redirect-contains-credentials/unfollowed redirect in a HAR", s: snap(answered(xhr("c", "GET", app+"/go", app, nil), 301,
			hdr("Location", "https://user:secret@api.test/data"))), first: CORSRedirectContainsCredentials},
		{name: "cors/healthy same-origin redirect not followed (manual)", s: snap(answered(xhr("c", "GET", app+"/go", app, nil), 302,
			hdr("Location", "/elsewhere"))), healthy: true},
		{name: "cors/healthy credentialed call", s: snap(answered(xhr("c", "GET", api+"/data", app, hdr("Cookie", "sid=1", "Authorization", "Bearer x")), 200, allowed)), healthy: true},
		{name: "cors/same-origin failure is not CORS", s: snap(func() Exchange {
			e := xhr("c", "GET", api+"/data", api, nil)
			e.Error = "net::ERR_FAILED"
			return e
		}()), healthy: true},
	})
}

// Every verdict diagnose/cors can give maps onto a documented finding.
func TestCORSVocabulary(t *testing.T) {
	for e := cors.CorsError(1); !strings.HasPrefix(e.String(), "CorsError("); e++ {
		t.Run(e.String(), func(t *testing.T) {
			_, ok := Lookup(ID(e.ID()))
			assert.True(t, ok, e.ID())
		})
	}
	assert.Equal(t, "cors-missing-allow-origin-header", cors.MissingAllowOriginHeader.ID())
}

func TestCORSEvidenceHidesRedirectPassword(t *testing.T) {
	s := snap(answered(xhr("c", "GET", app+"/go?access_token=tok-secret-1", app, nil), 301, hdr("Location", "https://user:pw-secret-2@api.test/data?code=code-secret-3")))
	out := string(EncodeReport(Diagnose(s)))
	assert.Contains(t, out, string(CORSRedirectContainsCredentials))
	for _, sec := range []string{"tok-secret-1", "pw-secret-2", "code-secret-3"} {
		assert.NotContains(t, out, sec)
	}
}

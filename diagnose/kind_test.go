package diagnose

import (
	"testing"

	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFailureKindAndBadge(t *testing.T) {
	xhr := func(url string, hs ...header.Field) Request {
		return Request{URL: url, Method: "GET", Type: "xmlhttprequest", Initiator: "https://app.test", Headers: hs}
	}
	tests := []struct {
		name  string
		e     Exchange
		kind  Kind
		badge string
	}{
		{"401", Exchange{Request: xhr("https://app.test/me"), Response: &Response{Status: 401}}, KindAuth, "401"},
		{"407", Exchange{Request: xhr("https://app.test/me"), Response: &Response{Status: 407}}, KindProxyAuth, "407"},
		{"403 after cookies", Exchange{Request: xhr("https://app.test/me", header.Field{Name: "Cookie", Value: "sid=1"}), Response: &Response{Status: 403}}, KindForbidden, "403"},
		{"403 from a WAF", Exchange{Request: xhr("https://app.test/me"), Response: &Response{Status: 403, Headers: header.Headers{{Name: "cf-mitigated", Value: "challenge"}}}}, KindBlocked, "403"},
		{"429 from a WAF", Exchange{Request: xhr("https://app.test/me"), Response: &Response{Status: 429, Headers: header.Headers{{Name: "Server", Value: "cloudflare"}}}}, KindBlocked, "429"},
		{"a redirect loop is not CORS", Exchange{Request: Request{URL: "https://app.test/", Method: "GET", Type: "main_frame"}, Error: "net::ERR_TOO_MANY_REDIRECTS"}, KindRedirectLoop, "LOOP"},
		{"a redirect loop in a fetch is not CORS", Exchange{Request: xhr("https://api.other.test/"), Error: "net::ERR_TOO_MANY_REDIRECTS"}, KindRedirectLoop, "LOOP"},
		{"CORS", Exchange{Request: xhr("https://api.other.test/x"), Error: "net::ERR_FAILED"}, KindCORS, "CORS"},
		{"auth error without a response", Exchange{Request: Request{URL: "https://app.test/", Method: "GET", Type: "main_frame"}, Error: "net::ERR_UNSUPPORTED_AUTH_SCHEME"}, KindNetworkAuth, "AUTH"},
		{"healthy", Exchange{Request: xhr("https://app.test/me"), Response: &Response{Status: 200}}, KindUnspecified, ""},
		{"same-origin ERR_FAILED is not CORS", Exchange{Request: xhr("https://app.test/x"), Error: "net::ERR_FAILED"}, KindUnspecified, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.e.ID = "x"
			r := Diagnose(Snapshot{Exchanges: []Exchange{tt.e}})
			if tt.kind == KindUnspecified {
				assert.Empty(t, r.Failures)
				assert.Equal(t, Badge{}, r.Badge)
				return
			}
			require.Len(t, r.Failures, 1)
			assert.Equal(t, tt.kind, r.Failures[0].Kind)
			assert.Equal(t, tt.badge, r.Failures[0].Badge.Text)
			assert.Equal(t, r.Failures[0].Badge, r.Badge)
			v := Triage(Snapshot{Exchanges: []Exchange{tt.e}})
			require.Len(t, v, 1)
			assert.Equal(t, Verdict{ExchangeID: "x", Kind: tt.kind, Badge: r.Badge}, v[0])
		})
	}
}

// TestFailureAction: the failure offers its top finding's action, and the
// clear plan is primary exactly for the clear-* actions.
func TestFailureAction(t *testing.T) {
	preflight401 := Exchange{ID: "1",
		Request: Request{URL: "https://api.other.test/x", Method: "PUT", Type: "xmlhttprequest", Initiator: "https://app.test"},
		Error:   "net::ERR_FAILED",
		Preflight: &Exchange{ID: "p", Request: Request{URL: "https://api.other.test/x", Method: "OPTIONS", Type: "xmlhttprequest", Initiator: "https://app.test",
			Headers: header.Headers{{Name: "Origin", Value: "https://app.test"}, {Name: "Access-Control-Request-Method", Value: "PUT"}}},
			Response: &Response{Status: 401, Headers: header.Headers{{Name: "Access-Control-Allow-Origin", Value: "https://app.test"}}}},
	}
	r := Diagnose(Snapshot{Page: "https://app.test/", Exchanges: []Exchange{preflight401}})
	require.Len(t, r.Failures, 1)
	f := r.Failures[0]
	require.NotEmpty(t, f.Findings)
	assert.Equal(t, CORSPreflightInvalidStatus, f.Findings[0].ID)
	assert.Equal(t, ActionNone, f.Action, "a server-side cause offers no clear")
	assert.False(t, f.Clear.Primary)
	assert.Equal(t, []string{"https://app.test"}, f.Clear.Origins, "the third party is never cleared by default")
	assert.Equal(t, []string{"https://api.other.test"}, f.Clear.Optional)
}

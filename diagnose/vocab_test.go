package diagnose

import (
	"strconv"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/stretchr/testify/assert"
)

// TestRecordCoversEveryFailure holds the capture vocabulary to Diagnose:
// for every status and every response or request feature the rules read to
// call an exchange failed, an exchange Diagnose reports is one the
// vocabulary records. A pre-filter that drops a failure fails here.
func TestRecordCoversEveryFailure(t *testing.T) {
	v := Record()
	features := map[string]struct{ req, resp header.Headers }{
		"nothing":       {},
		"cookie":        {req: header.Headers{{Name: "Cookie", Value: "sid=1"}}},
		"authorization": {req: header.Headers{{Name: "Authorization", Value: "Bearer x"}}},
		"challenge":     {resp: header.Headers{{Name: "WWW-Authenticate", Value: "Bearer"}, {Name: "Proxy-Authenticate", Value: "Basic"}}},
		"set-cookie":    {resp: header.Headers{{Name: "Set-Cookie", Value: "sid=2; Path=/"}}},
		"location":      {resp: header.Headers{{Name: "Location", Value: "/login"}}},
		"cors headers":  {resp: header.Headers{{Name: "Access-Control-Allow-Origin", Value: "https://evil.test"}}},
	}
	for _, vendor := range []header.Headers{
		{{Name: "cf-mitigated", Value: "challenge"}}, {{Name: "x-amzn-waf-action", Value: "block"}},
		{{Name: "x-sucuri-block", Value: "1"}}, {{Name: "Server", Value: "Apache mod_security"}},
		{{Name: "Server", Value: "cloudflare"}, {Name: "cf-ray", Value: "1"}}, {{Name: "x-iinfo", Value: "1"}},
		{{Name: "Server", Value: "AkamaiGHost"}}, {{Name: "x-amz-cf-id", Value: "1"}},
	} {
		features["vendor "+vendor[0].Name+" "+vendor[0].Value] = struct{ req, resp header.Headers }{resp: vendor}
	}
	for status := 100; status < 600; status++ {
		for name, f := range features {
			for _, e := range []Exchange{
				{Request: Request{URL: "https://app.test/x", Method: "GET", Type: "xmlhttprequest", Initiator: "https://app.test", Headers: f.req}},
				{Request: Request{URL: "https://api.other.test/x", Method: "GET", Type: "xmlhttprequest", Initiator: "https://app.test", Headers: f.req}},
				{Request: Request{URL: "https://app.test/", Method: "GET", Type: "main_frame", Headers: f.req}},
			} {
				e.ID = "1"
				e.Response = &Response{Status: status, Headers: f.resp}
				r := Diagnose(Snapshot{Exchanges: []Exchange{e}})
				if len(r.Failures) > 0 && !v.Covers(&e) {
					t.Errorf("%d with %s to %s: Diagnose reports %s but the vocabulary does not record it", status, name, e.Request.URL, r.Failures[0].Kind)
				}
			}
		}
	}
}

func TestVocabularyCovers(t *testing.T) {
	v := Record()
	tests := []struct {
		name string
		e    Exchange
		want bool
	}{
		{"401", Exchange{Response: &Response{Status: 401}}, true},
		{"404", Exchange{Response: &Response{Status: 404}}, false},
		{"404 with a block marker", Exchange{Response: &Response{Status: 404, Headers: header.Headers{{Name: "CF-Mitigated", Value: "challenge"}}}}, true},
		{"200 with a block marker", Exchange{Response: &Response{Status: 200, Headers: header.Headers{{Name: "cf-mitigated", Value: "challenge"}}}}, false},
		{"500 from ModSecurity", Exchange{Response: &Response{Status: 500, Headers: header.Headers{{Name: "Server", Value: "Apache ModSecurity"}}}}, true},
		{"500 from Apache", Exchange{Response: &Response{Status: 500, Headers: header.Headers{{Name: "Server", Value: "Apache"}}}}, false},
		{"ERR_FAILED", Exchange{Error: "net::ERR_FAILED"}, true},
		{"ERR_CONNECTION_REFUSED", Exchange{Error: "net::ERR_CONNECTION_REFUSED"}, false},
		{"one redirect", Exchange{Response: &Response{Status: 200}, Redirects: []Hop{{URL: "http://a.test/", Status: 301}}}, false},
		{"two redirects", Exchange{Response: &Response{Status: 200}, Redirects: []Hop{{URL: "https://a.test/", Status: 302}, {URL: "https://a.test/login", Status: 302}}}, true},
		{"challenged", Exchange{Response: &Response{Status: 200}, AuthChallenge: &AuthChallenge{Scheme: "basic"}}, true},
		{"no response", Exchange{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, v.Covers(&tt.e))
		})
	}
	for _, s := range []int{401, 403, 406, 407, 429, 503} {
		assert.Contains(t, v.Statuses, s, strconv.Itoa(s))
	}
}

package har

import (
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// har wraps entries (JSON texts) in a HAR log written by creator.
func har(creator string, entries ...string) string {
	return `{"log":{"version":"1.2","creator":{"name":"` + creator + `","version":"1"},"entries":[` + strings.Join(entries, ",") + `]}}`
}

const t0 = "2026-03-01T12:00:00.000Z"

var base = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const (
	chromePreflight = `{"startedDateTime":"2026-03-01T12:00:01.000Z","time":5,"_resourceType":"preflight",
	 "_initiator":{"type":"preflight","url":"https://api.test/orders"},
	 "request":{"method":"OPTIONS","url":"https://api.test/orders","headers":[{"name":":authority","value":"api.test"},
	   {"name":"Origin","value":"https://app.test"},{"name":"Access-Control-Request-Method","value":"PUT"}]},
	 "response":{"status":401,"statusText":"","headers":[{"name":"www-authenticate","value":"Bearer realm=\"api\""}],"redirectURL":""},
	 "serverIPAddress":"[::1]"}`
	chromeBlocked = `{"startedDateTime":"2026-03-01T12:00:01.010Z","time":0,"_resourceType":"fetch",
	 "_initiator":{"type":"script","stack":{"callFrames":[{"url":"https://app.test/app.js"}]}},
	 "request":{"method":"PUT","url":"https://api.test/orders","headers":[{"name":"Authorization","value":"Bearer x"}]},
	 "response":{"status":0,"statusText":"","headers":[],"redirectURL":"","_error":"net::ERR_FAILED"}}`
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		opts  Options
		check func(t *testing.T, s diagnose.Snapshot)
	}{
		{"Authorization from a URL's userinfo or a navigation is the browser's, not the page's", har("WebInspector",
			`{"startedDateTime":"2026-03-01T12:00:00.000Z","time":5,"_resourceType":"document","request":{"method":"GET","url":"https://alice:pw0@app.test/private/","headers":[]},"response":{"status":200,"headers":[]}}`,
			`{"startedDateTime":"2026-03-01T12:00:01.000Z","time":5,"_resourceType":"fetch","request":{"method":"GET","url":"https://app.test/private/data","headers":[{"name":"authorization","value":"Basic YWxpY2U6cHcw"}]},"response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Basic realm=\"x\""}]}}`,
			`{"startedDateTime":"2026-03-01T12:00:02.000Z","time":5,"_resourceType":"fetch","request":{"method":"GET","url":"https://app.test/private/data","headers":[{"name":"Authorization","value":"Basic YWxpY2U6cGFnZQ=="}]},"response":{"status":401,"headers":[]}}`,
			`{"startedDateTime":"2026-03-01T12:00:03.000Z","time":5,"_resourceType":"fetch","request":{"method":"GET","url":"https://other.test/data","headers":[{"name":"Authorization","value":"Basic YWxpY2U6cHcw"}]},"response":{"status":401,"headers":[]}}`,
			`{"startedDateTime":"2026-03-01T12:00:04.000Z","time":5,"_resourceType":"document","request":{"method":"GET","url":"https://intra.test/","headers":[{"name":"Authorization","value":"Basic Ym9iOng="}]},"response":{"status":200,"headers":[]}}`,
			`{"startedDateTime":"2026-03-01T12:00:05.000Z","time":5,"_resourceType":"xhr","request":{"method":"GET","url":"https://intra.test/api","headers":[{"name":"Authorization","value":"basic Ym9iOng="}]},"response":{"status":401,"headers":[]}}`,
		), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 6)
				var got []bool
				for _, e := range s.Exchanges {
					got = append(got, e.Request.AuthorizationFromBrowser)
				}
				// the URL's own navigation carried none; the userinfo's value
				// on the same origin; the page's other value; another origin;
				// a navigation's header; the same value on a later fetch.
				assert.Equal(t, []bool{false, true, false, false, true, true}, got)
			}},
		{"chrome preflight linked to the blocked request", har("WebInspector", chromeBlocked, chromePreflight), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				assert.Equal(t, diagnose.BrowserChromium, s.Browser)
				require.Len(t, s.Exchanges, 1)
				ex := s.Exchanges[0]
				assert.Equal(t, "PUT", ex.Request.Method)
				assert.Equal(t, "xmlhttprequest", ex.Request.Type)
				assert.Equal(t, "https://app.test", ex.Request.Initiator, "from the call stack")
				assert.Nil(t, ex.Response)
				assert.Equal(t, "net::ERR_FAILED", ex.Error)
				require.NotNil(t, ex.Preflight)
				assert.Equal(t, 401, ex.Preflight.Response.Status)
				assert.Equal(t, "::1", ex.Preflight.Response.ServerIP)
				assert.False(t, ex.Preflight.Request.Headers.Has(":authority"), "pseudo-headers dropped")
				assert.Equal(t, "https://app.test", ex.Preflight.Request.Initiator, "Origin header wins")
				assert.Empty(t, s.Problems)
			}},
		{"preflight that starts after its request (as Chromium records it) is linked", har("authdoctor-harrec",
			strings.Replace(chromeBlocked, "12:00:01.010Z", "12:00:00.990Z", 1), chromePreflight), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 1)
				require.NotNil(t, s.Exchanges[0].Preflight)
				assert.Equal(t, 401, s.Exchanges[0].Preflight.Response.Status)
			}},
		{"two requests to one URL each get the nearest preflight", har("authdoctor-harrec",
			strings.Replace(chromeBlocked, "12:00:01.010Z", "12:00:00.990Z", 1), chromePreflight,
			strings.Replace(chromeBlocked, "12:00:01.010Z", "12:00:05.000Z", 1),
			strings.Replace(strings.Replace(chromePreflight, "12:00:01.000Z", "12:00:05.010Z", 1), `"status":401`, `"status":403`, 1)), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 2)
				require.NotNil(t, s.Exchanges[0].Preflight)
				require.NotNil(t, s.Exchanges[1].Preflight)
				assert.Equal(t, 401, s.Exchanges[0].Preflight.Response.Status)
				assert.Equal(t, 403, s.Exchanges[1].Preflight.Response.Status)
			}},
		{"a cross-origin redirect's Origin: null does not replace the initiator", har("authdoctor-harrec",
			`{"startedDateTime":"2026-03-01T12:00:01.000Z","time":1,"_resourceType":"fetch",
			  "request":{"method":"GET","url":"https://api.test/a","headers":[{"name":"Origin","value":"https://app.test"}]},
			  "response":{"status":302,"statusText":"","headers":[{"name":"Location","value":"https://other.test/b"}],"redirectURL":"https://other.test/b"}}`,
			`{"startedDateTime":"2026-03-01T12:00:01.002Z","time":1,"_resourceType":"fetch",
			  "request":{"method":"GET","url":"https://other.test/b","headers":[{"name":"Origin","value":"null"}]},
			  "response":{"status":200,"statusText":"","headers":[],"redirectURL":"","_error":"net::ERR_FAILED"}}`), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 1)
				require.Len(t, s.Exchanges[0].Redirects, 1)
				assert.Equal(t, "https://app.test", s.Exchanges[0].Request.Initiator)
			}},
		{"sanitized export is flagged", har("WebInspector", chromePreflight), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Problems, 1)
				assert.Contains(t, s.Problems[0], "sanitized export")
			}},
		{"preflight for another method stays alone", har("WebInspector", chromePreflight,
			strings.Replace(chromeBlocked, `"method":"PUT"`, `"method":"DELETE"`, 1)), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 2)
				assert.Equal(t, "OPTIONS", s.Exchanges[0].Request.Method)
				assert.Nil(t, s.Exchanges[1].Preflight)
			}},
		{"firefox: status 0 without error text", har("Firefox",
			`{"startedDateTime":"2026-03-01T13:00:00.000+01:00","time":3,"request":{"method":"GET","url":"https://api.test/x","headers":[]},
			  "response":{"status":0,"statusText":"","headers":[]},"cache":{}}`), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				assert.Equal(t, diagnose.BrowserFirefox, s.Browser)
				require.Len(t, s.Exchanges, 1)
				assert.Nil(t, s.Exchanges[0].Response)
				assert.Equal(t, "net::ERR_FAILED", s.Exchanges[0].Error)
				assert.True(t, s.Exchanges[0].Request.Time.Equal(base), "time zones honoured")
			}},
		{"playwright failure text and fromCache", har("Playwright",
			`{"startedDateTime":"`+t0+`","time":1,"request":{"method":"GET","url":"https://a.test/1","headers":[]},
			  "response":{"status":-1,"headers":[],"_failureText":"net::ERR_CONNECTION_REFUSED"}}`,
			`{"startedDateTime":"`+t0+`","time":1,"_fromCache":"memory","request":{"method":"GET","url":"https://a.test/2","headers":[]},
			  "response":{"status":401,"headers":[{"name":"Cache-Control","value":"max-age=600"}]}}`,
			`{"startedDateTime":"`+t0+`","time":1,"request":{"method":"GET","url":"https://a.test/3","headers":[]},
			  "response":{"status":200,"headers":[]},"cache":{"beforeRequest":{"lastAccess":"x","eTag":"","hitCount":1}}}`), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 3)
				assert.Equal(t, "net::ERR_CONNECTION_REFUSED", s.Exchanges[0].Error)
				assert.True(t, s.Exchanges[1].Response.FromCache)
				assert.True(t, s.Exchanges[2].Response.FromCache, "Firefox cache.beforeRequest")
			}},
		{"redirect chain folds into the final request", har("WebInspector",
			`{"startedDateTime":"2026-03-01T12:00:00.000Z","time":1,"_resourceType":"document","request":{"method":"GET","url":"https://app.test/a","headers":[]},
			  "response":{"status":302,"headers":[{"name":"Location","value":"/login"}],"redirectURL":"https://app.test/login"}}`,
			`{"startedDateTime":"2026-03-01T12:00:00.100Z","time":1,"_resourceType":"document","request":{"method":"GET","url":"https://app.test/login","headers":[]},
			  "response":{"status":302,"headers":[{"name":"Location","value":"/a"},{"name":"Set-Cookie","value":"sid=1; Path=/"}],"redirectURL":""}}`,
			`{"startedDateTime":"2026-03-01T12:00:00.200Z","time":1,"_resourceType":"document","request":{"method":"GET","url":"https://app.test/a","headers":[]},
			  "response":{"status":200,"headers":[]}}`), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 1)
				ex := s.Exchanges[0]
				assert.Equal(t, "https://app.test/a", ex.Request.URL)
				assert.Equal(t, 200, ex.Response.Status)
				require.Len(t, ex.Redirects, 2)
				assert.Equal(t, "https://app.test/a", ex.Redirects[0].URL)
				assert.Equal(t, "https://app.test/login", ex.Redirects[1].URL, "relative Location resolved")
				assert.Equal(t, "main_frame", ex.Request.Type)
				require.Len(t, s.Cookies, 1, "Set-Cookie on a hop reaches the jar")
				assert.Equal(t, "sid", s.Cookies[0].Name)
			}},
		{"redirect whose target was never requested stays a 3xx", har("x",
			`{"startedDateTime":"`+t0+`","time":1,"request":{"method":"GET","url":"https://app.test/a","headers":[]},
			  "response":{"status":301,"headers":[],"redirectURL":"https://app.test/b"}}`), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 1)
				assert.Equal(t, 301, s.Exchanges[0].Response.Status)
				assert.Empty(t, s.Exchanges[0].Redirects)
			}},
		{"time order, now = end of the last entry", har("x",
			`{"startedDateTime":"2026-03-01T12:00:05.000Z","time":250.5,"request":{"method":"GET","url":"https://a.test/late","headers":[]},"response":{"status":200,"headers":[]}}`,
			`{"startedDateTime":"2026-03-01T12:00:01.000Z","time":10000,"request":{"method":"get","url":"https://a.test/early","headers":[]},"response":{"status":200,"headers":[]}}`), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				require.Len(t, s.Exchanges, 2)
				assert.Equal(t, "https://a.test/early", s.Exchanges[0].Request.URL)
				assert.Equal(t, "GET", s.Exchanges[0].Request.Method)
				assert.Equal(t, "1", s.Exchanges[0].ID, "ids are entry indexes")
				assert.True(t, s.Now.Equal(base.Add(11*time.Second)), "now %v", s.Now)
			}},
		{"now given", har("x", chromeBlocked), Options{Now: base.Add(time.Hour)},
			func(t *testing.T, s diagnose.Snapshot) { assert.True(t, s.Now.Equal(base.Add(time.Hour))) }},
		{"cookies: header rebuilt, joined Set-Cookie split, initiator from Referer", har("x",
			`{"startedDateTime":"`+t0+`","time":1,"_resourceType":"xhr","request":{"method":"GET","url":"https://app.test/api",
			   "headers":[{"name":"Referer","value":"https://app.test/page?x=1"}],"cookies":[{"name":"a","value":"1"},{"name":"b","value":"2"}]},
			  "response":{"status":200,"headers":[{"name":"set-cookie","value":"x=1; Path=/\ny=2; Path=/; Secure"}]}}`), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				ex := s.Exchanges[0]
				assert.Equal(t, "a=1; b=2", ex.Request.Headers.Get("Cookie"))
				assert.Equal(t, "https://app.test", ex.Request.Initiator)
				assert.Equal(t, header.Headers{{Name: "set-cookie", Value: "x=1; Path=/"}, {Name: "set-cookie", Value: "y=2; Path=/; Secure"}}, ex.Response.Headers)
				names := []string{}
				for _, c := range s.Cookies {
					names = append(names, c.Name)
				}
				assert.ElementsMatch(t, []string{"x", "y"}, names)
			}},
		{"a response and an error: both kept", har("x",
			`{"startedDateTime":"`+t0+`","time":1,"request":{"method":"GET","url":"https://api.test/x","headers":[]},
			  "response":{"status":200,"headers":[],"_error":"net::ERR_FAILED"}}`), Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				assert.Equal(t, 200, s.Exchanges[0].Response.Status)
				assert.Equal(t, "net::ERR_FAILED", s.Exchanges[0].Error)
			}},
		{"empty log", `{"log":{"version":"1.2","entries":[]}}`, Options{},
			func(t *testing.T, s diagnose.Snapshot) {
				assert.Empty(t, s.Exchanges)
				assert.True(t, s.Now.IsZero())
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.in), tt.opts)
			require.NoError(t, err)
			tt.check(t, res.Snapshot)
		})
	}
}

var errorCases = []struct {
	name, in, want string
}{
	{"not json", "{\n\"log\": [", "har: at byte 10 (line 2): truncated"},
	{"syntax", "{\"log\":\n x}", "har: at byte 10 (line 2): not JSON: invalid character 'x'"},
	{"no log", `{"foo":1}`, `har: log: missing: not a HAR file`},
	{"wrong type", `{"log":{"entries":{}}}`, "expected []har.entry"},
	{"no request", har("x", `{"startedDateTime":"`+t0+`"}`), "har: log.entries[0].request: missing"},
	{"no method", har("x", `{"startedDateTime":"`+t0+`","request":{"url":"https://a.test/"}}`), "log.entries[0].request.method: missing"},
	{"relative url", har("x", chromeBlocked, `{"startedDateTime":"`+t0+`","request":{"method":"GET","url":"/x"}}`), `log.entries[1].request.url: not an absolute URL: "/x"`},
	{"no start", har("x", `{"request":{"method":"GET","url":"https://a.test/"}}`), "log.entries[0].startedDateTime: missing"},
	{"bad start", har("x", `{"startedDateTime":"yesterday","request":{"method":"GET","url":"https://a.test/"}}`), `startedDateTime: not an ISO 8601 time: "yesterday"`},
	{"bad time", har("x", `{"startedDateTime":"`+t0+`","time":-5,"request":{"method":"GET","url":"https://a.test/"}}`), "log.entries[0].time: not a duration"},
	{"bad status", har("x", `{"startedDateTime":"`+t0+`","request":{"method":"GET","url":"https://a.test/"},"response":{"status":20000}}`), "response.status: not an HTTP status"},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range errorCases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), Options{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var e *Error
			assert.ErrorAs(t, err, &e)
		})
	}
	t.Run("too big", func(t *testing.T) {
		in := har("x", chromeBlocked)
		_, err := Read(strings.NewReader(in), Options{MaxBytes: int64(len(in) - 1)})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "larger than")
		_, err = Read(strings.NewReader(in), Options{MaxBytes: int64(len(in))})
		assert.NoError(t, err)
	})
}

func FuzzParse(f *testing.F) {
	f.Add(har("WebInspector", chromeBlocked, chromePreflight))
	for _, tt := range errorCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		res, err := Parse([]byte(in), Options{})
		if err != nil {
			var e *Error
			require.ErrorAs(t, err, &e)
			return
		}
		for _, ex := range res.Snapshot.Exchanges {
			require.NotEmpty(t, ex.Request.Method)
			if ex.Response == nil {
				require.NotEmpty(t, ex.Error, "a failure without a response says so")
			}
		}
	})
}

// TestReadPage: the snapshot's page is the first document the HAR loaded,
// so the engine's clear plan is scoped to the site the user was on.
func TestReadPage(t *testing.T) {
	const h = `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[` +
		`{"startedDateTime":"2026-03-01T12:00:00Z","time":1,"_resourceType":"fetch","request":{"method":"GET","url":"https://api.other.test/me","headers":[]},"response":{"status":401,"headers":[]}},` +
		`{"startedDateTime":"2026-03-01T12:00:01Z","time":1,"_resourceType":"document","request":{"method":"GET","url":"https://app.test/home","headers":[]},"response":{"status":200,"headers":[]}}]}}`
	res, err := Read(strings.NewReader(h), Options{})
	require.NoError(t, err)
	assert.Equal(t, "https://app.test/home", res.Snapshot.Page)
	rep := diagnose.Diagnose(res.Snapshot)
	require.Len(t, rep.Failures, 1)
	assert.Equal(t, []string{"https://app.test"}, rep.Failures[0].Clear.Origins)
	assert.Equal(t, []string{"https://api.other.test"}, rep.Failures[0].Clear.Optional)
}

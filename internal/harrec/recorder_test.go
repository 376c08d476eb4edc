package harrec

import (
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sent(id, url string, ts float64, redirect *network.Response, redirectExtra bool) *network.EventRequestWillBeSent {
	return &network.EventRequestWillBeSent{
		RequestID: network.RequestID(id), LoaderID: "L", Type: network.ResourceTypeFetch,
		Request:   &network.Request{URL: url, Method: "GET", Headers: network.Headers{"X-Page": "1"}},
		Timestamp: cdp.MonotonicTime(ts), WallTime: cdp.TimeSinceEpoch(1_700_000_000 + ts),
		RedirectResponse: redirect, RedirectHasExtraInfo: redirectExtra,
		Initiator: &network.Initiator{Type: network.InitiatorTypeScript},
	}
}

func reqExtra(id, cookie string) *network.EventRequestWillBeSentExtraInfo {
	return &network.EventRequestWillBeSentExtraInfo{RequestID: network.RequestID(id), Headers: network.Headers{"Cookie": cookie}}
}

func respExtra(id string, status int64, text string) *network.EventResponseReceivedExtraInfo {
	return &network.EventResponseReceivedExtraInfo{RequestID: network.RequestID(id), StatusCode: status, HeadersText: text}
}

func TestRecorder(t *testing.T) {
	tests := []struct {
		name   string
		events []any
		check  func(t *testing.T, es []Entry)
	}{
		{
			name: "extra info is matched to hops in order, cached hops skipped",
			events: []any{
				sent("1", "http://a.test/r", 1, nil, false),
				reqExtra("1", "s=first"),
				respExtra("1", 302, "HTTP/1.1 302 Found\r\nLocation: /f\r\nSet-Cookie: s=2\r\nSet-Cookie: t=3; Path=/; HttpOnly\r\n\r\n"),
				sent("1", "http://a.test/f", 2, &network.Response{Status: 302, StatusText: "Found", Headers: network.Headers{"Location": "/f"}}, true),
				&network.EventResponseReceived{RequestID: "1", Type: network.ResourceTypeFetch, HasExtraInfo: false,
					Response: &network.Response{Status: 200, StatusText: "OK", FromDiskCache: true, RemoteIPAddress: "[::1]"}},
				&network.EventLoadingFinished{RequestID: "1", Timestamp: 2.5},
			},
			check: func(t *testing.T, es []Entry) {
				require.Len(t, es, 2)
				assert.Equal(t, "s=first", headerValue(es[0].Request.Headers, "Cookie"))
				assert.Equal(t, []Cookie{{Name: "s", Value: "2"}, {Name: "t", Value: "3", Path: "/", HTTPOnly: true}}, es[0].Response.Cookies)
				assert.Equal(t, "/f", es[0].Response.RedirectURL)
				assert.Equal(t, 1000.0, es[0].Time)
				assert.Equal(t, "1", headerValue(es[1].Request.Headers, "X-Page"), "no ExtraInfo: the page's headers")
				assert.Equal(t, "disk", es[1].FromCache)
				assert.Equal(t, "::1", es[1].ServerIPAddress)
				assert.Equal(t, 500.0, es[1].Time)
				assert.Equal(t, "2023-11-14T22:13:22.000Z", es[1].StartedDateTime)
			},
		},
		{
			name: "ExtraInfo before the request and a CORS failure without responseReceived",
			events: []any{
				respExtra("2", 403, "HTTP/1.1 403 Forbidden\r\nVary: Origin\r\n\r\n"),
				reqExtra("2", ""),
				sent("2", "http://api.test/x", 1, nil, false),
				&network.EventLoadingFailed{RequestID: "2", Timestamp: 1.25, ErrorText: "net::ERR_FAILED", Type: network.ResourceTypeXHR,
					CorsErrorStatus: &network.CorsErrorStatus{CorsError: network.CorsErrorAllowOriginMismatch, FailedParameter: "http://x.test"}},
			},
			check: func(t *testing.T, es []Entry) {
				require.Len(t, es, 1)
				r := es[0].Response
				assert.Equal(t, 403, r.Status)
				assert.Equal(t, "Forbidden", r.StatusText)
				assert.Equal(t, "http/1.1", r.HTTPVersion)
				assert.Equal(t, []NameValue{{Name: "Vary", Value: "Origin"}}, r.Headers)
				assert.Equal(t, "net::ERR_FAILED", r.Error)
				assert.Equal(t, "net::ERR_FAILED", r.FailureText)
				assert.Equal(t, "AllowOriginMismatch", r.CORSError)
				assert.Equal(t, "http://x.test", r.CORSErrorParameter)
				assert.Equal(t, "xhr", es[0].ResourceType)
			},
		},
		{
			name: "memory cache, header map with joined repeats, no page",
			events: []any{
				sent("3", "http://a.test/m", 1, nil, false),
				&network.EventRequestServedFromCache{RequestID: "3"},
				&network.EventResponseReceived{RequestID: "3", Response: &network.Response{Status: 200, Protocol: "h2",
					Headers: network.Headers{"B": "2", "A": "x\ny"}}},
			},
			check: func(t *testing.T, es []Entry) {
				require.Len(t, es, 1)
				assert.Equal(t, "memory", es[0].FromCache)
				assert.Equal(t, "http/2.0", es[0].Response.HTTPVersion)
				assert.Equal(t, []NameValue{{Name: "A", Value: "x"}, {Name: "A", Value: "y"}, {Name: "B", Value: "2"}}, es[0].Response.Headers)
				assert.Empty(t, es[0].Pageref)
				assert.Equal(t, 0.0, es[0].Time, "never finished")
			},
		},
		{
			name: "events for unknown requests and other domains are ignored",
			events: []any{
				&network.EventLoadingFinished{RequestID: "9"},
				&network.EventResponseReceived{RequestID: "9", Response: &network.Response{Status: 200}},
				"not an event",
			},
			check: func(t *testing.T, es []Entry) { assert.Empty(t, es) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New()
			for _, ev := range tt.events {
				r.Handle(ev)
			}
			tt.check(t, r.HAR().Log.Entries)
		})
	}
}

func TestNavigationStartsPage(t *testing.T) {
	r := New()
	ev := sent("L", "http://app.test/", 1, nil, false)
	ev.Type = network.ResourceTypeDocument
	r.Handle(ev)
	r.Handle(sent("5", "http://app.test/x", 2, nil, false))
	h := r.HAR()
	require.Len(t, h.Log.Pages, 1)
	assert.Equal(t, "http://app.test/", h.Log.Pages[0].Title)
	for _, e := range h.Log.Entries {
		assert.Equal(t, "page_1", e.Pageref)
	}
	assert.Equal(t, "document", h.Log.Entries[0].ResourceType)
}

func TestResourceType(t *testing.T) {
	for in, want := range map[network.ResourceType]string{
		"": "other", network.ResourceTypePreflight: "preflight", network.ResourceTypeXHR: "xhr",
		network.ResourceTypeSignedExchange: "signed-exchange", network.ResourceTypeCSPViolationReport: "csp-violation-report",
	} {
		t.Run(string(in), func(t *testing.T) { assert.Equal(t, want, resourceType(in)) })
	}
}

var rawHeaderCases = []struct {
	name, in string
	want     []NameValue
}{
	{"status only", "HTTP/1.1 204 No Content\r\n\r\n", []NameValue{}},
	{"repeats kept in order", "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nA: 3\r\n\r\n", []NameValue{{"A", "1"}, {"B", "2"}, {"A", "3"}}},
	{"value with colon", "HTTP/1.1 200 OK\r\nLocation: http://x/\r\n", []NameValue{{"Location", "http://x/"}}},
	{"garbage lines skipped", "HTTP/1.1 200 OK\r\nnocolon\r\n: empty\r\n", []NameValue{}},
	{"empty", "", []NameValue{}},
}

func TestRawHeaderLines(t *testing.T) {
	for _, tt := range rawHeaderCases {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, rawHeaderLines(tt.in)) })
	}
}

func FuzzRawHeaderLines(f *testing.F) {
	for _, tt := range rawHeaderCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, h := range rawHeaderLines(in) {
			if h.Name == "" {
				t.Fatalf("empty header name from %q", in)
			}
		}
		_ = statusText(in)
		_ = statusVersion(in)
	})
}

func TestCookieParsing(t *testing.T) {
	t.Run("request", func(t *testing.T) {
		got := requestCookies([]NameValue{{"Cookie", "a=1; b=; c"}, {"cookie", "d=4"}})
		assert.Equal(t, []Cookie{{Name: "a", Value: "1"}, {Name: "b"}, {Name: "c"}, {Name: "d", Value: "4"}}, got)
	})
	t.Run("response attributes", func(t *testing.T) {
		got := responseCookies([]NameValue{{"Set-Cookie", "sid=x; Domain=.app.test; Secure; SameSite=None; Expires=Wed, 21 Oct 2015 07:28:00 GMT"}})
		assert.Equal(t, []Cookie{{Name: "sid", Value: "x", Domain: ".app.test", Secure: true, SameSite: "None", Expires: "2015-10-21T07:28:00.000Z"}}, got)
	})
}

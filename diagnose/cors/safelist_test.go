package cors

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/authdoctor/authdoctor/diagnose/header"
)

func TestNeedsPreflight(t *testing.T) {
	long := strings.Repeat("a", 129)
	cases := []struct {
		name    string
		method  string
		mode    Mode
		headers header.Headers
		want    bool
		why     string
	}{
		{"get", "GET", 0, nil, false, ""},
		{"lower-case post is safelisted", "post", 0, nil, false, ""},
		{"put", "PUT", 0, nil, true, "method PUT"},
		{"patch", "patch", 0, nil, true, "method patch"},
		{"no-cors never", "PUT", ModeNoCors, header.Headers{{Name: "X-A", Value: "1"}}, false, ""},
		{"custom header", "GET", 0, header.Headers{{Name: "X-Custom", Value: "1"}}, true, "x-custom"},
		{"authorization", "GET", 0, header.Headers{{Name: "Authorization", Value: "Bearer x"}}, true, "authorization"},
		{"forbidden headers ignored", "GET", 0, header.Headers{{Name: "Cookie", Value: "a=b"}, {Name: "User-Agent", Value: "x"},
			{Name: "Sec-Fetch-Mode", Value: "cors"}, {Name: "Origin", Value: "https://a.test"}, {Name: "Proxy-Foo", Value: "1"}}, false, ""},
		{"HTTP/2 wire headers of a simple GET (HAR)", "GET", 0, header.Headers{{Name: ":authority", Value: "api.test"}, {Name: "accept", Value: "*/*"},
			{Name: "accept-encoding", Value: "gzip, br"}, {Name: "priority", Value: "u=1, i"}, {Name: "sec-ch-ua-mobile", Value: "?0"}}, false, ""},
		{"content-type json", "POST", 0, header.Headers{{Name: "Content-Type", Value: "application/json"}}, true, "content-type"},
		{"content-type text/plain charset", "POST", 0, header.Headers{{Name: "Content-Type", Value: "text/plain;charset=UTF-8"}}, false, ""},
		{"content-type upper", "POST", 0, header.Headers{{Name: "content-type", Value: "MULTIPART/FORM-DATA; boundary=x"}}, false, ""},
		{"content-type quote is unsafe", "POST", 0, header.Headers{{Name: "Content-Type", Value: `text/plain; a="b"`}}, true, "content-type"},
		{"accept unsafe byte", "GET", 0, header.Headers{{Name: "Accept", Value: "a(b)"}}, true, "accept"},
		{"accept 129 bytes", "GET", 0, header.Headers{{Name: "Accept", Value: long}}, true, "128"},
		{"accept 128 bytes", "GET", 0, header.Headers{{Name: "Accept", Value: long[:128]}}, false, ""},
		{"accept-language underscore", "GET", 0, header.Headers{{Name: "Accept-Language", Value: "en_US"}}, true, "accept-language"},
		{"range simple", "GET", 0, header.Headers{{Name: "Range", Value: "bytes=0-10"}}, false, ""},
		{"range open", "GET", 0, header.Headers{{Name: "Range", Value: "bytes=5-"}}, false, ""},
		{"range suffix", "GET", 0, header.Headers{{Name: "Range", Value: "bytes=-5"}}, true, "range"},
		{"range reversed", "GET", 0, header.Headers{{Name: "Range", Value: "bytes=10-5"}}, true, "range"},
		{"range multi", "GET", 0, header.Headers{{Name: "Range", Value: "bytes=0-1,3-4"}}, true, "range"},
		{"dpr number (Chromium safelists client hints)", "GET", 0, header.Headers{{Name: "DPR", Value: "2.5"}}, false, ""},
		{"dpr text", "GET", 0, header.Headers{{Name: "DPR", Value: "high"}}, true, "dpr"},
		{"width float", "GET", 0, header.Headers{{Name: "Width", Value: "1.5"}}, true, "width"},
		{"total over 1024", "GET", 0, header.Headers{{Name: "Accept", Value: long[:120]}, {Name: "Accept-Language", Value: strings.Repeat("a", 120)},
			{Name: "Content-Language", Value: strings.Repeat("b", 120)}, {Name: "DPR", Value: strings.Repeat("1", 120)},
			{Name: "Width", Value: strings.Repeat("1", 120)}, {Name: "Viewport-Width", Value: strings.Repeat("1", 120)},
			{Name: "Device-Memory", Value: strings.Repeat("1", 120)}, {Name: "RTT", Value: strings.Repeat("1", 120)},
			{Name: "Downlink", Value: strings.Repeat("1", 120)}}, true, "1024"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, why := NeedsPreflight(Request{Method: c.method, Mode: c.mode, Headers: c.headers})
			assert.Equal(t, c.want, got, why)
			if c.why != "" {
				assert.Contains(t, why, c.why)
			}
		})
	}
}

func TestNormalizeMethod(t *testing.T) {
	for in, want := range map[string]string{"get": "GET", "Delete": "DELETE", "patch": "patch", "PATCH": "PATCH", "options": "OPTIONS", "query": "query"} {
		t.Run(in, func(t *testing.T) { assert.Equal(t, want, NormalizeMethod(in)) })
	}
}

func TestUnsafeHeaderNamesOrder(t *testing.T) {
	h := header.Headers{{Name: "X-B", Value: "1"}, {Name: "Accept", Value: "x"}, {Name: "X-A", Value: "1"}, {Name: "Cookie", Value: "c"}}
	assert.Equal(t, []string{"x-b", "x-a"}, UnsafeHeaderNames(h))
}

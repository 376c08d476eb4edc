package main

import (
	"errors"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parse(t *testing.T, s string) jsonlite.Value {
	t.Helper()
	v, err := jsonlite.Parse([]byte(s))
	require.NoError(t, err, "output must be JSON: %s", s)
	return v
}

func TestGuard(t *testing.T) {
	tests := []struct {
		name  string
		f     func() string
		error string
	}{
		{name: "passes the result through", f: func() string { return `{"version":1}` }},
		{name: "string panic", f: func() string { panic("boom") }, error: "internal error: boom"},
		{name: "error panic", f: func() string { panic(errors.New("bad")) }, error: "internal error: bad"},
		{name: "other panic", f: func() string { panic(42) }, error: "internal error: panic"},
		{name: "runtime error", f: func() string {
			var m map[string]int
			//lint:ignore SA5000 the point is a runtime panic inside the guard
			m["x"] = 1
			return ""
		},
			error: "internal error: assignment to entry in nil map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := parse(t, guard(tt.f))
			assert.Equal(t, tt.error, out.Get("error").Str())
			assert.EqualValues(t, 1, out.Get("version").Int())
		})
	}
}

func TestDiagnose(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		error string // substring; "" means a report
	}{
		{name: "empty snapshot", in: `{}`},
		{name: "snapshot with an exchange", in: `{"now":1764210000000,"exchanges":[{"id":"1","request":{"url":"https://api.test/me","method":"GET","headers":[]},"response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer"}]}}]}`},
		{name: "not JSON", in: `{`, error: "snapshot"},
		{name: "empty input", in: ``, error: "snapshot"},
		{name: "wrong top-level type", in: `[1]`, error: "snapshot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := parse(t, Diagnose(tt.in))
			assert.EqualValues(t, 1, out.Get("version").Int())
			if tt.error == "" {
				assert.False(t, out.Get("error").Exists(), "unexpected error %q", out.Get("error").Str())
				return
			}
			assert.Contains(t, out.Get("error").Str(), tt.error)
		})
	}
}

func TestRedact(t *testing.T) {
	t.Run("returns a snapshot with the exchange", func(t *testing.T) {
		out := parse(t, Redact(`{"exchanges":[{"id":"7","request":{"url":"https://api.test/x","method":"GET"}}]}`))
		require.False(t, out.Get("error").Exists(), out.Get("error").Str())
		assert.Equal(t, "7", out.Get("exchanges").Index(0).Get("id").Str())
		assert.Equal(t, "https://api.test/x", out.Get("exchanges").Index(0).Get("request").Get("url").Str())
	})
	t.Run("bad input is an error report", func(t *testing.T) {
		out := parse(t, Redact(`nope`))
		assert.Contains(t, out.Get("error").Str(), "snapshot")
	})
}

func TestTriage(t *testing.T) {
	const snap = `{"page":"https://app.test/","exchanges":[` +
		`{"id":"ok","request":{"url":"https://app.test/a","method":"GET","time":1},"response":{"status":200,"time":2}},` +
		`{"id":"forbidden","request":{"url":"https://app.test/b","method":"GET","time":3,"headers":[{"name":"Cookie","value":"sid=x"}]},"response":{"status":403,"time":4}},` +
		`{"id":"loop","request":{"url":"https://app.test/c","method":"GET","type":"main_frame","time":5},"error":"net::ERR_TOO_MANY_REDIRECTS"}]}`
	out := parse(t, Triage(snap))
	require.False(t, out.Get("error").Exists(), out.Get("error").Str())
	fs := out.Get("failures")
	require.Equal(t, 2, fs.Len())
	// Newest first; the healthy exchange is not a failure.
	assert.Equal(t, "loop", fs.Index(0).Get("exchangeId").Str())
	assert.Equal(t, "redirect-loop", fs.Index(0).Get("kind").Str())
	assert.Equal(t, "LOOP", fs.Index(0).Get("badge").Get("text").Str())
	assert.Equal(t, "forbidden", fs.Index(1).Get("kind").Str())
	assert.Equal(t, "403", fs.Index(1).Get("badge").Get("text").Str())
	assert.Equal(t, "LOOP", out.Get("badge").Get("text").Str(), "the tab shows the newest failure")

	none := parse(t, Triage(`{"exchanges":[]}`))
	assert.Equal(t, 0, none.Get("failures").Len())
	assert.Equal(t, jsonlite.Null, none.Get("badge").Kind())
	assert.Contains(t, parse(t, Triage(`[`)).Get("error").Str(), "snapshot")
}

func TestCookieDomains(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		error    string
	}{
		{name: "public suffix with two labels", in: `["https://app.shop.co.uk/x","http://api.shop.co.uk/"]`, want: []string{"shop.co.uk"}},
		{name: "private suffix", in: `["https://me.github.io/"]`, want: []string{"me.github.io"}},
		{name: "ip and localhost", in: `["http://127.0.0.1:8080/","http://localhost/"]`, want: []string{"127.0.0.1", "localhost"}},
		{name: "non-web urls are skipped", in: `["chrome://settings","about:blank","nonsense"]`},
		{name: "not an array", in: `{"a":1}`, error: "urls: want array"},
		{name: "not strings", in: `["https://a.test/", 3]`, error: "urls[1]: want string"},
		{name: "not JSON", in: `[`, error: "urls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := parse(t, CookieDomains(tt.in))
			if tt.error != "" {
				assert.Contains(t, out.Get("error").Str(), tt.error)
				return
			}
			require.False(t, out.Get("error").Exists(), out.Get("error").Str())
			var got []string
			for _, d := range out.Get("domains").Items() {
				got = append(got, d.Str())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestVersion(t *testing.T) {
	assert.Regexp(t, `^authdoctor \S.* report/1$`, Version())
}

func FuzzDiagnose(f *testing.F) {
	f.Add(`{}`)
	f.Add(`{`)
	f.Add(`{"exchanges":[{"id":"1","request":{"url":"https://api.test/me"},"response":{"status":401}}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		for _, out := range []string{Diagnose(in), Redact(in), Triage(in), CookieDomains(in)} {
			v, err := jsonlite.Parse([]byte(out))
			if err != nil {
				t.Fatalf("output is not JSON: %v: %q", err, out)
			}
			if e := v.Get("error").Str(); len(e) >= 15 && e[:15] == "internal error:" {
				t.Fatalf("engine panicked on %q: %s", in, e)
			}
		}
	})
}

func TestRedactMasksSecrets(t *testing.T) {
	in := `{"exchanges":[{"id":"1","request":{"url":"https://api.test/x","method":"GET","headers":[{"name":"Authorization","value":"Basic dXNlcjpodW50ZXIy"},{"name":"Cookie","value":"sid=s3cretvalue"}]}}]}`
	out := Redact(in)
	require.False(t, parse(t, out).Get("error").Exists(), out)
	assert.NotContains(t, out, "dXNlcjpodW50ZXIy")
	assert.NotContains(t, out, "s3cretvalue")
	assert.Contains(t, out, "sid")
}

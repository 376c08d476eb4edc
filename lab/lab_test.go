package lab

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var labNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func startLab(t *testing.T) *Lab {
	t.Helper()
	l := New(Options{Now: func() time.Time { return labNow }})
	require.NoError(t, l.Start())
	t.Cleanup(func() { l.Close() })
	return l
}

func get(t *testing.T, l *Lab, method, url string, hdr ...[2]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	for _, kv := range hdr {
		req.Header.Add(kv[0], kv[1])
	}
	resp, err := l.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestStartListensOnLoopbackOnly(t *testing.T) {
	t.Run("rejects a public address", func(t *testing.T) {
		l := New(Options{HTTPAddr: "0.0.0.0:0"})
		err := l.Start()
		require.Error(t, err)
		assert.Contains(t, err.Error(), "not a loopback IP")
	})
	t.Run("rejects a name", func(t *testing.T) {
		l := New(Options{HTTPSAddr: "localhost:0"})
		require.Error(t, l.Start())
	})
	t.Run("free ports by default", func(t *testing.T) {
		l := startLab(t)
		assert.NotZero(t, l.HTTPPort())
		assert.NotZero(t, l.HTTPSPort())
		assert.NotEqual(t, l.HTTPPort(), l.HTTPSPort())
	})
}

func TestURL(t *testing.T) {
	l := startLab(t)
	assert.Equal(t, "http://app.test:"+itoa(l.HTTPPort())+"/x?y=1", l.URL("app.test", false, "/x?y=1"))
	assert.Equal(t, "https://api.shop.test:"+itoa(l.HTTPSPort())+"/", l.URL("api.shop.test", true, "/"))
	assert.Equal(t, "https://app.test:"+itoa(l.HTTPSPort()), l.Origin("app.test", true))
}

func TestCertificateCoversLabHosts(t *testing.T) {
	l := startLab(t)
	cert := l.Certificate()
	require.NotNil(t, cert)
	for _, h := range []string{"app.test", "api.test", "other.test", "app.shop.test", "api.shop.test", "www.app.test", "localhost", "127.0.0.1"} {
		t.Run(h, func(t *testing.T) {
			assert.NoError(t, cert.VerifyHostname(h))
		})
	}
	t.Run("not for other names", func(t *testing.T) {
		assert.Error(t, cert.VerifyHostname("example.com"))
	})
	t.Run("served over TLS and verifiable", func(t *testing.T) {
		pool := x509.NewCertPool()
		pool.AddCert(cert)
		conn, err := tls.Dial("tcp", "127.0.0.1:"+itoa(l.HTTPSPort()), &tls.Config{RootCAs: pool, ServerName: "api.shop.test"})
		require.NoError(t, err)
		defer conn.Close()
		assert.Equal(t, cert.Raw, conn.ConnectionState().PeerCertificates[0].Raw)
	})
	t.Run("valid by the real clock", func(t *testing.T) {
		assert.True(t, time.Now().After(cert.NotBefore) && time.Now().Before(cert.NotAfter))
	})
}

func TestDateFollowsTheLabClock(t *testing.T) {
	l := startLab(t)
	resp, _ := get(t, l, "GET", l.URL("app.test", false, "/page"))
	assert.Equal(t, labNow.Format(http.TimeFormat), resp.Header.Get("Date"))
	resp, _ = get(t, l, "GET", l.ScriptURL("api.test", true, Script{Actual: &Reply{Headers: [][2]string{{"Date", "Mon, 02 Jan 2006 15:04:05 GMT"}}}}))
	assert.Equal(t, []string{"Mon, 02 Jan 2006 15:04:05 GMT"}, resp.Header.Values("Date"), "a script's Date replaces it")
}

func TestPage(t *testing.T) {
	l := startLab(t)
	for _, host := range []string{"app.test", "api.shop.test", "anything.test"} {
		for _, secure := range []bool{false, true} {
			resp, body := get(t, l, "GET", l.URL(host, secure, "/page?x=1"))
			assert.Equal(t, 200, resp.StatusCode)
			assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
			assert.Contains(t, body, "<title>page</title>")
		}
	}
}

func TestScriptRoundTrip(t *testing.T) {
	l := startLab(t)
	s := Script{
		ID: "case-1",
		Preflight: &Reply{Status: 204, Headers: [][2]string{
			{"Access-Control-Allow-Origin", "https://app.test"},
			{"Access-Control-Allow-Methods", "PUT"},
		}},
		Actual: &Reply{Status: 201, Body: "ok", Headers: [][2]string{
			{"Set-Cookie", "a=1; Path=/"},
			{"Set-Cookie", "b=2; Secure"},
			{"x-lower-case", "kept"},
			{"Access-Control-Allow-Origin", "https://app.test"},
			{"Access-Control-Allow-Origin", "https://other.test"},
		}},
	}
	u := l.ScriptURL("api.test", true, s)

	t.Run("preflight", func(t *testing.T) {
		resp, body := get(t, l, "OPTIONS", u, [2]string{"Origin", "https://app.test"}, [2]string{"Access-Control-Request-Method", "PUT"})
		assert.Equal(t, 204, resp.StatusCode)
		assert.Equal(t, "PUT", resp.Header.Get("Access-Control-Allow-Methods"))
		assert.Empty(t, body)
	})
	t.Run("actual", func(t *testing.T) {
		resp, body := get(t, l, "PUT", u, [2]string{"Cookie", "sid=s3cr3t"}, [2]string{"Authorization", "Bearer abc"})
		assert.Equal(t, 201, resp.StatusCode)
		assert.Equal(t, "ok", body)
		assert.Equal(t, []string{"a=1; Path=/", "b=2; Secure"}, resp.Header.Values("Set-Cookie"))
		assert.Equal(t, []string{"https://app.test", "https://other.test"}, resp.Header.Values("Access-Control-Allow-Origin"))
		assert.Equal(t, "kept", resp.Header.Get("X-Lower-Case"))
	})
	t.Run("log in process", func(t *testing.T) {
		log := l.Log("case-1")
		require.Len(t, log, 2)
		assert.Equal(t, "OPTIONS", log[0].Method)
		assert.Equal(t, "PUT", log[0].Header("Access-Control-Request-Method"))
		assert.Equal(t, "PUT", log[1].Method)
		assert.Equal(t, u, log[1].URL)
		assert.Equal(t, "api.test:"+itoa(l.HTTPSPort()), log[1].Host)
		assert.Equal(t, "sid=s3cr3t", log[1].Header("cookie"))
		assert.Equal(t, "Bearer abc", log[1].Header("Authorization"))
		assert.Equal(t, labNow, log[1].Time)
	})
	t.Run("log over HTTP", func(t *testing.T) {
		resp, body := get(t, l, "GET", l.URL("app.test", false, "/script/log?id=case-1"))
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
		var got []Recorded
		require.NoError(t, json.Unmarshal([]byte(body), &got))
		assert.Equal(t, l.Log("case-1"), got)
	})
	t.Run("unknown id logs nothing", func(t *testing.T) {
		_, body := get(t, l, "GET", l.URL("app.test", false, "/script/log?id=nope"))
		assert.Equal(t, "[]\n", body)
	})
}

func TestScriptReplies(t *testing.T) {
	l := startLab(t)
	target := "https://api.test/elsewhere"
	tests := []struct {
		name       string
		script     Script
		method     string
		wantStatus int
		wantHeader [2]string
		wantBody   string
	}{
		{"no preflight is 404", Script{ID: "a", Actual: &Reply{}}, "OPTIONS", 404, [2]string{}, "404 page not found\n"},
		{"no actual is 404", Script{ID: "a", Preflight: &Reply{}}, "GET", 404, [2]string{}, "404 page not found\n"},
		{"zero status is 200", Script{ID: "a", Actual: &Reply{Body: "x"}}, "POST", 200, [2]string{}, "x"},
		{"redirect replaces actual", Script{ID: "a", Actual: &Reply{Status: 200, Body: "no", Headers: [][2]string{{"Access-Control-Allow-Origin", "*"}}},
			Redirect: &Redirect{Status: 307, Location: target}}, "GET", 307, [2]string{"Access-Control-Allow-Origin", "*"}, ""},
		{"redirect default status", Script{ID: "a", Actual: &Reply{}, Redirect: &Redirect{Location: target}}, "GET", 302, [2]string{"Location", target}, ""},
		{"redirect does not apply to preflight", Script{ID: "a", Preflight: &Reply{Status: 204}, Redirect: &Redirect{Location: target}}, "OPTIONS", 204, [2]string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, l, tt.method, l.ScriptURL("api.test", false, tt.script))
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			if tt.wantHeader[0] != "" {
				assert.Equal(t, tt.wantHeader[1], resp.Header.Get(tt.wantHeader[0]))
			}
			assert.Equal(t, tt.wantBody, body)
		})
	}
}

var decodeCases = []struct {
	name    string
	r       string
	wantErr string
}{
	{"not base64", "!!!", "not base64url"},
	{"not json", b64("{"), "not a script"},
	{"unknown field", b64(`{"id":"x","actuall":{}}`), "unknown field"},
	{"bad status", b64(`{"actual":{"status":99}}`), "actual.status 99"},
	{"huge status", b64(`{"preflight":{"status":1000}}`), "preflight.status 1000"},
	{"redirect not 3xx", b64(`{"redirect":{"status":200,"location":"/"}}`), "redirect.status 200"},
	{"redirect without location", b64(`{"redirect":{"status":302}}`), "location is empty"},
	{"padded is fine", b64(`{"id":"x"}`) + "==", ""},
	{"valid", b64(`{"id":"x","actual":{"status":200,"headers":[["A","b"]],"body":"ok"}}`), ""},
	{"too long", strings.Repeat("A", maxScript*2), "longer than"},
}

func b64(s string) string { return EncodeRaw([]byte(s)) }

func TestDecodeScript(t *testing.T) {
	for _, tt := range decodeCases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeScript(tt.r)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
	t.Run("malformed r answers 400 and is logged under the empty id", func(t *testing.T) {
		l := startLab(t)
		resp, body := get(t, l, "GET", l.URL("api.test", false, "/script?r=%21"))
		assert.Equal(t, 400, resp.StatusCode)
		assert.Contains(t, body, "not base64url")
		assert.Len(t, l.Log(""), 1)
	})
}

func FuzzDecodeScript(f *testing.F) {
	for _, tt := range decodeCases {
		f.Add(tt.r)
	}
	f.Fuzz(func(t *testing.T, r string) {
		s, err := DecodeScript(r)
		if err != nil {
			return
		}
		// A script that decodes re-encodes to one that decodes the same.
		s2, err := DecodeScript(EncodeScript(s))
		require.NoError(t, err)
		assert.Equal(t, s, s2)
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

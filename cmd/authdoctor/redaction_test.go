package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cliSecrets are distinctive secrets planted in a HAR; each is unique so a
// leak names its source.
var cliSecrets = map[string]string{
	"bearer":        "BearerSecretQX1k9",
	"basic":         "BasicPassQX2k9",
	"cookie":        "CookieSecretQX3k9",
	"jwt-signature": "SigSecretQX4k9",
	"url-password":  "UrlPassQX5k9",
	"access_token":  "TokenParamQX6k9",
	"code":          "CodeParamQX7k9",
	"api-key":       "ApiKeyQX8k9",
	"set-cookie":    "SetCookieQX9k9",
	"client_secret": "ClientSecretQX0k9",
}

// secretHAR writes a HAR whose failed entries carry every kind of secret:
// Bearer and Basic Authorization, a JWT signature, cookie values (in the
// Cookie header, Set-Cookie and HAR's cookies arrays), a URL password (in
// the request URL and a redirect Location) and token-like query parameters.
func secretHAR(t *testing.T) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	jwt := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"sub":"alice","iss":"https://id.test","exp":1600000000,"iat":1599990000}`)) + "." + cliSecrets["jwt-signature"]
	basic := base64.StdEncoding.EncodeToString([]byte("alice:" + cliSecrets["basic"]))
	withPassword := "https://alice:" + cliSecrets["url-password"] + "@api.test/next?code=" + cliSecrets["code"]
	nv := func(kv ...string) []map[string]string {
		var out []map[string]string
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, map[string]string{"name": kv[i], "value": kv[i+1]})
		}
		return out
	}
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var entries []map[string]any
	add := func(method, url string, reqH []map[string]string, status int, respH []map[string]string, redirect string) {
		entries = append(entries, map[string]any{
			"startedDateTime": at.Format(time.RFC3339Nano), "time": 10, "_resourceType": "fetch",
			"request": map[string]any{"method": method, "url": url, "headers": reqH,
				"cookies":     []map[string]any{{"name": "sid", "value": cliSecrets["cookie"]}},
				"queryString": nv("access_token", cliSecrets["access_token"], "code", cliSecrets["code"])},
			"response": map[string]any{"status": status, "statusText": "", "headers": respH, "redirectURL": redirect,
				"cookies": []map[string]any{{"name": "sid", "value": cliSecrets["set-cookie"]}}},
			"serverIPAddress": "127.0.0.1",
		})
		at = at.Add(time.Second)
	}
	challenge := `Bearer realm="api", error="invalid_token"`
	add("GET", "https://api.test/me?access_token="+cliSecrets["access_token"]+"&client_secret="+cliSecrets["client_secret"],
		nv("Authorization", "Bearer "+cliSecrets["bearer"], "Cookie", "sid="+cliSecrets["cookie"]+"; theme=dark",
			"X-Api-Key", cliSecrets["api-key"], "Origin", "https://app.test"),
		401, nv("WWW-Authenticate", challenge, "Set-Cookie", "sid="+cliSecrets["set-cookie"]+"; Path=/; Secure"), "")
	add("GET", "https://api.test/basic", nv("Authorization", "Basic "+basic), 401, nv("WWW-Authenticate", `Basic realm="lab"`), "")
	add("GET", "https://api.test/jwt", nv("Authorization", "Bearer "+jwt), 401, nv("WWW-Authenticate", challenge), "")
	add("GET", "https://alice:"+cliSecrets["url-password"]+"@api.test/old?code="+cliSecrets["code"], nil,
		302, nv("Location", withPassword), withPassword)
	add("GET", withPassword, nv("Cookie", "sid="+cliSecrets["cookie"]), 401, nv("WWW-Authenticate", challenge, "Content-Location", withPassword), "")
	b, err := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2",
		"creator": map[string]any{"name": "authdoctor-test", "version": "1"}, "entries": entries}})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "secrets.har")
	require.NoError(t, os.WriteFile(path, b, 0o600))
	return path
}

// TestDiagnoseRedactsSecrets runs the CLI on a HAR full of secrets, in text
// and --json modes, and requires that none of them (nor its base64 form)
// is printed, while the failures are still reported.
func TestDiagnoseRedactsSecrets(t *testing.T) {
	path := secretHAR(t)
	for _, mode := range [][]string{{"diagnose", path}, {"diagnose", path, "--json"}} {
		t.Run(strings.Join(append([]string{"text"}, mode[2:]...), " "), func(t *testing.T) {
			code, out, errOut := cli(t, mode...)
			require.Equal(t, 0, code, errOut)
			all := out + errOut
			for name, s := range cliSecrets {
				assert.NotContains(t, all, s, "the %s secret is printed", name)
				assert.NotContains(t, all, strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(s)), "="), "the %s secret is printed in base64", name)
			}
			for _, want := range []string{"/me", "/basic", "/jwt", "/next"} {
				assert.Contains(t, out, want, "the failure of %s is not reported", want)
			}
			if len(mode) == 2 {
				// What may be shown is: the secrets were read, not skipped.
				for _, want := range []string{`user "alice"`, `sub="alice"`, "code=…(14 chars)", "cookie(s) sid (17 chars)"} {
					assert.Contains(t, out, want)
				}
			}
			if len(mode) == 3 {
				var rep struct {
					Failures []struct {
						URL      string `json:"url"`
						Findings []struct {
							ID string `json:"id"`
						} `json:"findings"`
					} `json:"failures"`
				}
				require.NoError(t, json.Unmarshal([]byte(out), &rep))
				assert.Len(t, rep.Failures, 4, "four failed requests")
				for _, f := range rep.Failures {
					assert.NotEmpty(t, f.Findings, f.URL)
				}
			}
		})
	}
}

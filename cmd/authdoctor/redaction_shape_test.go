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

// shapeSecrets are secrets whose header values lack the "scheme SP
// credentials" shape, API keys sent as a Basic user name, personal data in
// JWT claims and tokens in URL paths and nested URLs (issue 12, items 1, 2,
// 7 and 8). Each value is the part that must never be printed.
var shapeSecrets = map[string]string{
	"bare key":        "51HqLyjWDarjtT1zdp7dcBARE",
	"tab":             "TabSecretQY1k9xZ",
	"nbsp":            "NbspSecretQY2k9xZ",
	"comma":           "CommaSecretQY3k9xZ",
	"proxy bare":      "ProxyBareSecretQY4k9xZ",
	"long":            strings.Repeat("Lq7", 8),
	"basic user key":  "51HqLyjWDarjtT1zdp7dcUSER",
	"email claim":     "alice.liddell@example.com",
	"name claim":      "Alice Liddell",
	"telegram path":   "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
	"nested redirect": "NestedCodeQY5k9xZ",
}

func shapeHAR(t *testing.T) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	jwt := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"sub":"`+shapeSecrets["email claim"]+`","name":"`+shapeSecrets["name claim"]+`","iss":"https://id.test","exp":1600000000}`)) + ".c2ln"
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var entries []map[string]any
	add := func(url, name, value string, status int, challenge string) {
		entries = append(entries, map[string]any{
			"startedDateTime": at.Format(time.RFC3339Nano), "time": 10, "_resourceType": "fetch",
			"request": map[string]any{"method": "GET", "url": url, "headers": []map[string]string{{"name": name, "value": value}}},
			"response": map[string]any{"status": status, "statusText": "", "redirectURL": "",
				"headers": []map[string]string{{"name": map[bool]string{true: "Proxy-Authenticate", false: "WWW-Authenticate"}[status == 407], "value": challenge}}},
		})
		at = at.Add(time.Second)
	}
	add("https://api.test/bare", "Authorization", "sk_live_"+shapeSecrets["bare key"], 401, "Bearer")
	add("https://api.test/tab", "Authorization", "Bearer\t"+shapeSecrets["tab"], 401, "Bearer")
	add("https://api.test/nbsp", "Authorization", "Bearer\u00a0"+shapeSecrets["nbsp"], 401, "Bearer")
	add("https://api.test/comma", "Authorization", "Bearer,"+shapeSecrets["comma"], 401, "Bearer")
	add("https://api.test/proxy", "Proxy-Authorization", shapeSecrets["proxy bare"], 407, `Basic realm="corp"`)
	add("https://api.test/long", "Authorization", shapeSecrets["long"]+strings.Repeat("Zz9", 30), 401, "Bearer")
	add("https://api.test/v1/charges", "Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("sk_live_"+shapeSecrets["basic user key"]+":")), 401, `Basic realm="Stripe"`)
	add("https://api.test/jwt", "Authorization", "Bearer "+jwt, 401, `Bearer error="invalid_token"`)
	add("https://api.telegram.org/bot110201543:"+shapeSecrets["telegram path"]+"/getMe", "Authorization", "Bearer x", 401, "Bearer")
	add("https://idp.test/authorize?redirect_uri=https%3A%2F%2Fapp.test%2Fcb%3Fcode%3D"+shapeSecrets["nested redirect"], "Authorization", "Bearer x", 401, "Bearer")
	b, err := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2",
		"creator": map[string]any{"name": "authdoctor-test", "version": "1"}, "entries": entries}})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "shapes.har")
	require.NoError(t, os.WriteFile(path, b, 0o600))
	return path
}

// TestDiagnoseRedactsShapelessSecrets runs the CLI in its three output modes
// on a HAR whose secrets have no "scheme credentials" shape (or hide in a
// user name, a claim, a path or a nested URL) and requires that none is
// printed, while every failure is still reported with what it carried.
func TestDiagnoseRedactsShapelessSecrets(t *testing.T) {
	path := shapeHAR(t)
	for _, mode := range [][]string{{"diagnose", path}, {"diagnose", path, "--json"}, {"diagnose", path, "--markdown"}} {
		t.Run(strings.Join(append([]string{"text"}, mode[2:]...), " "), func(t *testing.T) {
			code, out, errOut := cli(t, mode...)
			require.Equal(t, 0, code, errOut)
			all := out + errOut
			for name, s := range shapeSecrets {
				assert.NotContains(t, all, s, "the %s secret is printed", name)
			}
			for _, want := range []string{"/bare", "/tab", "/nbsp", "/comma", "/proxy", "/long", "/v1/charges", "/jwt", "/getMe", "/authorize"} {
				assert.Contains(t, out, want, "the failure of %s is not reported", want)
			}
			if len(mode) == 2 {
				for _, want := range []string{"without a scheme", "sk_live_…", `iss="https://id.test"`} {
					assert.Contains(t, out, want)
				}
			}
		})
	}
}

package diagnose

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose/internal/secretshape"
	"github.com/stretchr/testify/require"
)

// keyPrefixes are vendor prefixes the shape fuzz puts before a secret sent
// as a Basic user name (and one without a prefix, a long random string).
var keyPrefixes = []string{"sk_live_", "rk_test_", "ghp_", "github_pat_", "xoxb-", "xoxp-", "AKIA", "AIza", "glpat-", "npm_", ""}

// FuzzRedactHidesShapelessSecret (issue 12, items 1 and 2) plants a secret
// where the "scheme SP credentials" shape does not hold: after any
// separator (none, a tab, NBSP, a comma, whatever the fuzzer finds) in
// Authorization and Proxy-Authorization, alone, and as a Basic or Digest
// user name that looks like an API key; and as the e-mail address in a
// JWT's sub. It requires that the secret appears in none of: the redacted
// snapshot, the report JSON, each failure's Markdown and CLI text — of the
// raw snapshot and of the redacted one.
func FuzzRedactHidesShapelessSecret(f *testing.F) {
	f.Add("51HqLyjWDarjtT1zdp7dcXYZ", "Bearer", "\t", uint8(0))
	f.Add("TOKENvalue", "Bearer", "\u00a0", uint8(1))
	f.Add("abc", "Bearer", ",", uint8(2))
	f.Add("abc", "", "", uint8(3))
	f.Add("x", "Basic", "\u3000", uint8(4))
	f.Add("a1B2c3D4e5F6g7H8i9J0", "Token", ";", uint8(10))
	f.Add("0", "Bearer", " ", uint8(5))
	f.Add("s", "Negotiate", "\x00", uint8(6))
	f.Fuzz(func(t *testing.T, rawSecret, scheme, sep string, which uint8) {
		secret := "ZQ" + keep(rawSecret, isKeyByte) + "QZ"
		scheme = keep(scheme, func(c byte) bool { return c != ' ' && isVisible(c) })
		if strings.Contains(scheme+sep, "ZQ") || strings.Contains(sep, "QZ") || strings.HasPrefix(scheme+sep, "QZ") {
			t.Skip()
		}
		// A user name that looks like a key: a vendor prefix, then the
		// secret made long and random-looking enough.
		user := keyPrefixes[int(which)%len(keyPrefixes)] + secret
		for len(user) < 24 || len(secret) < 20 {
			secret += "a1B2"
			user += "a1B2"
		}
		if keyPrefixes[int(which)%len(keyPrefixes)] == "" {
			user = "Zq8" + strings.Repeat("x9Y", 7) + secret
		}
		b64 := base64.StdEncoding.EncodeToString
		value := scheme + sep + secret
		jwt := jwtFor(`{"sub":"` + secret + `@example.com","exp":1}`)
		s := snap(
			answered(xhr("a", "GET", api+"/a", app, hdr("Authorization", value)), 401, bearerChallenge),
			answered(xhr("b", "GET", api+"/b", app, hdr("Proxy-Authorization", value)), 407, hdr("Proxy-Authenticate", `Basic realm="p"`)),
			answered(xhr("c", "GET", api+"/c", app, hdr("Authorization", secret)), 401, bearerChallenge),
			answered(xhr("g", "GET", api+"/g", app, hdr("Authorization", "Bearer "+jwt)), 401, bearerChallenge),
		)
		// A vendor-prefixed user name is a key by construction; a long
		// random one only when the fuzzer's secret keeps it random (a run
		// of zeros does not): secretshape's own tests judge the shapes,
		// this target the way the verdict is kept everywhere.
		if _, key := secretshape.Key(user); key {
			s.Exchanges = append(s.Exchanges,
				answered(xhr("d", "GET", api+"/d", app, hdr("Authorization", "Basic "+b64([]byte(user+":")))), 401, hdr("WWW-Authenticate", `Basic realm="r"`)),
				answered(xhr("e", "GET", api+"/e", app, hdr("Proxy-Authorization", "Basic "+strings.TrimRight(b64([]byte(user+":pw")), "="))), 407, hdr("Proxy-Authenticate", `Basic realm="p"`)),
				answered(xhr("f", "GET", api+"/f", app, hdr("Authorization", `Digest username="`+user+`", realm="r", response="00"`)), 401, hdr("WWW-Authenticate", `Digest realm="r"`)),
			)
		} else if keyPrefixes[int(which)%len(keyPrefixes)] != "" {
			t.Fatalf("%q has a vendor prefix but is no key", user)
		}
		// Evidence shortens long values: a leak may show only the start.
		head := secret[:min(len(secret), 12)]
		for name, snapshot := range map[string]Snapshot{"raw": s, "redacted": RedactSnapshot(s)} {
			for where, text := range everything(snapshot) {
				require.NotContains(t, text, head, "%s: %s", name, where)
				require.NotContains(t, text, rawB64(secret), "%s: %s (base64)", name, where)
			}
		}
	})
}

// isKeyByte: the characters of API keys and base64 tokens.
func isKeyByte(c byte) bool { return isSecretByte(c) || c == '.' || c == '+' || c == '/' || c == '=' }

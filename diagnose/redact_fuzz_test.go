package diagnose

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/stretchr/testify/require"
)

// FuzzRedactHidesSecret plants one secret in every place a secret may sit
// (Authorization Bearer and Basic password, Cookie and Set-Cookie values —
// named and nameless —, a URL password, a token-like query parameter, a
// secret-named header, a jar cookie) around attacker-chosen names and
// attributes, and requires that neither the redacted snapshot nor the
// report of the raw snapshot (JSON, Markdown, CLI text) contains it.
func FuzzRedactHidesSecret(f *testing.F) {
	f.Add("s3cr3t-value", "sid", "Bearer", "alice", "Path=/; Secure", "access_token")
	f.Add("eyJhbGciOiJIUzI1NiJ9", "", "", "", "", "code")
	f.Add("hunter2hunter2", "a b;c=d", "Basic", "x:y", ";;;", "api-key")
	f.Add("tok", "__Host-s", "bearer ", "", "=", "client_secret")
	f.Add("ssssssss", " ", "Negotiate", "@", "Domain=app.test", "X-Amz-Signature")
	f.Fuzz(func(t *testing.T, rawSecret, name, scheme, user, attrs, param string) {
		// A distinctive secret that cannot occur by chance in the
		// surrounding text (names, masks, evidence wording).
		secret := "ZQ" + keep(rawSecret, isSecretByte) + "QZ"
		name = keep(name, func(c byte) bool { return c != ';' && c != '=' && c != ',' && isVisible(c) })
		scheme = keep(scheme, func(c byte) bool { return c != ' ' && isVisible(c) })
		// A URL's userinfo ends at the first of "/?#\\" (browsers escape them
		// in user names), so such a user name makes another URL.
		user = keep(user, func(c byte) bool { return !strings.ContainsRune(":/?#\\@", rune(c)) && isVisible(c) })
		attrs = keep(attrs, isVisible)
		param = keep(param, func(c byte) bool { return c != '&' && c != '=' && c != '#' && isVisible(c) })
		if scheme == "" || strings.Contains(name+scheme+user+attrs+param, "ZQ") {
			t.Skip()
		}
		if !secretParam(param) {
			param = "access_token"
		}
		basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+secret))
		u := "https://" + user + ":" + secret + "@api.test/me?" + param + "=" + secret + "&page=1"
		req := hdr("Authorization", scheme+" "+secret, "Cookie", name+"="+secret+"; "+secret+"; b="+secret,
			"X-Api-Key", secret)
		ex := answered(xhr("1", "GET", u, app, req), 401,
			hdr("Set-Cookie", name+"="+secret+"; "+attrs, "Set-Cookie", secret, "WWW-Authenticate", `Bearer realm="r"`,
				"Location", "https://app.test/cb?"+param+"="+secret))
		basicEx := answered(xhr("2", "GET", "https://api.test/b", app, hdr("Authorization", basic)), 401, nil)
		s := withJar(snap(ex, basicEx), cookie.Cookie{Name: name, Value: secret, Domain: "api.test", Path: "/", Session: true})

		red := string(EncodeSnapshot(RedactSnapshot(s)))
		require.NotContains(t, red, secret, "redacted snapshot")
		require.NotContains(t, red, rawB64(secret), "redacted snapshot (base64)")
		rep := string(EncodeReport(Diagnose(s)))
		require.NotContains(t, rep, secret, "report")
		for where, text := range everything(s) {
			require.NotContains(t, text, secret, where)
		}
	})
}

func keep(s string, ok func(byte) bool) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if ok(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func isVisible(c byte) bool { return c > ' ' && c < 0x7f }

func isSecretByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// secretParam is true for the names weburl must treat as credentials.
func secretParam(p string) bool {
	switch strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(p)) {
	case "accesstoken", "code", "apikey", "clientsecret", "xamzsignature", "token", "password":
		return true
	}
	return false
}

// rawB64 is how a secret would look inside a Basic credential.
func rawB64(s string) string {
	return strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(s)), "=")
}

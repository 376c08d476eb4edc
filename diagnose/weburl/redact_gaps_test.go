package weburl

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const gapJWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiZXhwIjoxNzAwMDAwMDAwfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

// TestRedactedGaps: tokens in the path, URLs nested in parameters (encoded
// or not), bracketed and plural names, hmac, id_token_hint and login_hint,
// and values shaped like a JWT or a vendor's API key under any name.
func TestRedactedGaps(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"telegram bot token in the path", "https://api.telegram.org/bot123456:AAH-SECRET/getMe",
			"https://api.telegram.org/…(20 chars)/getMe"},
		{"telegram token, real length", "https://api.telegram.org/bot110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage?chat_id=1",
			"https://api.telegram.org/…(47 chars)/sendMessage?chat_id=1"},
		{"long random path segment", "https://a.test/reset/Xk29dLq0Pz7Rt5Wm3Nc8Bv1Hy6Gf4Js2/confirm",
			"https://a.test/reset/…(32 chars)/confirm"},
		{"JWT in the path", "https://a.test/verify/" + gapJWT, "https://a.test/verify/…(" + itoa(len(gapJWT)) + " chars)"},
		{"vendor key in the path", "/hooks/sk_live_51HqLyjWDarjtT1zdp7dc", "/hooks/…(29 chars)"},
		{"jsessionid path parameter", "https://a.test/shop;jsessionid=0A1B2C3D4E5F/cart", "https://a.test/shop;jsessionid=…(12 chars)/cart"},
		{"encoded nested redirect_uri", "https://idp.test/authorize?redirect_uri=https%3A%2F%2Fapp.test%2Fcb%3Fcode%3DSECRETCODE%26x%3D1&state=xyz",
			"https://idp.test/authorize?redirect_uri=https%3A%2F%2Fapp.test%2Fcb%3Fcode%3D…(10 chars)%26x%3D1&state=xyz"},
		{"double-encoded nested URL", "https://a.test/?next=https%253A%252F%252Fb.test%252F%253Ftoken%253DSECRETTOK",
			"https://a.test/?next=https%253A%252F%252Fb.test%252F%253Ftoken%253D…(9 chars)"},
		{"plain nested URL", "https://a.test/login?return=https://b.test/?token=SECRETTOK",
			"https://a.test/login?return=https://b.test/?token=…(9 chars)"},
		{"nested URL with a password", "https://a.test/?next=https%3A%2F%2Fu%3ApwSECRET%40b.test%2F",
			"https://a.test/?next=https%3A%2F%2Fu%40b.test%2F"},
		{"nested form in a parameter", "https://a.test/?state=code%3DSECRETCODE%26n%3D2",
			"https://a.test/?state=code%3D…(10 chars)%26n%3D2"},
		{"bracketed names", "https://a.test/?user[password]=hunter2&auth%5Btoken%5D=tok12&access_token[]=t1&user[name]=al",
			"https://a.test/?user[password]=…(7 chars)&auth%5Btoken%5D=…(5 chars)&access_token[]=…(2 chars)&user[name]=al"},
		{"plural, hmac and hints", "https://a.test/?api_keys=k1,k2&hmac=abc&id_token_hint=" + gapJWT + "&login_hint=alice@example.com&X-Hub-Signature-256=sha",
			"https://a.test/?api_keys=…(5 chars)&hmac=…(3 chars)&id_token_hint=…(" + itoa(len(gapJWT)) + " chars)&login_hint=…(17 chars)&X-Hub-Signature-256=…(3 chars)"},
		{"JWT under any name", "https://a.test/?t=" + gapJWT + "&page=2", "https://a.test/?t=…(" + itoa(len(gapJWT)) + " chars)&page=2"},
		{"vendor key under any name", "https://a.test/?k=sk_live_51HqLyjWDarjtT1zdp7dc", "https://a.test/?k=…(29 chars)"},
		// What is not a secret stays.
		{"custom method", "https://a.test/v1/projects/p:batchGet", "https://a.test/v1/projects/p:batchGet"},
		{"hashed asset", "https://a.test/static/main.9f86d081884c7d659a2f.bundle.js", "https://a.test/static/main.9f86d081884c7d659a2f.bundle.js"},
		{"words", "https://a.test/users/alice/profile-settings-2024?q=running-shoes", "https://a.test/users/alice/profile-settings-2024?q=running-shoes"},
		{"plain redirect_uri", "https://idp.test/authorize?redirect_uri=https%3A%2F%2Fapp.test%2Fcb&state=xyz", "https://idp.test/authorize?redirect_uri=https%3A%2F%2Fapp.test%2Fcb&state=xyz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Redacted(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, got, Redacted(got), "idempotent")
			for _, s := range []string{"AAH-SECRET", "SECRETCODE", "SECRETTOK", "hunter2", "pwSECRET", "Xk29dLq0Pz7Rt5Wm3Nc8Bv1Hy6Gf4Js2", "51HqLyjWDarjtT1zdp7dc", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "alice@example.com", "0A1B2C3D4E5F"} {
				assert.NotContains(t, got, s)
			}
		})
	}
}

func TestSecretGaps(t *testing.T) {
	for _, n := range []string{"api_keys", "hmac", "X-Hub-Signature-256", "Authentication", "X-Firebase-AppCheck", "id_token_hint", "login_hint", "user[password]", "access_token[]", "auth[token]", "X-Shopify-Hmac-Sha256"} {
		assert.True(t, Secret(n), n)
	}
	for _, n := range []string{"user[name]", "redirect_uri", "state", "page", "hint"} {
		assert.False(t, Secret(n), n)
	}
}

func itoa(n int) string {
	var b strings.Builder
	if n >= 100 {
		b.WriteByte(byte('0' + n/100))
	}
	if n >= 10 {
		b.WriteByte(byte('0' + n/10%10))
	}
	b.WriteByte(byte('0' + n%10))
	return b.String()
}

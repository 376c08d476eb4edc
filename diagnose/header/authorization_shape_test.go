package header

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestParseAuthorizationWithoutScheme: a value that is not "scheme SP
// credentials" (RFC 9110 §11.6.2: the separator is one or more SP) has no
// scheme: all of it is the secret, and the scheme field never holds any
// part of it (it is printed as evidence).
func TestParseAuthorizationWithoutScheme(t *testing.T) {
	const key = "sk_live_51HqLyjWDarjtT1zdp7dcXYZ"
	long := strings.Repeat("a1B2c3D4", 12)
	for _, tc := range []struct{ name, in string }{
		{"bare API key", key},
		{"bare long token", long},
		{"bare JWT", sampleJWT},
		{"tab separator", "Bearer\t" + key},
		{"NBSP separator", "Bearer\u00a0" + key},
		{"comma separator", "Bearer," + key},
		{"NBSP then space", "Bearer\u00a0" + key + " more"},
		{"key then space", key + " " + key},
		{"random word then space", "a3f9c2e1b7d84f6a9e0c1b2d3e4f5a6b x"},
		{"unknown bare word", "undefinedish"},
		{"quote in scheme", `Bear"er x`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ParseAuthorization(tc.in)
			assert.Equal(t, "", c.Scheme)
			assert.True(t, c.NoScheme)
			assert.Equal(t, len(strings.Trim(tc.in, " \t")), c.Length)
			assert.Empty(t, c.Token)
			assert.Empty(t, c.Username)
		})
	}
	t.Run("known schemes still parse", func(t *testing.T) {
		for in, scheme := range map[string]string{
			"Bearer " + key: "Bearer", "Bearer": "Bearer", "Basic": "Basic", "negotiate": "negotiate",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, Signature=5d672d": "AWS4-HMAC-SHA256",
			"Token abc": "Token", "SSWS 00QCjAl4MlV-WPXM": "SSWS",
		} {
			c := ParseAuthorization(in)
			assert.Equal(t, scheme, c.Scheme, in)
			assert.False(t, c.NoScheme, in)
		}
	})
}

// TestBasicUserNameKey: an API key sent as the Basic user name (Stripe's
// "key:" form, GitHub and Slack tokens, AWS key ids, long random strings)
// is a secret: Username is empty and UserKey says what the name looks like,
// with at most the vendor's prefix.
func TestBasicUserNameKey(t *testing.T) {
	b := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct{ user, prefix string }{
		{"sk_live_51HqLyjWDarjtT1zdp7dcXYZ", "sk_live_"},
		{"rk_test_4eC39HqLyjWDarjtT1zdp7dc", "rk_test_"},
		{"ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_"},
		{"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", "xoxb-"},
		{"AKIAIOSFODNN7EXAMPLE", "AKIA"},
		{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ""},
		{"Xk29dLq0Pz7Rt5Wm3Nc8Bv1Hy6Gf4Js2", ""},
		{"********************", ""}, // already masked: still a key
		{"sk_live_************************", "sk_live_"},
	} {
		t.Run(tc.user, func(t *testing.T) {
			c := ParseAuthorization(b(tc.user + ":"))
			assert.Equal(t, "Basic", c.Scheme)
			assert.Empty(t, c.Username)
			assert.True(t, c.UserKey)
			assert.Equal(t, tc.prefix, c.UserPrefix)
			assert.Equal(t, len(tc.user), c.UsernameLen)
		})
	}
	for _, user := range []string{"alice", "bob.smith", "jösé", "MyUserName2024Admin", "user.name.with.digits2024", "service-account-prod"} {
		c := ParseAuthorization(b(user + ":pw"))
		assert.Equal(t, user, c.Username)
		assert.False(t, c.UserKey, user)
	}
}

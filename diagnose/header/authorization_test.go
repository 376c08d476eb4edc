package header

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func basic(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }

const sampleJWT = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

const digestParams = `username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", response="8ca523f5e9506fed4657c9700eebdbec"`

var authorizationCases = []struct {
	name string
	in   string
	want Credentials
}{
	{"basic", basic("alice:s3cret"), Credentials{Scheme: "Basic", Length: 16, Username: "alice", PasswordLen: 6}},
	{"basic lowercase scheme", "basic " + base64.StdEncoding.EncodeToString([]byte("bob:pw")), Credentials{Scheme: "basic", Length: 8, Username: "bob", PasswordLen: 2}},
	{"basic empty password", basic("alice:"), Credentials{Scheme: "Basic", Length: 8, Username: "alice"}},
	{"basic colon in password", basic("a:b:c"), Credentials{Scheme: "Basic", Length: 8, Username: "a", PasswordLen: 3}},
	{"basic utf-8", basic("jösé:pässwörd"), Credentials{Scheme: "Basic", Length: 24, Username: "jösé", PasswordLen: 8}},
	{"basic latin-1 user name", "Basic " + base64.StdEncoding.EncodeToString([]byte("j\xf6:x")), Credentials{Scheme: "Basic", Length: 8, Username: "j\uFFFD", PasswordLen: 1}},
	{"basic without padding", "Basic " + base64.RawStdEncoding.EncodeToString([]byte("al:pw")), Credentials{Scheme: "Basic", Length: 7, Username: "al", PasswordLen: 2}},
	{"basic missing colon", basic("justatoken"), Credentials{Scheme: "Basic", Length: 16, MissingColon: true}},
	{"basic bad base64", "Basic alice:pw", Credentials{Scheme: "Basic", Length: 8, BadBase64: true}},
	{"basic empty", "Basic", Credentials{Scheme: "Basic", BadBase64: true}},
	{"basic extra spaces", "  Basic   " + base64.StdEncoding.EncodeToString([]byte("u:p")) + "  ", Credentials{Scheme: "Basic", Length: 4, Username: "u", PasswordLen: 1}},
	{"bearer jwt", "Bearer " + sampleJWT, Credentials{Scheme: "Bearer", Length: len(sampleJWT), Token: sampleJWT, IsJWT: true}},
	{"bearer opaque", "Bearer abc123", Credentials{Scheme: "Bearer", Length: 6, Token: "abc123"}},
	{"bearer undefined", "Bearer undefined", Credentials{Scheme: "Bearer", Length: 9, Token: "undefined"}},
	{"bearer empty", "Bearer ", Credentials{Scheme: "Bearer"}},
	{"bearer uppercase", "BEARER " + sampleJWT, Credentials{Scheme: "BEARER", Length: len(sampleJWT), Token: sampleJWT, IsJWT: true}},
	{"digest", "Digest " + digestParams,
		Credentials{Scheme: "Digest", Length: len(digestParams), Username: "Mufasa", Realm: "http-auth@example.org"}},
	{"negotiate", "Negotiate YIIBhQYGKwYBBQUCoIIBeTCC", Credentials{Scheme: "Negotiate", Length: 24}},
	{"empty", "", Credentials{}},
	{"token without scheme", sampleJWT, Credentials{NoScheme: true, Length: len(sampleJWT)}},
}

func TestParseAuthorization(t *testing.T) {
	for _, tc := range authorizationCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ParseAuthorization(tc.in))
		})
	}
	t.Run("Is", func(t *testing.T) {
		assert.True(t, ParseAuthorization("bAsIc x").Is("Basic"))
		assert.False(t, ParseAuthorization("Bearer x").Is("Basic"))
	})
}

func FuzzParseAuthorization(f *testing.F) {
	for _, tc := range authorizationCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, v string) {
		c := ParseAuthorization(v)
		if c.Is("Basic") {
			assert.Empty(t, c.Token)
			// The password never leaks into the user name.
			if c.Username != "" {
				assert.NotContains(t, c.Username, ":")
			}
		}
		if !c.Is("Bearer") {
			assert.Empty(t, c.Token)
		}
		// HTTP whitespace is SP and HTAB only (U+00A0 is part of a value).
		assert.LessOrEqual(t, c.Length, len(strings.Trim(v, " \t")))
	})
}

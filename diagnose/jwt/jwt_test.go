package jwt

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func tok(header, payload, sig string) string {
	return b64(header) + "." + b64(payload) + "." + b64(sig)
}

const hs256 = `{"alg":"HS256","typ":"JWT"}`

var parseCases = []struct {
	name  string
	in    string
	check func(t *testing.T, tk Token)
	err   string
}{
	{name: "rfc 7519 example",
		in: "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
		check: func(t *testing.T, tk Token) {
			assert.Equal(t, "HS256", tk.Alg)
			assert.Equal(t, "JWT", tk.Typ)
			assert.Equal(t, "joe", tk.Issuer)
			assert.Equal(t, time.Unix(1300819380, 0).UTC(), tk.ExpiresAt)
			assert.True(t, tk.Claims.Get("http://example.com/is_root").Bool())
			assert.Equal(t, 32, tk.SignatureLen)
			assert.False(t, tk.Unsecured)
			assert.False(t, tk.MillisecondTimes)
			assert.Empty(t, tk.BadClaims)
		}},
	{name: "all claims",
		in: tok(`{"alg":"RS256","kid":"k1"}`, `{"iss":"https://idp.test","sub":"u1","aud":["api","web"],"scope":"read  write","scp":["admin"],"azp":"spa","client_id":"cid","exp":1764210000,"nbf":1764200000.5,"iat":1764199999}`, "signature"),
		check: func(t *testing.T, tk Token) {
			assert.Equal(t, "RS256", tk.Alg)
			assert.Equal(t, "k1", tk.Kid)
			assert.Equal(t, "https://idp.test", tk.Issuer)
			assert.Equal(t, "u1", tk.Subject)
			assert.Equal(t, []string{"api", "web"}, tk.Audience)
			assert.Equal(t, []string{"read", "write", "admin"}, tk.Scopes)
			assert.Equal(t, "spa", tk.AuthorizedParty)
			assert.Equal(t, "cid", tk.ClientID)
			assert.Equal(t, time.Unix(1764210000, 0).UTC(), tk.ExpiresAt)
			assert.Equal(t, time.Unix(1764200000, 500_000_000).UTC(), tk.NotBefore)
			assert.Equal(t, time.Unix(1764199999, 0).UTC(), tk.IssuedAt)
			assert.Equal(t, 9, tk.SignatureLen)
		}},
	{name: "aud string, scp string",
		in: tok(hs256, `{"aud":"api","scp":"a b"}`, "s"),
		check: func(t *testing.T, tk Token) {
			assert.Equal(t, []string{"api"}, tk.Audience)
			assert.Equal(t, []string{"a", "b"}, tk.Scopes)
		}},
	{name: "milliseconds detected and corrected",
		in: tok(hs256, `{"exp":1764210000000,"iat":1764209000000.5,"nbf":1764200000}`, "s"),
		check: func(t *testing.T, tk Token) {
			assert.True(t, tk.MillisecondTimes)
			assert.Equal(t, time.Unix(1764210000, 0).UTC(), tk.ExpiresAt)
			assert.Equal(t, time.UnixMilli(1764209000000).UTC(), tk.IssuedAt.Truncate(time.Millisecond))
			assert.Equal(t, time.Unix(1764200000, 0).UTC(), tk.NotBefore)
		}},
	{name: "alg none, empty signature",
		in: b64(`{"alg":"none"}`) + "." + b64(`{"sub":"x"}`) + ".",
		check: func(t *testing.T, tk Token) {
			assert.True(t, tk.Unsecured)
			assert.Equal(t, 0, tk.SignatureLen)
			assert.Equal(t, "x", tk.Subject)
		}},
	{name: "alg NoNe any case",
		in:    tok(`{"alg":"NoNe"}`, `{}`, ""),
		check: func(t *testing.T, tk Token) { assert.True(t, tk.Unsecured) }},
	{name: "bad claim types reported",
		in: tok(hs256, `{"exp":"1764210000","nbf":null,"iat":1e400,"aud":[1,"x"],"iss":5,"scope":{}}`, "s"),
		check: func(t *testing.T, tk Token) {
			assert.ElementsMatch(t, []string{"exp", "nbf", "iat", "aud", "iss", "scope"}, tk.BadClaims)
			assert.True(t, tk.ExpiresAt.IsZero())
			assert.Equal(t, []string{"x"}, tk.Audience)
			assert.Empty(t, tk.Issuer)
		}},
	{name: "absent claims are zero",
		in: tok(hs256, `{}`, "s"),
		check: func(t *testing.T, tk Token) {
			assert.True(t, tk.ExpiresAt.IsZero())
			assert.Nil(t, tk.Audience)
			assert.Empty(t, tk.Scopes)
			assert.Empty(t, tk.BadClaims)
		}},
	{name: "padding tolerated",
		in: base64.URLEncoding.EncodeToString([]byte(hs256)) + "." + base64.URLEncoding.EncodeToString([]byte(`{"sub":"p"}`)) + "." + base64.URLEncoding.EncodeToString([]byte("sig")),
		check: func(t *testing.T, tk Token) {
			assert.Equal(t, "p", tk.Subject)
			assert.Equal(t, 3, tk.SignatureLen)
		}},
	{name: "jwe",
		in: b64(`{"alg":"RSA-OAEP","enc":"A256GCM","kid":"e1"}`) + ".a.b.c.d",
		check: func(t *testing.T, tk Token) {
			assert.True(t, tk.Encrypted)
			assert.Equal(t, "A256GCM", tk.Enc)
			assert.Equal(t, "RSA-OAEP", tk.Alg)
			assert.Equal(t, "e1", tk.Kid)
			assert.False(t, tk.Claims.Exists())
		}},
	{name: "negative and fractional dates",
		in: tok(hs256, `{"exp":-1.25}`, "s"),
		check: func(t *testing.T, tk Token) {
			assert.Equal(t, time.Unix(0, -1_250_000_000).UTC(), tk.ExpiresAt)
		}},

	{name: "two parts", in: "a.b", err: "jwt: want 3 parts (JWS) or 5 (JWE), found 2"},
	{name: "four parts", in: "a.b.c.d", err: "found 4"},
	{name: "not a token", in: "undefined", err: "found 1"},
	{name: "empty header", in: "..", err: "jwt: header: empty"},
	{name: "header bad base64", in: "e!J." + b64("{}") + ".", err: "jwt: header: invalid base64url at offset 1"},
	{name: "std alphabet rejected", in: "ab+/." + b64("{}") + ".", err: "jwt: header: invalid base64url at offset 2"},
	{name: "header not json", in: b64("nope") + "." + b64("{}") + ".", err: "jwt: header: jsonlite: invalid literal, want null at offset 0"},
	{name: "header not object", in: b64(`["alg"]`) + "." + b64("{}") + ".", err: "jwt: header: not a JSON object but array"},
	{name: "payload bad base64", in: b64(hs256) + ".eyJ*." + b64("s"), err: "jwt: payload: invalid base64url at offset 3"},
	{name: "payload not json", in: tok(hs256, `{"exp":}`, "s"), err: "jwt: payload: jsonlite: unexpected character '}' at offset 7"},
	{name: "payload string", in: tok(hs256, `"x"`, "s"), err: "jwt: payload: not a JSON object but string"},
	{name: "payload empty", in: b64(hs256) + ".." + b64("s"), err: "jwt: payload: empty"},
	{name: "signature bad base64", in: b64(hs256) + "." + b64("{}") + ".a", err: "jwt: signature: invalid base64url at offset 0"},
	{name: "too long", in: strings.Repeat("a", MaxLength+1), err: "longer than"},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			tk, err := Parse(tc.in)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			tc.check(t, tk)
		})
	}
}

func TestLooks(t *testing.T) {
	yes := []string{
		tok(hs256, `{}`, "s"),
		b64(`{"alg":"none"}`) + "." + b64("{}") + ".",
		b64(`{"alg":"RSA-OAEP","enc":"A256GCM"}`) + ".a.b.c.d",
	}
	no := []string{
		"", "abc", "a.b.c", "a.b.c.d",
		b64(`{"typ":"JWT"}`) + "." + b64("{}") + ".s", // no alg
		b64(`{"alg":1}`) + "." + b64("{}") + ".s",     // alg not a string
		b64(`["alg"]`) + "." + b64("{}") + ".s",       // not an object
		"Bearer " + tok(hs256, `{}`, "s"),             // space
		tok(hs256, `{}`, "s") + "\n",                  // trailing newline
		strings.Repeat("e", MaxLength) + ".a.b",       // absurd
		"0f1e2d3c.4b5a6978.8796a5b4",                  // hex session id with dots
	}
	for i, s := range yes {
		assert.True(t, Looks(s), "yes[%d]", i)
	}
	for i, s := range no {
		assert.False(t, Looks(s), "no[%d]", i)
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tk, err := Parse(s)
		looks := Looks(s)
		if err != nil {
			if looks {
				// Only the header decides Looks; the error must then be
				// about a later part.
				assert.NotContains(t, err.Error(), "jwt: header")
			}
			return
		}
		plain := strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=") == ""
		if plain && tk.Header.Get("alg").Kind() == jsonlite.String {
			assert.True(t, looks, "parsed token with alg not recognised by Looks")
		}
		if tk.MillisecondTimes {
			// Corrected times must land before the year 9999.
			for _, tm := range []time.Time{tk.ExpiresAt, tk.NotBefore, tk.IssuedAt} {
				assert.True(t, tm.IsZero() || tm.Year() <= 9999)
			}
		}
	})
}

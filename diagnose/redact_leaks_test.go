package diagnose

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// everything is every text a person or a store gets from s: the redacted
// snapshot, the report JSON, and each failure's Markdown and CLI text.
func everything(s Snapshot) map[string]string {
	rep := Diagnose(s)
	out := map[string]string{
		"redacted snapshot": string(EncodeSnapshot(RedactSnapshot(s))),
		"report":            string(EncodeReport(rep)),
	}
	for i, f := range rep.Failures {
		out["markdown"] += Markdown(f)
		out["text"] += Text(f, i+1)
	}
	return out
}

// proxyFailure is a 407 whose request carried Proxy-Authorization v.
func proxyFailure(v string) Exchange {
	return answered(xhr("p", "GET", api+"/me", app, hdr("Proxy-Authorization", v)), 407, hdr("Proxy-Authenticate", `Basic realm="corp"`))
}

// TestAuthorizationWithoutSchemeIsSecret (issue 12, item 1): a value that is
// not "scheme SP credentials" is a secret as a whole, in Authorization and
// Proxy-Authorization: a bare API key, a tab, NBSP or comma after the
// scheme, a long scheme-less token. Evidence still says a value was sent and
// how long it was.
func TestAuthorizationWithoutSchemeIsSecret(t *testing.T) {
	const body = "51HqLyjWDarjtT1zdp7dcXYZqq"
	key := "sk_live_" + body
	long := strings.Repeat("Zq8", 40)
	for _, tc := range []struct{ name, value, secret string }{
		{"bare API key", key, body},
		{"tab", "Bearer\t" + key, body},
		{"NBSP", "Bearer\u00a0" + key, body},
		{"NBSP then a space", "Bearer\u00a0" + key + " x", body},
		{"comma", "Bearer," + key, body},
		{"long token without scheme", long, long[:12]},
		{"key then a space", key + " " + key, body},
	} {
		for _, ex := range []Exchange{
			answered(xhr("a", "GET", api+"/me", app, hdr("Authorization", tc.value)), 401, bearerChallenge),
			proxyFailure(tc.value),
		} {
			t.Run(tc.name+"/"+ex.Request.Headers[0].Name, func(t *testing.T) {
				s := snap(ex)
				out := everything(s)
				require.Contains(t, out["text"], "without a scheme")
				for where, text := range out {
					assert.NotContains(t, text, tc.secret, where)
				}
				red := RedactSnapshot(s).Exchanges[0].Request.Headers[0].Value
				assert.Equal(t, strings.Repeat("*", len(tc.value)), red, "all of it is masked")
				assert.Equal(t, ids(Diagnose(s).Failures[0].Findings), ids(Diagnose(RedactSnapshot(s)).Failures[0].Findings))
			})
		}
	}
}

// TestBasicUserNameKeyIsMasked (issue 12, item 2): an API key sent as the
// Basic user name is shown only by its vendor prefix and length, in
// evidence and in the redacted header; a person's user name is kept.
func TestBasicUserNameKeyIsMasked(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString
	for _, tc := range []struct{ user, secret, shown string }{
		{"sk_live_51HqLyjWDarjtT1zdp7dcXYZ", "51HqLyjWDarjtT1zdp7dcXYZ", "sk_live_…"},
		{"ghp_16C7e42F292c6912E7710c838347Ae178B4a", "16C7e42F292c6912E7710c838347Ae178B4a", "ghp_…"},
		{"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", "pdFZKVeTuE8sk7oOcBrzbqgy", "xoxb-…"},
		{"AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE", "AKIA…"},
		{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "9f86d081884c7d659a2f", "key-like"},
	} {
		for _, ex := range []Exchange{
			answered(xhr("a", "GET", api+"/v1/charges", app, hdr("Authorization", "Basic "+b64([]byte(tc.user+":")))), 401, hdr("WWW-Authenticate", `Basic realm="Stripe"`)),
			proxyFailure("Basic " + b64([]byte(tc.user+":pw"))),
		} {
			t.Run(tc.shown+"/"+ex.Request.Headers[0].Name, func(t *testing.T) {
				s := snap(ex)
				out := everything(s)
				require.Contains(t, out["text"], tc.shown)
				for where, text := range out {
					assert.NotContains(t, text, tc.secret, where)
				}
				red := RedactSnapshot(s).Exchanges[0].Request.Headers[0].Value
				raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(red, "Basic "))
				require.NoError(t, err, red)
				assert.NotContains(t, string(raw), tc.secret, "redacted header")
				assert.Equal(t, len(tc.user), strings.IndexByte(string(raw), ':'), "the user name keeps its length")
				assert.Equal(t, Diagnose(s).Failures[0].Findings, Diagnose(RedactSnapshot(s)).Failures[0].Findings)
			})
		}
	}
	t.Run("a person's user name is kept", func(t *testing.T) {
		out := everything(snap(proxyFailure("Basic " + b64([]byte("alice:hunter2")))))
		assert.Contains(t, out["text"], `user "alice"`)
	})
	t.Run("without padding too", func(t *testing.T) {
		raw := base64.RawStdEncoding.EncodeToString
		assert.Equal(t, "Basic "+raw([]byte("alice:*******")), maskAuthorization("Basic "+raw([]byte("alice:hunter2"))))
		assert.Equal(t, "Basic "+raw([]byte("ghp_************************************:**")), maskAuthorization("Basic "+raw([]byte("ghp_16C7e42F292c6912E7710c838347Ae178B4a:pw"))))
	})
}

// TestRedactHeaderGaps (issue 12, item 7): credential headers whose names
// the suffix rules missed, and URLs inside Link.
func TestRedactHeaderGaps(t *testing.T) {
	e := answered(xhr("1", "GET", api+"/me", app, hdr(
		"Authentication", "Bearer AuthenticationSecretQ1",
		"X-Firebase-AppCheck", "AppCheckSecretQ2",
		"X-Hub-Signature-256", "sha256=HubSigSecretQ3",
		"X-Shopify-Hmac-Sha256", "ShopifySecretQ4",
		"X-Client-Data", personalJWT,
		"X-Stripe-Thing", "sk_live_51HqLyjWDarjtT1zdpQ7",
	)), 401, hdr("Link", `<https://api.test/items?page=2&access_token=LinkSecretQ5>; rel="next", </bot123456:LinkPathSecretQ6/x>; rel="alt"`))
	r := Redact(e)
	all := string(EncodeSnapshot(snap(r)))
	for _, s := range []string{"AuthenticationSecretQ1", "AppCheckSecretQ2", "HubSigSecretQ3", "ShopifySecretQ4", "LinkSecretQ5", "LinkPathSecretQ6",
		personalJWT[:40], "51HqLyjWDarjtT1zdpQ7"} {
		assert.NotContains(t, all, s)
	}
	assert.Equal(t, `<https://api.test/items?page=2&access_token=…(12 chars)>; rel="next", </…(26 chars)/x>; rel="alt"`, r.Response.Headers.Get("Link"))
	assert.Equal(t, `<https://a.test/?token=…(3 chars)`, redactHeader("Link", `<https://a.test/?token=abc`), "unterminated")
}

// personalJWT carries personal data beside what the diagnosis reads.
var personalJWT = jwtFor(`{"sub":"alice.liddell@example.com","email":"alice.liddell@example.com","name":"Alice Liddell",` +
	`"phone_number":"+1 555 0100 1234","address":{"street":"1 Rabbit Hole"},"iss":"https://idp.test","aud":["api"],` +
	`"scope":"read write","exp":` + unix(now.Add(-time.Hour)) + `,"iat":` + unix(now.Add(-2*time.Hour)) + `}`)

var personalData = []string{"alice.liddell@example.com", "Alice Liddell", "555 0100", "Rabbit Hole", "alice.liddell"}

// TestJWTPersonalClaimsMasked (issue 12, item 8): a JWT's personal claims
// (email, name, phone, address, a sub that is an e-mail address) are masked
// in evidence and in the redacted stored form, which keeps the times, iss,
// aud and scope the rules read, and the token's length.
func TestJWTPersonalClaimsMasked(t *testing.T) {
	ex := answered(xhr("a", "GET", api+"/me", app, hdr("Authorization", "Bearer "+personalJWT, "Cookie", "id_token="+personalJWT)), 401,
		hdr("WWW-Authenticate", `Bearer error="invalid_token"`))
	s := withJar(snap(ex), cookie.Cookie{Name: "id_token", Value: personalJWT, Domain: "api.test", HostOnly: true, Path: "/", Session: true, Created: now.Add(-time.Hour)})
	out := everything(s)
	require.Contains(t, out["text"], "expired at")
	require.Contains(t, out["text"], `iss="https://idp.test"`)
	for where, text := range out {
		for _, p := range personalData {
			assert.NotContains(t, text, p, where)
		}
	}
	red := RedactSnapshot(s)
	stored := []string{
		strings.TrimPrefix(red.Exchanges[0].Request.Headers.Get("Authorization"), "Bearer "),
		strings.TrimPrefix(red.Exchanges[0].Request.Headers.Get("Cookie"), "id_token="),
		red.Cookies[0].Value,
	}
	for _, tok := range stored {
		require.Len(t, tok, len(personalJWT), "same length")
		parts := strings.Split(tok, ".")
		require.Len(t, parts, 3)
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		require.NoError(t, err)
		for _, p := range personalData {
			assert.NotContains(t, string(payload), p)
		}
		v, err := jsonlite.Parse(payload)
		require.NoError(t, err, string(payload))
		assert.Equal(t, "https://idp.test", v.Get("iss").Str())
		assert.Equal(t, "api", v.Get("aud").Index(0).Str())
		assert.Equal(t, "read write", v.Get("scope").Str())
		assert.Equal(t, float64(now.Add(-time.Hour).Unix()), v.Get("exp").Float())
		assert.Equal(t, float64(now.Add(-2*time.Hour).Unix()), v.Get("iat").Float())
	}
	assert.Equal(t, ids(Diagnose(s).Failures[0].Findings), ids(Diagnose(red).Failures[0].Findings))
	assert.Equal(t, Diagnose(s).Failures[0].Findings, Diagnose(red).Failures[0].Findings, "the same evidence")

	t.Run("a sub that is an id is kept", func(t *testing.T) {
		assert.Contains(t, everything(snap(answered(xhr("a", "GET", api+"/me", app, hdr("Authorization", "Bearer "+expiredJWT)), 401, bearerChallenge)))["text"], `sub="alice"`)
	})
	t.Run("a sub that is a phone number is masked", func(t *testing.T) {
		tok := jwtFor(`{"sub":"+15550100123","exp":` + unix(now.Add(-time.Hour)) + `}`)
		out := everything(snap(answered(xhr("a", "GET", api+"/me", app, hdr("Authorization", "Bearer "+tok)), 401, bearerChallenge)))
		for where, text := range out {
			assert.NotContains(t, text, "5550100123", where)
		}
	})
}

// TestRedactDigestKeepsNames: a redacted Digest credential keeps its user
// name and realm (evidence shows them) and masks the rest in place; a
// key-like user name keeps only its vendor prefix.
func TestRedactDigestKeepsNames(t *testing.T) {
	v := `Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html?token=DigestUriSecret", response="8ca523f5e9506fed4657c9700eebdbec", nc=00000001`
	r := maskAuthorization(v)
	assert.Equal(t, `Digest username="Mufasa", realm="http-auth@example.org", uri="`+strings.Repeat("*", len("/dir/index.html?token=DigestUriSecret"))+`", response="********************************", nc=********`, r)
	assert.Len(t, r, len(v))
	ex := answered(xhr("a", "GET", api+"/dir/index.html", app, hdr("Authorization", v)), 401, hdr("WWW-Authenticate", `Digest realm="http-auth@example.org"`))
	assert.Equal(t, Diagnose(snap(ex)).Failures[0].Findings, Diagnose(RedactSnapshot(snap(ex))).Failures[0].Findings)
	assert.Contains(t, everything(snap(ex))["text"], `user "Mufasa"`)
	assert.Equal(t, `Digest username="ghp_************************************", response="**"`, maskAuthorization(`Digest username="ghp_16C7e42F292c6912E7710c838347Ae178B4a", response="ab"`))
	assert.Equal(t, "Digest ********", maskAuthorization("Digest notparam"))
}

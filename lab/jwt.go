package lab

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// jwtKey signs the lab's tokens. The signature only has to look real: the
// lab decides validity from the claims, as a real API would after verifying.
var jwtKey = []byte("authdoctor-lab-not-a-secret")

// Claims are the registered JWT claims the lab uses (times in seconds).
type Claims struct {
	Iss   string `json:"iss,omitempty"`
	Sub   string `json:"sub,omitempty"`
	Aud   string `json:"aud,omitempty"`
	Scope string `json:"scope,omitempty"`
	Iat   int64  `json:"iat,omitempty"`
	Nbf   int64  `json:"nbf,omitempty"`
	Exp   int64  `json:"exp,omitempty"`
}

// JWT returns an HS256 token for c.
func JWT(c Claims) string {
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	body, _ := json.Marshal(c)
	signing := hdr + "." + base64.RawURLEncoding.EncodeToString(body)
	m := hmac.New(sha256.New, jwtKey)
	m.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// labToken is a token issued by the lab's identity provider at now+offset
// for ttl; offsets model wrong clocks.
func labToken(now time.Time, issued time.Duration, ttl time.Duration, scope string) Claims {
	iat := now.Add(issued)
	return Claims{Iss: "https://id.test", Sub: "alice", Aud: "https://api.test", Scope: scope,
		Iat: iat.Unix(), Exp: iat.Add(ttl).Unix()}
}

// parseJWT returns the claims of a lab token, or false if it is not one.
func parseJWT(tok string) (Claims, bool) {
	var c Claims
	parts := strings.SplitN(tok, ".", 3)
	if len(parts) != 3 {
		return c, false
	}
	m := hmac.New(sha256.New, jwtKey)
	m.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, m.Sum(nil)) {
		return c, false
	}
	body, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(body, &c) != nil {
		return c, false
	}
	return c, true
}

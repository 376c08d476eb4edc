// Package jwt decodes JSON Web Tokens without verifying them, to explain
// authentication failures: which claims say the token expired, is not yet
// valid, was issued for another audience or lacks a scope.
//
// Nothing here checks a signature, so nothing here may be used to trust a
// token. The signature itself is never kept, only its length.
package jwt

import (
	"encoding/base64"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
)

// MaxLength bounds the tokens Parse accepts; real ones are a few KiB.
const MaxLength = 64 << 10

// millisThreshold separates seconds from milliseconds in NumericDate
// claims: 1e11 seconds is the year 5138, 1e11 milliseconds is 1973.
const millisThreshold = 1e11

// Token is what a JWT says about itself. Times are zero when the claim is
// absent or unusable (then its name is in BadClaims).
type Token struct {
	// Header is the decoded JOSE header; Alg, Typ and Kid are copied from it.
	Header jsonlite.Value
	Alg    string
	Typ    string
	Kid    string
	// Unsecured is set for alg "none" (any case): a token nobody signed.
	Unsecured bool
	// Encrypted marks a JWE (five parts): its claims cannot be read, and
	// Enc is its content encryption algorithm.
	Encrypted bool
	Enc       string

	// Claims is the whole decoded payload, for display of other claims.
	Claims   jsonlite.Value
	Issuer   string   // iss
	Subject  string   // sub
	Audience []string // aud, a string or an array of strings
	// Scopes joins "scope" (space-separated string, RFC 8693) and "scp"
	// (string or array, as Azure AD and Okta write it).
	Scopes          []string
	AuthorizedParty string // azp
	ClientID        string // client_id
	ExpiresAt       time.Time
	NotBefore       time.Time
	IssuedAt        time.Time
	// MillisecondTimes reports exp, nbf or iat written in milliseconds
	// instead of seconds (a common bug); the times above are corrected.
	MillisecondTimes bool
	// BadClaims names registered claims present with an unusable type or
	// value, e.g. exp given as a string.
	BadClaims []string

	SignatureLen int // bytes of the decoded signature
}

// Parse decodes a compact JWS (three parts) or recognises a compact JWE
// (five parts). Errors name the part that failed, e.g.
// "jwt: payload: invalid base64url at offset 12".
func Parse(token string) (Token, error) {
	var t Token
	if len(token) > MaxLength {
		return t, errors.New("jwt: longer than " + strconv.Itoa(MaxLength) + " bytes")
	}
	parts := strings.Split(token, ".")
	switch len(parts) {
	case 3, 5:
	default:
		return t, errors.New("jwt: want 3 parts (JWS) or 5 (JWE), found " + strconv.Itoa(len(parts)))
	}
	h, err := decodeObject("header", parts[0])
	if err != nil {
		return t, err
	}
	t.Header = h
	t.Alg = h.Get("alg").Str()
	t.Typ = h.Get("typ").Str()
	t.Kid = h.Get("kid").Str()
	if len(parts) == 5 {
		t.Encrypted = true
		t.Enc = h.Get("enc").Str()
		return t, nil
	}
	t.Unsecured = strings.EqualFold(t.Alg, "none")

	c, err := decodeObject("payload", parts[1])
	if err != nil {
		return t, err
	}
	sig, err := decodePart("signature", parts[2])
	if err != nil {
		return t, err
	}
	t.SignatureLen = len(sig)
	t.readClaims(c)
	return t, nil
}

func (t *Token) readClaims(c jsonlite.Value) {
	t.Claims = c
	t.Issuer = t.stringClaim(c, "iss")
	t.Subject = t.stringClaim(c, "sub")
	t.AuthorizedParty = t.stringClaim(c, "azp")
	t.ClientID = t.stringClaim(c, "client_id")
	t.Audience = t.listClaim(c, "aud", false)
	t.Scopes = append(t.listClaim(c, "scope", true), t.listClaim(c, "scp", true)...)
	t.ExpiresAt = t.timeClaim(c, "exp")
	t.NotBefore = t.timeClaim(c, "nbf")
	t.IssuedAt = t.timeClaim(c, "iat")
}

func (t *Token) bad(name string) { t.BadClaims = append(t.BadClaims, name) }

func (t *Token) stringClaim(c jsonlite.Value, name string) string {
	v := c.Get(name)
	switch v.Kind() {
	case jsonlite.Invalid:
	case jsonlite.String:
		return v.Str()
	default:
		t.bad(name)
	}
	return ""
}

// listClaim reads a string or an array of strings; split also splits
// strings on spaces (the scope syntax).
func (t *Token) listClaim(c jsonlite.Value, name string, split bool) []string {
	v := c.Get(name)
	switch v.Kind() {
	case jsonlite.Invalid:
		return nil
	case jsonlite.String:
		if split {
			return strings.Fields(v.Str())
		}
		return []string{v.Str()}
	case jsonlite.Array:
		out := make([]string, 0, v.Len())
		for _, it := range v.Items() {
			if it.Kind() != jsonlite.String {
				t.bad(name)
				continue
			}
			out = append(out, it.Str())
		}
		return out
	}
	t.bad(name)
	return nil
}

// maxSeconds is the last second of the year 9999; later dates are nonsense.
const maxSeconds = 253402300799

func (t *Token) timeClaim(c jsonlite.Value, name string) time.Time {
	v := c.Get(name)
	if !v.Exists() {
		return time.Time{}
	}
	if v.Kind() != jsonlite.Number {
		t.bad(name)
		return time.Time{}
	}
	f := v.Float()
	if f > millisThreshold {
		t.MillisecondTimes = true
		f /= 1000
	}
	if math.IsInf(f, 0) || f > maxSeconds || f < -maxSeconds {
		t.bad(name)
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC()
}

// Looks reports whether s has the shape of a JWT: three base64url parts
// (or five, for a JWE) whose first decodes to a JSON object with an "alg"
// string. It is cheap enough to run on every bearer token and cookie value.
func Looks(s string) bool {
	n := strings.Count(s, ".")
	if (n != 2 && n != 4) || len(s) > MaxLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '=') {
			return false
		}
	}
	head, _, _ := strings.Cut(s, ".")
	h, err := decodeObject("header", head)
	return err == nil && h.Get("alg").Kind() == jsonlite.String
}

func decodePart(part, s string) ([]byte, error) {
	// RFC 7515 forbids padding, but some libraries add it; tolerate it.
	s = strings.TrimRight(s, "=")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return nil, errors.New("jwt: " + part + ": invalid base64url at offset " + strconv.FormatInt(int64(ce), 10))
		}
		return nil, errors.New("jwt: " + part + ": invalid base64url")
	}
	return b, nil
}

func decodeObject(part, s string) (jsonlite.Value, error) {
	if s == "" {
		return jsonlite.Value{}, errors.New("jwt: " + part + ": empty")
	}
	b, err := decodePart(part, s)
	if err != nil {
		return jsonlite.Value{}, err
	}
	v, err := jsonlite.Parse(b)
	if err != nil {
		return jsonlite.Value{}, errors.New("jwt: " + part + ": " + err.Error())
	}
	if v.Kind() != jsonlite.Object {
		return jsonlite.Value{}, errors.New("jwt: " + part + ": not a JSON object but " + v.Kind().String())
	}
	return v, nil
}

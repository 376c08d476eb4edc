package diagnose

// parsers.go adapts the sibling parsers (diagnose/header, diagnose/jwt,
// diagnose/weburl, diagnose/cookie) to what the rules need, so each rule
// reads the same small vocabulary.

import (
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/jwt"
	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

// claims are the registered JWT claims the rules read.
type claims struct {
	Exp, Nbf, Iat          time.Time
	HasExp, HasNbf, HasIat bool
	Millis                 bool // times were written in milliseconds
	Scopes                 []string
	HasScopes              bool
	Sub, Iss               string
	Aud                    []string
}

// decodeJWT reads the claims of a JWT-shaped value (unverified, as
// everything here: the claims explain a refusal, they are not trusted).
func decodeJWT(tok string) (claims, bool) {
	if !jwt.Looks(tok) {
		return claims{}, false
	}
	t, err := jwt.Parse(tok)
	if err != nil || t.Encrypted {
		return claims{}, false
	}
	return claims{
		Exp: t.ExpiresAt, Nbf: t.NotBefore, Iat: t.IssuedAt,
		HasExp: !t.ExpiresAt.IsZero(), HasNbf: !t.NotBefore.IsZero(), HasIat: !t.IssuedAt.IsZero(),
		Millis: t.MillisecondTimes, Scopes: t.Scopes,
		HasScopes: t.Claims.Get("scope").Exists() || t.Claims.Get("scp").Exists(),
		Sub:       t.Subject, Iss: t.Issuer, Aud: t.Audience,
	}, true
}

func redactURL(s string) string { return weburl.Redacted(s) }

// httpDate parses an HTTP-date (Date, Expires).
func httpDate(v string) (time.Time, bool) {
	t, err := header.ParseHTTPDate(v)
	return t, err == nil
}

// ageSeconds is the Age header, -1 when absent or invalid.
func ageSeconds(v string) int64 {
	if v == "" {
		return -1
	}
	n, err := header.ParseAge(v)
	if err != nil {
		return -1
	}
	return n
}

func parseURLLoose(s string) (weburl.URL, error) { return weburl.Parse(s) }

// jwtWithoutSignature returns "header.payload." for a JWT-shaped value.
func jwtWithoutSignature(v string) (string, bool) {
	if strings.Count(v, ".") != 2 || !jwt.Looks(v) {
		return "", false
	}
	i := strings.LastIndexByte(v, '.')
	return v[:i+1], true
}

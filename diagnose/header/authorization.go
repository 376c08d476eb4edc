package header

import (
	"bytes"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor/diagnose/internal/secretshape"
	"github.com/authdoctor/authdoctor/diagnose/jwt"
)

// Credentials is what an Authorization or Proxy-Authorization value says,
// minus the secrets: a Basic password is decoded only to be measured and
// dropped. Token is the one secret kept, so JWT claims can be read; callers
// must never print it.
type Credentials struct {
	Scheme string // as sent; compare with Is. Never a part of the secret.
	// NoScheme means the value is not "scheme SP credentials" (a bare API
	// key, a tab, NBSP or comma after the scheme, a scheme-shaped key):
	// all of it is the secret, Scheme is empty and Length is its length.
	NoScheme bool
	// Length is the byte length of everything after the scheme.
	Length int

	// Basic: the decoded user name and the password's length in characters.
	Username    string
	PasswordLen int
	// UserKey means the user name looks like an API key (Stripe's
	// "key:" form, a GitHub or Slack token, an AWS key id, a long random
	// string): then Username is empty, UserPrefix is the vendor's prefix
	// ("sk_live_", "" when none; never secret) and UsernameLen its length.
	UserKey     bool
	UserPrefix  string
	UsernameLen int
	// BadBase64 means the Basic credentials are not base64;
	// MissingColon means they decode to text without the ':' separator
	// (then Username stays empty: the text might be a secret).
	BadBase64    bool
	MissingColon bool

	// Digest: the username and realm parameters (Username is shared with Basic).
	Realm string

	// Bearer: the token itself (SECRET) and whether it is shaped like a JWT.
	Token string
	IsJWT bool
}

// Is reports whether the credentials use scheme (case-insensitive).
func (c Credentials) Is(scheme string) bool { return strings.EqualFold(c.Scheme, scheme) }

// ParseAuthorization reads one Authorization or Proxy-Authorization value.
// It never fails: what cannot be understood is described by the flags and
// Length, so the engine can still explain it.
func ParseAuthorization(v string) Credentials {
	v = trimOWS(v)
	if len(v) > MaxValueLength {
		v = v[:MaxValueLength]
	}
	scheme, rest, ok := SplitAuthorization(v)
	if !ok && v != "" {
		return Credentials{NoScheme: true, Length: len(v)}
	}
	c := Credentials{Scheme: scheme, Length: len(rest)}
	switch {
	case c.Is("Basic"):
		c.basic(rest)
	case c.Is("Bearer"):
		c.Token = rest
		c.IsJWT = jwt.Looks(rest)
	case c.Is("Digest"):
		cs, _ := ParseChallenges([]string{v})
		if len(cs) > 0 {
			c.setUser(cs[0].Param("username"))
			c.Realm = cs[0].Param("realm")
		}
	}
	return c
}

// maxSchemeLength bounds an auth-scheme: registered ones are short
// ("AWS4-HMAC-SHA256" is among the longest); a longer word is a token.
const maxSchemeLength = 32

// knownSchemes may be sent alone, without credentials (then they say
// nothing secret); any other lone word may be a key.
var knownSchemes = []string{"Basic", "Bearer", "Digest", "Negotiate", "NTLM", "Kerberos", "HOBA", "Mutual",
	"SCRAM-SHA-1", "SCRAM-SHA-256", "vapid", "PrivateToken", "DPoP", "GNAP", "Concealed", "AWS4-HMAC-SHA256", "Token"}

// SplitAuthorization splits an Authorization or Proxy-Authorization value
// (RFC 9110 §11.6.2: auth-scheme [ 1*SP credentials ]) into its scheme and
// credentials. ok is false when the value does not have that shape, so all
// of it must be treated as the secret: no token first, the token followed
// by anything but SP (a tab, NBSP, comma), a token that looks like a key
// or is too long to be a scheme, or a lone word that is not a known scheme.
func SplitAuthorization(v string) (scheme, credentials string, ok bool) {
	v = trimOWS(v)
	i := 0
	for i < len(v) && isTchar(v[i]) {
		i++
	}
	scheme, rest := v[:i], v[i:]
	if scheme == "" || len(scheme) > maxSchemeLength || (rest != "" && rest[0] != ' ') {
		return "", "", false
	}
	if _, key := secretshape.Key(scheme); key {
		return "", "", false
	}
	if rest == "" {
		for _, k := range knownSchemes {
			if strings.EqualFold(k, scheme) {
				return scheme, "", true
			}
		}
		return "", "", false
	}
	return scheme, trimOWS(rest), true
}

// setUser records a user name, unless it looks like a key.
func (c *Credentials) setUser(u string) {
	if p, key := secretshape.Key(u); key {
		c.UserKey, c.UserPrefix, c.UsernameLen = true, p, len(u)
		return
	}
	c.Username = u
}

func (c *Credentials) basic(s string) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		// Some clients drop the padding.
		raw, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil || s == "" {
		c.BadBase64 = true
		return
	}
	defer clear(raw) // the password lived here
	i := bytes.IndexByte(raw, ':')
	if i < 0 {
		c.MissingColon = true
		return
	}
	c.setUser(strings.ToValidUTF8(string(raw[:i]), "\uFFFD"))
	c.PasswordLen = utf8.RuneCount(raw[i+1:])
}

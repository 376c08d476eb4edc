package header

import (
	"bytes"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor/diagnose/jwt"
)

// Credentials is what an Authorization or Proxy-Authorization value says,
// minus the secrets: a Basic password is decoded only to be measured and
// dropped. Token is the one secret kept, so JWT claims can be read; callers
// must never print it.
type Credentials struct {
	Scheme string // as sent; compare with Is
	// Length is the byte length of everything after the scheme.
	Length int

	// Basic: the decoded user name and the password's length in characters.
	Username    string
	PasswordLen int
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
	scheme, rest, _ := strings.Cut(v, " ")
	rest = trimOWS(rest)
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
			c.Username = cs[0].Param("username")
			c.Realm = cs[0].Param("realm")
		}
	}
	return c
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
	c.Username = strings.ToValidUTF8(string(raw[:i]), "\uFFFD")
	c.PasswordLen = utf8.RuneCount(raw[i+1:])
}

package diagnose

import (
	"encoding/base64"
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/internal/secretshape"
	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

// Redact returns a copy of e safe to store or show: every secret is replaced
// by a same-length run of '*', keeping what the rules read. An
// Authorization value that is not "scheme SP credentials" is masked whole.
// A JWT keeps its header and the claims the rules read (times, iss, aud,
// scopes, a sub that is not an e-mail address or phone number), masks the
// others and loses its signature, keeping its length; a Basic credential
// keeps its user name unless it looks like an API key (then only the
// vendor's prefix); cookies keep names, lengths and attributes; URLs lose
// passwords, token-like path segments and query values (nested URLs
// included).
// Diagnose gives the same findings on the redacted exchange.
func Redact(e Exchange) Exchange {
	out := e
	out.Request.URL = weburl.Redacted(e.Request.URL)
	out.Request.Headers = redactHeaders(e.Request.Headers)
	if e.Response != nil {
		r := *e.Response
		r.Headers = redactHeaders(r.Headers)
		out.Response = &r
	}
	if e.Preflight != nil {
		p := Redact(*e.Preflight)
		out.Preflight = &p
	}
	out.Redirects = slices.Clone(e.Redirects)
	for i := range out.Redirects {
		out.Redirects[i].URL = weburl.Redacted(out.Redirects[i].URL)
		out.Redirects[i].Headers = redactHeaders(out.Redirects[i].Headers)
	}
	if e.AuthChallenge != nil {
		a := *e.AuthChallenge
		out.AuthChallenge = &a
	}
	return out
}

// RedactSnapshot redacts every exchange and every jar cookie value.
func RedactSnapshot(s Snapshot) Snapshot {
	out := s
	out.Exchanges = make([]Exchange, len(s.Exchanges))
	for i, e := range s.Exchanges {
		out.Exchanges[i] = Redact(e)
	}
	out.Cookies = make([]cookie.Cookie, len(s.Cookies))
	for i, c := range s.Cookies {
		c.Value = maskValue(c.Value)
		out.Cookies[i] = c
	}
	if s.Cookies == nil {
		out.Cookies = nil
	}
	out.Problems = slices.Clone(s.Problems)
	return out
}

func redactHeaders(h header.Headers) header.Headers {
	if h == nil {
		return nil
	}
	out := make(header.Headers, len(h))
	for i, f := range h {
		out[i] = header.Field{Name: f.Name, Value: redactHeader(f.Name, f.Value)}
	}
	return out
}

func redactHeader(name, v string) string {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		return maskAuthorization(v)
	case "cookie":
		return maskCookieHeader(v)
	case "set-cookie":
		return maskSetCookie(v)
	case "location", "content-location", "referer", "refresh":
		return weburl.Redacted(v)
	case "link":
		return redactLink(v)
	case "www-authenticate", "proxy-authenticate", "access-control-allow-credentials", "access-control-allow-headers":
		return v
	}
	if weburl.Secret(name) || secretValue(strings.TrimSpace(v)) {
		return stars(len(v))
	}
	return v
}

// secretValue says a header value is a credential whatever the header's
// name: a JWT or a vendor's API key.
func secretValue(v string) bool {
	if secretshape.JWT(v) {
		return true
	}
	_, key := secretshape.VendorKey(v)
	return key
}

// redactLink redacts each <URI-reference> of a Link header (RFC 8288); an
// unterminated one runs to the end.
func redactLink(v string) string {
	parts := strings.Split(v, "<")
	for i := 1; i < len(parts); i++ {
		uri, rest, closed := strings.Cut(parts[i], ">")
		parts[i] = weburl.Redacted(uri)
		if closed {
			parts[i] += ">" + rest
		}
	}
	return strings.Join(parts, "<")
}

func stars(n int) string { return strings.Repeat("*", n) }

// maskValue hides a secret, keeping a JWT's header and the claims the rules
// read (maskClaims); its signature becomes as many 'A's (still base64url,
// so the JWT still parses and keeps its length).
func maskValue(v string) string {
	if hp, ok := jwtWithoutSignature(v); ok {
		return maskClaims(hp) + strings.Repeat("A", len(v)-len(hp))
	}
	return stars(len(v))
}

// maskAuthorization keeps the scheme (only when the value has the shape
// "scheme SP credentials", header.SplitAuthorization), a Basic user name
// that does not look like a key, and a JWT's readable claims.
func maskAuthorization(v string) string {
	scheme, cred, ok := header.SplitAuthorization(v)
	if !ok {
		return stars(len(v))
	}
	if cred == "" {
		return scheme
	}
	if strings.EqualFold(scheme, "Basic") {
		// Some clients drop the padding (the parser accepts both).
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
			raw, err := enc.DecodeString(cred)
			if err != nil {
				continue
			}
			if user, pass, ok := strings.Cut(string(raw), ":"); ok {
				if _, key := secretshape.Key(user); key {
					user = secretshape.Mask(user)
				}
				return scheme + " " + enc.EncodeToString([]byte(user+":"+stars(len(pass))))
			}
			break
		}
	}
	if strings.EqualFold(scheme, "Digest") {
		return scheme + " " + maskDigest(cred)
	}
	return scheme + " " + maskValue(cred)
}

// maskDigest masks in place the values of a Digest credential's parameters
// but the realm and the user name (unless it looks like a key: then all
// but its vendor prefix), which the rules read. Text that is not a list
// of parameters is masked whole.
func maskDigest(cred string) string {
	b := []byte(cred)
	fill := func(from, to int) {
		for j := from; j < to; j++ {
			b[j] = '*'
		}
	}
	for i := 0; i < len(b); {
		if c := b[i]; c == ' ' || c == '\t' || c == ',' {
			i++
			continue
		}
		eq := strings.IndexByte(cred[i:], '=')
		if eq <= 0 {
			return stars(len(cred))
		}
		name := strings.ToLower(strings.TrimRight(cred[i:i+eq], " \t"))
		i += eq + 1
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
		}
		start, end := i, i
		if i < len(b) && b[i] == '"' {
			start = i + 1
			for end = start; end < len(b) && b[end] != '"'; end++ {
				if b[end] == '\\' {
					end++
				}
			}
			if end >= len(b) {
				return stars(len(cred))
			}
			i = end + 1
		} else {
			for end < len(b) && b[end] != ',' && b[end] != ' ' && b[end] != '\t' {
				end++
			}
			i = end
		}
		switch value := cred[start:end]; {
		case name == "realm":
		case name == "username":
			if _, key := secretshape.Key(value); key {
				copy(b[start:end], secretshape.Mask(value))
			}
		default:
			fill(start, end)
		}
	}
	return string(b)
}

// maskCookieHeader masks each value of a Cookie header in place.
func maskCookieHeader(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		if name, val, ok := strings.Cut(p, "="); ok {
			parts[i] = name + "=" + maskValue(val)
		} else {
			parts[i] = maskNameless(p)
		}
	}
	return strings.Join(parts, ";")
}

// maskSetCookie masks the value of a Set-Cookie line, keeping attributes.
func maskSetCookie(v string) string {
	pair, attrs, hasAttrs := strings.Cut(v, ";")
	name, val, ok := strings.Cut(pair, "=")
	out := maskNameless(pair)
	if ok {
		out = name + "=" + maskValue(val)
	}
	if hasAttrs {
		out += ";" + attrs
	}
	return out
}

// maskNameless masks a cookie pair without '=': Chromium stores it as a
// cookie with an empty name whose value is the whole pair, so all of it is
// the secret (surrounding spaces are kept to keep the header's shape).
func maskNameless(p string) string {
	v := strings.TrimSpace(p)
	if v == "" {
		return p
	}
	i := strings.Index(p, v)
	return p[:i] + maskValue(v) + p[i+len(v):]
}

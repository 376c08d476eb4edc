package weburl

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Redacted returns s fit for display: the userinfo password is removed and
// the values of token-like query (and fragment) parameters are replaced by
// "…(N chars)". It works on the text itself, so it also protects URLs that
// do not parse; everything else is left as it was, except that tabs,
// newlines and surrounding spaces are removed as browsers do.
func Redacted(s string) string {
	s = stripPassword(s)
	q := strings.IndexByte(s, '?')
	h := strings.IndexByte(s, '#')
	var b strings.Builder
	b.Grow(len(s))
	switch {
	case q >= 0 && (h < 0 || q < h):
		b.WriteString(s[:q+1])
		if h >= 0 {
			b.WriteString(maskParams(s[q+1 : h]))
			b.WriteByte('#')
			b.WriteString(maskParams(s[h+1:]))
		} else {
			b.WriteString(maskParams(s[q+1:]))
		}
	case h >= 0:
		// The OAuth implicit flow returns access_token in the fragment.
		b.WriteString(s[:h+1])
		b.WriteString(maskParams(s[h+1:]))
	default:
		return s
	}
	return b.String()
}

// stripPassword removes ":password" from the userinfo, finding the
// authority the way Parse does (any slashes after a special scheme), or
// after the first "://" when there is no valid scheme.
func stripPassword(s string) string {
	s = clean(s)
	var start int
	enders := "/?#"
	if i := schemeEnd(s); i >= 0 && special(strings.ToLower(s[:i])) {
		start = i + 1
		for start < len(s) && (s[start] == '/' || s[start] == '\\') {
			start++
		}
		enders = "/?#\\"
	} else if i := strings.Index(s, "://"); i >= 0 {
		start = i + 3
	} else {
		return s
	}
	end := len(s)
	if j := strings.IndexAny(s[start:], enders); j >= 0 {
		end = start + j
	}
	at := strings.LastIndexByte(s[start:end], '@')
	if at < 0 {
		return s
	}
	colon := strings.IndexByte(s[start:start+at], ':')
	if colon < 0 {
		return s
	}
	return s[:start+colon] + s[start+at:]
}

// maskParams masks the values of secret-looking names in an
// application/x-www-form-urlencoded string, keeping separators and order.
func maskParams(q string) string {
	if !strings.Contains(q, "=") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q))
	for i, part := range strings.Split(q, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok || value == "" || isMask(value) || !Secret(percentDecode(strings.ReplaceAll(name, "+", " "))) {
			b.WriteString(part)
			continue
		}
		b.WriteString(name)
		b.WriteString("=…(")
		b.WriteString(strconv.Itoa(utf8.RuneCountInString(value)))
		b.WriteString(" chars)")
	}
	return b.String()
}

// isMask recognises a value Redacted already masked, so that redacting is
// idempotent.
func isMask(v string) bool {
	n, ok := strings.CutPrefix(v, "…(")
	if !ok {
		return false
	}
	n, ok = strings.CutSuffix(n, " chars)")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

// secretNames are parameter names (lowercase, without '-', '_' and '.')
// whose values are credentials.
var secretNames = map[string]bool{
	"token": true, "code": true, "key": true, "auth": true, "session": true,
	"sid": true, "jwt": true, "password": true, "passwd": true, "pwd": true,
	"pass": true, "secret": true, "sig": true, "signature": true,
	"assertion": true, "samlresponse": true, "samlrequest": true, "ticket": true,
	"credential": true, "credentials": true, "authorization": true, "otp": true,
	"xamzcredential": true, "xgoogcredential": true, "authcode": true,
	"authorizationcode": true, "devicecode": true, "usercode": true,
}

// secretSuffixes catch the many vendor spellings: access_token, api_key,
// client_secret, x-amz-signature, subscription-key, sessionid, ...
var secretSuffixes = []string{"token", "secret", "password", "passwd", "signature", "key", "sessionid", "sessid", "session", "jwt", "credential", "auth"}

// Secret reports whether a query parameter, header or cookie name looks
// like it carries a credential, so its value must not be shown.
func Secret(name string) bool {
	n := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.' || c == ' ':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		n = append(n, c)
	}
	s := string(n)
	if secretNames[s] {
		return true
	}
	for _, suf := range secretSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

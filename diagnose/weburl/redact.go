package weburl

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor/diagnose/internal/secretshape"
)

// maxNesting bounds how deep Redacted looks into URLs nested (and encoded)
// in parameter values.
const maxNesting = 4

// Redacted returns s fit for display: the userinfo password is removed;
// path segments shaped like a token (a bot token "bot123:…", a JWT, an API
// key, a long random string) and secret path parameters (";jsessionid=")
// are replaced by "…(N chars)", and so are the values of token-like query
// (and fragment) parameters, of parameters shaped like a JWT or a vendor's
// API key, and secrets inside URLs or forms nested in parameter values
// (encoded or not). It works on the text itself, so it also protects URLs
// that do not parse; everything else is left as it was, except that tabs,
// newlines and surrounding spaces are removed as browsers do.
func Redacted(s string) string { return redact(clean(s), 0) }

func redact(s string, depth int) string {
	s = stripPassword(s)
	q := strings.IndexByte(s, '?')
	h := strings.IndexByte(s, '#')
	switch {
	case q >= 0 && (h < 0 || q < h):
		if h >= 0 {
			return maskPath(s[:q]) + "?" + maskParams(s[q+1:h], depth) + "#" + maskParams(s[h+1:], depth)
		}
		return maskPath(s[:q]) + "?" + maskParams(s[q+1:], depth)
	case h >= 0:
		// The OAuth implicit flow returns access_token in the fragment.
		return maskPath(s[:h]) + "#" + maskParams(s[h+1:], depth)
	}
	return maskPath(s)
}

// pathStart is where the path of s begins (s has no query or fragment):
// after the authority of a URL with a scheme or of a scheme-relative one,
// else at 0 (a path, or a header value that holds one, as Refresh does).
func pathStart(s string) int {
	start, enders := -1, "/"
	if i := schemeEnd(s); i >= 0 && special(strings.ToLower(s[:i])) {
		start = i + 1
		for start < len(s) && (s[start] == '/' || s[start] == '\\') {
			start++
		}
		enders = "/\\"
	} else if i := strings.Index(s, "://"); i >= 0 {
		start = i + 3
	} else if strings.HasPrefix(s, "//") {
		start = 2
	} else {
		return 0
	}
	if j := strings.IndexAny(s[start:], enders); j >= 0 {
		return start + j
	}
	return len(s)
}

// maskPath masks the token-shaped segments of a URL's path and the values
// of secret-named path parameters (";jsessionid=…").
func maskPath(s string) string {
	start := pathStart(s)
	if start >= len(s) {
		return s
	}
	segs := strings.Split(s[start:], "/")
	changed := false
	for i, seg := range segs {
		if seg == "" || isMask(seg) {
			continue
		}
		base, params, hasParams := strings.Cut(seg, ";")
		out := base
		if !isMask(base) && tokenSegment(percentDecode(base)) {
			out = mask(base)
		}
		if hasParams {
			out += ";" + maskPathParams(params)
		}
		if out != seg {
			segs[i], changed = out, true
		}
	}
	if !changed {
		return s
	}
	return s[:start] + strings.Join(segs, "/")
}

func maskPathParams(p string) string {
	parts := strings.Split(p, ";")
	for i, part := range parts {
		if name, value, ok := strings.Cut(part, "="); ok && value != "" && !isMask(value) && Secret(percentDecode(name)) {
			parts[i] = name + "=" + mask(value)
		}
	}
	return strings.Join(parts, ";")
}

// tokenSegment says a decoded path segment is a credential: a bot token,
// a JWT, or a key (a file name with an extension is not: hashed asset
// names look random).
func tokenSegment(d string) bool {
	if secretshape.BotToken(d) || secretshape.JWT(d) {
		return true
	}
	_, key := secretshape.Key(d)
	return key && !hasExtension(d)
}

// hasExtension says s ends in ".ext", ext one to five letters or digits
// with at least one letter.
func hasExtension(s string) bool {
	i := strings.LastIndexByte(s, '.')
	if i < 0 || len(s)-i-1 < 1 || len(s)-i-1 > 5 {
		return false
	}
	letter := false
	for _, c := range []byte(s[i+1:]) {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return letter
}

// mask is the display form of a hidden value.
func mask(v string) string { return "…(" + strconv.Itoa(utf8.RuneCountInString(v)) + " chars)" }

// stripPassword removes ":password" from the userinfo (of a cleaned s: a
// nested URL is not cleaned, so only redaction changes it), finding the
// authority the way Parse does (any slashes after a special scheme), or
// after the first "://" when there is no valid scheme.
func stripPassword(s string) string {
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

// maskParams masks the values of secret-looking names, and values shaped
// like a secret, in an application/x-www-form-urlencoded string, keeping
// separators and order; it looks into other values for nested URLs.
func maskParams(q string, depth int) string {
	if !strings.Contains(q, "=") {
		return q
	}
	parts := strings.Split(q, "&")
	for i, part := range parts {
		name, value, ok := strings.Cut(part, "=")
		switch {
		case !ok || value == "" || isMask(value):
		case Secret(percentDecode(strings.ReplaceAll(name, "+", " "))) || secretValue(percentDecode(value)):
			parts[i] = name + "=" + mask(value)
		default:
			parts[i] = name + "=" + maskNested(value, depth+1)
		}
	}
	return strings.Join(parts, "&")
}

// secretValue says a parameter value is a credential whatever its name: a
// JWT or a vendor's API key.
func secretValue(d string) bool {
	if secretshape.JWT(d) {
		return true
	}
	_, key := secretshape.VendorKey(d)
	return key
}

// maskNested redacts a URL or a form nested in a parameter value v, as
// sent or percent-encoded (once or more); when it masks something in an
// encoded value, the result is encoded again.
func maskNested(v string, depth int) string {
	if depth > maxNesting {
		return v
	}
	if d := percentDecode(v); d != v {
		r := maskNested(d, depth+1)
		if r == d {
			return v
		}
		return escapeReserved(r)
	}
	switch {
	case strings.ContainsAny(v, "?#") || strings.Contains(v, "://"):
		return redact(v, depth)
	case strings.Contains(v, "="):
		return maskParams(v, depth)
	}
	return v
}

// escapeReserved percent-encodes the characters that delimit URLs and
// forms, spaces and controls, so a nested value stays one value; the masks
// keep their text.
func escapeReserved(s string) string {
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+len(s)/2)
	for i := 0; i < len(s); i++ {
		if strings.HasPrefix(s[i:], "…(") {
			if j := strings.IndexByte(s[i:], ')'); j > 0 {
				b = append(b, s[i:i+j+1]...)
				i += j
				continue
			}
		}
		if c := s[i]; c <= ' ' || c == 0x7f || strings.IndexByte("%:/?#[]@!$&'*+,;=", c) >= 0 {
			b = append(b, '%', hex[c>>4], hex[c&15])
		} else {
			b = append(b, c)
		}
	}
	return string(b)
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
// client_secret, x-amz-signature, subscription-key, sessionid,
// id_token_hint (a whole signed JWT), login_hint (an e-mail address),
// Authentication, X-Firebase-AppCheck, ...
var secretSuffixes = []string{"token", "secret", "password", "passwd", "signature", "key", "sessionid", "sessid", "session",
	"jwt", "credential", "auth", "authentication", "appcheck", "tokenhint", "loginhint"}

// Secret reports whether a query parameter, header or cookie name looks
// like it carries a credential, so its value must not be shown. Plurals
// (api_keys), a version suffix (X-Hub-Signature-256), any name with "hmac"
// and bracketed names (user[password], access_token[]) count.
func Secret(name string) bool {
	if strings.ContainsAny(name, "[]") {
		for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '[' || r == ']' }) {
			if Secret(part) {
				return true
			}
		}
		return false
	}
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
	if secretNames[s] || strings.Contains(s, "hmac") {
		return true
	}
	s = strings.TrimRight(s, "0123456789")
	plural, _ := strings.CutSuffix(s, "s")
	for _, suf := range secretSuffixes {
		if strings.HasSuffix(s, suf) || strings.HasSuffix(plural, suf) {
			return true
		}
	}
	return secretNames[plural]
}

package cors

import (
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

// URLs are parsed by diagnose/weburl; this file holds the little the CORS
// checks need on top of it.

// canonicalOrigin normalises an origin string given by the caller
// ("https://App.test:443" → "https://app.test"); "null" and "" stay as
// they are, and anything that is not a URL reads as an opaque origin.
func canonicalOrigin(o string) string {
	if o == "null" || o == "" {
		return o
	}
	u, err := weburl.Parse(o)
	if err != nil {
		return "null"
	}
	return u.Origin()
}

// hasUserinfo is GURL's has_username() || has_password(): "@host" with
// nothing before the '@' carries no credentials.
func hasUserinfo(u weburl.URL) bool { return u.Username != "" || u.HasPassword }

// allowOriginIsURL is the last test Chromium's CheckAccess applies to an
// Access-Control-Allow-Origin value that did not match: GURL(value).is_valid().
// It asks "is this a URL at all", not "is this an origin": a value with a
// path, a trailing slash or userinfo is a valid URL and so a mismatch, not an
// invalid value. Chromium tests " ," (MultipleAllowOriginValues) and "null"
// (a mismatch, though GURL rejects it) before this; the caller does too.
func allowOriginIsURL(v string) bool {
	_, err := weburl.Parse(v)
	return err == nil
}

// prefix is "scheme://host[:port]" of a URL with an authority, the part a
// path-absolute reference keeps.
func prefix(u weburl.URL) string {
	p := u.Scheme + "://" + u.Host
	if u.Port != 0 && u.Port != weburl.DefaultPort(u.Scheme) {
		p += ":" + strconv.Itoa(u.Port)
	}
	return p
}

// resolve resolves a redirect's Location against the URL that answered it
// (absolute, scheme-relative, path-absolute, path-relative, query or
// fragment only). weburl does not resolve references; a Location is the only
// relative URL the CORS checks meet.
func resolve(base weburl.URL, loc string) (string, weburl.URL, error) {
	loc = strings.Trim(loc, " \t")
	if u, err := weburl.Parse(loc); err == nil || !base.HasAuthority || looksAbsolute(loc) {
		return loc, u, err
	}
	rel := loc
	if base.Scheme != "file" && isSpecialScheme(base.Scheme) {
		// Special schemes read '\' as '/', in references too.
		rel = strings.ReplaceAll(rel, "\\", "/")
	}
	query := ""
	if base.RawQuery != "" {
		query = "?" + base.RawQuery
	}
	var abs string
	switch {
	case strings.HasPrefix(rel, "//"):
		abs = base.Scheme + ":" + loc
	case strings.HasPrefix(rel, "/"):
		abs = prefix(base) + loc
	case strings.HasPrefix(rel, "?"):
		abs = prefix(base) + base.Path + loc
	case strings.HasPrefix(rel, "#"):
		abs = prefix(base) + base.Path + query + loc
	default:
		dir := base.Path[:strings.LastIndexByte(base.Path, '/')+1]
		abs = prefix(base) + dir + loc
	}
	u, err := weburl.Parse(abs)
	return abs, u, err
}

// looksAbsolute reports a reference that starts with a scheme: weburl's
// verdict on it stands, it is not resolved against the base.
func looksAbsolute(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

func isSpecialScheme(s string) bool {
	switch s {
	case "http", "https", "ws", "wss", "ftp", "file":
		return true
	}
	return false
}

// withoutUserinfo is the URL with no username or password, for the
// Location line a fix suggests (token-like query values still masked).
func withoutUserinfo(u weburl.URL) string {
	s := prefix(u) + u.Path
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		s += "#" + u.Fragment
	}
	return weburl.Redacted(s)
}

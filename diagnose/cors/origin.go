package cors

import (
	"strconv"
	"strings"
)

// This file holds the small URL parser the CORS checks need: origins,
// userinfo, and the "is it a valid URL at all" test Chromium applies to an
// Access-Control-Allow-Origin value. It is deliberately not net/url (wasm size).

// parsedURL is the part of a URL the CORS checks look at.
type parsedURL struct {
	scheme   string // lower case
	host     string // lower case, without brackets for IPv6
	port     string // "" when absent or default
	userinfo bool   // the URL carries a username or password
	path     string // path+query, for resolving relative redirects
}

var defaultPorts = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21"}

// isSpecial reports the schemes whose URLs need a host.
func isSpecial(scheme string) bool {
	switch scheme {
	case "http", "https", "ws", "wss", "ftp", "file":
		return true
	}
	return false
}

// splitScheme returns the scheme (lower case) and the rest after ':'.
func splitScheme(s string) (string, string, bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", "", false
	}
	sc := s[:i]
	for j := 0; j < len(sc); j++ {
		c := sc[j]
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if j == 0 && !alpha || !alpha && !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return "", "", false
		}
	}
	return strings.ToLower(sc), s[i+1:], true
}

// parseURL parses an absolute URL; ok is false when Chromium's URL parser
// would call it invalid (as far as the CORS checks care).
func parseURL(raw string) (parsedURL, bool) {
	s := strings.Trim(raw, " \t\n\r\f\x00")
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	scheme, rest, ok := splitScheme(s)
	if !ok {
		return parsedURL{}, false
	}
	u := parsedURL{scheme: scheme}
	if !isSpecial(scheme) {
		u.path = rest
		return u, true
	}
	rest = strings.ReplaceAll(rest, "\\", "/")
	rest = strings.TrimLeft(rest, "/")
	end := strings.IndexAny(rest, "/?#")
	authority := rest
	if end >= 0 {
		authority, u.path = rest[:end], rest[end:]
	}
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		u.userinfo = at > 0
		authority = authority[at+1:]
	}
	hostport := authority
	host, port := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		close := strings.IndexByte(hostport, ']')
		if close < 0 {
			return parsedURL{}, false
		}
		host = hostport[1:close]
		after := hostport[close+1:]
		if after != "" {
			if after[0] != ':' {
				return parsedURL{}, false
			}
			port = after[1:]
		}
		if host == "" || strings.Trim(strings.ToLower(host), "0123456789abcdef:.") != "" {
			return parsedURL{}, false
		}
	} else if i := strings.LastIndexByte(hostport, ':'); i >= 0 {
		host, port = hostport[:i], hostport[i+1:]
	}
	if host == "" && scheme != "file" {
		return parsedURL{}, false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if c <= ' ' || c == 0x7f {
			return parsedURL{}, false
		}
		switch c {
		case '#', '%', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
			if !strings.HasPrefix(hostport, "[") {
				return parsedURL{}, false
			}
		}
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 0 || n > 65535 || port[0] == '+' || port[0] == '-' {
			return parsedURL{}, false
		}
		port = strconv.Itoa(n)
		if defaultPorts[scheme] == port {
			port = ""
		}
	}
	u.host = strings.ToLower(host)
	u.port = port
	if u.path == "" {
		u.path = "/"
	}
	return u, true
}

// origin serializes the URL's origin the way url::Origin::Serialize does;
// "null" for schemes without a tuple origin.
func (u parsedURL) origin() string {
	switch u.scheme {
	case "http", "https", "ws", "wss", "ftp":
	default:
		return "null"
	}
	h := u.host
	if strings.IndexByte(h, ':') >= 0 {
		h = "[" + h + "]"
	}
	o := u.scheme + "://" + h
	if u.port != "" {
		o += ":" + u.port
	}
	return o
}

// originOf returns the serialized origin of a URL, or "null" when the URL
// cannot be parsed.
func originOf(rawURL string) string {
	u, ok := parseURL(rawURL)
	if !ok {
		return "null"
	}
	return u.origin()
}

// canonicalOrigin normalises an origin string given by the caller
// ("https://App.test:443" → "https://app.test"); "null" stays "null".
func canonicalOrigin(o string) string {
	if o == "null" || o == "" {
		return o
	}
	return originOf(o)
}

// resolve resolves a Location value against base (absolute, scheme-relative,
// path-absolute or path-relative).
func resolve(base parsedURL, loc string) (string, parsedURL, bool) {
	loc = strings.Trim(loc, " \t")
	if _, _, ok := splitScheme(loc); ok {
		u, ok := parseURL(loc)
		return loc, u, ok
	}
	var abs string
	switch {
	case strings.HasPrefix(loc, "//"):
		abs = base.scheme + ":" + loc
	case strings.HasPrefix(loc, "/"):
		abs = base.origin() + loc
	case strings.HasPrefix(loc, "?"):
		p, _, _ := strings.Cut(base.path, "?")
		abs = base.origin() + p + loc
	default:
		p, _, _ := strings.Cut(base.path, "?")
		dir := p[:strings.LastIndexByte(p, '/')+1]
		abs = base.origin() + dir + loc
	}
	u, ok := parseURL(abs)
	return abs, u, ok
}

// stripUserinfo removes "user:pass@" from a URL for display: the password is
// a secret and the username is not needed to explain the error.
func stripUserinfo(raw string) string {
	scheme, rest, ok := splitScheme(raw)
	if !ok || !strings.HasPrefix(rest, "//") {
		return raw
	}
	auth := rest[2:]
	end := strings.IndexAny(auth, "/?#")
	if end < 0 {
		end = len(auth)
	}
	if at := strings.LastIndexByte(auth[:end], '@'); at >= 0 {
		return scheme + "://" + auth[at+1:]
	}
	return raw
}

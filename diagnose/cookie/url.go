package cookie

import (
	"errors"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/psl"
)

// reqURL is the part of a URL the cookie rules look at. The browser hands
// the engine canonical URLs, so this is a splitter, not a canonicaliser.
type reqURL struct {
	scheme string // lower case
	host   string // lower case, IPv6 without brackets
	port   int    // effective port
	path   string // "/" at least
}

func parseURL(s string) (reqURL, error) {
	var u reqURL
	i := strings.Index(s, "://")
	if i <= 0 {
		return u, errors.New("cookie: URL " + strconv.Quote(s) + " has no scheme")
	}
	u.scheme = strings.ToLower(s[:i])
	rest := s[i+3:]
	end := strings.IndexAny(rest, "/?#")
	authority := rest
	if end >= 0 {
		authority, rest = rest[:end], rest[end:]
	} else {
		rest = ""
	}
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		authority = authority[at+1:]
	}
	host, port := authority, ""
	if strings.HasPrefix(host, "[") {
		if j := strings.IndexByte(host, ']'); j > 0 {
			host, port = host[1:j], strings.TrimPrefix(host[j+1:], ":")
		}
	} else if j := strings.LastIndexByte(host, ':'); j >= 0 {
		host, port = host[:j], host[j+1:]
	}
	u.host = strings.ToLower(host)
	if u.host == "" {
		return u, errors.New("cookie: URL " + strconv.Quote(s) + " has no host")
	}
	switch {
	case port != "":
		p, err := strconv.Atoi(port)
		if err != nil || p < 0 || p > 65535 {
			return u, errors.New("cookie: URL " + strconv.Quote(s) + " has a bad port")
		}
		u.port = p
	case u.scheme == "https" || u.scheme == "wss":
		u.port = 443
	default:
		u.port = 80
	}
	if q := strings.IndexAny(rest, "?#"); q >= 0 {
		rest = rest[:q]
	}
	if rest == "" {
		rest = "/"
	}
	u.path = rest
	return u, nil
}

func (u reqURL) cryptographic() bool { return u.scheme == "https" || u.scheme == "wss" }

// localhost mirrors net::IsLocalhost: such origins are trustworthy and may
// read and write Secure cookies over plain http.
func (u reqURL) localhost() bool {
	h := u.host
	if h == "localhost" || strings.HasSuffix(h, ".localhost") || h == "::1" {
		return true
	}
	return psl.IsIPLiteral(h) && strings.HasPrefix(h, "127.")
}

// accessScheme is Chromium's ProvisionalAccessScheme.
type accessScheme uint8

const (
	accessNonCryptographic accessScheme = iota
	accessTrustworthy
	accessCryptographic
)

func (u reqURL) access() accessScheme {
	switch {
	case u.cryptographic():
		return accessCryptographic
	case u.localhost():
		return accessTrustworthy
	}
	return accessNonCryptographic
}

func (u reqURL) httpish() bool {
	switch u.scheme {
	case "http", "https", "ws", "wss":
		return true
	}
	return false
}

// schemeClass folds ws into http and wss into https, as schemeful sites do.
func (u reqURL) schemeClass() string {
	switch u.scheme {
	case "ws":
		return "http"
	case "wss":
		return "https"
	}
	return u.scheme
}

// site is the registrable domain, or the host when there is none.
func (u reqURL) site() string { return psl.Site(u.host) }

// origin is scheme://host:port, the unit of credentials mode same-origin.
func (u reqURL) origin() string {
	return u.scheme + "://" + u.host + ":" + strconv.Itoa(u.port)
}

// sameSiteAs is SiteForCookies::IsFirstPartyWithSchemefulMode with u as the
// site for cookies.
func (u reqURL) sameSiteAs(v reqURL, schemeful bool) bool {
	if !u.httpish() || !v.httpish() {
		return false
	}
	if schemeful && u.schemeClass() != v.schemeClass() {
		return false
	}
	return u.site() == v.site()
}

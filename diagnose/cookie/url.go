package cookie

import (
	"errors"

	"github.com/authdoctor/authdoctor/diagnose/psl"
	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

// reqURL is a URL with the questions the cookie rules ask of it. Hosts are
// weburl's canonical form, so an IPv6 host keeps its brackets, as Chromium's
// GURL::host() (and so a cookie's domain) does.
type reqURL struct{ weburl.URL }

// parseURL accepts the URLs cookies can belong to: those with a host.
func parseURL(s string) (reqURL, error) {
	u, err := weburl.Parse(s)
	if err != nil {
		return reqURL{}, errors.New("cookie: " + err.Error())
	}
	if u.Host == "" {
		return reqURL{}, errors.New("cookie: URL has no host")
	}
	return reqURL{u}, nil
}

func (u reqURL) cryptographic() bool { return u.Scheme == "https" || u.Scheme == "wss" }

// accessScheme is Chromium's ProvisionalAccessScheme.
type accessScheme uint8

const (
	accessNonCryptographic accessScheme = iota
	accessTrustworthy
	accessCryptographic
)

// access follows cookie_util::ProvisionalAccessScheme: localhost origins
// (net::IsLocalhost) are trustworthy and may read and write Secure cookies
// over plain http.
func (u reqURL) access() accessScheme {
	switch {
	case u.cryptographic():
		return accessCryptographic
	case u.IsLoopback():
		return accessTrustworthy
	}
	return accessNonCryptographic
}

func (u reqURL) httpish() bool {
	switch u.Scheme {
	case "http", "https", "ws", "wss":
		return true
	}
	return false
}

// schemeClass folds ws into http and wss into https, as schemeful sites do.
func (u reqURL) schemeClass() string {
	switch u.Scheme {
	case "ws":
		return "http"
	case "wss":
		return "https"
	}
	return u.Scheme
}

// site is the registrable domain, or the host when there is none.
func (u reqURL) site() string { return psl.Site(u.Host) }

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

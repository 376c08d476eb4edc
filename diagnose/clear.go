package diagnose

import (
	"slices"

	"github.com/authdoctor/authdoctor/diagnose/psl"
	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

// ClearPlan is what the extension's clear button touches for one failure.
// The engine decides it so that the popup offers no more than the finding
// needs and never reaches a site the user is not on by default.
type ClearPlan struct {
	// Primary says clearing is the fix the top finding names (a clear-*
	// action). Otherwise the plan is a secondary offer ("start over on
	// this site") that the popup must not present as the fix.
	Primary bool
	// Origins are cleared by default: the page's origin, and the failed
	// request's when it is same-site with the page.
	Origins []string
	// Types are the browsingData data types the clear removes.
	Types []string
	// CookieDomains are the registrable domains whose cookies clearing
	// Origins and Optional may drop (Chromium clears cookies per
	// registrable domain): the jar is measured on exactly these for Undo.
	CookieDomains []string
	// Optional are origins involved in the failure that are cross-site to
	// the page: cleared only when the user asks for each.
	Optional []string
}

// Data types, by browsingData name. A cookie problem is cleared with the
// storage apps keep their sign-in state in (a "signed in" flag or a token in
// localStorage or IndexedDB): clearing the cookie alone leaves such an app
// believing it is signed in, calling the API without a session, failing
// again. The HTTP cache, Cache Storage and service workers stay.
var (
	allTypes    = []string{"cookies", "cache", "cacheStorage", "localStorage", "indexedDB", "serviceWorkers", "fileSystems"}
	cookieTypes = []string{"cookies", "localStorage", "indexedDB"}
	cacheTypes  = []string{"cache", "cacheStorage", "serviceWorkers"}
)

// ClearTypes are the browsingData types a clear for action a removes (all
// of them for a clear that is not the fix: the "start over" offer).
func ClearTypes(a Action) []string {
	switch a {
	case ActionClearCookies:
		return slices.Clone(cookieTypes)
	case ActionClearCache:
		return slices.Clone(cacheTypes)
	}
	return slices.Clone(allTypes)
}

// planClear chooses the clear for a failed request to reqURL seen from page
// when the top finding's action is act.
func planClear(page, reqURL string, act Action) ClearPlan {
	p := ClearPlan{Types: allTypes}
	switch act {
	case ActionClearSiteData:
		p.Primary = true
	case ActionClearCookies:
		p.Primary, p.Types = true, cookieTypes
	case ActionClearCache:
		p.Primary, p.Types = true, cacheTypes
	}
	po, pHost := webOrigin(page)
	ro, rHost := webOrigin(reqURL)
	switch {
	case po == "" && ro == "":
	case po == "":
		// No page to be on (a HAR without pages, a request from an
		// extension): the request's own origin is the one involved.
		p.Origins = []string{ro}
	case ro == "" || ro == po:
		p.Origins = []string{po}
	case psl.SameSite(pHost, rHost):
		p.Origins = []string{po, ro}
	default:
		p.Origins = []string{po}
		p.Optional = []string{ro}
	}
	for _, o := range append(slices.Clone(p.Origins), p.Optional...) {
		_, host := webOrigin(o)
		if d := psl.Site(host); !slices.Contains(p.CookieDomains, d) {
			p.CookieDomains = append(p.CookieDomains, d)
		}
	}
	return p
}

// webOrigin is the origin of an http(s) URL and its host, or "" for any
// other URL (chrome://, file:, data:, about:blank) — nothing to clear there.
func webOrigin(raw string) (origin, host string) {
	if raw == "" {
		return "", ""
	}
	u, err := weburl.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", ""
	}
	return u.Origin(), u.Host
}

// CookieDomains returns the registrable domain of each http(s) URL's host
// (the host itself for an IP literal or a single label), once each, in
// order: the domains whose cookies the extension reads for a diagnosis.
func CookieDomains(urls []string) []string {
	var out []string
	for _, raw := range urls {
		_, host := webOrigin(raw)
		if host == "" {
			continue
		}
		if d := psl.Site(host); !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

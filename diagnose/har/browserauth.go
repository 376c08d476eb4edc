package har

import (
	"encoding/base64"
	"strings"
)

// markBrowserAuthorization sets Request.AuthorizationFromBrowser where the
// HAR proves the browser, not the page, added the Authorization header. A
// HAR keeps only the wire headers, so the proof is the header's value: the
// Basic credentials of an earlier URL's userinfo on the same origin (the
// browser caches them for the protection space), or the exact value an
// earlier navigation to that origin carried (a page cannot set headers on a
// navigation). items are in request-time order.
func markBrowserAuthorization(items []*item, urls *memo) {
	seen := map[string][]string{} // origin -> Authorization values only the browser sent
	for _, it := range items {
		r := &it.ex.Request
		u, err := urls.parse(r.URL)
		if err != nil || u.Host == "" {
			continue
		}
		origin := strings.ToLower(u.Scheme + "://" + u.Host)
		got := strings.TrimSpace(r.Headers.Get("Authorization"))
		if got != "" && isBrowserValue(seen[origin], got) {
			r.AuthorizationFromBrowser = true
		}
		if pw, ok := u.User.Password(); ok {
			seen[origin] = append(seen[origin], "Basic "+base64.StdEncoding.EncodeToString([]byte(u.User.Username()+":"+pw)))
		}
		if got != "" && (r.Type == "main_frame" || r.Type == "sub_frame") {
			r.AuthorizationFromBrowser = true
			seen[origin] = append(seen[origin], got)
		}
	}
}

// isBrowserValue compares an Authorization value with those the browser
// sent; the scheme is case-insensitive, the credentials are not.
func isBrowserValue(known []string, v string) bool {
	scheme, cred, _ := strings.Cut(v, " ")
	for _, k := range known {
		ks, kc, _ := strings.Cut(k, " ")
		if strings.EqualFold(ks, scheme) && kc == strings.TrimSpace(cred) {
			return true
		}
	}
	return false
}

package diagnose

import (
	"slices"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/header"
)

// waf names the firewall or CDN security layer whose fingerprints the
// response carries, the signals seen, and whether one of them is an
// explicit "blocked/challenged" marker (rather than mere presence).
func (x *view) waf() (vendor string, signals []string, explicit bool) {
	return wafSignals(x.resp)
}

func wafSignals(h header.Headers) (vendor string, signals []string, explicit bool) {
	server := strings.ToLower(h.Get("Server"))
	hit := func(v, s string, exp bool) {
		if vendor == "" {
			vendor = v
		}
		if v == vendor {
			signals = append(signals, s)
			explicit = explicit || exp
		}
	}
	if v := h.Get("cf-mitigated"); v != "" {
		hit("Cloudflare", "cf-mitigated: "+show(v), true)
	}
	if v := h.Get("cf-ray"); v != "" {
		hit("Cloudflare", "cf-ray "+show(v)+" (quote it to the site owner)", false)
	}
	if strings.Contains(server, "cloudflare") {
		hit("Cloudflare", "Server: cloudflare", false)
	}
	if strings.Contains(server, "akamaighost") {
		hit("Akamai", "Server: AkamaiGHost", false)
	}
	for _, f := range h {
		if n := strings.ToLower(f.Name); strings.HasPrefix(n, "x-akamai-") {
			hit("Akamai", bare(f.Name)+" header", false)
			break
		}
	}
	if v := h.Get("x-amzn-waf-action"); v != "" {
		hit("AWS WAF", "x-amzn-waf-action: "+show(v), true)
	}
	for _, f := range h {
		if n := strings.ToLower(f.Name); strings.HasPrefix(n, "x-amzn-waf-") && n != "x-amzn-waf-action" {
			hit("AWS WAF", bare(f.Name)+" header", false)
			break
		}
	}
	if h.Has("x-amz-cf-id") {
		hit("AWS CloudFront", "x-amz-cf-id header", false)
	}
	if strings.Contains(server, "cloudfront") || strings.HasPrefix(server, "awselb") {
		hit("AWS CloudFront", "Server: "+show(h.Get("Server")), false)
	}
	if v := h.Get("x-sucuri-block"); v != "" {
		hit("Sucuri", "x-sucuri-block: "+show(v), true)
	}
	if v := h.Get("x-sucuri-id"); v != "" {
		hit("Sucuri", "x-sucuri-id "+show(v), false)
	}
	if h.Has("x-iinfo") {
		hit("Imperva Incapsula", "x-iinfo header", false)
	}
	for _, c := range h.Values("Set-Cookie") {
		n := strings.ToLower(strings.TrimSpace(c))
		switch {
		case strings.HasPrefix(n, "incap_ses_"), strings.HasPrefix(n, "visid_incap_"):
			hit("Imperva Incapsula", "incap_ses cookie", false)
		case strings.HasPrefix(n, "bigipserver"), strings.HasPrefix(n, "ts01"):
			hit("F5 BIG-IP", "BIG-IP cookie", false)
		}
	}
	if strings.Contains(server, "bigip") || strings.Contains(server, "big-ip") {
		hit("F5 BIG-IP", "Server: BigIP", false)
	}
	if strings.Contains(server, "mod_security") || strings.Contains(server, "modsecurity") {
		hit("ModSecurity", "Server: "+show(h.Get("Server")), true)
	}
	return vendor, signals, explicit
}

// wafStatuses are the statuses a security layer refuses with when it gives
// no explicit marker.
var wafStatuses = []int{403, 406, 429, 503}

// blockMinStatus is the lowest status an explicit block marker makes a
// block (a marker on a success is a layer that let the request through).
const blockMinStatus = 400

// blockMarkers are the response headers (and the text in their value, when
// the name alone says nothing) that make wafSignals report an explicit
// block: with any status from 400 on, the exchange is a failure.
var blockMarkers = []BlockMarker{
	{Header: "cf-mitigated"},
	{Header: "x-amzn-waf-action"},
	{Header: "x-sucuri-block"},
	{Header: "server", Contains: "mod_security"},
	{Header: "server", Contains: "modsecurity"},
}

// ruleWAF rests on: vendor fingerprints in the response headers (see waf).
// An explicit block marker is the cause; a 403, 406, 429 or 503 without a
// challenge from a fingerprinted layer is likely; fingerprints on an
// ordinary 401 from the site behind a CDN say nothing and are ignored.
func ruleWAF(x *view) {
	vendor, signals, explicit := x.waf()
	if vendor == "" {
		return
	}
	ev := []string{vendor + ": " + strings.Join(signals, ", ") + "."}
	switch {
	case explicit && x.status >= blockMinStatus:
		x.add(WAFBlock, Cause, ev)
	case slices.Contains(wafStatuses, x.status) && len(x.challenges) == 0:
		x.add(WAFBlock, Likely, append(ev, "HTTP "+strconv.Itoa(x.status)+" without a login challenge."))
	}
}

// ruleIPChanged rests on: the server IPs the snapshot's responses came from,
// grouped by host; more than one for this host.
func ruleIPChanged(x *view) {
	if !x.urlOK || x.e.Response == nil || x.e.Response.ServerIP == "" {
		return
	}
	if ips := x.a.ips[x.u.Host]; len(ips) > 1 {
		x.add(IPChanged, 0, []string{x.u.Host + " answered from " + strconv.Itoa(len(ips)) + " addresses: " + bareList(ips) + "; this one from " + bare(x.e.Response.ServerIP) + "."})
	}
}

// loginPath says a URL path looks like a sign-in page or endpoint.
func loginPath(p string) bool {
	p = strings.ToLower(p)
	for _, w := range []string{"login", "log-in", "signin", "sign-in", "sign_in", "logon", "/auth", "/sso", "oauth", "authorize", "/cas/", "/saml"} {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// minLoopHops is the fewest redirects a chain must have followed to be
// called a loop when the browser did not give up by itself: one hop is an
// upgrade to https, a trailing slash or a query cleaned up, never a loop.
const minLoopHops = 2

// ruleLoginLoop rests on: the redirect chain (each hop's URL, then the final
// URL), compared by scheme, host, path and query: a place visited twice, or
// two visits to login-like paths; and where the chain ended. Chromium's
// net::ERR_TOO_MANY_REDIRECTS is a loop by itself. Without it, a chain that
// went round is a loop only when it ended where the user cannot go on — on a
// login page again, or failing: one that passed a login page and came back
// to a page that loaded is a sign-in that worked (an SSO bounce).
func ruleLoginLoop(x *view) {
	urls := make([]string, 0, len(x.e.Redirects)+1)
	for _, h := range x.e.Redirects {
		urls = append(urls, h.URL)
	}
	if !x.stoppedAtRedirect() {
		// Else the request URL is the last hop's, not a new visit.
		urls = append(urls, x.e.Request.URL)
	}
	var keys []string
	logins, revisit, endsAtLogin := 0, "", false
	for i, raw := range urls {
		u, err := parseURLLoose(raw)
		if err != nil {
			continue
		}
		k := u.Scheme + "://" + u.Host + u.Path
		if u.RawQuery != "" {
			k += "?" + u.RawQuery
		}
		if revisit == "" && slices.Contains(keys, k) {
			revisit = k
		}
		keys = append(keys, k)
		if loginPath(u.Path) {
			logins++
			endsAtLogin = i == len(urls)-1
		}
	}
	tooMany := x.errName() == "ERR_TOO_MANY_REDIRECTS"
	var ev []string
	if tooMany {
		ev = append(ev, "The browser gave up: net::ERR_TOO_MANY_REDIRECTS.")
	}
	wentRound := len(urls) > 1 && (revisit != "" || logins >= 2)
	stuck := endsAtLogin || x.e.Error != "" || x.status >= 400
	if wentRound && (tooMany || len(x.e.Redirects) >= minLoopHops && stuck) {
		if revisit != "" {
			ev = append(ev, "The redirect chain comes back to "+redactURL(revisit)+".")
		} else {
			ev = append(ev, "The redirect chain visits a login page "+strconv.Itoa(logins)+" times.")
		}
	}
	if len(ev) == 0 {
		return
	}
	ev = append(ev, "Chain: "+chain(urls))
	x.add(LoginRedirectLoop, Cause, ev)
}

// chain prints redirect URLs, redacted, eliding the middle of long chains.
func chain(urls []string) string {
	const keep = 6
	var parts []string
	for i, u := range urls {
		if len(urls) > keep && i == keep/2 {
			parts = append(parts, "… ("+strconv.Itoa(len(urls)-keep)+" more)")
		}
		if len(urls) > keep && i >= keep/2 && i < len(urls)-keep/2 {
			continue
		}
		parts = append(parts, redactURL(u))
	}
	return strings.Join(parts, " → ")
}

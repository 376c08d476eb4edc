package diagnose

import (
	"slices"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/psl"
)

// jar returns the cookie model's decision for every jar cookie on this
// request (computed once per exchange).
func (x *view) jar() (sent []cookie.Cookie, results []cookie.SendResult) {
	if !x.jarDone {
		x.jarDone = true
		x.jarSent, x.jarResults = cookie.CookiesFor(x.a.s.Cookies, x.cookieRequest())
	}
	return x.jarSent, x.jarResults
}

// sentCookie says the request's Cookie header holds name.
func (x *view) sentCookie(name string) bool {
	for _, c := range x.sent {
		if c.Name == name {
			return true
		}
	}
	return false
}

// ruleCookieNotSent rests on: jar cookies for the request's host that the
// cookie model (Chromium's rules) keeps off this request, with Chromium's
// CookieBlockedReason, and that are indeed absent from the Cookie header.
// Cookies of other domains are host-mismatch's business; a path mismatch
// counts only for session-like cookies, and only as possible (jars hold
// cookies of other apps on other paths of the same host).
func ruleCookieNotSent(x *view) {
	if !x.urlOK {
		return
	}
	_, results := x.jar()
	for _, r := range results {
		c := r.Cookie
		if r.Sent && len(x.sent) == 0 && sessionLike(c.Name) && x.crossOrigin() && !x.e.Request.Headers.Has("Cookie") {
			// The rules would attach it, yet no cookie went out at all:
			// the page did not ask for credentials (webRequest does not
			// show the credentials mode), or the cookie came later.
			sev := Possible
			if x.refused() {
				sev = Likely
			}
			x.add(CookieNotSent, sev, []string{
				"Cookie " + show(c.Name) + " (" + describeJarCookie(c) + ") would be sent to this cross-origin request with credentials, but the request carried no cookies at all.",
				"The page probably called fetch without credentials: \"include\" (or XHR without withCredentials); or the cookie was set after this request.",
			}, "Call the API with fetch(url, {credentials: \"include\"}) (XHR: withCredentials = true), and allow it with Access-Control-Allow-Credentials: true.")
			continue
		}
		if r.Sent || r.Expired || r.OtherPartition || len(r.Reasons) == 0 || x.sentCookie(c.Name) {
			continue
		}
		reason := r.Reason()
		if slices.Contains(r.Reasons, cookie.BlockedDomainMismatch) {
			continue
		}
		offPath := slices.Contains(r.Reasons, cookie.BlockedNotOnPath)
		if offPath && !sessionLike(c.Name) {
			continue
		}
		sev := Possible
		if sessionLike(c.Name) && !offPath {
			sev = Likely
			if x.refused() || x.status == 403 {
				sev = Cause
			}
		}
		ev := []string{"Cookie " + show(c.Name) + " (" + describeJarCookie(c) + ") was not sent: " + reason.String() + "."}
		if r.NoCredentials {
			ev = append(ev, "The request's credentials mode kept all cookies off.")
		}
		x.add(CookieNotSent, sev, ev)
	}
}

// describeJarCookie lists a jar cookie's attributes, never its value.
func describeJarCookie(c cookie.Cookie) string {
	d := c.Domain
	if !c.HostOnly {
		d = "." + d
	}
	parts := []string{"domain " + bare(d), "path " + bare(c.Path), "SameSite=" + c.SameSite.String()}
	if c.Secure {
		parts = append(parts, "Secure")
	}
	if c.PartitionKey != "" {
		parts = append(parts, "Partitioned")
	}
	return strings.Join(parts, ", ")
}

// refusal is one Set-Cookie line the cookie model refused.
type refusal struct {
	at     int // exchange index
	host   string
	name   string
	reason cookie.SetBlockedReason
	from   string    // method and redacted URL of the response that set it
	site   string    // psl.Site(host)
	_      [0]func() // no comparison: none is needed, and it would cost code
}

// refusals keep only the first of identical refusals (same host, name,
// reason and origin): a later copy can never add evidence the first does
// not (see ruleCookieRejected), and a long session repeats the same refused
// line on every response, which made the rule quadratic in the snapshot.

// refusals are every refused Set-Cookie line of the snapshot, by exchange
// (redirect responses included), computed once.
func (a *analysis) refusals() []refusal {
	if a.refusalsDone {
		return a.refused
	}
	a.refusalsDone = true
	seen := map[string]bool{}
	for i := range a.s.Exchanges {
		e := &a.s.Exchanges[i]
		if !hasSetCookie(e) {
			continue
		}
		x := a.view(i)
		req := x.cookieRequest()
		try := func(lines []string, url string) {
			req.URL = url
			for _, line := range lines {
				res := cookie.ParseSetCookie(line, req)
				if res.Accepted() {
					continue
				}
				name := res.Cookie.Name
				if name == "" {
					name = "(unnamed)"
				}
				r := refusal{at: i, host: x.u.Host, name: name, reason: res.Reason(), from: x.e.Request.Method + " " + redactURL(url)}
				key := r.host + "\x00" + r.name + "\x00" + r.from + "\x00" + strconv.Itoa(int(r.reason))
				if seen[key] {
					continue
				}
				seen[key] = true
				r.site = psl.Site(r.host)
				a.refused = append(a.refused, r)
			}
		}
		for _, hop := range x.e.Redirects {
			try(hop.Headers.Values("Set-Cookie"), hop.URL)
		}
		if x.e.Response != nil {
			try(x.resp.Values("Set-Cookie"), x.e.Request.URL)
		}
	}
	return a.refused
}

func hasSetCookie(e *Exchange) bool {
	if e.Response != nil && e.Response.Headers.Has("Set-Cookie") {
		return true
	}
	for _, h := range e.Redirects {
		if h.Headers.Has("Set-Cookie") {
			return true
		}
	}
	return false
}

// ruleCookieRejected rests on: Set-Cookie lines in responses up to this
// exchange (its own redirects included), for the same site, that the cookie
// model refuses, with Chromium's SetCookieBlockedReason. A refused
// session-like cookie missing from a refused request is the cause.
func ruleCookieRejected(x *view) {
	if !x.urlOK {
		return
	}
	site := psl.Site(x.u.Host)
	for _, r := range x.a.refusals() {
		if r.at > x.i {
			break // in exchange order
		}
		if r.host == "" || r.site != site {
			continue
		}
		if r.at == x.i && len(x.e.Redirects) == 0 {
			continue // its own final response cannot explain its own failure
		}
		sev := Possible
		if sessionLike(r.name) {
			sev = Likely
			if !x.sentCookie(r.name) && (x.refused() || x.status == 403 || x.e.Error != "") {
				sev = Cause
			}
		}
		x.add(CookieRejected, sev, []string{"Set-Cookie " + show(r.name) + " from " + r.from + " was refused: " + r.reason.String() + "."})
	}
}

// ruleDuplicateCookies rests on: one name twice in the Cookie header, or two
// jar cookies of one name (different domain or path) both attached.
func ruleDuplicateCookies(x *view) {
	counts := map[string]int{}
	var order []string
	for _, c := range x.sent {
		if counts[c.Name] == 0 {
			order = append(order, c.Name)
		}
		counts[c.Name]++
	}
	var ev []string
	sev := Possible
	for _, n := range order {
		if counts[n] > 1 {
			ev = append(ev, "Cookie "+show(n)+" was sent "+strconv.Itoa(counts[n])+" times in one Cookie header.")
			if sessionLike(n) {
				sev = Likely
				if x.refused() {
					sev = Cause // the server read one of them, probably the stale one
				}
			}
		}
	}
	if len(ev) == 0 && x.urlOK {
		sent, _ := x.jar()
		for _, g := range cookie.Duplicates(sent) {
			var where []string
			for _, c := range g {
				where = append(where, describeJarCookie(c))
			}
			ev = append(ev, "The browser holds "+strconv.Itoa(len(g))+" cookies named "+show(g[0].Name)+" for this request: "+capList(where, 5)+".")
			if sessionLike(g[0].Name) {
				sev = Likely
			}
		}
	}
	if len(ev) > 0 && x.failedStatus() {
		x.add(DuplicateCookies, sev, ev)
	}
}

// failedStatus says the exchange failed in a way cookies can explain.
func (x *view) failedStatus() bool {
	return x.refused() || x.status == 403 || x.e.Error != "" || len(x.e.Redirects) > 0
}

// ruleSchemeMismatch rests on: the initiator's scheme against the request's
// (an https page calling http, or an http page calling https on the same
// host), and Secure session-like jar cookies for a host requested over
// plain http (not a secure context).
func ruleSchemeMismatch(x *view) {
	if !x.urlOK {
		return
	}
	if init, ok := x.initiator(); ok {
		switch {
		case init.Scheme == "https" && x.u.Scheme == "http":
			x.add(SchemeMismatch, Likely, []string{"The https page " + init.Origin() + " requested plain http " + x.u.Origin() + "."})
		case init.Scheme == "http" && x.u.Scheme == "https" && init.Host == x.u.Host:
			x.add(SchemeMismatch, Possible, []string{"The page is on http (" + init.Origin() + ") but calls https (" + x.u.Origin() + "): they are different origins, and cookies set over one may not reach the other."})
		}
	}
	if x.u.Scheme == "http" && !x.u.IsSecureContext() {
		for _, c := range x.a.s.Cookies {
			if c.Secure && sessionLike(c.Name) && domainMatch(c.Domain, c.HostOnly, x.u.Host) && cookie.PathMatch(c.Path, x.u.Path) {
				sev := Likely
				if x.refused() && !x.sentCookie(c.Name) {
					sev = Cause
				}
				x.add(SchemeMismatch, sev, []string{"Cookie " + show(c.Name) + " is Secure, so it is never sent to " + x.u.Origin() + " over plain http."})
			}
		}
	}
}

// twin is the www / no-www counterpart of host.
func twin(host string) string {
	if h, ok := strings.CutPrefix(host, "www."); ok {
		return h
	}
	return "www." + host
}

// ruleHostMismatch rests on: session-like jar cookies that do not
// domain-match the request's host but belong to its www/no-www twin or to
// another host of the same site, while no session-like cookie matches the
// request's host; and an initiator that is the request host's twin.
func ruleHostMismatch(x *view) {
	if !x.urlOK || x.u.Host == "" || psl.IsIPLiteral(x.u.Host) {
		return
	}
	host := x.u.Host
	var elsewhere []string
	matched := false
	for _, c := range x.a.s.Cookies {
		if !sessionLike(c.Name) {
			continue
		}
		if domainMatch(c.Domain, c.HostOnly, host) {
			matched = true
			continue
		}
		if c.Domain == twin(host) || psl.SameSite(c.Domain, host) {
			elsewhere = appendNew(elsewhere, "Cookie "+show(c.Name)+" belongs to "+bare(c.Domain)+"; the request went to "+host+".")
		}
	}
	if !matched && len(elsewhere) > 0 && (x.refused() || x.status == 403 || len(x.e.Redirects) > 0) {
		sev := Likely
		if x.refused() && len(x.sent) == 0 {
			sev = Cause
		}
		x.add(HostMismatch, sev, elsewhere)
	}
	if init, ok := x.initiator(); ok && init.Host == twin(host) {
		x.add(HostMismatch, Possible, []string{"The page is on " + init.Host + " but calls " + host + ": to the browser these are different hosts."})
	}
}

// cookieIndex is the cookie rules' index over the snapshot: the cookies
// the browser refused (refusals), computed once.
type cookieIndex struct {
	refusalsDone bool
	refused      []refusal
}

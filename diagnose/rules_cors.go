package diagnose

import (
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/cors"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/psl"
	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

// corsTypes are the webRequest types whose requests use CORS mode (fetch,
// XHR, and what older Chromium reports as "other").
var corsTypes = map[string]bool{"": true, "xmlhttprequest": true, "fetch": true, "other": true, "ping": true}

// crossOrigin says the request went to another origin than its initiator's.
func (x *view) crossOrigin() bool {
	init, ok := x.initiator()
	return ok && x.urlOK && init.Origin() != x.u.Origin()
}

// unfollowed is the Location of a final redirect response the request did
// not follow (a HAR shows a CORS-blocked redirect this way), or "".
func (x *view) unfollowed() string {
	if x.e.Response == nil || x.status < 300 || x.status > 399 {
		return ""
	}
	return x.resp.Get("Location")
}

// redirectsCrossOrigin says an unfollowed redirect pointed at another
// origin than the initiator's (a relative Location stays same-origin).
func (x *view) redirectsCrossOrigin() bool {
	loc := x.unfollowed()
	if loc == "" {
		return false
	}
	init, ok := x.initiator()
	u, err := weburl.Parse(loc)
	return ok && err == nil && u.Origin() != init.Origin()
}

// crossedOrigin says a redirect hop of the request was to another origin
// than the initiator's: the CORS flag, once set, stays set, so the final
// answer is checked even when it comes back to the initiator's origin.
func (x *view) crossedOrigin() bool {
	init, ok := x.initiator()
	if !ok {
		return false
	}
	for _, h := range x.e.Redirects {
		if u, err := weburl.Parse(h.URL); err == nil && u.Origin() != init.Origin() {
			return true
		}
	}
	return false
}

// preflightFailed says the preflight got no 2xx answer.
func (x *view) preflightFailed() bool {
	p := x.e.Preflight
	if p == nil {
		return false
	}
	return p.Error != "" || p.Response == nil || p.Response.Status < 200 || p.Response.Status > 299
}

// corsInput is the exchange in diagnose/cors's terms. The credentials mode
// is not visible to webRequest: a Cookie header means "include".
func (x *view) corsInput(creds cors.Credentials) cors.Input {
	r := x.e.Request
	in := cors.Input{Request: cors.Request{
		Method: r.Method, Origin: r.Initiator, Headers: x.requestHeadersForCORS(), Credentials: creds, Mode: cors.ModeCors,
	}}
	for _, h := range x.e.Redirects {
		in.Legs = append(in.Legs, cors.Leg{URL: h.URL, Response: &cors.Response{Status: h.Status, Headers: h.Headers}})
	}
	switch {
	case x.stoppedAtRedirect():
		// The request stopped at its last hop: the next leg is where that
		// redirect pointed (its Location), never requested.
		in.Legs = append(in.Legs, cors.Leg{})
	default:
		final := cors.Leg{URL: r.URL}
		if resp := x.corsResponse(); resp != nil {
			final.Response = &cors.Response{Status: resp.Status, Headers: resp.Headers}
		}
		in.Legs = append(in.Legs, final)
		if x.unfollowed() != "" {
			in.Legs = append(in.Legs, cors.Leg{}) // where the redirect pointed; never answered
		}
	}
	in.Request.URL = in.Legs[0].URL
	if p := x.e.Preflight; p != nil {
		if pr := preflightAnswer(p); pr != nil {
			// The preflight belongs to the leg at its URL (the last one
			// when the URLs cannot be matched).
			at := len(in.Legs) - 1
			for i, l := range in.Legs {
				if l.URL == p.Request.URL {
					at = i
					break
				}
			}
			in.Legs[at].Preflight = &cors.Response{Status: pr.Status, Headers: pr.Headers}
		}
	}
	return in
}

// stoppedAtRedirect says the request ended at a redirect it did not follow,
// as webRequest records it: the last hop is the request's own URL (the
// browser never re-sent it elsewhere) and no final response came.
func (x *view) stoppedAtRedirect() bool {
	n := len(x.e.Redirects)
	return x.e.Response == nil && n > 0 && x.e.Redirects[n-1].URL == x.e.Request.URL
}

// preflightAnswer is what the preflight got: its response, or, when it was
// answered with a redirect (which a preflight may not follow, so webRequest
// records only the hop), that redirect.
func preflightAnswer(p *Exchange) *Response {
	if p.Response != nil {
		return p.Response
	}
	if n := len(p.Redirects); n > 0 {
		h := p.Redirects[n-1]
		return &Response{Status: h.Status, Headers: h.Headers}
	}
	return nil
}

// corsResponse is the final response the CORS check saw: the recorded one,
// or, for a GET that failed without any, the earlier answer to the same URL
// that the browser's cache would still serve (see reusedAnswer).
func (x *view) corsResponse() *Response {
	if x.e.Response != nil {
		return x.e.Response
	}
	return x.reused
}

// reusedAnswer finds, for a GET that failed without a recorded response
// (HAR exports and cache hits can look like that), the latest earlier
// answer to the same URL that was still fresh in the browser's cache at
// this request's time.
func (x *view) reusedAnswer() (*Response, int) {
	if x.e.Response != nil || x.e.Error == "" || x.e.Preflight != nil || !strings.EqualFold(x.e.Request.Method, "GET") {
		return nil, -1
	}
	if j := x.a.previousAnswers()[x.i]; j >= 0 {
		p := &x.a.s.Exchanges[j]
		received := p.Response.Time
		if received.IsZero() {
			received = p.Request.Time
		}
		st := header.Freshness(p.Response.Status, p.Response.Headers, received, x.at(), false)
		if st.Fresh {
			return p.Response, j
		}
		return nil, -1 // the latest answer is the one that counts
	}
	return nil, -1
}

// previousAnswers is, for every exchange, the latest earlier GET to the
// same URL that got a response (-1 when none), found in one pass so that
// reusedAnswer does not scan the snapshot.
func (a *analysis) previousAnswers() []int {
	if a.answers != nil {
		return a.answers
	}
	a.answers = make([]int, len(a.s.Exchanges))
	last := map[string]int{}
	for j := range a.s.Exchanges {
		p := &a.s.Exchanges[j]
		a.answers[j] = -1
		if k, ok := last[p.Request.URL]; ok {
			a.answers[j] = k
		}
		if p.Response != nil && strings.EqualFold(p.Request.Method, "GET") {
			last[p.Request.URL] = j
		}
	}
	return a.answers
}

// cachedForSibling explains a mismatching answer that a cache most likely
// kept for another origin of the same site (www / no-www, a sibling
// subdomain): the answer is cacheable, has no Vary: Origin and names that
// origin. A server set up for one origin of a site is almost always meant
// for its siblings too, and webRequest does not say whether the answer came
// from the cache. "" when the answer does not look like that.
func (x *view) cachedForSibling() string {
	r := x.e.Response
	init, ok := x.initiator()
	if r == nil || !ok {
		return ""
	}
	vals := r.Headers.Values("Access-Control-Allow-Origin")
	if len(vals) != 1 || header.ParseVary(r.Headers.Values("Vary")).Has("Origin") {
		return ""
	}
	named, err := weburl.Parse(strings.TrimSpace(vals[0]))
	if err != nil || named.Host == "" || named.Origin() == init.Origin() || !psl.SameSite(named.Host, init.Host) {
		return ""
	}
	st := header.Freshness(r.Status, r.Headers, r.Time, r.Time, false)
	if !st.Storable || st.NoCache || st.Lifetime <= 0 {
		return ""
	}
	return "The answer may be cached (Cache-Control: " + show(strings.Join(r.Headers.Values("Cache-Control"), ", ")) + ") and names " + bare(named.Origin()) +
		", another origin of this page's site, without Vary: Origin: most likely a copy stored when that origin called, reused here."
}

// requestHeadersForCORS are the request's headers plus those its preflight
// announced in Access-Control-Request-Headers: a request that was never
// sent often shows only provisional headers (DevTools, HAR), and the
// preflight is then the record of what the page set. The placeholder value
// is not CORS-safelisted, as the browser judged the real one.
func (x *view) requestHeadersForCORS() header.Headers {
	h := x.e.Request.Headers
	p := x.e.Preflight
	if p == nil {
		return h
	}
	var added header.Headers
	for _, v := range p.Request.Headers.Values("Access-Control-Request-Headers") {
		for _, name := range header.SplitList(v) {
			if name != "" && !h.Has(name) && !added.Has(name) {
				added = append(added, header.Field{Name: name, Value: "\""})
			}
		}
	}
	if len(added) == 0 {
		return h
	}
	return append(slices.Clone(h), added...)
}

// ruleCORS rests on: a cross-origin fetch/XHR (initiator origin differs from
// the URL's) that ended in a network error, had a failing preflight or was
// refused; diagnose/cors replays Chromium's checks on the request, preflight
// and responses and names the CorsError and the header lines that fix it.
// cors-vary-origin-missing comes from its warnings.
func ruleCORS(x *view) {
	if !corsTypes[x.e.Request.Type] || !(x.crossOrigin() || x.redirectsCrossOrigin() || x.crossedOrigin()) {
		return
	}
	if x.e.Error == "" && !x.preflightFailed() && !x.refused() && x.unfollowed() == "" {
		return
	}
	var reusedNote string
	if r, j := x.reusedAnswer(); r != nil {
		x.reused = r
		reusedNote = "No response was recorded for this request; the answer to the same URL at " + stamp(r.Time) + " (exchange " + show(x.a.s.Exchanges[j].ID) + ") was still fresh in the browser's cache, so it is what the CORS check most likely saw."
	}
	creds := cors.CredentialsSameOrigin
	if len(x.sent) > 0 {
		creds = cors.CredentialsInclude
	}
	v := cors.Evaluate(x.corsInput(creds))
	var assumed string
	if v.Error == cors.ErrNone && creds != cors.CredentialsInclude && x.e.Error != "" {
		// webRequest does not show the credentials mode; a failure that only
		// "include" explains is reported with that assumption spelled out.
		if w := cors.Evaluate(x.corsInput(cors.CredentialsInclude)); w.Error != cors.ErrNone {
			v, assumed = w, "Assuming the page asked for credentials (fetch credentials: \"include\" or XHR withCredentials), which webRequest does not show."
		}
	}
	for _, w := range v.Warnings {
		if strings.Contains(w, "Vary") {
			sev, ev := Possible, []string{w}
			switch {
			case x.e.Response != nil && x.e.Response.FromCache && v.Error == cors.AllowOriginMismatch:
				// The mismatch is the symptom: the cached answer was
				// another origin's.
				sev = Cause
				ev = append(ev, "This answer came from the browser's cache (fromCache) and names another origin: it was stored for a different page.")
			case x.reused != nil && v.Error == cors.AllowOriginMismatch:
				sev = Cause
				ev = append(ev, reusedNote, "That cached answer names another origin: it was stored for a different page.")
			case v.Error == cors.AllowOriginMismatch:
				if line := x.cachedForSibling(); line != "" {
					sev = Cause
					ev = append(ev, line)
				}
			}
			x.add(CORSVaryOriginMissing, sev, ev)
		}
	}
	if v.Error == cors.ErrNone {
		return
	}
	id := ID(v.Error.ID())
	if _, ok := Lookup(id); !ok {
		return
	}
	ev := []string{"Chromium's CORS check: " + v.Error.String() + " at the " + v.Step.String() + " step."}
	if v.Detail != "" {
		ev = append(ev, v.Detail)
	}
	if v.Preflight && v.PreflightReason != "" {
		ev = append(ev, "A preflight was needed: "+v.PreflightReason)
	}
	if p := x.e.Preflight; p != nil && p.Response != nil && (p.Response.Status == 401 || p.Response.Status == 403) {
		ev = append(ev, "The preflight itself was answered with an auth error; browsers never send credentials on OPTIONS.")
	}
	if assumed != "" {
		ev = append(ev, assumed)
	}
	if reusedNote != "" {
		ev = append(ev, reusedNote)
	}
	x.add(id, Cause, ev, v.Fix...)
	// Chromium's CORS check ended this request. A redirect chain that came
	// back to a URL (login-redirect-loop) did not, or the browser would have
	// given up with net::ERR_TOO_MANY_REDIRECTS: it ranks below.
	if x.errName() != "ERR_TOO_MANY_REDIRECTS" {
		for i := range x.findings {
			if f := &x.findings[i]; f.ID == LoginRedirectLoop && f.Severity > Likely {
				f.Severity = Likely
			}
		}
	}
}

// corsIndex is the CORS rules' index over the snapshot: previousAnswers
// for every exchange, computed once.
type corsIndex struct {
	answers []int
}

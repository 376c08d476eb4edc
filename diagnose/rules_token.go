package diagnose

import (
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
)

// futureLeeway is how far in the future a JWT "iat" may be before it counts
// as a clock problem (issuers and browsers are rarely in perfect sync).
const futureLeeway = time.Minute

// skewThreshold is how far the server's Date may be from the browser's
// clock before clock-skew is reported.
const skewThreshold = 5 * time.Minute

// carried is a JWT the request carried and where.
type carried struct {
	where  string
	claims claims
}

// tokens are the JWTs in the Authorization header and the sent cookies.
func (x *view) tokens() []carried {
	var out []carried
	if x.hasAuthz && strings.EqualFold(x.authz.Scheme, "Bearer") {
		if cl, ok := decodeJWT(x.authz.Token); ok {
			out = append(out, carried{"the Authorization header", cl})
		}
	}
	// The Cookie header seen by webRequest is the evidence that a cookie
	// went out; its value is read from the jar, as only the jar keeps it.
	sent, _ := x.jar()
	for _, c := range sent {
		if !x.sentCookie(c.Name) {
			continue
		}
		if cl, ok := decodeJWT(c.Value); ok {
			out = append(out, carried{"cookie " + show(c.Name), cl})
		}
	}
	return out
}

func (x *view) bearerClaims() (claims, bool) {
	if !x.hasAuthz || !strings.EqualFold(x.authz.Scheme, "Bearer") {
		return claims{}, false
	}
	return decodeJWT(x.authz.Token)
}

// who names the token by its non-secret claims.
func (t carried) who() string {
	var parts []string
	switch sub := t.claims.Sub; {
	case personalSub(sub):
		parts = append(parts, "sub=… (personal data, masked)")
	case sub != "":
		parts = append(parts, "sub="+show(sub))
	}
	if t.claims.Iss != "" {
		parts = append(parts, "iss="+show(t.claims.Iss))
	}
	if len(parts) == 0 {
		return "The JWT in " + t.where
	}
	return "The JWT in " + t.where + " (" + strings.Join(parts, ", ") + ")"
}

// ruleTokens rests on: JWT claims exp, nbf and iat of tokens in the
// Authorization header or sent cookies, compared with the request time (the
// snapshot time when the request has none). It yields expired-token,
// token-not-yet-valid and, for an iat in the future, clock-skew.
func ruleTokens(x *view) {
	at := x.at()
	sev := Likely
	if x.refused() {
		sev = Cause
	}
	for _, t := range x.tokens() {
		cl := t.claims
		unit := ""
		if cl.Millis {
			unit = " The token's times are written in milliseconds; JWT times must be seconds (RFC 7519), so some servers misread them."
		}
		if cl.HasExp && !cl.Exp.After(at) {
			x.add(ExpiredToken, sev, []string{
				t.who() + " expired at " + stamp(cl.Exp) + ", " + ago(cl.Exp, at) + " the request." + unit,
			})
		}
		if cl.HasNbf && cl.Nbf.After(at) {
			x.add(TokenNotYetValid, sev, []string{
				t.who() + " is valid only from " + stamp(cl.Nbf) + " (nbf), " + span(cl.Nbf.Sub(at)) + " after the request." + unit,
			})
		}
		if cl.HasIat && cl.Iat.After(at.Add(futureLeeway)) {
			line := t.who() + " was issued at " + stamp(cl.Iat) + " (iat), " + span(cl.Iat.Sub(at)) + " after this computer's time of the request." + unit
			x.add(TokenNotYetValid, Likely, []string{line})
			x.add(ClockSkew, 0, []string{line})
		}
	}
}

// ruleClockSkew rests on: the response's Date header against the time the
// browser recorded the response (or the snapshot time), for a response that
// did not come from a cache. It is the cause when a token the request
// carried is valid by the browser's clock but not by the server's.
func ruleClockSkew(x *view) {
	r := x.e.Response
	if r == nil || r.FromCache || ageSeconds(r.Headers.Get("Age")) > 0 {
		return
	}
	d, ok := httpDate(r.Headers.Get("Date"))
	if !ok {
		return
	}
	ref := r.Time
	if ref.IsZero() {
		ref = x.a.now
	}
	if ref.IsZero() {
		return
	}
	diff := d.Sub(ref)
	if diff > -skewThreshold && diff < skewThreshold {
		return
	}
	dir := "ahead of"
	if diff < 0 {
		dir, diff = "behind", -diff
	}
	ev := []string{"The server's Date (" + stamp(d) + ") is " + span(diff) + " " + dir + " this computer's clock (" + stamp(ref) + ")."}
	sev := Possible
	// By the server's clock, is a token that is fine here already expired
	// (or not yet valid)? Then the skew is the cause.
	serverAt := x.at().Add(d.Sub(ref))
	for _, t := range x.tokens() {
		cl := t.claims
		switch {
		case cl.HasExp && cl.Exp.After(x.at()) && !cl.Exp.After(serverAt):
			ev = append(ev, t.who()+" expires at "+stamp(cl.Exp)+": still valid by this computer's clock, already expired by the server's.")
			sev = Cause
		case cl.HasNbf && !cl.Nbf.After(x.at()) && cl.Nbf.After(serverAt):
			ev = append(ev, t.who()+" is valid from "+stamp(cl.Nbf)+": valid by this computer's clock, not yet by the server's.")
			sev = Cause
		}
	}
	if sev == Cause && !x.refused() {
		sev = Likely
	}
	x.add(ClockSkew, sev, ev)
}

// ruleCached401 rests on: fromCache on a refused response; a cache's hit
// marker (X-Cache, CF-Cache-Status, X-Cache-Status, X-Proxy-Cache: HIT) or
// an Age above zero, meaning a cache answered with a stored copy (Age: 0
// alone is also sent on misses, by Varnish for one); or a freshness
// lifetime (header.Freshness) that lets a CDN store the 401 — and, outside
// Chromium, whose HTTP cache never stores a 401, the browser too.
func ruleCached401(x *view) {
	if !x.refused() || x.e.Response == nil {
		return
	}
	r := x.e.Response
	st := "HTTP " + strconv.Itoa(x.status)
	if r.FromCache {
		x.add(Cached401Response, Cause, []string{"The browser served this " + st + " from its cache (fromCache), without asking the server."})
		return
	}
	var hit []string
	for _, name := range []string{"X-Cache", "CF-Cache-Status", "X-Cache-Status", "X-Proxy-Cache"} {
		if v := r.Headers.Get(name); strings.Contains(strings.ToUpper(v), "HIT") {
			hit = append(hit, name+": "+show(v))
		}
	}
	if age := ageSeconds(r.Headers.Get("Age")); age > 0 || (age == 0 && len(hit) > 0) {
		hit = append(hit, "Age: "+strconv.FormatInt(age, 10))
	}
	if len(hit) > 0 {
		x.add(Cached401Response, Cause, []string{"A cache answered with a stored " + st + " (" + strings.Join(hit, ", ") + "): the server never saw this request."})
		return
	}
	at := r.Time
	if at.IsZero() {
		at = x.a.now
	}
	var why []string
	for _, shared := range []bool{true, false} {
		if !shared && x.a.s.Browser != BrowserFirefox {
			continue // Chromium's HTTP cache never stores a 401
		}
		fr := header.Freshness(x.status, r.Headers, at, at, shared)
		if !fr.Storable || fr.NoCache || fr.Lifetime <= 0 {
			continue
		}
		who := "a CDN or proxy"
		if !shared {
			who = "the browser's cache"
		}
		why = append(why, who+" may reuse it for "+span(fr.Lifetime)+" ("+fr.Source.String()+")")
	}
	if len(why) > 0 {
		x.add(Cached401Response, Possible, []string{"This " + st + " may be stored and reused: " + strings.Join(why, "; ") + ". Cache-Control: " + show(strings.Join(r.Headers.Values("Cache-Control"), ", ")) + "."})
	}
}

// ruleCachedBasic rests on inference, because webRequest cannot see the
// Authorization header the browser adds from its HTTP auth cache: the
// browser's onAuthRequired challenge (scheme, realm), or a 401 Basic/Digest
// challenge to a request without a script-set Authorization, after earlier
// successful requests to the same origin. With earlier successes it is
// likely; an onAuthRequired challenge alone is possible.
func ruleCachedBasic(x *view) {
	if x.hasAuthz && x.e.Request.AuthorizationFromBrowser && x.refused() && browserScheme(x.authz.Scheme) {
		// The source shows the wire headers and that the page did not set
		// this one: the browser answered from its saved credentials, and
		// the server refused them.
		x.add(CachedBasicCredentials, Cause, []string{
			"The request carried " + x.describeAuthz() + ", which the page did not set: the browser added it from its saved credentials (the wire headers show it; extensions never see it).",
			"The server refused it with HTTP " + strconv.Itoa(x.status) + " and asked for " + x.schemes() + ": the saved credentials are out of date.",
		})
		return
	}
	if x.hasAuthz || !x.urlOK {
		return
	}
	var ev []string
	if a := x.e.AuthChallenge; a != nil && !a.IsProxy && browserScheme(a.Scheme) {
		line := "The browser was asked for " + bare(a.Scheme) + " credentials"
		if a.Realm != "" {
			line += " for realm " + show(a.Realm)
		}
		if a.Challenger != "" {
			line += " by " + show(a.Challenger)
		}
		ev = append(ev, line+" (webRequest.onAuthRequired).")
	} else if x.status == 401 && x.allBrowserSchemes() {
		ev = append(ev, "HTTP 401 with a "+x.schemes()+" challenge.")
	} else {
		return
	}
	ok, answered := x.earlierSuccesses()
	sev := Possible
	if answered != "" {
		// The browser itself answered an earlier challenge from this origin,
		// so it holds credentials for it: the ones refused now.
		sev = Cause
		ev = append(ev, "Earlier, the browser answered a challenge from "+x.u.Origin()+" by itself ("+show(redactURL(answered))+"): it holds saved credentials for this origin, and they are refused now.")
	} else if ok > 0 {
		sev = Likely
		ev = append(ev, strconv.Itoa(ok)+" earlier request(s) to "+x.u.Origin()+" succeeded without a visible Authorization header, so the browser was probably sending saved credentials that are now refused.")
	} else if x.e.AuthChallenge == nil {
		return
	}
	ev = append(ev, "Inferred: extensions cannot see the Authorization header the browser adds itself.")
	x.add(CachedBasicCredentials, sev, ev)
}

// earlierSuccesses counts 2xx/3xx answers from the same origin, before this
// exchange, to requests without a script-set Authorization, and names the
// latest one the browser authenticated by itself ("" when none).
func (x *view) earlierSuccesses() (n int, answered string) {
	p := x.a.priorSuccesses()[x.i]
	return p.n, p.answered
}

// prior is what earlierSuccesses says for one exchange.
type prior struct {
	_        [0]func() // no comparison: none is needed, and it would cost code
	n        int
	answered string
}

// priorSuccesses answers earlierSuccesses for every exchange in one pass
// over the snapshot (computed once; scanning all earlier exchanges per
// failure was quadratic).
func (a *analysis) priorSuccesses() []prior {
	if a.priors != nil {
		return a.priors
	}
	a.priors = make([]prior, len(a.s.Exchanges))
	byOrigin := map[string]prior{}
	for j := range a.s.Exchanges {
		if a.urls[j].Scheme == "" {
			continue
		}
		origin := a.urls[j].Origin()
		p := byOrigin[origin]
		a.priors[j] = p
		e := &a.s.Exchanges[j]
		if e.Response == nil || e.Response.Status < 200 || e.Response.Status >= 400 || e.Request.Headers.Has("Authorization") {
			continue
		}
		p.n++
		if e.BrowserAuthenticated {
			p.answered = e.Request.URL
		}
		byOrigin[origin] = p
	}
	return a.priors
}

// ruleStaleSession rests on: a session-like cookie (sid, session,
// connect.sid, PHPSESSID, JSESSIONID, *_session, auth, token…) in the
// request's Cookie header, and either a response (or redirect) that deletes
// it (cause) or a refused status with no Authorization header (likely).
func ruleStaleSession(x *view) {
	var names []string
	for _, c := range x.sent {
		if sessionLike(c.Name) {
			names = appendNew(names, c.Name)
		}
	}
	if len(names) == 0 {
		return
	}
	if deleted := x.deletedCookies(names); len(deleted) > 0 {
		x.add(StaleSessionCookie, Cause, []string{
			"The browser sent session cookie(s) " + bareList(names) + "; the server answered by deleting " + bareList(deleted) + " (Set-Cookie with an expiry in the past).",
		})
		return
	}
	if !x.refused() {
		return
	}
	sev := Likely
	if x.hasAuthz {
		sev = Possible
	}
	var lens []string
	for _, c := range x.sent {
		if sessionLike(c.Name) {
			lens = appendNew(lens, bare(c.Name)+" ("+strconv.Itoa(c.ValueLen)+" chars)")
		}
	}
	x.add(StaleSessionCookie, sev, []string{
		"The browser sent session cookie(s) " + capList(lens, 10) + " and got HTTP " + strconv.Itoa(x.status) + ": the server does not accept that session.",
	})
}

// deletedCookies are the names among names that a Set-Cookie line of the
// response or of a redirect deletes (accepted, but already expired).
func (x *view) deletedCookies(names []string) []string {
	var out []string
	check := func(h []string, url string) {
		req := x.cookieRequest()
		req.URL = url
		for _, line := range h {
			res := cookie.ParseSetCookie(line, req)
			if res.Accepted() && !res.Stored() && containsFold(names, res.Cookie.Name) {
				out = appendNew(out, res.Cookie.Name)
			}
		}
	}
	for _, hop := range x.e.Redirects {
		check(hop.Headers.Values("Set-Cookie"), hop.URL)
	}
	if x.e.Response != nil {
		check(x.resp.Values("Set-Cookie"), x.e.Request.URL)
	}
	return out
}

// cookieRequest is the exchange as the cookie model sees it.
func (x *view) cookieRequest() cookie.Request {
	r := cookie.Request{
		URL: x.e.Request.URL, Method: x.e.Request.Method, MainFrame: x.e.Request.Type == "main_frame",
		Initiator: x.e.Request.Initiator, Now: x.at(),
	}
	if x.a.s.ThirdPartyCookiesBlocked {
		r.ThirdParty = cookie.ThirdPartyBlockedByUser
	}
	if x.e.Response != nil {
		if d, ok := httpDate(x.resp.Get("Date")); ok {
			r.ServerDate = d
		}
	}
	return r
}

// tokenIndex is the token rules' index over the snapshot: earlierSuccesses
// for every exchange, computed once.
type tokenIndex struct {
	priors []prior
}

package cors

import (
	"slices"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

// Step says which exchange a CORS error belongs to.
type Step uint8

const (
	StepUnspecified Step = iota
	StepRequest          // before anything was sent (mode, scheme)
	StepPreflight        // the OPTIONS preflight's response
	StepRedirect         // a redirect response of the actual request
	StepActual           // the final response of the actual request
)

func (s Step) String() string {
	switch s {
	case StepRequest:
		return "request"
	case StepPreflight:
		return "preflight"
	case StepRedirect:
		return "redirect"
	case StepActual:
		return "actual"
	}
	return "unspecified"
}

// Verdict is Chromium's CORS decision for one request.
type Verdict struct {
	// Error is what Chromium reports; ErrNone when the request passes CORS
	// (or when Unknown says the evidence ran out).
	Error CorsError
	Step  Step
	// Leg is the index in Input.Legs of the failing exchange.
	Leg int
	// CrossOrigin says the CORS protocol applied at all (the CORS flag).
	CrossOrigin bool
	// Preflight says a preflight was required for the failing (or last) leg,
	// and PreflightReason why.
	Preflight       bool
	PreflightReason string
	// Detail explains the failure in one or two sentences.
	Detail string
	// Fix holds the exact header lines (or, for client-side causes, the
	// change) that make the request pass.
	Fix []string
	// Warnings are problems that did not fail this request.
	Warnings []string
	// NetworkError is set when Chromium fails the request without a CORS
	// reason (DevTools shows none, the page sees a TypeError).
	NetworkError string
	// Unknown is set when a needed response is missing from the input, so
	// no verdict could be reached past that point.
	Unknown string
}

// OK reports whether the request passed CORS on the evidence given.
func (v Verdict) OK() bool { return v.Error == ErrNone && v.Unknown == "" && v.NetworkError == "" }

// state is the request as it evolves across redirects.
type state struct {
	in       *Input
	method   string
	headers  header.Headers
	origin   string // initiator origin, canonical
	creds    Credentials
	mode     Mode
	url      string
	u        weburl.URL
	corsFlag bool
	tainted  bool
	v        Verdict
}

// Evaluate runs Chromium's CORS checks over the input in Chromium's order
// and returns the first failure.
func Evaluate(in Input) Verdict {
	s := &state{
		in:      &in,
		method:  in.Request.Method,
		headers: slices.Clone(in.Request.Headers),
		origin:  canonicalOrigin(in.Request.Origin),
		creds:   in.Request.Credentials,
		mode:    in.Request.Mode,
		url:     in.Request.URL,
	}
	if s.mode == ModeUnspecified {
		s.mode = ModeCors
	}
	if s.creds == CredentialsUnspecified {
		s.creds = CredentialsSameOrigin
	}
	if s.method == "" {
		s.method = "GET"
	}
	s.run()
	s.addWarnings()
	return s.v
}

func (s *state) fail(e CorsError, step Step, leg int, detail string, fix ...string) {
	s.v.Error, s.v.Step, s.v.Leg, s.v.Detail, s.v.Fix = e, step, leg, detail, fix
}

func (s *state) unknown(leg int, why string) {
	s.v.Leg, s.v.Unknown = leg, why
}

func (s *state) run() {
	if s.origin == "" {
		s.unknown(0, "the request's initiator origin is not known")
		return
	}
	u, err := weburl.Parse(s.url)
	if err != nil {
		s.unknown(0, "the request URL cannot be parsed")
		return
	}
	s.u = u
	if s.mode == ModeNoCors && s.in.Request.Redirect != RedirectUnspecified && s.in.Request.Redirect != RedirectFollow {
		s.fail(NoCorsRedirectModeNotFollow, StepRequest, 0,
			"A no-cors request must use redirect mode \"follow\"; it used \""+s.in.Request.Redirect.String()+"\".",
			"fetch(url, {mode: 'no-cors', redirect: 'follow'})")
		return
	}
	for leg := 0; ; leg++ {
		if leg >= len(s.in.Legs) {
			s.unknown(leg, "no response was recorded for "+weburl.Redacted(s.url))
			return
		}
		if !s.startLeg(leg) {
			return
		}
		resp := s.in.Legs[leg].Response
		if resp == nil {
			s.unknown(leg, "no response was recorded for "+weburl.Redacted(s.url))
			return
		}
		if isRedirect(resp) {
			if !s.followRedirect(leg, resp) {
				return
			}
			continue
		}
		if s.corsFlag {
			if e, detail, fix := s.checkAccess(resp.Headers); e != ErrNone {
				s.fail(e, StepActual, leg, detail, fix...)
			}
		}
		return
	}
}

// startLeg is CorsURLLoader::StartRequest plus the preflight for one URL.
func (s *state) startLeg(leg int) bool {
	// The CORS flag, once set, stays set across redirects.
	if !s.corsFlag && s.mode != ModeNoCors && s.mode != ModeNavigate && s.origin != s.u.Origin() {
		s.corsFlag = true
	}
	s.v.CrossOrigin = s.corsFlag
	if !s.corsFlag {
		return true
	}
	switch s.u.Scheme {
	case "http", "https", "data":
	default:
		s.fail(CorsDisabledScheme, StepRequest, leg,
			"Cross-origin requests are only supported for http and https; this one is to a "+s.u.Scheme+": URL.",
			"request an http(s) URL, or load the resource same-origin")
		return false
	}
	if s.mode == ModeSameOrigin {
		// The network service would say DisallowedByMode, but Blink's fetch()
		// refuses first (also after a redirect), so DevTools shows no CORS
		// error and webRequest never sees the request.
		s.v.Step, s.v.Leg = StepRequest, leg
		s.v.NetworkError = "the request's mode is \"same-origin\" but " + s.u.Origin() + " is a different origin from " + s.origin +
			"; fetch() fails before sending (use mode \"cors\" and CORS headers on the server)"
		return false
	}
	need, why := NeedsPreflight(Request{Method: s.method, Headers: s.headers, Mode: s.mode})
	s.v.Preflight, s.v.PreflightReason = need, why
	if !need {
		return true
	}
	pf := s.in.Legs[leg].Preflight
	if pf == nil {
		if s.in.Legs[leg].Response != nil {
			// The request itself was sent, which Chromium only does after
			// a preflight passed or when a cached one still covers it; a
			// capture often misses the one or the other (a HAR keeps one
			// preflight per request, the cache sends none).
			return true
		}
		s.unknown(leg, "a preflight was required ("+why+") but no preflight response was recorded")
		return false
	}
	return s.checkPreflight(leg, pf)
}

// checkPreflight is PreflightController's handling of the OPTIONS answer.
func (s *state) checkPreflight(leg int, pf *Response) bool {
	if isRedirect(pf) {
		s.fail(PreflightDisallowedRedirect, StepPreflight, leg,
			"The preflight (OPTIONS "+weburl.Redacted(s.url)+") was answered with a "+strconv.Itoa(pf.Status)+
				" redirect; browsers never follow redirects on a preflight.",
			"answer OPTIONS "+s.u.Path+" directly with 204 No Content (no redirect) and the CORS headers",
			"or point the page at the final URL so no redirect is needed")
		return false
	}
	e, detail, fix := s.checkAccess(pf.Headers)
	if e != ErrNone {
		s.fail(e.preflightVariant(), StepPreflight, leg, "Preflight: "+detail, fix...)
		return false
	}
	if pf.Status < 200 || pf.Status > 299 {
		detail := "The preflight (OPTIONS) got status " + strconv.Itoa(pf.Status) + "; it must be 2xx."
		fix := []string{"HTTP/1.1 204 No Content (for OPTIONS " + s.u.Path + ")"}
		if pf.Status == 401 || pf.Status == 403 {
			detail += " The server demands credentials on OPTIONS, but browsers never send cookies or Authorization with a preflight."
			fix = append(fix, "exempt OPTIONS requests from authentication (answer them before the auth check)")
		}
		s.fail(PreflightInvalidStatus, StepPreflight, leg, detail, fix...)
		return false
	}
	acam, _ := normalizedHeader(pf.Headers, "Access-Control-Allow-Methods")
	methods, bad, ok := parseAllowList(acam, false)
	if !ok {
		s.fail(InvalidAllowMethodsPreflightResponse, StepPreflight, leg,
			"Access-Control-Allow-Methods must be a comma-separated list of method names; "+strconv.Quote(bad)+" is not one.",
			"Access-Control-Allow-Methods: "+s.methodListFix(nil))
		return false
	}
	acah, _ := normalizedHeader(pf.Headers, "Access-Control-Allow-Headers")
	headers, bad, ok := parseAllowList(acah, true)
	if !ok {
		s.fail(InvalidAllowHeadersPreflightResponse, StepPreflight, leg,
			"Access-Control-Allow-Headers must be a comma-separated list of header names; "+strconv.Quote(bad)+" is not one.",
			"Access-Control-Allow-Headers: "+strings.Join(s.neededHeaders(nil), ", "))
		return false
	}
	include := s.creds == CredentialsInclude
	// Chromium 156 compares the method as sent, case-sensitively (spec mode).
	if !IsSafelistedMethod(s.method) && !slices.Contains(methods, s.method) &&
		(include || !slices.Contains(methods, "*")) {
		detail := "The method " + s.method + " is not listed in the preflight's Access-Control-Allow-Methods"
		switch {
		case include && slices.Contains(methods, "*"):
			detail += "; \"*\" is not a wildcard for requests with credentials"
		case slices.Contains(methods, strings.ToUpper(s.method)):
			detail += "; the list has " + strings.ToUpper(s.method) + " but method names match case-sensitively and the page sends " + s.method
		}
		s.fail(MethodDisallowedByPreflightResponse, StepPreflight, leg, detail+".",
			"Access-Control-Allow-Methods: "+s.methodListFix(methods))
		return false
	}
	hasStar := !include && slices.Contains(headers, "*")
	unsafe := UnsafeHeaderNames(s.headers)
	if hasStar {
		// The Fetch standard says "*" never covers Authorization, and Firefox
		// and Safari fail such a request; Chromium 156 still lets it pass and
		// only logs a deprecation warning.
		if slices.Contains(unsafe, "authorization") && !slices.Contains(headers, "authorization") {
			s.v.Warnings = append(s.v.Warnings,
				"Access-Control-Allow-Headers: * does not cover Authorization under the Fetch standard (Firefox and Safari fail this request; Chromium only warns). Name it: Access-Control-Allow-Headers: "+
					strings.Join(s.neededHeaders(headers), ", "))
		}
		unsafe = nil
	}
	for _, name := range unsafe {
		if slices.Contains(headers, name) {
			continue
		}
		detail := "The request header " + name + " is not listed in the preflight's Access-Control-Allow-Headers"
		switch {
		case include && slices.Contains(headers, "*"):
			detail += "; \"*\" is not a wildcard for requests with credentials"
		}
		s.fail(HeaderDisallowedByPreflightResponse, StepPreflight, leg, detail+".",
			"Access-Control-Allow-Headers: "+strings.Join(s.neededHeaders(headers), ", "))
		return false
	}
	return true
}

// checkAccess is Chromium's CheckAccess (the Fetch "CORS check").
func (s *state) checkAccess(h header.Headers) (CorsError, string, []string) {
	origin := s.origin
	if s.tainted {
		origin = "null"
	}
	include := s.creds == CredentialsInclude
	acao, has := normalizedHeader(h, "Access-Control-Allow-Origin")
	originFix := s.originFix(origin)
	switch {
	case has && acao == "*":
		if include {
			return WildcardOriginNotAllowed,
				"Access-Control-Allow-Origin is \"*\", which is not allowed when the request includes credentials.",
				append(originFix, "Access-Control-Allow-Credentials: true")
		}
	case !has:
		return MissingAllowOriginHeader,
			"The response has no Access-Control-Allow-Origin header.", s.withCreds(originFix)
	case acao != origin:
		if strings.ContainsAny(acao, " ,") {
			return MultipleAllowOriginValues,
				"Access-Control-Allow-Origin has several values (" + strconv.Quote(acao) + "); exactly one origin is allowed.",
				s.withCreds(originFix)
		}
		if acao == "null" {
			return AllowOriginMismatch,
				"Access-Control-Allow-Origin is \"null\" but the request's origin is " + origin + ".", s.withCreds(originFix)
		}
		if !allowOriginIsURL(acao) {
			return InvalidAllowOriginValue,
				"Access-Control-Allow-Origin is " + strconv.Quote(acao) + ", which is not a valid origin.", s.withCreds(originFix)
		}
		detail := "Access-Control-Allow-Origin is " + strconv.Quote(acao) + " but the request's origin is " + origin
		if s.tainted {
			detail += " (a cross-origin redirect made the origin opaque)"
		}
		return AllowOriginMismatch, detail + "; they must match exactly.", s.withCreds(originFix)
	}
	if include {
		acac, has := normalizedHeader(h, "Access-Control-Allow-Credentials")
		if acac != "true" {
			detail := "The request includes credentials, so Access-Control-Allow-Credentials must be exactly \"true\""
			if has {
				detail += "; it is " + strconv.Quote(acac)
			} else {
				detail += "; it is missing"
			}
			return InvalidAllowCredentials, detail + ".", []string{"Access-Control-Allow-Credentials: true"}
		}
	}
	return ErrNone, "", nil
}

func (s *state) originFix(origin string) []string {
	fix := []string{"Access-Control-Allow-Origin: " + origin}
	if origin != "null" {
		fix = append(fix, "Vary: Origin")
	}
	return fix
}

func (s *state) withCreds(fix []string) []string {
	if s.creds == CredentialsInclude {
		return append(fix, "Access-Control-Allow-Credentials: true")
	}
	return fix
}

// methodListFix is a valid Allow-Methods value that keeps the tokens already
// listed and adds the request's method exactly as sent.
func (s *state) methodListFix(have []string) string {
	out := []string{}
	for _, m := range have {
		if m != "*" && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if !slices.Contains(out, s.method) && !IsSafelistedMethod(s.method) {
		out = append(out, s.method)
	}
	if len(out) == 0 {
		out = append(out, s.method)
	}
	return strings.Join(out, ", ")
}

// neededHeaders is the sorted union of the headers already allowed and the
// request's unsafe ones.
func (s *state) neededHeaders(have []string) []string {
	out := []string{}
	for _, h := range have {
		if h != "*" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	for _, h := range UnsafeHeaderNames(s.headers) {
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return out
}

// followRedirect handles a redirect of the actual request; false stops.
func (s *state) followRedirect(leg int, resp *Response) bool {
	if s.corsFlag {
		if e, detail, fix := s.checkAccess(resp.Headers); e != ErrNone {
			s.fail(e, StepRedirect, leg, "Redirect ("+strconv.Itoa(resp.Status)+"): "+detail, fix...)
			return false
		}
	}
	switch s.in.Request.Redirect {
	case RedirectManual:
		return false // an opaque redirect: the page gets it, CORS has nothing more to say
	case RedirectError:
		s.unknown(leg, "redirect mode \"error\" turns the redirect into a network error (not a CORS error)")
		return false
	}
	if leg >= 20 {
		s.unknown(leg, "more than 20 redirects (ERR_TOO_MANY_REDIRECTS, not a CORS error)")
		return false
	}
	loc := resp.Headers.Get("Location")
	next := ""
	if leg+1 < len(s.in.Legs) {
		next = s.in.Legs[leg+1].URL
	}
	var nu weburl.URL
	var err error
	if next == "" {
		next, nu, err = weburl.Resolve(s.u, loc)
	} else {
		nu, err = weburl.Parse(next)
	}
	if err != nil {
		s.unknown(leg, "the redirect target cannot be parsed: "+err.Error())
		return false
	}
	if hasUserinfo(nu) && (s.corsFlag || s.mode == ModeCors && (s.tainted || s.origin != nu.Origin())) {
		s.fail(RedirectContainsCredentials, StepRedirect, leg,
			"The redirect points to a URL with a username or password in it, which a cross-origin request may not follow.",
			"Location: "+withoutUserinfo(nu))
		return false
	}
	if hasUserinfo(nu) && s.mode != ModeNavigate {
		// Same-origin: the network service lets it through, Blink aborts it.
		s.v.Step, s.v.Leg = StepRedirect, leg
		s.v.NetworkError = "the redirect points to a URL with a username or password in it; fetch() aborts it (net::ERR_ABORTED). Fix: Location: " + withoutUserinfo(nu)
		return false
	}
	if nu.Origin() != s.u.Origin() && s.origin != s.u.Origin() {
		s.tainted = true
	}
	if (resp.Status == 301 || resp.Status == 302) && s.method == "POST" ||
		resp.Status == 303 && s.method != "GET" && s.method != "HEAD" {
		s.method = "GET"
		s.headers = slices.DeleteFunc(s.headers, func(f header.Field) bool {
			switch strings.ToLower(f.Name) {
			case "content-type", "content-language", "content-encoding", "content-location":
				return true
			}
			return false
		})
	}
	s.url, s.u = next, nu
	return true
}

// isRedirect mirrors what the network stack follows: a 3xx redirect status
// with a Location header.
func isRedirect(r *Response) bool {
	switch r.Status {
	case 300, 301, 302, 303, 307, 308:
		return r.Headers.Get("Location") != ""
	}
	return false
}

// addWarnings notes problems that did not fail this request.
func (s *state) addWarnings() {
	for i, leg := range s.in.Legs {
		if leg.Response == nil || i > s.v.Leg && s.v.Error != ErrNone {
			continue
		}
		h := leg.Response.Headers
		acao, has := normalizedHeader(h, "Access-Control-Allow-Origin")
		if !has || acao == "*" || acao == "null" || strings.ContainsAny(acao, " ,") {
			continue
		}
		if !header.ParseVary(h.Values("Vary")).Has("Origin") {
			s.v.Warnings = append(s.v.Warnings,
				"Access-Control-Allow-Origin names one origin but the response has no \"Vary: Origin\": a cache may serve it to another origin (which then fails CORS) or serve another origin's answer here. Add: Vary: Origin")
		}
	}
}

package diagnose

import (
	"slices"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

// analysis holds what the rules need from the whole snapshot.
type analysis struct {
	s   *Snapshot
	now time.Time
	// urls are the parsed request URLs, by exchange index (zero when unparseable).
	urls []weburl.URL
	// ips are the distinct server IPs seen for each host, in input order.
	ips map[string][]string

	// The rules' own indexes over the whole snapshot, each declared and
	// built (lazily, once) in the file of the rules that read it.
	cookieIndex
	tokenIndex
	corsIndex
}

func newAnalysis(s *Snapshot) *analysis {
	a := &analysis{s: s, now: s.Now, urls: make([]weburl.URL, len(s.Exchanges)), ips: map[string][]string{}}
	// A page requests the same URLs again and again (polling, retries,
	// every failed attempt): each distinct one is parsed once.
	parsed := map[string]int{} // URL -> index of its first exchange, -1 when unparseable
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		first, seen := parsed[e.Request.URL]
		if !seen {
			first = -1
			if u, err := weburl.Parse(e.Request.URL); err == nil {
				a.urls[i], first = u, i
			}
			parsed[e.Request.URL] = first
		} else if first >= 0 {
			a.urls[i] = a.urls[first]
		}
		if first >= 0 {
			u := a.urls[i]
			if e.Response != nil && e.Response.ServerIP != "" && !slices.Contains(a.ips[u.Host], e.Response.ServerIP) {
				a.ips[u.Host] = append(a.ips[u.Host], e.Response.ServerIP)
			}
		}
		// Without a clock in the snapshot, the last moment it mentions is
		// the best stand-in for "now".
		if s.Now.IsZero() {
			a.now = latest(a.now, e.Request.Time)
			if e.Response != nil {
				a.now = latest(a.now, e.Response.Time)
			}
		}
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// view is one exchange as the rules see it, parsed once.
type view struct {
	a      *analysis
	i      int
	e      *Exchange
	u      weburl.URL
	urlOK  bool
	status int
	resp   header.Headers
	// challenges are the WWW-Authenticate (Proxy-Authenticate for 407) challenges.
	challenges []header.Challenge
	// authz is the visible Authorization (Proxy-Authorization for 407) header.
	authz    header.Credentials
	hasAuthz bool
	// sent are the cookies of the request's Cookie header (names and lengths).
	sent     []cookie.RequestCookie
	findings []Finding

	// reused is the cached answer ruleCORS inferred for a request that
	// failed without a recorded response.
	reused *Response

	jarDone    bool
	jarSent    []cookie.Cookie
	jarResults []cookie.SendResult
}

func (a *analysis) view(i int) *view {
	e := &a.s.Exchanges[i]
	x := &view{a: a, i: i, e: e, u: a.urls[i], urlOK: a.urls[i].Scheme != ""}
	if e.Response != nil {
		x.status = e.Response.Status
		x.resp = e.Response.Headers
	}
	chName, azName := "WWW-Authenticate", "Authorization"
	if x.status == 407 {
		chName, azName = "Proxy-Authenticate", "Proxy-Authorization"
	}
	// Challenges that do not parse cleanly are kept as far as they go, as
	// browsers do.
	x.challenges, _ = header.ParseChallenges(x.resp.Values(chName))
	if v := e.Request.Headers.Get(azName); v != "" {
		x.authz, x.hasAuthz = header.ParseAuthorization(v), true
	}
	for _, v := range e.Request.Headers.Values("Cookie") {
		x.sent = append(x.sent, cookie.ParseCookieHeader(v)...)
	}
	return x
}

// when is the moment the exchange happened, for ordering failures.
func (x *view) when() time.Time {
	if x.e.Response != nil && !x.e.Response.Time.IsZero() {
		return x.e.Response.Time
	}
	return x.e.Request.Time
}

// at is the moment credentials were judged: the request time, or now.
func (x *view) at() time.Time {
	if !x.e.Request.Time.IsZero() {
		return x.e.Request.Time
	}
	return x.a.now
}

// initiator is the parsed initiator origin, when there is one.
func (x *view) initiator() (weburl.URL, bool) {
	if x.e.Request.Initiator == "" || x.e.Request.Initiator == "null" {
		return weburl.URL{}, false
	}
	u, err := weburl.Parse(x.e.Request.Initiator)
	return u, err == nil
}

// errName is the error without its "net::" prefix.
func (x *view) errName() string { return strings.TrimPrefix(x.e.Error, "net::") }

// sentCredentials says the request visibly carried an Authorization header
// or cookies.
func (x *view) sentCredentials() bool { return x.hasAuthz || len(x.sent) > 0 }

// refused says the server answered "not authenticated" (or 403 with a
// challenge), the statuses the credential rules explain.
func (x *view) refused() bool {
	return x.status == 401 || x.status == 407 || (x.status == 403 && len(x.challenges) > 0)
}

// challenge returns the first challenge of scheme (case-insensitive).
func (x *view) challenge(scheme string) (header.Challenge, bool) {
	for _, c := range x.challenges {
		if strings.EqualFold(c.Scheme, scheme) {
			return c, true
		}
	}
	return header.Challenge{}, false
}

// browserScheme says the challenge is one the browser answers by itself
// (a prompt or the OS), whose Authorization webRequest cannot see.
func browserScheme(s string) bool {
	switch strings.ToLower(s) {
	case "basic", "digest", "ntlm", "negotiate":
		return true
	}
	return false
}

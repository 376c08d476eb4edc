package cookie

import (
	"strings"
	"time"
)

// Credentials is the fetch credentials mode of a request. The zero value is
// unspecified and behaves as include, which is what navigations use.
type Credentials uint8

const (
	CredentialsUnspecified Credentials = iota
	CredentialsInclude
	CredentialsSameOrigin
	CredentialsOmit
)

// ThirdPartyBlocking is the browser's third-party cookie setting. The zero
// value is unspecified and means third-party cookies are allowed.
type ThirdPartyBlocking uint8

const (
	ThirdPartyUnspecified ThirdPartyBlocking = iota
	ThirdPartyAllowed
	// ThirdPartyBlockedByUser is the "Block third-party cookies" setting.
	ThirdPartyBlockedByUser
	// ThirdPartyPhaseout is Chromium's third-party cookie deprecation.
	ThirdPartyPhaseout
)

// LaxAllowUnsafeAge is how long after creation a cookie without a SameSite
// attribute is still sent on a cross-site top-level POST ("Lax-allowing-unsafe").
const LaxAllowUnsafeAge = 2 * time.Minute

// Request is a request (or the response to it) as the cookie rules see it.
type Request struct {
	URL string
	// Method is the HTTP method; "" means GET.
	Method string
	// MainFrame says the request is a top-level navigation.
	MainFrame bool
	// Initiator is the origin of the document that made the request; ""
	// for a navigation the user started, "null" for an opaque origin.
	Initiator string
	// TopLevel is the URL (or origin) of the top-level document, which
	// decides first- versus third-party. Ignored for MainFrame requests (the
	// request URL is the new top level); "" means the initiator.
	TopLevel    string
	Credentials Credentials
	ThirdParty  ThirdPartyBlocking
	Now         time.Time
	// ServerDate is the response's Date header, used to correct Expires for
	// the server's clock; zero means no correction.
	ServerDate time.Time
}

// ctxType is Chromium's SameSiteCookieContext::ContextType, ordered.
type ctxType uint8

const (
	ctxCrossSite ctxType = iota
	ctxLaxMethodUnsafe
	ctxLax
	ctxStrict
)

// env is a Request resolved once.
type env struct {
	req      Request
	url      reqURL
	top      reqURL
	hasTop   bool // false: site for cookies is null (opaque top level)
	init     reqURL
	hasInit  bool // false: no initiator
	opaque   bool // the initiator is an opaque origin
	safe     bool // GET/HEAD
	topIsURL bool
}

func newEnv(r Request) (env, error) {
	var e env
	e.req = r
	u, err := parseURL(r.URL)
	if err != nil {
		return e, err
	}
	e.url = u
	switch r.Initiator {
	case "":
	case "null":
		e.hasInit, e.opaque = true, true
	default:
		if iu, err := parseURL(r.Initiator); err == nil {
			e.init, e.hasInit = iu, true
		} else {
			e.hasInit, e.opaque = true, true
		}
	}
	switch {
	case r.MainFrame:
		e.top, e.hasTop, e.topIsURL = u, true, true
	case r.TopLevel != "" && r.TopLevel != "null":
		if tu, err := parseURL(r.TopLevel); err == nil {
			e.top, e.hasTop = tu, true
		}
	case r.TopLevel == "" && e.hasInit && !e.opaque:
		e.top, e.hasTop = e.init, true
	}
	m := strings.ToUpper(r.Method)
	e.safe = m == "" || m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "TRACE"
	return e, nil
}

// context is ComputeSameSiteContext for one mode, before the method rule.
func (e *env) context(schemeful bool) ctxType {
	if !e.hasTop || !e.top.sameSiteAs(e.url, schemeful) {
		return ctxCrossSite
	}
	sameInit := !e.hasInit || (!e.opaque && e.init.sameSiteAs(e.url, schemeful))
	if sameInit {
		return ctxStrict
	}
	if e.req.MainFrame {
		return ctxLax
	}
	return ctxCrossSite
}

// requestContext is ComputeSameSiteContextForRequest.
func (e *env) requestContext(schemeful bool) ctxType {
	c := e.context(schemeful)
	if c == ctxLax && !e.safe {
		c = ctxLaxMethodUnsafe
	}
	return c
}

// responseContext is ComputeSameSiteContextForResponse: a main-frame
// navigation may always set Lax and Strict cookies; strict is normalised to lax.
func (e *env) responseContext(schemeful bool) ctxType {
	if e.req.MainFrame && e.hasTop {
		return ctxLax
	}
	c := e.context(schemeful)
	if c == ctxStrict {
		c = ctxLax
	}
	return c
}

// thirdParty says cookie settings treat the request as third-party.
func (e *env) thirdParty() bool {
	return !e.hasTop || !e.top.sameSiteAs(e.url, true)
}

// partitionKey is the top-level schemeful site a partitioned cookie is
// keyed on, e.g. "https://app.test".
func (e *env) partitionKey() string {
	if !e.hasTop {
		return ""
	}
	return e.top.schemeClass() + "://" + e.top.site()
}

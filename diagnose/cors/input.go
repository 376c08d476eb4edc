package cors

import "github.com/authdoctor/authdoctor/diagnose/header"

// Mode is the request's mode (fetch's RequestInit.mode). The zero value is
// treated as "cors", what fetch() and XMLHttpRequest use.
type Mode uint8

const (
	ModeUnspecified Mode = iota
	ModeCors
	ModeNoCors
	ModeSameOrigin
	ModeNavigate
)

func (m Mode) String() string {
	switch m {
	case ModeCors:
		return "cors"
	case ModeNoCors:
		return "no-cors"
	case ModeSameOrigin:
		return "same-origin"
	case ModeNavigate:
		return "navigate"
	}
	return "unspecified"
}

// Credentials is the request's credentials mode. The zero value is treated
// as "same-origin", fetch()'s default.
type Credentials uint8

const (
	CredentialsUnspecified Credentials = iota
	CredentialsOmit
	CredentialsSameOrigin
	CredentialsInclude
)

func (c Credentials) String() string {
	switch c {
	case CredentialsOmit:
		return "omit"
	case CredentialsSameOrigin:
		return "same-origin"
	case CredentialsInclude:
		return "include"
	}
	return "unspecified"
}

// RedirectMode is fetch's RequestInit.redirect; the zero value is "follow".
type RedirectMode uint8

const (
	RedirectUnspecified RedirectMode = iota
	RedirectFollow
	RedirectManual
	RedirectError
)

func (r RedirectMode) String() string {
	switch r {
	case RedirectFollow:
		return "follow"
	case RedirectManual:
		return "manual"
	case RedirectError:
		return "error"
	}
	return "unspecified"
}

// Request is the request as the page made it.
type Request struct {
	Method string // as sent on the wire (fetch upper-cases only the six standard names)
	URL    string
	// Origin is the initiator's serialized origin ("https://app.test",
	// "null" for an opaque one) — webRequest's initiator.
	Origin string
	// Headers are the request headers. Headers only the browser may set
	// (Cookie, Origin, User-Agent, Sec-*, ...) and the Priority header
	// Chromium adds to HTTP/2 requests are ignored, so webRequest's or a
	// HAR's full list can be passed as is.
	Headers     header.Headers
	Credentials Credentials
	Mode        Mode
	Redirect    RedirectMode
}

// Response is one HTTP answer: a preflight's, a redirect's or the final one.
type Response struct {
	Status  int
	Headers header.Headers
}

// Leg is one URL the request visited. The first leg is Request.URL; each
// following one is where the previous leg's redirect pointed.
type Leg struct {
	// URL may be left empty: it is then resolved from the previous leg's
	// Location header.
	URL string
	// Preflight is the answer to the OPTIONS preflight sent for this leg,
	// nil when none was sent or seen.
	Preflight *Response
	// Response is the answer to the request itself, nil when it was never
	// sent (the preflight failed) or never answered.
	Response *Response
}

// Input is everything the verdict is derived from.
type Input struct {
	Request Request
	Legs    []Leg
}

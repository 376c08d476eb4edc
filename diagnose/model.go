// Package diagnose explains why a request failed with 401 (or failed CORS).
// It is pure and deterministic: no browser, no network, no clock of its own —
// everything it knows comes in a Snapshot, including the time.
package diagnose

import (
	"time"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
)

// Browser is the engine the snapshot came from; the zero value means unknown
// and is treated as Chromium, the only browser whose rules are modelled fully.
type Browser uint8

const (
	BrowserUnspecified Browser = iota
	BrowserChromium
	BrowserFirefox
)

func (b Browser) String() string {
	switch b {
	case BrowserChromium:
		return "chromium"
	case BrowserFirefox:
		return "firefox"
	}
	return "unspecified"
}

// Request is what the browser sent (or was about to send).
type Request struct {
	URL    string
	Method string
	// Type is the webRequest resource type ("main_frame", "sub_frame",
	// "xmlhttprequest", "script", "image", ...); HAR "_resourceType" maps onto it.
	Type string
	// Initiator is the origin of the document that made the request ("" for a
	// navigation the user started, "null" for an opaque origin).
	Initiator string
	Headers   header.Headers
	Time      time.Time
	// AuthorizationFromBrowser says the Authorization header in Headers was
	// added by the browser itself (saved Basic/Digest credentials, URL
	// userinfo), not by the page. webRequest never shows such a header; a
	// HAR's wire headers do, and diagnose/har sets this when the HAR proves
	// it (see there).
	AuthorizationFromBrowser bool
}

// Response is what came back. A request that failed without any response
// (network error, CORS-blocked preflight) has none.
type Response struct {
	Status     int
	StatusText string
	Headers    header.Headers
	FromCache  bool
	ServerIP   string
	Time       time.Time
}

// Hop is one redirect the request followed before its final response.
type Hop struct {
	URL     string
	Status  int
	Headers header.Headers
}

// AuthChallenge is what webRequest.onAuthRequired reported: the browser was
// asked for credentials (Basic/Digest/NTLM/Negotiate) and would prompt.
type AuthChallenge struct {
	Scheme     string
	Realm      string
	Challenger string // host:port that asked
	IsProxy    bool
}

// Exchange is one request and its outcome, with the preflight it triggered.
type Exchange struct {
	ID       string
	Request  Request
	Response *Response
	// Error is the browser's error text when the request failed without a
	// usable response, e.g. "net::ERR_FAILED" (CORS) or "net::ERR_INVALID_AUTH_CREDENTIALS".
	Error         string
	Preflight     *Exchange
	Redirects     []Hop
	AuthChallenge *AuthChallenge
	// BrowserAuthenticated says the browser answered a 401/407 challenge for
	// this request by itself (saved or URL credentials): webRequest saw the
	// request re-sent after the challenge, never the Authorization it carried.
	BrowserAuthenticated bool
}

// Snapshot is everything known about one page or tab at diagnosis time.
type Snapshot struct {
	Exchanges []Exchange
	// Cookies are the jar entries for the sites involved, values included:
	// the engine may inspect them but never prints them.
	Cookies []cookie.Cookie
	Now     time.Time
	Browser Browser
	// Page is the URL of the document the user is looking at (the tab's),
	// "" when unknown. Clearing never reaches past its site by default.
	Page string
	// ThirdPartyCookiesBlocked says the browser blocks cookies in cross-site
	// contexts (Chromium's setting or Firefox's Total Cookie Protection).
	ThirdPartyCookiesBlocked bool
	// Problems describes input DecodeSnapshot had to leave out (an exchange
	// or cookie it could not read), each with its JSON path.
	Problems []string
}

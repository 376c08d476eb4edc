// Package harrec records an HTTP Archive (HAR 1.2) from Chromium through the
// DevTools protocol, in the shape Chrome DevTools exports, so the checked-in
// fixtures under testdata/har read like a HAR a user saves from DevTools.
//
// Besides the HAR 1.2 fields it writes the DevTools custom fields the engine
// relies on: entry._resourceType (lower-case DevTools type: "document",
// "fetch", "xhr", "preflight", ...), entry._initiator ({type, url,
// requestId, stack with the top frame only}), entry._fromCache ("disk" or
// "memory"), response._error (the net error text). It adds fields DevTools
// does not write: entry._requestId (the protocol request id, so a preflight's
// _initiator.requestId names the entry it was sent for), response._failureText
// (same as _error, the name Playwright uses), response._corsError and
// response._corsErrorParameter (Network.CorsErrorStatus), and log._cookies
// (the browser's cookie jar for the recorded sites at the end, in the
// chrome.cookies shape of docs/wire.md) when the recorder was asked for it.
//
// A redirect is one entry per hop; a CORS preflight is its own entry
// (Chromium reports it as a request of type Preflight). A request that
// failed after its response arrived (CORS) keeps that response, taken from
// Network.responseReceivedExtraInfo, together with _error.
package harrec

// HAR is the top-level object of a .har file.
type HAR struct {
	Log Log `json:"log"`
}

// Log is the HAR log.
type Log struct {
	Version string      `json:"version"`
	Creator Creator     `json:"creator"`
	Browser *Creator    `json:"browser,omitempty"`
	Pages   []Page      `json:"pages"`
	Entries []Entry     `json:"entries"`
	Cookies []JarCookie `json:"_cookies,omitempty"`
}

// Creator names the program (or browser) that made the log.
type Creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Page is one top-level document the entries belong to.
type Page struct {
	StartedDateTime string      `json:"startedDateTime"`
	ID              string      `json:"id"`
	Title           string      `json:"title"`
	PageTimings     PageTimings `json:"pageTimings"`
}

// PageTimings are milliseconds from the page start; -1 when unknown.
type PageTimings struct {
	OnContentLoad float64 `json:"onContentLoad"`
	OnLoad        float64 `json:"onLoad"`
}

// Entry is one request and its response (one hop of a redirect chain).
type Entry struct {
	Initiator       *Initiator `json:"_initiator,omitempty"`
	Priority        string     `json:"_priority,omitempty"`
	ResourceType    string     `json:"_resourceType"`
	RequestID       string     `json:"_requestId"`
	FromCache       string     `json:"_fromCache,omitempty"`
	Cache           struct{}   `json:"cache"`
	Connection      string     `json:"connection,omitempty"`
	Pageref         string     `json:"pageref,omitempty"`
	Request         Request    `json:"request"`
	Response        Response   `json:"response"`
	ServerIPAddress string     `json:"serverIPAddress,omitempty"`
	StartedDateTime string     `json:"startedDateTime"`
	Time            float64    `json:"time"`
	Timings         Timings    `json:"timings"`
}

// Initiator is DevTools' _initiator, the stack cut to its top frame.
type Initiator struct {
	Type       string   `json:"type"`
	URL        string   `json:"url,omitempty"`
	LineNumber *float64 `json:"lineNumber,omitempty"`
	RequestID  string   `json:"requestId,omitempty"`
	Stack      *Stack   `json:"stack,omitempty"`
}

// Stack is a JavaScript stack (only the innermost frame is kept).
type Stack struct {
	CallFrames []CallFrame `json:"callFrames"`
}

// CallFrame is one JavaScript stack frame.
type CallFrame struct {
	FunctionName string  `json:"functionName"`
	ScriptID     string  `json:"scriptId"`
	URL          string  `json:"url"`
	LineNumber   float64 `json:"lineNumber"`
	ColumnNumber float64 `json:"columnNumber"`
}

// NameValue is a header, query parameter or simple cookie.
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Cookie is a HAR cookie (request cookies carry only name and value).
type Cookie struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Path     string `json:"path,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Expires  string `json:"expires,omitempty"`
	HTTPOnly bool   `json:"httpOnly,omitempty"`
	Secure   bool   `json:"secure,omitempty"`
	SameSite string `json:"sameSite,omitempty"`
}

// Request is what the browser sent, headers as on the wire when the
// protocol had them (requestWillBeSentExtraInfo), else as the page set them.
type Request struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	HTTPVersion string      `json:"httpVersion"`
	Headers     []NameValue `json:"headers"`
	QueryString []NameValue `json:"queryString"`
	Cookies     []Cookie    `json:"cookies"`
	HeadersSize int         `json:"headersSize"`
	BodySize    int         `json:"bodySize"`
}

// Response is what came back; Status 0 and no headers when nothing did.
type Response struct {
	Status             int         `json:"status"`
	StatusText         string      `json:"statusText"`
	HTTPVersion        string      `json:"httpVersion"`
	Headers            []NameValue `json:"headers"`
	Cookies            []Cookie    `json:"cookies"`
	Content            Content     `json:"content"`
	RedirectURL        string      `json:"redirectURL"`
	HeadersSize        int         `json:"headersSize"`
	BodySize           int         `json:"bodySize"`
	TransferSize       float64     `json:"_transferSize"`
	Error              string      `json:"_error,omitempty"`
	FailureText        string      `json:"_failureText,omitempty"`
	CORSError          string      `json:"_corsError,omitempty"`
	CORSErrorParameter string      `json:"_corsErrorParameter,omitempty"`
}

// Content describes the body; the recorder never stores body text.
type Content struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
}

// Timings are HAR phase durations in milliseconds; -1 for "does not apply".
type Timings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	SSL     float64 `json:"ssl"`
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// JarCookie is one cookie of the browser's jar in chrome.cookies' shape
// (docs/wire.md), so a HAR reader can build Snapshot.Cookies from it.
type JarCookie struct {
	Name           string        `json:"name"`
	Value          string        `json:"value"`
	Domain         string        `json:"domain"`
	HostOnly       bool          `json:"hostOnly"`
	Path           string        `json:"path"`
	Secure         bool          `json:"secure"`
	HTTPOnly       bool          `json:"httpOnly"`
	SameSite       string        `json:"sameSite"`
	Session        bool          `json:"session"`
	ExpirationDate float64       `json:"expirationDate,omitempty"`
	PartitionKey   *PartitionKey `json:"partitionKey,omitempty"`
}

// PartitionKey is a CHIPS partition key.
type PartitionKey struct {
	TopLevelSite string `json:"topLevelSite"`
}

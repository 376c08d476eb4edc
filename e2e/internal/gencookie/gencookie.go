// Package gencookie generates the cookie differential matrix
// (e2e/testdata/cookie_cases.json): Set-Cookie attribute variants × the
// contexts a response can arrive in ("set" cases: was the line stored?), and
// stored cookies × the contexts a request can be made in ("send" cases: did
// the cookie go with it?). The file holds inputs only; Chromium is the oracle.
package gencookie

import (
	"fmt"
	"strings"
)

// Case is one cookie question put to the browser and to the engine.
type Case struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // "set" | "send"
	Name string `json:"name"`
	// Cookie is the cookie's name, or for a nameless cookie "=" + its value:
	// what the test looks for in the jar and in the Cookie header.
	Cookie string `json:"cookie"`
	// Line is the Set-Cookie line: for "set" it is answered to Request; for
	// "send" it is stored first by a same-origin fetch from Setup.
	Line    string  `json:"line"`
	Setup   string  `json:"setup,omitempty"` // scheme://host
	Request Request `json:"request"`
}

// Request is how the request is made. URLs carry no port: the lab's port for
// the scheme is added when the case is played.
type Request struct {
	// Page is scheme://host of the document making the request; "" for a
	// navigation typed by the user (no initiator).
	Page string `json:"page,omitempty"`
	URL  string `json:"url"` // scheme://host/path
	// How is "fetch", "navigate" (top-level GET) or "form" (top-level POST).
	How         string `json:"how"`
	Method      string `json:"method"`
	Credentials string `json:"credentials,omitempty"` // fetch only: include | same-origin | omit
}

type reqShape struct {
	name string
	req  Request
}

func fetch(page, url, method, creds string) Request {
	return Request{Page: page, URL: url, How: "fetch", Method: method, Credentials: creds}
}

// setContexts are the ways a Set-Cookie line reaches the browser.
var setContexts = []reqShape{
	{"same-origin fetch https", fetch("https://app.test", "https://app.test/script", "GET", "include")},
	{"same-origin fetch http", fetch("http://app.test", "http://app.test/script", "GET", "include")},
	{"cross-site fetch", fetch("https://other.test", "https://app.test/script", "GET", "include")},
	{"same-site cross-origin fetch", fetch("https://api.shop.test", "https://app.shop.test/script", "GET", "include")},
	{"cross-scheme fetch", fetch("http://app.test", "https://app.test/script", "POST", "include")},
	{"subdomain fetch", fetch("https://app.test", "https://www.app.test/script", "GET", "include")},
	{"cross-site navigation", Request{Page: "https://other.test", URL: "https://app.test/script", How: "navigate", Method: "GET"}},
	{"cross-site form post", Request{Page: "https://other.test", URL: "https://www.app.test/script", How: "form", Method: "POST"}},
}

// setLine is a Set-Cookie variant; {n} is replaced by the cookie name.
type setLine struct {
	name, line string
	nameless   bool
}

var setLines = []setLine{
	{"plain", "{n}=v", false},
	{"secure", "{n}=v; Secure", false},
	{"httponly", "{n}=v; HttpOnly; Path=/", false},
	{"samesite none secure", "{n}=v; SameSite=None; Secure", false},
	{"samesite none insecure", "{n}=v; SameSite=None", false},
	{"samesite lax", "{n}=v; SameSite=Lax", false},
	{"samesite strict", "{n}=v; SameSite=Strict", false},
	{"samesite invalid", "{n}=v; SameSite=bogus", false},
	{"domain parent", "{n}=v; Domain=app.test", false},
	{"domain leading dot upper", "{n}=v; Domain=.APP.TEST", false},
	{"domain tld", "{n}=v; Domain=test", false},
	{"domain other site", "{n}=v; Domain=other.test", false},
	{"domain child", "{n}=v; Domain=www.app.test", false},
	{"secure prefix", "__Secure-{n}=v; Secure", false},
	{"secure prefix without secure", "__Secure-{n}=v", false},
	{"host prefix", "__Host-{n}=v; Secure; Path=/", false},
	{"host prefix lower case no path", "__host-{n}=v; Secure", false},
	{"host prefix with domain", "__Host-{n}=v; Secure; Path=/; Domain=app.test", false},
	{"max-age zero", "{n}=v; Max-Age=0", false},
	{"max-age", "{n}=v; Max-Age=3600; Expires=Thu, 01 Jan 1970 00:00:00 GMT", false},
	{"expires past", "{n}=v; Expires=Thu, 01 Jan 1970 00:00:00 GMT", false},
	{"partitioned", "{n}=v; Secure; SameSite=None; Partitioned", false},
	{"partitioned insecure", "{n}=v; Partitioned", false},
	{"internal tab", "{n}=a\tb", false},
	{"name value too big", "{n}=" + strings.Repeat("x", 4100), false},
	{"long path attribute ignored", "{n}=v; Path=/" + strings.Repeat("p", 1100), false},
	{"nameless", "{n}", true},
}

// sendVariants are cookies stored by a same-origin fetch from Setup.
var sendVariants = []struct {
	name, setup, line string
}{
	{"unspecified", "https://app.test", "{n}=v; Path=/"},
	{"lax", "https://app.test", "{n}=v; SameSite=Lax; Path=/"},
	{"strict", "https://app.test", "{n}=v; SameSite=Strict; Path=/"},
	{"none secure", "https://app.test", "{n}=v; SameSite=None; Secure; Path=/"},
	{"secure unspecified", "https://app.test", "{n}=v; Secure; Path=/"},
	{"domain cookie", "https://app.test", "{n}=v; Domain=app.test; Path=/"},
	{"set over http", "http://app.test", "{n}=v; Path=/"},
	{"path prefix not at slash", "https://app.test", "{n}=v; SameSite=None; Secure; Path=/scr"},
	{"path exact", "https://app.test", "{n}=v; SameSite=None; Secure; Path=/script"},
	{"path trailing slash", "https://app.test", "{n}=v; Path=/script/"},
	{"partitioned", "https://app.test", "{n}=v; Secure; SameSite=None; Partitioned; Path=/"},
	{"expired by max-age", "https://app.test", "{n}=v; Max-Age=1; Path=/"},
}

// sendContexts are the requests the stored cookies may go with.
var sendContexts = []reqShape{
	{"same-origin fetch GET", fetch("https://app.test", "https://app.test/script", "GET", "include")},
	{"same-origin fetch POST", fetch("https://app.test", "https://app.test/script", "POST", "include")},
	{"same-origin fetch credentials omit", fetch("https://app.test", "https://app.test/script", "GET", "omit")},
	{"same-origin fetch credentials same-origin", fetch("https://app.test", "https://app.test/script", "GET", "same-origin")},
	{"cross-site fetch GET", fetch("https://other.test", "https://app.test/script", "GET", "include")},
	{"cross-site fetch POST", fetch("https://other.test", "https://app.test/script", "POST", "include")},
	{"cross-site fetch credentials same-origin", fetch("https://other.test", "https://app.test/script", "GET", "same-origin")},
	{"same-site cross-origin fetch", fetch("https://www.app.test", "https://app.test/script", "GET", "include")},
	{"same-site cross-origin fetch same-origin creds", fetch("https://www.app.test", "https://app.test/script", "GET", "same-origin")},
	{"subdomain same-origin fetch", fetch("https://www.app.test", "https://www.app.test/script", "GET", "include")},
	{"cross-scheme fetch http page", fetch("http://app.test", "https://app.test/script", "GET", "include")},
	{"http same-origin fetch", fetch("http://app.test", "http://app.test/script", "GET", "include")},
	{"http cross-site fetch", fetch("http://other.test", "http://app.test/script", "GET", "include")},
	{"cross-site navigation GET", Request{Page: "https://other.test", URL: "https://app.test/script", How: "navigate", Method: "GET"}},
	{"cross-site form POST", Request{Page: "https://other.test", URL: "https://app.test/script", How: "form", Method: "POST"}},
	{"same-site navigation GET", Request{Page: "https://www.app.test", URL: "https://app.test/script", How: "navigate", Method: "GET"}},
	{"cross-scheme navigation GET", Request{Page: "http://app.test", URL: "https://app.test/script", How: "navigate", Method: "GET"}},
	{"typed navigation", Request{URL: "https://app.test/script", How: "navigate", Method: "GET"}},
	{"subdomain typed navigation", Request{URL: "https://www.app.test/script", How: "navigate", Method: "GET"}},
	{"same-site cross-origin fetch POST", fetch("https://www.app.test", "https://app.test/script", "POST", "include")},
}

// Generate returns the matrix in a stable order.
func Generate() []Case {
	var out []Case
	for ci, ctx := range setContexts {
		for li, l := range setLines {
			if l.nameless && ci != 0 {
				continue // nameless cookies of one host overwrite each other: one is enough
			}
			id := fmt.Sprintf("s%02d%02d", ci, li)
			c := Case{ID: id, Kind: "set", Name: ctx.name + " / " + l.name, Request: ctx.req}
			c.Line = strings.ReplaceAll(l.line, "{n}", id)
			if l.nameless {
				c.Cookie = "=" + id
			} else {
				c.Cookie = cookieName(c.Line)
			}
			out = append(out, c)
		}
	}
	// One cookie per variant, shared by its send cases: a cookie per case
	// would pass Chromium's 180-cookies-per-site limit and be evicted.
	for vi, v := range sendVariants {
		name := fmt.Sprintf("c%02d", vi)
		line := strings.ReplaceAll(v.line, "{n}", name)
		for ci, ctx := range sendContexts {
			id := fmt.Sprintf("c%02d%02d", vi, ci)
			out = append(out, Case{ID: id, Kind: "send", Name: v.name + " / " + ctx.name,
				Cookie: name, Line: line, Setup: v.setup, Request: ctx.req})
		}
	}
	return out
}

func cookieName(line string) string {
	name, _, _ := strings.Cut(line, "=")
	return name
}

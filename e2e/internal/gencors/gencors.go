// Package gencors generates the CORS differential matrix
// (e2e/testdata/cors_cases.json): request shapes × origin relations × every
// preflight and response header variant Chromium distinguishes. The file holds
// inputs only; Chromium is the oracle when the test plays them.
package gencors

import (
	"strconv"
	"strings"
)

// Placeholders in header values, filled in when the case is played (ports
// are only known then).
const (
	PhOrigin = "{origin}" // the page's origin
	PhOther  = "{other}"  // an unrelated origin
	PhUpper  = "{ORIGIN}" // the page's origin upper-cased
)

// Case is one fetch() played from a page.
type Case struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Page        string      `json:"page"` // scheme://host of the page; the port is the lab's
	Method      string      `json:"method"`
	Headers     [][2]string `json:"headers,omitempty"`
	Credentials string      `json:"credentials,omitempty"` // omit | same-origin | include ("" = same-origin)
	Mode        string      `json:"mode,omitempty"`        // cors | same-origin | no-cors ("" = cors)
	Legs        []Leg       `json:"legs"`
}

// Leg is one URL of the request's redirect chain.
type Leg struct {
	Target    string `json:"target"` // scheme://host of the URL
	Userinfo  bool   `json:"userinfo,omitempty"`
	Preflight *Reply `json:"preflight,omitempty"`
	Actual    *Reply `json:"actual,omitempty"`
	// Redirect, when non-zero, answers the actual request with this status
	// and a Location pointing at the next leg (Actual's headers still sent).
	Redirect int `json:"redirect,omitempty"`
}

// Reply is one scripted response.
type Reply struct {
	Status  int         `json:"status"`
	Headers [][2]string `json:"headers,omitempty"`
}

const (
	httpApp   = "http://app.test"
	httpsApp  = "https://app.test"
	httpShop  = "http://app.shop.test"
	httpApi   = "http://api.test"
	httpsApi  = "https://api.test"
	shopApi   = "http://api.shop.test"
	httpOther = "http://other.test"
)

type relation struct{ name, page, target string }

var relations = []relation{
	{"cross-site", httpApp, httpApi},
	{"same-site", httpShop, shopApi},
	{"https-cross-site", httpsApp, httpsApi},
	{"http-to-https", httpApp, httpsApp},
}

func h(kv ...string) [][2]string {
	var out [][2]string
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, [2]string{kv[i], kv[i+1]})
	}
	return out
}

type acaoVariant struct {
	name    string
	headers [][2]string
}

var acaoVariants = []acaoVariant{
	{"acao-exact", h("Access-Control-Allow-Origin", PhOrigin)},
	{"acao-missing", nil},
	{"acao-star", h("Access-Control-Allow-Origin", "*")},
	{"acao-null", h("Access-Control-Allow-Origin", "null")},
	{"acao-trailing-slash", h("Access-Control-Allow-Origin", PhOrigin+"/")},
	{"acao-other", h("Access-Control-Allow-Origin", PhOther)},
	{"acao-list", h("Access-Control-Allow-Origin", PhOrigin+", "+PhOther)},
	{"acao-repeated", h("Access-Control-Allow-Origin", PhOrigin, "Access-Control-Allow-Origin", PhOrigin)},
	{"acao-star-repeated", h("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Origin", "*")},
	{"acao-empty", h("Access-Control-Allow-Origin", "")},
	{"acao-no-scheme", h("Access-Control-Allow-Origin", "app.test")},
	{"acao-upper", h("Access-Control-Allow-Origin", PhUpper)},
	{"acao-padded", h("Access-Control-Allow-Origin", "  "+PhOrigin+"  ")},
	{"acao-bad-port", h("Access-Control-Allow-Origin", "http://app.test:99999")},
	{"acao-scheme-only", h("Access-Control-Allow-Origin", "http://")},
}

var acacVariants = []acaoVariant{
	{"acac-true", h("Access-Control-Allow-Credentials", "true")},
	{"acac-missing", nil},
	{"acac-True", h("Access-Control-Allow-Credentials", "True")},
	{"acac-false", h("Access-Control-Allow-Credentials", "false")},
	{"acac-repeated", h("Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Credentials", "true")},
	{"acac-padded", h("Access-Control-Allow-Credentials", " true ")},
}

func cat(parts ...[][2]string) [][2]string {
	var out [][2]string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

type gen struct {
	cases []Case
}

func (g *gen) add(c Case) {
	c.ID = "c" + pad(len(g.cases)+1)
	g.cases = append(g.cases, c)
}

func pad(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", 3-min(3, len(s))) + s
}

var acaoExact = h("Access-Control-Allow-Origin", PhOrigin)
var acacTrue = h("Access-Control-Allow-Credentials", "true")

// Generate returns the whole matrix, deterministic.
func Generate() []Case {
	g := &gen{}
	g.simple()
	g.requestHeaders()
	g.preflights()
	g.redirects()
	g.modes()
	return g.cases
}

// simple: GET without preflight, every ACAO variant, each credentials mode.
func (g *gen) simple() {
	for _, rel := range relations {
		for _, a := range acaoVariants {
			for _, cred := range []string{"omit", "", "include"} {
				hdrs := a.headers
				if cred == "include" {
					hdrs = cat(hdrs, acacTrue)
				}
				g.add(Case{Name: "simple/" + rel.name + "/" + a.name + "/cred-" + credName(cred),
					Page: rel.page, Method: "GET", Credentials: cred,
					Legs: []Leg{{Target: rel.target, Actual: &Reply{Status: 200, Headers: hdrs}}}})
			}
		}
		for _, ac := range acacVariants {
			for _, a := range []acaoVariant{acaoVariants[0], acaoVariants[2]} {
				g.add(Case{Name: "simple/" + rel.name + "/" + a.name + "/" + ac.name,
					Page: rel.page, Method: "GET", Credentials: "include",
					Legs: []Leg{{Target: rel.target, Actual: &Reply{Status: 200, Headers: cat(a.headers, ac.headers)}}}})
			}
		}
	}
	// Same origin: CORS headers do not matter.
	for _, a := range []acaoVariant{acaoVariants[1], acaoVariants[5], acaoVariants[6]} {
		g.add(Case{Name: "same-origin/" + a.name, Page: httpApp, Method: "PUT",
			Headers: h("X-Custom", "1"), Credentials: "include",
			Legs: []Leg{{Target: httpApp, Actual: &Reply{Status: 200, Headers: a.headers}}}})
	}
	// Status codes of the actual response do not matter to CORS.
	for _, st := range []int{201, 204, 401, 403, 404, 500} {
		for _, a := range []acaoVariant{acaoVariants[0], acaoVariants[1]} {
			g.add(Case{Name: "status/" + strconv.Itoa(st) + "/" + a.name, Page: httpApp, Method: "GET",
				Legs: []Leg{{Target: httpApi, Actual: &Reply{Status: st, Headers: a.headers}}}})
		}
	}
}

func credName(c string) string {
	if c == "" {
		return "default"
	}
	return c
}

// requestHeaders: which request headers trigger a preflight. Each case's
// server answers the preflight with 403 and no CORS headers and the actual
// request with a good response, so the result says whether a preflight ran.
func (g *gen) requestHeaders() {
	long := strings.Repeat("a", 129)
	digits := func(n int) string { return strings.Repeat("1", n) }
	type rh struct {
		name    string
		method  string
		headers [][2]string
	}
	list := []rh{
		{"accept-json", "GET", h("Accept", "application/json")},
		{"accept-unsafe-byte", "GET", h("Accept", "text/html(x)")},
		{"accept-129", "GET", h("Accept", long)},
		{"accept-128", "GET", h("Accept", long[:128])},
		{"accept-language-ok", "GET", h("Accept-Language", "en-US, fr;q=0.5")},
		{"accept-language-underscore", "GET", h("Accept-Language", "en_US")},
		{"content-language-ok", "POST", h("Content-Language", "de")},
		{"content-language-slash", "POST", h("Content-Language", "de/at")},
		{"content-type-text-plain", "POST", h("Content-Type", "text/plain")},
		{"content-type-text-plain-charset", "POST", h("Content-Type", "text/plain;charset=utf-8")},
		{"content-type-form", "POST", h("Content-Type", "application/x-www-form-urlencoded")},
		{"content-type-multipart", "POST", h("Content-Type", "multipart/form-data; boundary=x")},
		{"content-type-upper", "POST", h("Content-Type", "TEXT/PLAIN")},
		{"content-type-json", "POST", h("Content-Type", "application/json")},
		{"content-type-quoted-param", "POST", h("Content-Type", "text/plain; a=\"b\"")},
		{"content-type-no-subtype", "POST", h("Content-Type", "text/")},
		{"range-simple", "GET", h("Range", "bytes=0-10")},
		{"range-open", "GET", h("Range", "bytes=5-")},
		{"range-suffix", "GET", h("Range", "bytes=-5")},
		{"range-multi", "GET", h("Range", "bytes=0-1,3-4")},
		{"range-reversed", "GET", h("Range", "bytes=10-5")},
		{"range-space", "GET", h("Range", "bytes= 0-10")},
		{"dpr-number", "GET", h("DPR", "2.5")},
		{"dpr-text", "GET", h("DPR", "high")},
		{"width-int", "GET", h("Width", "640")},
		{"width-float", "GET", h("Width", "640.5")},
		{"save-data-on", "GET", h("Save-Data", "on")},
		{"ect-4g", "GET", h("ECT", "4g")},
		{"x-custom", "GET", h("X-Custom", "1")},
		{"authorization", "GET", h("Authorization", "Bearer abc")},
		{"cache-control", "GET", h("Cache-Control", "no-cache")},
		{"total-1080", "GET", h("Accept", long[:120], "Accept-Language", strings.Repeat("a", 120),
			"Content-Language", strings.Repeat("b", 120), "Content-Type", "text/plain;x="+strings.Repeat("c", 106),
			"DPR", digits(120), "Width", digits(120), "Viewport-Width", digits(120), "Device-Memory", digits(120), "RTT", digits(120))},
		{"total-1024", "GET", h("Accept", long[:128], "Accept-Language", strings.Repeat("a", 128),
			"Content-Language", strings.Repeat("b", 128), "Content-Type", "text/plain;x="+strings.Repeat("c", 115),
			"DPR", digits(128), "Width", digits(128), "Viewport-Width", digits(128), "Device-Memory", digits(128))},
		{"method-get-lower", "get", nil},
		{"method-post-lower", "post", nil},
		{"method-head", "HEAD", nil},
	}
	for _, r := range list {
		g.add(Case{Name: "request-header/" + r.name, Page: httpApp, Method: r.method, Headers: r.headers,
			Legs: []Leg{{Target: httpApi,
				Preflight: &Reply{Status: 403},
				Actual:    &Reply{Status: 200, Headers: acaoExact}}}})
	}
}

// preflights: PUT/PATCH/DELETE and custom headers against every preflight variant.
func (g *gen) preflights() {
	okPF := func(extra ...string) [][2]string {
		return cat(acaoExact, h("Access-Control-Allow-Methods", "PUT, PATCH, DELETE",
			"Access-Control-Allow-Headers", "x-custom, authorization, content-type"), h(extra...))
	}
	// Status codes, with and without CORS headers (which error wins).
	for _, st := range []int{200, 204, 299, 400, 401, 403, 404, 405, 500, 503} {
		g.add(Case{Name: "preflight-status/" + strconv.Itoa(st) + "/cors-ok", Page: httpApp, Method: "PUT",
			Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: st, Headers: okPF()}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		g.add(Case{Name: "preflight-status/" + strconv.Itoa(st) + "/no-acao", Page: httpApp, Method: "PUT",
			Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: st, Headers: h("Access-Control-Allow-Methods", "PUT")}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
	}
	for _, st := range []int{401, 403} {
		g.add(Case{Name: "preflight-status/" + strconv.Itoa(st) + "/auth-header/include", Page: httpApp, Method: "GET",
			Headers: h("Authorization", "Bearer t"), Credentials: "include",
			Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: st, Headers: cat(okPF(), acacTrue, h("WWW-Authenticate", "Bearer"))},
				Actual: &Reply{Status: 200, Headers: cat(acaoExact, acacTrue)}}}})
	}
	// Redirected preflights: the redirect wins over everything.
	for _, st := range []int{301, 302, 307, 308} {
		for _, withCors := range []bool{true, false} {
			hd := h("Location", "/elsewhere")
			name := "no-cors-headers"
			if withCors {
				hd = cat(okPF(), hd)
				name = "cors-ok"
			}
			g.add(Case{Name: "preflight-redirect/" + strconv.Itoa(st) + "/" + name, Page: httpApp, Method: "DELETE",
				Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: st, Headers: hd}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		}
	}
	// 3xx without Location is not a redirect.
	g.add(Case{Name: "preflight-status/302-no-location", Page: httpApp, Method: "DELETE",
		Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 302, Headers: okPF()}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
	// ACAO / ACAC variants on the preflight.
	for _, a := range acaoVariants {
		for _, cred := range []string{"", "include"} {
			hd := cat(a.headers, h("Access-Control-Allow-Methods", "PUT"))
			act := acaoExact
			if cred == "include" {
				hd = cat(hd, acacTrue)
				act = cat(acaoExact, acacTrue)
			}
			g.add(Case{Name: "preflight-acao/" + a.name + "/cred-" + credName(cred), Page: httpApp, Method: "PUT", Credentials: cred,
				Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: hd}, Actual: &Reply{Status: 200, Headers: act}}}})
		}
	}
	for _, ac := range acacVariants {
		g.add(Case{Name: "preflight-acac/" + ac.name, Page: httpApp, Method: "PUT", Credentials: "include",
			Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: cat(acaoExact, ac.headers, h("Access-Control-Allow-Methods", "PUT"))},
				Actual: &Reply{Status: 200, Headers: cat(acaoExact, acacTrue)}}}})
	}
	// Allow-Methods.
	type mv struct{ name, value string }
	acams := []mv{{"missing", ""}, {"exact", "PUT"}, {"lower", "put"}, {"list", "GET, PUT, DELETE"}, {"star", "*"},
		{"safelisted-only", "GET, POST"}, {"space-separated", "PUT DELETE"}, {"trailing-comma", "PUT,"},
		{"leading-comma", ",PUT"}, {"quoted", "\"PUT\""}, {"semicolon", "PUT;"}, {"empty", " "}, {"star-and-put", "*, PUT"}}
	methods := []string{"PUT", "DELETE", "PATCH", "patch", "QUERY"}
	for _, m := range methods {
		for _, a := range acams {
			for _, cred := range []string{"", "include"} {
				if cred == "include" && m != "PUT" && m != "patch" {
					continue
				}
				hd := acaoExact
				if a.value != "" || a.name == "empty" {
					hd = cat(hd, h("Access-Control-Allow-Methods", a.value))
				}
				act := acaoExact
				if cred == "include" {
					hd = cat(hd, acacTrue)
					act = cat(act, acacTrue)
				}
				g.add(Case{Name: "acam/" + m + "/" + a.name + "/cred-" + credName(cred), Page: httpApp, Method: m, Credentials: cred,
					Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: hd}, Actual: &Reply{Status: 200, Headers: act}}}})
			}
		}
	}
	// Repeated Allow-Methods headers are joined.
	g.add(Case{Name: "acam/PUT/repeated-headers", Page: httpApp, Method: "PUT",
		Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: cat(acaoExact, h("Access-Control-Allow-Methods", "GET", "Access-Control-Allow-Methods", "PUT"))},
			Actual: &Reply{Status: 200, Headers: acaoExact}}}})
	// Allow-Headers.
	acahs := []mv{{"missing", ""}, {"exact", "x-custom"}, {"mixed-case", "X-Custom"}, {"star", "*"}, {"list", "x-other, x-custom"},
		{"authorization", "authorization"}, {"both", "x-custom, authorization"}, {"star-and-authorization", "*, authorization"},
		{"space-separated", "x-custom authorization"}, {"semicolon", "x-custom;"}, {"quoted", "\"x-custom\""},
		{"other-only", "x-other"}}
	reqs := []struct {
		name    string
		headers [][2]string
	}{
		{"x-custom", h("X-Custom", "1")},
		{"authorization", h("Authorization", "Bearer t")},
		{"x-custom+authorization", h("X-Custom", "1", "Authorization", "Bearer t")},
		{"content-type-json", h("Content-Type", "application/json")},
	}
	for _, r := range reqs {
		for _, a := range acahs {
			for _, cred := range []string{"", "include"} {
				if cred == "include" && r.name != "x-custom" && r.name != "authorization" {
					continue
				}
				hd := acaoExact
				if a.value != "" {
					hd = cat(hd, h("Access-Control-Allow-Headers", a.value))
				}
				act := acaoExact
				if cred == "include" {
					hd = cat(hd, acacTrue)
					act = cat(act, acacTrue)
				}
				g.add(Case{Name: "acah/" + r.name + "/" + a.name + "/cred-" + credName(cred), Page: httpApp, Method: "POST",
					Headers: r.headers, Credentials: cred,
					Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: hd}, Actual: &Reply{Status: 200, Headers: act}}}})
			}
		}
	}
	// Several problems at once: which one Chromium reports.
	combos := []struct {
		name string
		pf   [][2]string
	}{
		{"bad-acam+bad-acah", cat(acaoExact, h("Access-Control-Allow-Methods", "PUT DELETE", "Access-Control-Allow-Headers", "x custom"))},
		{"bad-acah+method-missing", cat(acaoExact, h("Access-Control-Allow-Methods", "GET", "Access-Control-Allow-Headers", "x custom"))},
		{"method-missing+header-missing", cat(acaoExact, h("Access-Control-Allow-Methods", "GET"))},
		{"no-acao+bad-acam", h("Access-Control-Allow-Methods", "PUT DELETE")},
		{"acao-mismatch+bad-acah", cat(h("Access-Control-Allow-Origin", PhOther), h("Access-Control-Allow-Headers", "x custom"))},
	}
	for _, c := range combos {
		for _, st := range []int{204, 401} {
			g.add(Case{Name: "combo/" + c.name + "/" + strconv.Itoa(st), Page: httpApp, Method: "PUT", Headers: h("X-Custom", "1"),
				Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: st, Headers: c.pf}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		}
	}
	// Preflight passes, the actual response fails.
	for _, a := range []acaoVariant{acaoVariants[1], acaoVariants[5], acaoVariants[2]} {
		for _, cred := range []string{"", "include"} {
			pf := okPF()
			act := a.headers
			if cred == "include" {
				pf = cat(pf, acacTrue)
				act = cat(act, acacTrue)
			}
			g.add(Case{Name: "actual-after-preflight/" + a.name + "/cred-" + credName(cred), Page: httpApp, Method: "PUT",
				Headers: h("X-Custom", "1"), Credentials: cred,
				Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: pf}, Actual: &Reply{Status: 200, Headers: act}}}})
		}
	}
	g.add(Case{Name: "actual-after-preflight/acac-missing", Page: httpApp, Method: "PUT", Credentials: "include",
		Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: cat(okPF(), acacTrue)}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
	// Same-site and https targets with a preflight.
	for _, rel := range relations {
		for _, ok := range []bool{true, false} {
			pf := okPF()
			name := "ok"
			if !ok {
				pf = h("Access-Control-Allow-Methods", "PUT")
				name = "no-acao"
			}
			g.add(Case{Name: "preflight-relation/" + rel.name + "/" + name, Page: rel.page, Method: "PUT", Headers: h("X-Custom", "1"),
				Legs: []Leg{{Target: rel.target, Preflight: &Reply{Status: 204, Headers: pf}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		}
	}
	// "*" on a same-site preflight with credentials: a second way to
	// PreflightWildcardOriginNotAllowed (the HAR test wants two per error).
	g.add(Case{Name: "preflight-relation/same-site/acao-star/cred-include", Page: httpShop, Method: "PUT", Headers: h("X-Custom", "1"), Credentials: "include",
		Legs: []Leg{{Target: shopApi,
			Preflight: &Reply{Status: 204, Headers: cat(h("Access-Control-Allow-Origin", "*"), acacTrue, h("Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "x-custom"))},
			Actual:    &Reply{Status: 200, Headers: cat(acaoExact, acacTrue)}}}})
}

// redirects of the actual request.
func (g *gen) redirects() {
	nullACAO := h("Access-Control-Allow-Origin", "null")
	star := h("Access-Control-Allow-Origin", "*")
	for _, st := range []int{301, 302, 303, 307, 308} {
		s := strconv.Itoa(st)
		// cross → same cross origin.
		g.add(Case{Name: "redirect/" + s + "/api-to-api/ok", Page: httpApp, Method: "GET",
			Legs: []Leg{{Target: httpApi, Redirect: st, Actual: &Reply{Headers: acaoExact}}, {Target: httpApi, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		g.add(Case{Name: "redirect/" + s + "/api-to-api/redirect-no-acao", Page: httpApp, Method: "GET",
			Legs: []Leg{{Target: httpApi, Redirect: st}, {Target: httpApi, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		// cross → other cross origin: the origin becomes "null".
		for _, fin := range []acaoVariant{{"final-origin", acaoExact}, {"final-null", nullACAO}, {"final-star", star}} {
			g.add(Case{Name: "redirect/" + s + "/api-to-other/" + fin.name, Page: httpApp, Method: "GET",
				Legs: []Leg{{Target: httpApi, Redirect: st, Actual: &Reply{Headers: acaoExact}}, {Target: httpOther, Actual: &Reply{Status: 200, Headers: fin.headers}}}})
		}
		// same origin → cross origin: not tainted.
		for _, fin := range []acaoVariant{{"final-origin", acaoExact}, {"final-null", nullACAO}, {"final-missing", nil}} {
			g.add(Case{Name: "redirect/" + s + "/self-to-api/" + fin.name, Page: httpApp, Method: "GET",
				Legs: []Leg{{Target: httpApp, Redirect: st}, {Target: httpApi, Actual: &Reply{Status: 200, Headers: fin.headers}}}})
		}
		// credentials in the Location.
		g.add(Case{Name: "redirect/" + s + "/api-to-api-userinfo", Page: httpApp, Method: "GET",
			Legs: []Leg{{Target: httpApi, Redirect: st, Actual: &Reply{Headers: acaoExact}}, {Target: httpApi, Userinfo: true, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		g.add(Case{Name: "redirect/" + s + "/self-to-self-userinfo", Page: httpApp, Method: "GET",
			Legs: []Leg{{Target: httpApp, Redirect: st}, {Target: httpApp, Userinfo: true, Actual: &Reply{Status: 200}}}})
		g.add(Case{Name: "redirect/" + s + "/self-to-api-userinfo", Page: httpApp, Method: "GET",
			Legs: []Leg{{Target: httpApp, Redirect: st}, {Target: httpApi, Userinfo: true, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		// A preflighted PUT: 307/308 keep the method (new preflight), 301/302 keep PUT too, 303 turns it into GET.
		pf := cat(acaoExact, h("Access-Control-Allow-Methods", "PUT"))
		g.add(Case{Name: "redirect/" + s + "/put-api-to-api/second-preflight-ok", Page: httpApp, Method: "PUT",
			Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: pf}, Redirect: st, Actual: &Reply{Headers: acaoExact}},
				{Target: httpApi, Preflight: &Reply{Status: 204, Headers: pf}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		g.add(Case{Name: "redirect/" + s + "/put-api-to-api/second-preflight-403", Page: httpApp, Method: "PUT",
			Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: pf}, Redirect: st, Actual: &Reply{Headers: acaoExact}},
				{Target: httpApi, Preflight: &Reply{Status: 403}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		// POST with a JSON body type: 301/302/303 turn it into GET.
		pfPost := cat(acaoExact, h("Access-Control-Allow-Headers", "content-type"))
		g.add(Case{Name: "redirect/" + s + "/post-json-api-to-api/second-preflight-403", Page: httpApp, Method: "POST",
			Headers: h("Content-Type", "application/json"),
			Legs: []Leg{{Target: httpApi, Preflight: &Reply{Status: 204, Headers: pfPost}, Redirect: st, Actual: &Reply{Headers: acaoExact}},
				{Target: httpApi, Preflight: &Reply{Status: 403}, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
		// with credentials: the redirect response needs ACAC too.
		g.add(Case{Name: "redirect/" + s + "/include/redirect-no-acac", Page: httpApp, Method: "GET", Credentials: "include",
			Legs: []Leg{{Target: httpApi, Redirect: st, Actual: &Reply{Headers: acaoExact}}, {Target: httpApi, Actual: &Reply{Status: 200, Headers: cat(acaoExact, acacTrue)}}}})
	}
	// Two hops: api → other → api, tainted stays.
	g.add(Case{Name: "redirect/two-hops/api-other-api/final-origin", Page: httpApp, Method: "GET",
		Legs: []Leg{{Target: httpApi, Redirect: 302, Actual: &Reply{Headers: acaoExact}}, {Target: httpOther, Redirect: 302, Actual: &Reply{Headers: nullACAO}},
			{Target: httpApi, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
	g.add(Case{Name: "redirect/two-hops/api-other-api/final-null", Page: httpApp, Method: "GET",
		Legs: []Leg{{Target: httpApi, Redirect: 302, Actual: &Reply{Headers: acaoExact}}, {Target: httpOther, Redirect: 302, Actual: &Reply{Headers: nullACAO}},
			{Target: httpApi, Actual: &Reply{Status: 200, Headers: nullACAO}}}})
	g.add(Case{Name: "redirect/two-hops/api-other-api/second-redirect-origin", Page: httpApp, Method: "GET",
		Legs: []Leg{{Target: httpApi, Redirect: 302, Actual: &Reply{Headers: acaoExact}}, {Target: httpOther, Redirect: 302, Actual: &Reply{Headers: acaoExact}},
			{Target: httpApi, Actual: &Reply{Status: 200, Headers: nullACAO}}}})
	// Redirect back to the page's own origin after a cross-origin hop.
	g.add(Case{Name: "redirect/api-to-self/final-no-acao", Page: httpApp, Method: "GET",
		Legs: []Leg{{Target: httpApi, Redirect: 302, Actual: &Reply{Headers: acaoExact}}, {Target: httpApp, Actual: &Reply{Status: 200}}}})
	g.add(Case{Name: "redirect/api-to-self/final-null", Page: httpApp, Method: "GET",
		Legs: []Leg{{Target: httpApi, Redirect: 302, Actual: &Reply{Headers: acaoExact}}, {Target: httpApp, Actual: &Reply{Status: 200, Headers: nullACAO}}}})
}

// modes other than cors.
func (g *gen) modes() {
	for _, a := range []acaoVariant{acaoVariants[0], acaoVariants[1]} {
		g.add(Case{Name: "mode/same-origin/cross/" + a.name, Page: httpApp, Method: "GET", Mode: "same-origin",
			Legs: []Leg{{Target: httpApi, Actual: &Reply{Status: 200, Headers: a.headers}}}})
		g.add(Case{Name: "mode/no-cors/cross/" + a.name, Page: httpApp, Method: "GET", Mode: "no-cors",
			Legs: []Leg{{Target: httpApi, Actual: &Reply{Status: 200, Headers: a.headers}}}})
	}
	g.add(Case{Name: "mode/same-origin/self", Page: httpApp, Method: "GET", Mode: "same-origin",
		Legs: []Leg{{Target: httpApp, Actual: &Reply{Status: 200}}}})
	g.add(Case{Name: "mode/same-origin/self-redirect-to-api", Page: httpApp, Method: "GET", Mode: "same-origin",
		Legs: []Leg{{Target: httpApp, Redirect: 302}, {Target: httpApi, Actual: &Reply{Status: 200, Headers: acaoExact}}}})
	g.add(Case{Name: "mode/no-cors/post-text", Page: httpApp, Method: "POST", Mode: "no-cors", Headers: h("Content-Type", "text/plain"),
		Legs: []Leg{{Target: httpApi, Actual: &Reply{Status: 200}}}})
}

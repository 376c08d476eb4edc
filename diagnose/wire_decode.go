package diagnose

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
)

// DecodeSnapshot reads a snapshot. The error is non-nil only when the text
// is not JSON or its top level is unusable; an exchange or cookie that is
// malformed is left out and described in Snapshot.Problems, so the rest is
// still diagnosed. Standalone CORS preflights among the exchanges are
// linked to their requests (LinkPreflights).
//
// It reads the text in one pass (jsonlite.Scanner), one exchange or cookie
// at a time into a tree that the next one reuses, with repeated strings
// (header names, most header values) allocated once, and builds a JSON path
// only for an error: snapshots of thousands of exchanges are decoded
// without a tree of the whole text.
func DecodeSnapshot(data []byte) (Snapshot, error) {
	sc := jsonlite.NewScanner(data)
	d := decoder{}
	s := d.snapshot(sc, len(data))
	if err := sc.End(); err != nil {
		return Snapshot{}, wireError("snapshot: " + err.Error())
	}
	if d.err != "" {
		return Snapshot{}, wireError(d.err)
	}
	s.Exchanges = LinkPreflights(s.Exchanges)
	return s, nil
}

// wireError is the error type of the wire codec: a message with the JSON path.
type wireError string

func (e wireError) Error() string { return string(e) }

type decoder struct {
	err string // first error in the part being decoded
}

// where is a JSON path, written out only when an error names it.
type where struct {
	up  *where
	key string // a member name; "" for an array item
	idx int
}

func (w *where) String() string {
	if w == nil {
		return ""
	}
	s := w.up.String()
	switch {
	case w.key == "":
		return s + "[" + strconv.Itoa(w.idx) + "]"
	case s == "":
		return w.key
	}
	return s + "." + w.key
}

// fail keeps the first error as "snapshot: PATH: MSG" (PATH is "" for the
// top level), the form docs/wire.md shows.
func (d *decoder) fail(w *where, msg string) {
	if d.err != "" {
		return
	}
	path := w.String()
	if path == "" {
		d.err = "snapshot: " + msg
		return
	}
	d.err = "snapshot: " + path + ": " + msg
}

// wantKind checks a value's kind; absent and null are always accepted
// (zero value).
func (d *decoder) wantKind(got, k jsonlite.Kind, w *where) bool {
	if got == jsonlite.Invalid || got == jsonlite.Null {
		return false
	}
	if got != k {
		d.fail(w, "want "+k.String()+", got "+got.String())
		return false
	}
	return true
}

// The helpers below read v, the member key of the object at up: they take
// the name rather than its path, so that each of their many call sites
// stays small in the wasm build and no path is built unless it is needed.

func (d *decoder) want(v jsonlite.Node, k jsonlite.Kind, up *where, key string) bool {
	return d.wantKind(v.Kind(), k, &where{up: up, key: key})
}

func (d *decoder) str(v jsonlite.Node, up *where, key string) string {
	if d.want(v, jsonlite.String, up, key) {
		return v.Str()
	}
	return ""
}

func (d *decoder) boolean(v jsonlite.Node, up *where, key string) bool {
	return d.want(v, jsonlite.Bool, up, key) && v.Bool()
}

func (d *decoder) integer(v jsonlite.Node, up *where, key string) int {
	if !d.want(v, jsonlite.Number, up, key) {
		return 0
	}
	f := v.Float()
	if f != math.Trunc(f) || f < -1e9 || f > 1e9 {
		d.fail(&where{up: up, key: key}, "want an integer, got "+strconv.Quote(v.Raw()))
		return 0
	}
	return int(f)
}

// maxMillis keeps times inside what time.Time and JavaScript dates represent
// (±8.64e15 ms is JavaScript's own limit).
const maxMillis = 8.64e15

// millis reads a time in milliseconds since the epoch; with seconds set,
// in seconds (chrome.cookies).
func (d *decoder) millis(v jsonlite.Node, up *where, key string, seconds bool) time.Time {
	if !d.want(v, jsonlite.Number, up, key) {
		return time.Time{}
	}
	nsPerUnit, limit := 1e6, maxMillis
	if seconds {
		nsPerUnit, limit = 1e9, maxMillis/1000
	}
	f := v.Float()
	if math.IsNaN(f) || f > limit || f < -limit {
		d.fail(&where{up: up, key: key}, "time out of range")
		return time.Time{}
	}
	perSec := 1e9 / nsPerUnit
	sec := math.Floor(f / perSec)
	ns := math.Round((f - sec*perSec) * nsPerUnit)
	return time.Unix(int64(sec), int64(ns)).UTC()
}

func (d *decoder) headers(v jsonlite.Node, up *where, key string) header.Headers {
	if !d.want(v, jsonlite.Array, up, key) || v.Len() == 0 {
		return nil
	}
	w := where{up: up, key: key}
	h := make(header.Headers, 0, v.Len())
	i := 0
	for f := v.First(); f.Kind() != jsonlite.Invalid; f, i = f.Next(), i+1 {
		p := where{up: &w, idx: i}
		if !d.wantKind(f.Kind(), jsonlite.Object, &p) {
			if d.err == "" {
				d.fail(&p, "want object, got null")
			}
			return nil
		}
		name := d.str(f.Get("name"), &p, "name")
		if name == "" && d.err == "" {
			d.fail(&where{up: &p, key: "name"}, "missing header name")
		}
		h = append(h, header.Field{Name: name, Value: d.str(f.Get("value"), &p, "value")})
	}
	return h
}

func (d *decoder) snapshot(sc *jsonlite.Scanner, size int) Snapshot {
	var top *where // the top level, named ""
	if k := sc.Kind(); k != jsonlite.Object {
		sc.Read(&jsonlite.Tree{}) // still checked: a syntax error comes first
		d.fail(top, "want object, got "+k.String())
		return Snapshot{}
	}
	// Members are read in the text's order (the last of a repeated one
	// counts) and judged in a fixed order, so the first error named is the
	// same whatever the order of the text.
	var t jsonlite.Tree
	var now, thirdParty, browser, page jsonlite.Node
	var xsKind, csKind jsonlite.Kind
	var xs []Exchange
	var cs []cookie.Cookie
	var xsProblems, csProblems []string
	sc.Object()
	for key, ok := sc.Key(); ok; key, ok = sc.Key() {
		switch key {
		case "now":
			now = sc.Read(&t)
		case "thirdPartyCookiesBlocked":
			thirdParty = sc.Read(&t)
		case "browser":
			browser = sc.Read(&t)
		case "page":
			page = sc.Read(&t)
		case "exchanges":
			xs, xsProblems = nil, nil
			if xsKind = sc.Kind(); xsKind == jsonlite.Array {
				// An exchange takes a kilobyte of text or more (its
				// headers), so this is room for all of them without the
				// copies of a growing slice, rarely much more.
				xs = make([]Exchange, 0, size/1024)
				xsProblems = decodeList(sc, key, func(d *decoder, v jsonlite.Node, w *where) {
					if e := d.exchange(v, w, true); d.err == "" {
						xs = append(xs, e)
					}
				})
			} else {
				sc.Read(&t) // judged below by its kind
			}
		case "cookies":
			cs, csProblems = nil, nil
			if csKind = sc.Kind(); csKind == jsonlite.Array {
				csProblems = decodeList(sc, key, func(d *decoder, v jsonlite.Node, w *where) {
					if c := d.cookie(v, w); d.err == "" {
						cs = append(cs, c)
					}
				})
			} else {
				sc.Read(&t) // judged below by its kind
			}
		default:
			// Read and dropped: unknown members are rare, and reading
			// them as any other keeps skipping code out of the wasm.
			sc.Read(&t)
		}
	}
	if sc.Err() != nil {
		return Snapshot{}
	}
	s := Snapshot{
		Now:                      d.millis(now, top, "now", false),
		ThirdPartyCookiesBlocked: d.boolean(thirdParty, top, "thirdPartyCookiesBlocked"),
		Page:                     d.str(page, top, "page"),
	}
	switch strings.ToLower(d.str(browser, top, "browser")) {
	case "chromium", "chrome":
		s.Browser = BrowserChromium
	case "firefox":
		s.Browser = BrowserFirefox
	}
	if d.wantKind(xsKind, jsonlite.Array, &where{key: "exchanges"}) {
		if len(xs) > 0 { // none: nil, as always
			s.Exchanges = xs
		}
		s.Problems = append(s.Problems, xsProblems...)
	}
	if d.wantKind(csKind, jsonlite.Array, &where{key: "cookies"}) {
		s.Cookies = cs
		s.Problems = append(s.Problems, csProblems...)
	}
	return s
}

// decodeList reads the array named name one item at a time, each into the
// same tree, and calls item on it with a decoder of its own: an item with
// an error is left out, and the error is one of the problems.
func decodeList(sc *jsonlite.Scanner, name string, item func(d *decoder, v jsonlite.Node, w *where)) (problems []string) {
	var t jsonlite.Tree
	list := where{key: name}
	sc.Array()
	for i := 0; sc.Next(); i++ {
		t.Reset()
		v := sc.Read(&t)
		sub := decoder{}
		item(&sub, v, &where{up: &list, idx: i})
		if sub.err != "" {
			problems = append(problems, sub.err)
		}
	}
	return problems
}

// exchange decodes one exchange; top is false for a preflight, which has
// no preflight of its own.
func (d *decoder) exchange(v jsonlite.Node, w *where, top bool) Exchange {
	if v.Kind() != jsonlite.Object {
		d.fail(w, "want object, got "+v.Kind().String())
		return Exchange{}
	}
	e := Exchange{Error: d.str(v.Get("error"), w, "error")}
	switch id := v.Get("id"); id.Kind() {
	case jsonlite.Number: // tolerated: some callers number their requests
		e.ID = id.Raw()
	default:
		e.ID = d.str(id, w, "id")
	}
	if r := v.Get("request"); d.want(r, jsonlite.Object, w, "request") {
		p := where{up: w, key: "request"}
		e.Request = Request{
			URL:       d.str(r.Get("url"), &p, "url"),
			Method:    d.str(r.Get("method"), &p, "method"),
			Type:      d.str(r.Get("type"), &p, "type"),
			Initiator: d.str(r.Get("initiator"), &p, "initiator"),
			Time:      d.millis(r.Get("time"), &p, "time", false),
			Headers:   d.headers(r.Get("headers"), &p, "headers"),
		}
	} else if d.err == "" {
		d.fail(&where{up: w, key: "request"}, "missing")
	}
	if r := v.Get("response"); d.want(r, jsonlite.Object, w, "response") {
		p := where{up: w, key: "response"}
		e.Response = &Response{
			Status:     d.integer(r.Get("status"), &p, "status"),
			StatusText: d.str(r.Get("statusText"), &p, "statusText"),
			FromCache:  d.boolean(r.Get("fromCache"), &p, "fromCache"),
			ServerIP:   d.str(r.Get("ip"), &p, "ip"),
			Time:       d.millis(r.Get("time"), &p, "time", false),
			Headers:    d.headers(r.Get("headers"), &p, "headers"),
		}
	}
	if top {
		if pf := v.Get("preflight"); d.want(pf, jsonlite.Object, w, "preflight") {
			x := d.exchange(pf, &where{up: w, key: "preflight"}, false)
			e.Preflight = &x
		}
	}
	if rs := v.Get("redirects"); d.want(rs, jsonlite.Array, w, "redirects") {
		p := where{up: w, key: "redirects"}
		i := 0
		for r := rs.First(); r.Kind() != jsonlite.Invalid; r, i = r.Next(), i+1 {
			q := where{up: &p, idx: i}
			if !d.wantKind(r.Kind(), jsonlite.Object, &q) {
				d.fail(&q, "want object, got null")
				break
			}
			e.Redirects = append(e.Redirects, Hop{
				URL:     d.str(r.Get("url"), &q, "url"),
				Status:  d.integer(r.Get("status"), &q, "status"),
				Headers: d.headers(r.Get("headers"), &q, "headers"),
			})
		}
	}
	e.BrowserAuthenticated = d.boolean(v.Get("browserAuthenticated"), w, "browserAuthenticated")
	if a := v.Get("auth"); d.want(a, jsonlite.Object, w, "auth") {
		p := where{up: w, key: "auth"}
		e.AuthChallenge = &AuthChallenge{
			Scheme:     d.str(a.Get("scheme"), &p, "scheme"),
			Realm:      d.str(a.Get("realm"), &p, "realm"),
			Challenger: d.challenger(a.Get("challenger"), &p),
			IsProxy:    d.boolean(a.Get("isProxy"), &p, "isProxy"),
		}
	}
	return e
}

// challenger accepts "host:port" or chrome's {host, port} object.
func (d *decoder) challenger(v jsonlite.Node, up *where) string {
	if v.Kind() == jsonlite.Object {
		p := where{up: up, key: "challenger"}
		host := d.str(v.Get("host"), &p, "host")
		if port := d.integer(v.Get("port"), &p, "port"); port != 0 {
			return host + ":" + strconv.Itoa(port)
		}
		return host
	}
	return d.str(v, up, "challenger")
}

func (d *decoder) cookie(v jsonlite.Node, w *where) cookie.Cookie {
	if v.Kind() != jsonlite.Object {
		d.fail(w, "want object, got "+v.Kind().String())
		return cookie.Cookie{}
	}
	c := cookie.Cookie{
		Name:     d.str(v.Get("name"), w, "name"),
		Value:    d.str(v.Get("value"), w, "value"),
		Domain:   strings.TrimPrefix(d.str(v.Get("domain"), w, "domain"), "."),
		HostOnly: d.boolean(v.Get("hostOnly"), w, "hostOnly"),
		Path:     d.str(v.Get("path"), w, "path"),
		Secure:   d.boolean(v.Get("secure"), w, "secure"),
		HTTPOnly: d.boolean(v.Get("httpOnly"), w, "httpOnly"),
		Session:  d.boolean(v.Get("session"), w, "session"),
		Expires:  d.millis(v.Get("expirationDate"), w, "expirationDate", true),
	}
	switch d.str(v.Get("sameSite"), w, "sameSite") {
	case "no_restriction":
		c.SameSite = cookie.SameSiteNone
	case "lax":
		c.SameSite = cookie.SameSiteLax
	case "strict":
		c.SameSite = cookie.SameSiteStrict
	}
	if pk := v.Get("partitionKey"); pk.Kind() == jsonlite.Object {
		c.PartitionKey = d.str(pk.Get("topLevelSite"), &where{up: w, key: "partitionKey"}, "topLevelSite")
	} else {
		c.PartitionKey = d.str(pk, w, "partitionKey")
	}
	if c.Session {
		// A session cookie has no expiry, whatever the field says.
		c.Expires = time.Time{}
	}
	return c
}

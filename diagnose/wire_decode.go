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
// still diagnosed.
//
// It reads the text in one pass (jsonlite.Scanner): each exchange and
// cookie is read into a small tree that is reused for the next, members
// the format does not define are skipped, and strings are slices of one
// copy of the input. Snapshots of thousands of exchanges are decoded
// without building a tree of the whole text.
func DecodeSnapshot(data []byte) (Snapshot, error) {
	sc := jsonlite.NewScanner(data)
	d := decoder{}
	s := d.snapshot(sc)
	if err := sc.End(); err != nil {
		return Snapshot{}, wireError("snapshot: " + err.Error())
	}
	if d.err != "" {
		return Snapshot{}, wireError(d.err)
	}
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

func (w *where) at(key string) where { return where{up: w, key: key} }

func (w *where) item(i int) where { return where{up: w, idx: i} }

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

// want checks v's kind; absent and null are always accepted (zero value).
func (d *decoder) want(v jsonlite.Node, k jsonlite.Kind, w where) bool {
	return d.wantKind(v.Kind(), k, w)
}

func (d *decoder) wantKind(got, k jsonlite.Kind, w where) bool {
	if got == jsonlite.Invalid || got == jsonlite.Null {
		return false
	}
	if got != k {
		d.fail(&w, "want "+k.String()+", got "+got.String())
		return false
	}
	return true
}

func (d *decoder) str(v jsonlite.Node, w where) string {
	if d.want(v, jsonlite.String, w) {
		return v.Str()
	}
	return ""
}

func (d *decoder) boolean(v jsonlite.Node, w where) bool {
	if d.want(v, jsonlite.Bool, w) {
		return v.Bool()
	}
	return false
}

func (d *decoder) integer(v jsonlite.Node, w where) int {
	if !d.want(v, jsonlite.Number, w) {
		return 0
	}
	f := v.Float()
	if f != math.Trunc(f) || f < -1e9 || f > 1e9 {
		d.fail(&w, "want an integer, got "+strconv.Quote(v.Raw()))
		return 0
	}
	return int(f)
}

// maxMillis keeps times inside what time.Time and JavaScript dates represent
// (±8.64e15 ms is JavaScript's own limit).
const maxMillis = 8.64e15

// millis reads a time in milliseconds since the epoch.
func (d *decoder) millis(v jsonlite.Node, w where) time.Time {
	if !d.want(v, jsonlite.Number, w) {
		return time.Time{}
	}
	return d.epoch(v.Float(), 1e6, maxMillis, w)
}

// seconds reads a time in seconds since the epoch (chrome.cookies).
func (d *decoder) seconds(v jsonlite.Node, w where) time.Time {
	if !d.want(v, jsonlite.Number, w) {
		return time.Time{}
	}
	return d.epoch(v.Float(), 1e9, maxMillis/1000, w)
}

func (d *decoder) epoch(f, nsPerUnit, limit float64, w where) time.Time {
	if math.IsNaN(f) || f > limit || f < -limit {
		d.fail(&w, "time out of range")
		return time.Time{}
	}
	perSec := 1e9 / nsPerUnit
	sec := math.Floor(f / perSec)
	ns := math.Round((f - sec*perSec) * nsPerUnit)
	return time.Unix(int64(sec), int64(ns)).UTC()
}

func (d *decoder) headers(v jsonlite.Node, w where) header.Headers {
	if !d.want(v, jsonlite.Array, w) || v.Len() == 0 {
		return nil
	}
	h := make(header.Headers, 0, v.Len())
	i := 0
	for f := v.First(); f.Exists(); f, i = f.Next(), i+1 {
		p := w.item(i)
		if !d.want(f, jsonlite.Object, p) {
			if d.err == "" {
				d.fail(&p, "want object, got null")
			}
			return nil
		}
		name := d.str(f.Get("name"), p.at("name"))
		if name == "" && d.err == "" {
			pn := p.at("name")
			d.fail(&pn, "missing header name")
		}
		h = append(h, header.Field{Name: name, Value: d.str(f.Get("value"), p.at("value"))})
	}
	return h
}

func (d *decoder) snapshot(sc *jsonlite.Scanner) Snapshot {
	var top *where // the top level, named ""
	if k := sc.Kind(); k != jsonlite.Object {
		sc.Skip()
		d.fail(top, "want object, got "+k.String())
		return Snapshot{}
	}
	// Members are read in the text's order (the last of a repeated one
	// counts) and judged in a fixed order, so the first error named is the
	// same whatever the order of the text.
	var t jsonlite.Tree
	var now, thirdParty, browser jsonlite.Node
	var xsKind, csKind jsonlite.Kind
	var xs []Exchange
	var cs []cookie.Cookie
	var xsProblems, csProblems []string
	sc.Object()
	for key, ok := sc.Key(); ok; key, ok = sc.Key() {
		switch key {
		case "now":
			now = sc.Value(&t)
		case "thirdPartyCookiesBlocked":
			thirdParty = sc.Value(&t)
		case "browser":
			browser = sc.Value(&t)
		case "exchanges":
			xs, xsProblems = nil, nil
			if xsKind = sc.Kind(); xsKind == jsonlite.Array {
				xs, xsProblems = decodeExchanges(sc)
			} else {
				sc.Skip()
			}
		case "cookies":
			cs, csProblems = nil, nil
			if csKind = sc.Kind(); csKind == jsonlite.Array {
				cs, csProblems = decodeCookies(sc)
			} else {
				sc.Skip()
			}
		default:
			sc.Skip()
		}
	}
	if sc.Err() != nil {
		return Snapshot{}
	}
	s := Snapshot{
		Now:                      d.millis(now, top.at("now")),
		ThirdPartyCookiesBlocked: d.boolean(thirdParty, top.at("thirdPartyCookiesBlocked")),
	}
	switch strings.ToLower(d.str(browser, top.at("browser"))) {
	case "chromium", "chrome":
		s.Browser = BrowserChromium
	case "firefox":
		s.Browser = BrowserFirefox
	}
	if d.wantKind(xsKind, jsonlite.Array, top.at("exchanges")) {
		s.Exchanges = xs
		s.Problems = append(s.Problems, xsProblems...)
	}
	if d.wantKind(csKind, jsonlite.Array, top.at("cookies")) {
		s.Cookies = cs
		s.Problems = append(s.Problems, csProblems...)
	}
	return s
}

// decodeExchanges reads the exchanges array, one item at a time.
func decodeExchanges(sc *jsonlite.Scanner) (xs []Exchange, problems []string) {
	var t jsonlite.Tree
	list := where{key: "exchanges"}
	sc.Array()
	for i := 0; sc.Next(); i++ {
		t.Reset()
		x := sc.Value(&t)
		if sc.Err() != nil {
			return nil, nil
		}
		sub := decoder{}
		e := sub.exchange(x, list.item(i), true)
		if sub.err != "" {
			problems = append(problems, sub.err)
			continue
		}
		xs = append(xs, e)
	}
	return xs, problems
}

// decodeCookies reads the cookies array, one item at a time.
func decodeCookies(sc *jsonlite.Scanner) (cs []cookie.Cookie, problems []string) {
	var t jsonlite.Tree
	list := where{key: "cookies"}
	sc.Array()
	for i := 0; sc.Next(); i++ {
		t.Reset()
		c := sc.Value(&t)
		if sc.Err() != nil {
			return nil, nil
		}
		sub := decoder{}
		ck := sub.cookie(c, list.item(i))
		if sub.err != "" {
			problems = append(problems, sub.err)
			continue
		}
		cs = append(cs, ck)
	}
	return cs, problems
}

// exchange decodes one exchange; top is false for a preflight, which has
// no preflight of its own.
func (d *decoder) exchange(v jsonlite.Node, w where, top bool) Exchange {
	if v.Kind() != jsonlite.Object {
		d.fail(&w, "want object, got "+v.Kind().String())
		return Exchange{}
	}
	e := Exchange{Error: d.str(v.Get("error"), w.at("error"))}
	switch id := v.Get("id"); id.Kind() {
	case jsonlite.Number: // tolerated: some callers number their requests
		e.ID = id.Raw()
	default:
		e.ID = d.str(id, w.at("id"))
	}
	if r, p := v.Get("request"), w.at("request"); d.want(r, jsonlite.Object, p) {
		e.Request = Request{
			URL:       d.str(r.Get("url"), p.at("url")),
			Method:    d.str(r.Get("method"), p.at("method")),
			Type:      d.str(r.Get("type"), p.at("type")),
			Initiator: d.str(r.Get("initiator"), p.at("initiator")),
			Time:      d.millis(r.Get("time"), p.at("time")),
			Headers:   d.headers(r.Get("headers"), p.at("headers")),
		}
	} else if d.err == "" {
		d.fail(&p, "missing")
	}
	if r, p := v.Get("response"), w.at("response"); d.want(r, jsonlite.Object, p) {
		e.Response = &Response{
			Status:     d.integer(r.Get("status"), p.at("status")),
			StatusText: d.str(r.Get("statusText"), p.at("statusText")),
			FromCache:  d.boolean(r.Get("fromCache"), p.at("fromCache")),
			ServerIP:   d.str(r.Get("ip"), p.at("ip")),
			Time:       d.millis(r.Get("time"), p.at("time")),
			Headers:    d.headers(r.Get("headers"), p.at("headers")),
		}
	}
	if top {
		if pf, p := v.Get("preflight"), w.at("preflight"); d.want(pf, jsonlite.Object, p) {
			x := d.exchange(pf, p, false)
			e.Preflight = &x
		}
	}
	if rs, p := v.Get("redirects"), w.at("redirects"); d.want(rs, jsonlite.Array, p) {
		i := 0
		for r := rs.First(); r.Exists(); r, i = r.Next(), i+1 {
			q := p.item(i)
			if !d.want(r, jsonlite.Object, q) {
				d.fail(&q, "want object, got null")
				break
			}
			e.Redirects = append(e.Redirects, Hop{
				URL:     d.str(r.Get("url"), q.at("url")),
				Status:  d.integer(r.Get("status"), q.at("status")),
				Headers: d.headers(r.Get("headers"), q.at("headers")),
			})
		}
	}
	e.BrowserAuthenticated = d.boolean(v.Get("browserAuthenticated"), w.at("browserAuthenticated"))
	if a, p := v.Get("auth"), w.at("auth"); d.want(a, jsonlite.Object, p) {
		e.AuthChallenge = &AuthChallenge{
			Scheme:     d.str(a.Get("scheme"), p.at("scheme")),
			Realm:      d.str(a.Get("realm"), p.at("realm")),
			Challenger: d.challenger(a.Get("challenger"), p.at("challenger")),
			IsProxy:    d.boolean(a.Get("isProxy"), p.at("isProxy")),
		}
	}
	return e
}

// challenger accepts "host:port" or chrome's {host, port} object.
func (d *decoder) challenger(v jsonlite.Node, w where) string {
	if v.Kind() == jsonlite.Object {
		host := d.str(v.Get("host"), w.at("host"))
		if port := d.integer(v.Get("port"), w.at("port")); port != 0 {
			return host + ":" + strconv.Itoa(port)
		}
		return host
	}
	return d.str(v, w)
}

func (d *decoder) cookie(v jsonlite.Node, w where) cookie.Cookie {
	if v.Kind() != jsonlite.Object {
		d.fail(&w, "want object, got "+v.Kind().String())
		return cookie.Cookie{}
	}
	c := cookie.Cookie{
		Name:     d.str(v.Get("name"), w.at("name")),
		Value:    d.str(v.Get("value"), w.at("value")),
		Domain:   strings.TrimPrefix(d.str(v.Get("domain"), w.at("domain")), "."),
		HostOnly: d.boolean(v.Get("hostOnly"), w.at("hostOnly")),
		Path:     d.str(v.Get("path"), w.at("path")),
		Secure:   d.boolean(v.Get("secure"), w.at("secure")),
		HTTPOnly: d.boolean(v.Get("httpOnly"), w.at("httpOnly")),
		Session:  d.boolean(v.Get("session"), w.at("session")),
		Expires:  d.seconds(v.Get("expirationDate"), w.at("expirationDate")),
	}
	switch d.str(v.Get("sameSite"), w.at("sameSite")) {
	case "no_restriction":
		c.SameSite = cookie.SameSiteNone
	case "lax":
		c.SameSite = cookie.SameSiteLax
	case "strict":
		c.SameSite = cookie.SameSiteStrict
	}
	switch pk := v.Get("partitionKey"); pk.Kind() {
	case jsonlite.Object:
		p := w.at("partitionKey")
		c.PartitionKey = d.str(pk.Get("topLevelSite"), p.at("topLevelSite"))
	default:
		c.PartitionKey = d.str(pk, w.at("partitionKey"))
	}
	if c.Session {
		// A session cookie has no expiry, whatever the field says.
		c.Expires = time.Time{}
	}
	return c
}

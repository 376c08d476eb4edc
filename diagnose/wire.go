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

// The wire format is specified in docs/wire.md. Decoding is tolerant where
// the extension cannot be blamed (unknown fields, unknown enum words, a
// missing field is its zero value) and strict about types, with the JSON
// path of the first wrong value in the message.

// DecodeSnapshot reads a snapshot. The error is non-nil only when the text
// is not JSON or its top level is unusable; an exchange or cookie that is
// malformed is left out and described in Snapshot.Problems, so the rest is
// still diagnosed.
func DecodeSnapshot(data []byte) (Snapshot, error) {
	v, err := jsonlite.Parse(data)
	if err != nil {
		return Snapshot{}, wireError("snapshot: " + err.Error())
	}
	d := decoder{}
	s := d.snapshot(v)
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

// fail keeps the first error as "snapshot: PATH: MSG" (PATH is "" for the
// top level), the form docs/wire.md shows.
func (d *decoder) fail(path, msg string) {
	if d.err != "" {
		return
	}
	if path == "" {
		d.err = "snapshot: " + msg
		return
	}
	d.err = "snapshot: " + path + ": " + msg
}

// join appends a member name to a path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// want checks v's kind; absent and null are always accepted (zero value).
func (d *decoder) want(v jsonlite.Value, k jsonlite.Kind, path string) bool {
	if !v.Exists() || v.IsNull() {
		return false
	}
	if v.Kind() != k {
		d.fail(path, "want "+k.String()+", got "+v.Kind().String())
		return false
	}
	return true
}

func (d *decoder) str(v jsonlite.Value, path string) string {
	if d.want(v, jsonlite.String, path) {
		return v.Str()
	}
	return ""
}

func (d *decoder) boolean(v jsonlite.Value, path string) bool {
	if d.want(v, jsonlite.Bool, path) {
		return v.Bool()
	}
	return false
}

func (d *decoder) integer(v jsonlite.Value, path string) int {
	if !d.want(v, jsonlite.Number, path) {
		return 0
	}
	f := v.Float()
	if f != math.Trunc(f) || f < -1e9 || f > 1e9 {
		d.fail(path, "want an integer, got "+strconv.Quote(v.Raw()))
		return 0
	}
	return int(f)
}

// maxMillis keeps times inside what time.Time and JavaScript dates represent
// (±8.64e15 ms is JavaScript's own limit).
const maxMillis = 8.64e15

// millis reads a time in milliseconds since the epoch.
func (d *decoder) millis(v jsonlite.Value, path string) time.Time {
	if !d.want(v, jsonlite.Number, path) {
		return time.Time{}
	}
	return d.epoch(v.Float(), 1e6, maxMillis, path)
}

// seconds reads a time in seconds since the epoch (chrome.cookies).
func (d *decoder) seconds(v jsonlite.Value, path string) time.Time {
	if !d.want(v, jsonlite.Number, path) {
		return time.Time{}
	}
	return d.epoch(v.Float(), 1e9, maxMillis/1000, path)
}

func (d *decoder) epoch(f, nsPerUnit, limit float64, path string) time.Time {
	if math.IsNaN(f) || f > limit || f < -limit {
		d.fail(path, "time out of range")
		return time.Time{}
	}
	perSec := 1e9 / nsPerUnit
	sec := math.Floor(f / perSec)
	ns := math.Round((f - sec*perSec) * nsPerUnit)
	return time.Unix(int64(sec), int64(ns)).UTC()
}

func (d *decoder) headers(v jsonlite.Value, path string) header.Headers {
	if !d.want(v, jsonlite.Array, path) || v.Len() == 0 {
		return nil
	}
	h := make(header.Headers, 0, v.Len())
	for i, f := range v.Items() {
		p := path + "[" + strconv.Itoa(i) + "]"
		if !d.want(f, jsonlite.Object, p) {
			if d.err == "" {
				d.fail(p, "want object, got null")
			}
			return nil
		}
		name := d.str(f.Get("name"), p+".name")
		if name == "" && d.err == "" {
			d.fail(p+".name", "missing header name")
		}
		h = append(h, header.Field{Name: name, Value: d.str(f.Get("value"), p+".value")})
	}
	return h
}

func (d *decoder) snapshot(v jsonlite.Value) Snapshot {
	const path = ""
	if v.Kind() != jsonlite.Object {
		d.fail(path, "want object, got "+v.Kind().String())
		return Snapshot{}
	}
	s := Snapshot{
		Now:                      d.millis(v.Get("now"), join(path, "now")),
		ThirdPartyCookiesBlocked: d.boolean(v.Get("thirdPartyCookiesBlocked"), join(path, "thirdPartyCookiesBlocked")),
	}
	switch strings.ToLower(d.str(v.Get("browser"), join(path, "browser"))) {
	case "chromium", "chrome":
		s.Browser = BrowserChromium
	case "firefox":
		s.Browser = BrowserFirefox
	}
	xs := v.Get("exchanges")
	if d.want(xs, jsonlite.Array, join(path, "exchanges")) {
		for i, x := range xs.Items() {
			p := "exchanges[" + strconv.Itoa(i) + "]"
			sub := decoder{}
			e := sub.exchange(x, p, true)
			if sub.err != "" {
				s.Problems = append(s.Problems, sub.err)
				continue
			}
			s.Exchanges = append(s.Exchanges, e)
		}
	}
	cs := v.Get("cookies")
	if d.want(cs, jsonlite.Array, join(path, "cookies")) {
		for i, c := range cs.Items() {
			sub := decoder{}
			ck := sub.cookie(c, "cookies["+strconv.Itoa(i)+"]")
			if sub.err != "" {
				s.Problems = append(s.Problems, sub.err)
				continue
			}
			s.Cookies = append(s.Cookies, ck)
		}
	}
	return s
}

func (d *decoder) exchange(v jsonlite.Value, path string, top bool) Exchange {
	if v.Kind() != jsonlite.Object {
		d.fail(path, "want object, got "+v.Kind().String())
		return Exchange{}
	}
	e := Exchange{Error: d.str(v.Get("error"), path+".error")}
	switch id := v.Get("id"); id.Kind() {
	case jsonlite.Number: // tolerated: some callers number their requests
		e.ID = id.Raw()
	default:
		e.ID = d.str(id, path+".id")
	}
	if r := v.Get("request"); d.want(r, jsonlite.Object, path+".request") {
		p := path + ".request"
		e.Request = Request{
			URL:       d.str(r.Get("url"), p+".url"),
			Method:    d.str(r.Get("method"), p+".method"),
			Type:      d.str(r.Get("type"), p+".type"),
			Initiator: d.str(r.Get("initiator"), p+".initiator"),
			Time:      d.millis(r.Get("time"), p+".time"),
			Headers:   d.headers(r.Get("headers"), p+".headers"),
		}
	} else if d.err == "" {
		d.fail(path+".request", "missing")
	}
	if r := v.Get("response"); d.want(r, jsonlite.Object, path+".response") {
		p := path + ".response"
		e.Response = &Response{
			Status:     d.integer(r.Get("status"), p+".status"),
			StatusText: d.str(r.Get("statusText"), p+".statusText"),
			FromCache:  d.boolean(r.Get("fromCache"), p+".fromCache"),
			ServerIP:   d.str(r.Get("ip"), p+".ip"),
			Time:       d.millis(r.Get("time"), p+".time"),
			Headers:    d.headers(r.Get("headers"), p+".headers"),
		}
	}
	if top {
		if pf := v.Get("preflight"); d.want(pf, jsonlite.Object, path+".preflight") {
			p := d.exchange(pf, path+".preflight", false)
			e.Preflight = &p
		}
	}
	if rs := v.Get("redirects"); d.want(rs, jsonlite.Array, path+".redirects") {
		for i, r := range rs.Items() {
			p := path + ".redirects[" + strconv.Itoa(i) + "]"
			if !d.want(r, jsonlite.Object, p) {
				d.fail(p, "want object, got null")
				break
			}
			e.Redirects = append(e.Redirects, Hop{
				URL:     d.str(r.Get("url"), p+".url"),
				Status:  d.integer(r.Get("status"), p+".status"),
				Headers: d.headers(r.Get("headers"), p+".headers"),
			})
		}
	}
	e.BrowserAuthenticated = d.boolean(v.Get("browserAuthenticated"), path+".browserAuthenticated")
	if a := v.Get("auth"); d.want(a, jsonlite.Object, path+".auth") {
		p := path + ".auth"
		e.AuthChallenge = &AuthChallenge{
			Scheme:     d.str(a.Get("scheme"), p+".scheme"),
			Realm:      d.str(a.Get("realm"), p+".realm"),
			Challenger: d.challenger(a.Get("challenger"), p+".challenger"),
			IsProxy:    d.boolean(a.Get("isProxy"), p+".isProxy"),
		}
	}
	return e
}

// challenger accepts "host:port" or chrome's {host, port} object.
func (d *decoder) challenger(v jsonlite.Value, path string) string {
	if v.Kind() == jsonlite.Object {
		host := d.str(v.Get("host"), path+".host")
		if port := d.integer(v.Get("port"), path+".port"); port != 0 {
			return host + ":" + strconv.Itoa(port)
		}
		return host
	}
	return d.str(v, path)
}

func (d *decoder) cookie(v jsonlite.Value, path string) cookie.Cookie {
	if v.Kind() != jsonlite.Object {
		d.fail(path, "want object, got "+v.Kind().String())
		return cookie.Cookie{}
	}
	c := cookie.Cookie{
		Name:     d.str(v.Get("name"), path+".name"),
		Value:    d.str(v.Get("value"), path+".value"),
		Domain:   strings.TrimPrefix(d.str(v.Get("domain"), path+".domain"), "."),
		HostOnly: d.boolean(v.Get("hostOnly"), path+".hostOnly"),
		Path:     d.str(v.Get("path"), path+".path"),
		Secure:   d.boolean(v.Get("secure"), path+".secure"),
		HTTPOnly: d.boolean(v.Get("httpOnly"), path+".httpOnly"),
		Session:  d.boolean(v.Get("session"), path+".session"),
		Expires:  d.seconds(v.Get("expirationDate"), path+".expirationDate"),
	}
	switch d.str(v.Get("sameSite"), path+".sameSite") {
	case "no_restriction":
		c.SameSite = cookie.SameSiteNone
	case "lax":
		c.SameSite = cookie.SameSiteLax
	case "strict":
		c.SameSite = cookie.SameSiteStrict
	}
	switch pk := v.Get("partitionKey"); pk.Kind() {
	case jsonlite.Object:
		c.PartitionKey = d.str(pk.Get("topLevelSite"), path+".partitionKey.topLevelSite")
	default:
		c.PartitionKey = d.str(pk, path+".partitionKey")
	}
	if c.Session {
		c.Expires = time.Time{}
	}
	return c
}

// EncodeSnapshot writes s in the wire format; DecodeSnapshot reads it back.
// The CLI uses it to turn a HAR file into what the extension would send.
func EncodeSnapshot(s Snapshot) []byte {
	var w jsonlite.Writer
	w.Grow(snapshotSize(s))
	w.BeginObject()
	w.Key("now")
	writeMillis(&w, s.Now)
	if s.Browser != BrowserUnspecified {
		w.Key("browser")
		w.String(s.Browser.String())
	}
	w.Key("thirdPartyCookiesBlocked")
	w.Bool(s.ThirdPartyCookiesBlocked)
	w.Key("exchanges")
	w.BeginArray()
	for _, e := range s.Exchanges {
		writeExchange(&w, e)
	}
	w.EndArray()
	w.Key("cookies")
	w.BeginArray()
	for _, c := range s.Cookies {
		writeCookie(&w, c)
	}
	w.EndArray()
	w.EndObject()
	return w.Bytes()
}

func writeMillis(w *jsonlite.Writer, t time.Time) {
	if t.IsZero() {
		w.Null()
		return
	}
	ms := t.UnixMilli()
	if sub := t.Nanosecond() % 1e6; sub != 0 {
		w.Float(float64(ms) + float64(sub)/1e6)
		return
	}
	w.Int(ms)
}

func writeHeaders(w *jsonlite.Writer, h header.Headers) {
	w.BeginArray()
	for _, f := range h {
		w.BeginObject()
		w.Key("name")
		w.String(f.Name)
		w.Key("value")
		w.String(f.Value)
		w.EndObject()
	}
	w.EndArray()
}

func writeExchange(w *jsonlite.Writer, e Exchange) {
	w.BeginObject()
	w.Key("id")
	w.String(e.ID)
	w.Key("request")
	w.BeginObject()
	for _, kv := range [...][2]string{{"url", e.Request.URL}, {"method", e.Request.Method}, {"type", e.Request.Type}, {"initiator", e.Request.Initiator}} {
		w.Key(kv[0])
		w.String(kv[1])
	}
	w.Key("time")
	writeMillis(w, e.Request.Time)
	w.Key("headers")
	writeHeaders(w, e.Request.Headers)
	w.EndObject()
	w.Key("response")
	if r := e.Response; r == nil {
		w.Null()
	} else {
		w.BeginObject()
		w.Key("status")
		w.Int(int64(r.Status))
		w.Key("statusText")
		w.String(r.StatusText)
		w.Key("fromCache")
		w.Bool(r.FromCache)
		w.Key("ip")
		w.String(r.ServerIP)
		w.Key("time")
		writeMillis(w, r.Time)
		w.Key("headers")
		writeHeaders(w, r.Headers)
		w.EndObject()
	}
	w.Key("error")
	w.String(e.Error)
	if e.Preflight != nil {
		w.Key("preflight")
		pf := *e.Preflight
		pf.Preflight = nil
		writeExchange(w, pf)
	}
	w.Key("redirects")
	w.BeginArray()
	for _, h := range e.Redirects {
		w.BeginObject()
		w.Key("url")
		w.String(h.URL)
		w.Key("status")
		w.Int(int64(h.Status))
		w.Key("headers")
		writeHeaders(w, h.Headers)
		w.EndObject()
	}
	w.EndArray()
	if e.BrowserAuthenticated {
		w.Key("browserAuthenticated")
		w.Bool(true)
	}
	if a := e.AuthChallenge; a != nil {
		w.Key("auth")
		w.BeginObject()
		w.Key("scheme")
		w.String(a.Scheme)
		w.Key("realm")
		w.String(a.Realm)
		w.Key("challenger")
		w.String(a.Challenger)
		w.Key("isProxy")
		w.Bool(a.IsProxy)
		w.EndObject()
	}
	w.EndObject()
}

func writeCookie(w *jsonlite.Writer, c cookie.Cookie) {
	w.BeginObject()
	w.Key("name")
	w.String(c.Name)
	w.Key("value")
	w.String(c.Value)
	w.Key("domain")
	if c.HostOnly {
		w.String(c.Domain)
	} else {
		w.String("." + c.Domain)
	}
	w.Key("hostOnly")
	w.Bool(c.HostOnly)
	w.Key("path")
	w.String(c.Path)
	w.Key("secure")
	w.Bool(c.Secure)
	w.Key("httpOnly")
	w.Bool(c.HTTPOnly)
	w.Key("sameSite")
	switch c.SameSite {
	case cookie.SameSiteNone:
		w.String("no_restriction")
	case cookie.SameSiteLax:
		w.String("lax")
	case cookie.SameSiteStrict:
		w.String("strict")
	default:
		w.String("unspecified")
	}
	w.Key("session")
	w.Bool(c.Session)
	if !c.Session && !c.Expires.IsZero() {
		w.Key("expirationDate")
		sec := c.Expires.Unix()
		if ns := c.Expires.Nanosecond(); ns != 0 {
			w.Float(float64(sec) + float64(ns)/1e9)
		} else {
			w.Int(sec)
		}
	}
	if c.PartitionKey != "" {
		w.Key("partitionKey")
		w.BeginObject()
		w.Key("topLevelSite")
		w.String(c.PartitionKey)
		w.EndObject()
	}
	w.EndObject()
}

// EncodeReport writes r in the wire format.
func EncodeReport(r Report) []byte {
	var w jsonlite.Writer
	w.Grow(reportSize(r))
	w.BeginObject()
	w.Key("version")
	w.Int(int64(r.Version))
	w.Key("failures")
	w.BeginArray()
	for _, f := range r.Failures {
		w.BeginObject()
		w.Key("exchangeId")
		w.String(f.ExchangeID)
		w.Key("url")
		w.String(f.URL)
		w.Key("method")
		w.String(f.Method)
		w.Key("status")
		w.Int(int64(f.Status))
		w.Key("error")
		w.String(f.Error)
		w.Key("findings")
		w.BeginArray()
		for _, g := range f.Findings {
			w.BeginObject()
			w.Key("id")
			w.String(string(g.ID))
			w.Key("severity")
			w.String(g.Severity.String())
			w.Key("title")
			w.String(g.Title)
			w.Key("explanation")
			w.String(g.Explanation)
			w.Key("evidence")
			w.Strings(g.Evidence)
			w.Key("fixes")
			w.Strings(g.Fixes)
			w.Key("action")
			w.String(g.Action.String())
			w.EndObject()
		}
		w.EndArray()
		w.EndObject()
	}
	w.EndArray()
	w.Key("problems")
	w.Strings(r.Problems)
	w.EndObject()
	return w.Bytes()
}

// EncodeError writes the report that says the input could not be used.
func EncodeError(err error) []byte {
	msg := "unknown error"
	if err != nil {
		msg = err.Error()
	}
	var w jsonlite.Writer
	w.BeginObject()
	w.Key("version")
	w.Int(ReportVersion)
	w.Key("error")
	w.String(msg)
	w.EndObject()
	return w.Bytes()
}

// The sizes below are close upper estimates of the encoded JSON (text plus
// a fixed allowance per field for names and punctuation; escapes may add
// more), so that a large report or snapshot is written into one buffer.

func reportSize(r Report) int {
	n := 64 + stringsSize(r.Problems)
	for _, f := range r.Failures {
		n += 96 + len(f.ExchangeID) + len(f.URL) + len(f.Method) + len(f.Error)
		for _, g := range f.Findings {
			n += 112 + len(g.ID) + len(g.Title) + len(g.Explanation) + stringsSize(g.Evidence) + stringsSize(g.Fixes)
		}
	}
	return n
}

func stringsSize(ss []string) int {
	n := 2
	for _, s := range ss {
		n += len(s) + 3
	}
	return n
}

func headersSize(h header.Headers) int {
	n := 2
	for _, f := range h {
		n += 24 + len(f.Name) + len(f.Value)
	}
	return n
}

func exchangeSize(e *Exchange) int {
	n := 192 + len(e.ID) + len(e.Request.URL) + len(e.Request.Method) + len(e.Request.Type) + len(e.Request.Initiator) +
		len(e.Error) + headersSize(e.Request.Headers)
	if r := e.Response; r != nil {
		n += 128 + len(r.StatusText) + len(r.ServerIP) + headersSize(r.Headers)
	}
	if e.Preflight != nil {
		n += exchangeSize(e.Preflight)
	}
	for _, h := range e.Redirects {
		n += 48 + len(h.URL) + headersSize(h.Headers)
	}
	if a := e.AuthChallenge; a != nil {
		n += 80 + len(a.Scheme) + len(a.Realm) + len(a.Challenger)
	}
	return n
}

func snapshotSize(s Snapshot) int {
	n := 128
	for i := range s.Exchanges {
		n += exchangeSize(&s.Exchanges[i])
	}
	for _, c := range s.Cookies {
		n += 240 + len(c.Name) + len(c.Value) + len(c.Domain) + len(c.Path) + len(c.PartitionKey)
	}
	return n
}

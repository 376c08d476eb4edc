package diagnose

// wire_ref_test.go keeps the decoder DecodeSnapshot had before it read the
// text in one pass (a jsonlite.Value tree of the whole text), as the
// reference the fast decoder must agree with, error messages included.

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// DecodeSnapshot reads a snapshot. The error is non-nil only when the text
// is not JSON or its top level is unusable; an exchange or cookie that is
// malformed is left out and described in Snapshot.Problems, so the rest is
// still diagnosed.
func refDecodeSnapshot(data []byte) (Snapshot, error) {
	v, err := jsonlite.Parse(data)
	if err != nil {
		return Snapshot{}, wireError("snapshot: " + err.Error())
	}
	d := refDecoder{}
	s := d.snapshot(v)
	if d.err != "" {
		return Snapshot{}, wireError(d.err)
	}
	return s, nil
}

// wireError is the error type of the wire codec: a message with the JSON path.

type refDecoder struct {
	err string // first error in the part being decoded
}

// fail keeps the first error as "snapshot: PATH: MSG" (PATH is "" for the
// top level), the form docs/wire.md shows.
func (d *refDecoder) fail(path, msg string) {
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
func refJoin(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// want checks v's kind; absent and null are always accepted (zero value).
func (d *refDecoder) want(v jsonlite.Value, k jsonlite.Kind, path string) bool {
	if !v.Exists() || v.IsNull() {
		return false
	}
	if v.Kind() != k {
		d.fail(path, "want "+k.String()+", got "+v.Kind().String())
		return false
	}
	return true
}

func (d *refDecoder) str(v jsonlite.Value, path string) string {
	if d.want(v, jsonlite.String, path) {
		return v.Str()
	}
	return ""
}

func (d *refDecoder) boolean(v jsonlite.Value, path string) bool {
	if d.want(v, jsonlite.Bool, path) {
		return v.Bool()
	}
	return false
}

func (d *refDecoder) integer(v jsonlite.Value, path string) int {
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

// millis reads a time in milliseconds since the epoch.
func (d *refDecoder) millis(v jsonlite.Value, path string) time.Time {
	if !d.want(v, jsonlite.Number, path) {
		return time.Time{}
	}
	return d.epoch(v.Float(), 1e6, maxMillis, path)
}

// seconds reads a time in seconds since the epoch (chrome.cookies).
func (d *refDecoder) seconds(v jsonlite.Value, path string) time.Time {
	if !d.want(v, jsonlite.Number, path) {
		return time.Time{}
	}
	return d.epoch(v.Float(), 1e9, maxMillis/1000, path)
}

func (d *refDecoder) epoch(f, nsPerUnit, limit float64, path string) time.Time {
	if math.IsNaN(f) || f > limit || f < -limit {
		d.fail(path, "time out of range")
		return time.Time{}
	}
	perSec := 1e9 / nsPerUnit
	sec := math.Floor(f / perSec)
	ns := math.Round((f - sec*perSec) * nsPerUnit)
	return time.Unix(int64(sec), int64(ns)).UTC()
}

func (d *refDecoder) headers(v jsonlite.Value, path string) header.Headers {
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

func (d *refDecoder) snapshot(v jsonlite.Value) Snapshot {
	const path = ""
	if v.Kind() != jsonlite.Object {
		d.fail(path, "want object, got "+v.Kind().String())
		return Snapshot{}
	}
	s := Snapshot{
		Now:                      d.millis(v.Get("now"), refJoin(path, "now")),
		ThirdPartyCookiesBlocked: d.boolean(v.Get("thirdPartyCookiesBlocked"), refJoin(path, "thirdPartyCookiesBlocked")),
	}
	switch strings.ToLower(d.str(v.Get("browser"), refJoin(path, "browser"))) {
	case "chromium", "chrome":
		s.Browser = BrowserChromium
	case "firefox":
		s.Browser = BrowserFirefox
	}
	xs := v.Get("exchanges")
	if d.want(xs, jsonlite.Array, refJoin(path, "exchanges")) {
		for i, x := range xs.Items() {
			p := "exchanges[" + strconv.Itoa(i) + "]"
			sub := refDecoder{}
			e := sub.exchange(x, p, true)
			if sub.err != "" {
				s.Problems = append(s.Problems, sub.err)
				continue
			}
			s.Exchanges = append(s.Exchanges, e)
		}
	}
	cs := v.Get("cookies")
	if d.want(cs, jsonlite.Array, refJoin(path, "cookies")) {
		for i, c := range cs.Items() {
			sub := refDecoder{}
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

func (d *refDecoder) exchange(v jsonlite.Value, path string, top bool) Exchange {
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
func (d *refDecoder) challenger(v jsonlite.Value, path string) string {
	if v.Kind() == jsonlite.Object {
		host := d.str(v.Get("host"), path+".host")
		if port := d.integer(v.Get("port"), path+".port"); port != 0 {
			return host + ":" + strconv.Itoa(port)
		}
		return host
	}
	return d.str(v, path)
}

func (d *refDecoder) cookie(v jsonlite.Value, path string) cookie.Cookie {
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

// agreeWithRef checks DecodeSnapshot against the reference decoder, whose
// exchanges are then linked as DecodeSnapshot links them (LinkPreflights).
func agreeWithRef(t *testing.T, data []byte) {
	want, wantErr := refDecodeSnapshot(data)
	want.Exchanges = LinkPreflights(want.Exchanges)
	got, err := DecodeSnapshot(data)
	if wantErr != nil {
		require.Error(t, err)
		assert.Equal(t, wantErr.Error(), err.Error())
		return
	}
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

var refCases = []string{
	wireExample,
	`{`, `[]`, `{"now":"yesterday"}`, `{"now":1e300}`, `{"exchanges":{}}`, `{"browser":1}`, ` 7 `, `null`, `{"a":1,}`, `{"now":1} x`,
	`{"exchanges":[{"id":"a","request":{"url":"https://a.test/","headers":[{"name":"A","value":"1"},"x"]}},{"id":"b","request":{"url":"https://b.test/"}}]}`,
	`{"exchanges":[{"id":"a","request":{"headers":[{"value":"1"}]}},{"id":"b","request":{}}]}`,
	`{"exchanges":[{"id":"a","request":{},"response":{"status":401.5}},{"id":"b","request":{}}]}`,
	`{"exchanges":[{"id":"a"},{"id":"b","request":{}}]}`,
	`{"exchanges":[7,null,{"id":"b","request":{}}]}`,
	`{"exchanges":[{"id":"a","request":{},"preflight":{"request":{"method":3},"preflight":{"x":1}}},{"id":"b","request":{}}]}`,
	`{"cookies":[{"name":"a","secure":"yes"},{"name":"b"},null,{"name":"c","partitionKey":"p","session":true,"expirationDate":5}]}`,
	`{"future":1,"browser":"netscape","exchanges":[{"id":12,"request":{"url":"u"},"response":null,"redirects":[{"url":"x","status":"302"},{"url":"y"}]}]}`,
	`{"exchanges":[{"request":{"url":"a","url":"b","headers":[{"name":"A","name":"B","value":1}]},"error":7}],"exchanges":[{"id":"x","request":{}}]}`,
	`{"exchanges":[{"id":"a","request":{},"auth":{"scheme":"basic","challenger":{"host":"h","port":8.5},"isProxy":"no"}}]}`,
	`{"exchanges":[{"id":"a","request":{"time":-1e16},"redirects":[null]}],"cookies":{}}`,
	`{"exchanges":[{"id":"\u00e9\ud83d","request":{"url":"\u2028<>&"}}],"now":1.5,"thirdPartyCookiesBlocked":1}`,
	"{\"exchanges\":[{\"id\":\"a\xff\",\"request\":{}}]}",
}

func TestDecodeSnapshotAgreesWithReference(t *testing.T) {
	for _, in := range refCases {
		t.Run(in, func(t *testing.T) { agreeWithRef(t, []byte(in)) })
	}
}

// FuzzDecodeSnapshotReference checks, on any input, that DecodeSnapshot
// decodes exactly what the reference decoder does and fails the same way.
func FuzzDecodeSnapshotReference(f *testing.F) {
	for _, in := range refCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		agreeWithRef(t, data)
	})
}

package diagnose

import (
	"time"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
)

// The wire format is specified in docs/wire.md. Decoding is tolerant where
// the extension cannot be blamed (unknown fields, unknown enum words, a
// missing field is its zero value) and strict about types, with the JSON
// path of the first wrong value in the message.

// EncodeSnapshot writes s in the wire format; DecodeSnapshot reads it back.
// The CLI uses it to turn a HAR file into what the extension would send.
func EncodeSnapshot(s Snapshot) []byte {
	var w jsonlite.Writer
	w.BeginObject()
	w.Key("now")
	writeMillis(&w, s.Now)
	if s.Browser != BrowserUnspecified {
		w.Key("browser")
		w.String(s.Browser.String())
	}
	w.Key("thirdPartyCookiesBlocked")
	w.Bool(s.ThirdPartyCookiesBlocked)
	if s.Page != "" {
		w.Key("page")
		w.String(s.Page)
	}
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

// EncodeReport writes r in the wire format, with each failure's Markdown
// report (the popup's "Copy report") rendered by Markdown.
func EncodeReport(r Report) []byte {
	var w jsonlite.Writer
	w.Grow(reportSize(r))
	w.BeginObject()
	w.Key("version")
	w.Int(int64(r.Version))
	w.Key("badge")
	writeBadge(&w, r.Badge)
	w.Key("failures")
	w.BeginArray()
	var md markdown
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
		w.Key("kind")
		w.String(f.Kind.String())
		w.Key("badge")
		writeBadge(&w, f.Badge)
		w.Key("action")
		w.String(f.Action.String())
		w.Key("clear")
		writeClear(&w, f.Clear)
		w.Key("findings")
		w.BeginArray()
		for i, g := range f.Findings {
			w.BeginObject()
			w.Key("id")
			w.String(string(g.ID))
			w.Key("severity")
			w.String(g.Severity.String())
			w.Key("heading")
			w.String(Heading(i, g.Severity))
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
		w.Key("markdown")
		w.String(md.failure(f))
		w.EndObject()
	}
	w.EndArray()
	w.Key("problems")
	w.Strings(r.Problems)
	w.EndObject()
	return w.Bytes()
}

func writeBadge(w *jsonlite.Writer, b Badge) {
	if b.Text == "" {
		w.Null()
		return
	}
	w.BeginObject()
	w.Key("text")
	w.String(b.Text)
	w.Key("color")
	w.String(b.Color)
	w.EndObject()
}

func writeClear(w *jsonlite.Writer, p ClearPlan) {
	w.BeginObject()
	w.Key("primary")
	w.Bool(p.Primary)
	w.Key("origins")
	w.Strings(p.Origins)
	w.Key("types")
	w.Strings(p.Types)
	w.Key("cookieDomains")
	w.Strings(p.CookieDomains)
	w.Key("optional")
	w.Strings(p.Optional)
	w.EndObject()
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

// reportSize is a close upper estimate of the encoded report (text plus a
// fixed allowance per field for names and punctuation; escapes may add
// more), so that a large report is written into one buffer.
func reportSize(r Report) int {
	n := 64 + stringsSize(r.Problems)
	for _, f := range r.Failures {
		n += 320 + len(f.ExchangeID) + 2*len(f.URL) + len(f.Method) + len(f.Error)
		n += stringsSize(f.Clear.Origins) + stringsSize(f.Clear.CookieDomains) + stringsSize(f.Clear.Optional)
		for _, g := range f.Findings {
			// The Markdown repeats every text once more.
			n += 192 + len(g.ID) + 2*(len(g.Title)+len(g.Explanation)+stringsSize(g.Evidence)+stringsSize(g.Fixes))
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

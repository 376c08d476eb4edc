package har

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
)

// Result is a converted HAR.
type Result struct {
	Snapshot diagnose.Snapshot
	// Creator is the tool that wrote the file ("WebInspector 537.36", "Firefox 128.0", "Playwright 1.48"...).
	Creator string
}

// noResponseError stands in for a failure whose reason the HAR does not
// record (Firefox writes status 0 and nothing else for blocked requests):
// Chromium's generic failure, which is also what a CORS block looks like.
const noResponseError = "net::ERR_FAILED"

// item is one entry on its way to an exchange.
type item struct {
	idx       int
	ex        diagnose.Exchange
	end       time.Time
	redirect  string // absolute redirect target, "" if none
	preflight bool   // a CORS preflight: never a redirect hop (diagnose.LinkPreflights links it)
	absorbed  bool   // merged into another exchange as a redirect hop
}

func convert(f *file, o Options) (*Result, error) {
	res := &Result{Creator: strings.TrimSpace(f.Log.Creator.Name + " " + f.Log.Creator.Version)}
	res.Snapshot.Browser = browserOf(f)
	items := make([]*item, 0, len(f.Log.Entries))
	urls := &memo{urls: map[string]parsedURL{}, initiators: jsonlite.NewScanner(nil)}
	for i := range f.Log.Entries {
		it, err := convertEntry(i, &f.Log.Entries[i], urls)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b *item) int { return a.ex.Request.Time.Compare(b.ex.Request.Time) })
	linkRedirects(items)
	markBrowserAuthorization(items, urls)
	var last time.Time
	kept := 0
	for _, it := range items {
		if !it.absorbed {
			kept++
		}
	}
	xs := make([]diagnose.Exchange, 0, kept)
	for _, it := range items {
		if it.end.After(last) {
			last = it.end
		}
		if !it.absorbed {
			xs = append(xs, it.ex)
		}
	}
	// The items stay as they are (the jar below replays every entry,
	// preflights included); the exchanges get the engine's one linking.
	res.Snapshot.Exchanges = diagnose.LinkPreflights(xs)
	// The page a user would be on: the first document the HAR loaded (where
	// its redirects, if any, ended). The engine's clear plan is scoped to it.
	for _, e := range res.Snapshot.Exchanges {
		if e.Request.Type == "main_frame" {
			res.Snapshot.Page = e.Request.URL
			break
		}
	}
	res.Snapshot.Now = o.Now
	if res.Snapshot.Now.IsZero() {
		res.Snapshot.Now = last
	}
	res.Snapshot.Cookies = jarOf(items, res.Snapshot.Now)
	if len(items) > 0 && !anyCredentialHeader(items) {
		res.Snapshot.Problems = append(res.Snapshot.Problems, "har: no Cookie, Set-Cookie or Authorization header in any entry; "+
			"the file may be a sanitized export, so cookie and credential findings are limited")
	}
	return res, nil
}

func anyCredentialHeader(items []*item) bool {
	for _, it := range items {
		ex := it.ex
		if ex.Request.Headers.Has("Cookie") || ex.Request.Headers.Has("Authorization") {
			return true
		}
		if ex.Response != nil && ex.Response.Headers.Has("Set-Cookie") {
			return true
		}
		for _, h := range ex.Redirects {
			if h.Headers.Has("Set-Cookie") {
				return true
			}
		}
	}
	return false
}

func browserOf(f *file) diagnose.Browser {
	name := strings.ToLower(f.Log.Creator.Name)
	if f.Log.Browser != nil && f.Log.Browser.Name != "" {
		name = strings.ToLower(f.Log.Browser.Name)
	}
	switch {
	case strings.Contains(name, "firefox"):
		return diagnose.BrowserFirefox
	case strings.Contains(name, "webinspector"), strings.Contains(name, "chrom"), strings.Contains(name, "edge"):
		return diagnose.BrowserChromium
	}
	return diagnose.BrowserUnspecified
}

func convertEntry(i int, e *entry, urls *memo) (*item, error) {
	if e.Request == nil {
		return nil, entryErr(i, "request", "missing")
	}
	if e.Request.Method == "" {
		return nil, entryErr(i, "request.method", "missing")
	}
	u, err := urls.parse(e.Request.URL)
	if err != nil || !u.IsAbs() || u.Host == "" && u.Scheme != "data" && u.Scheme != "blob" {
		return nil, entryErr(i, "request.url", "not an absolute URL: "+strconv.Quote(clip(e.Request.URL)))
	}
	if e.StartedDateTime == "" {
		return nil, entryErr(i, "startedDateTime", "missing")
	}
	start, err := time.Parse(time.RFC3339Nano, e.StartedDateTime)
	if err != nil {
		return nil, entryErr(i, "startedDateTime", "not an ISO 8601 time: "+strconv.Quote(clip(e.StartedDateTime)))
	}
	if e.Time < 0 && e.Time != -1 || e.Time > 1e10 {
		return nil, entryErr(i, "time", "not a duration in milliseconds: "+strconv.FormatFloat(e.Time, 'g', -1, 64))
	}
	end := start
	if e.Time > 0 {
		end = start.Add(time.Duration(e.Time * float64(time.Millisecond)))
	}
	it := &item{idx: i, end: end}
	ex := &it.ex
	ex.ID = strconv.Itoa(i)
	ex.Request = diagnose.Request{
		URL:     e.Request.URL,
		Method:  strings.ToUpper(e.Request.Method),
		Type:    resourceType(e.ResourceType),
		Headers: headersOf(e.Request.Headers),
		Time:    start,
	}
	if !ex.Request.Headers.Has("Cookie") && len(e.Request.Cookies) > 0 {
		// Some recorders keep only the parsed cookies; rebuild the header.
		parts := make([]string, 0, len(e.Request.Cookies))
		for _, c := range e.Request.Cookies {
			parts = append(parts, c.Name+"="+c.Value)
		}
		ex.Request.Headers = append(ex.Request.Headers, header.Field{Name: "Cookie", Value: strings.Join(parts, "; ")})
	}
	ex.Request.Initiator = initiatorOf(e, ex.Request, urls)
	it.preflight = e.ResourceType == "preflight" ||
		ex.Request.Method == "OPTIONS" && ex.Request.Headers.Has("Access-Control-Request-Method") && ex.Request.Headers.Has("Origin")

	errText := firstNonEmpty(e.Error, e.FailureText)
	if r := e.Response; r != nil {
		errText = firstNonEmpty(errText, r.Error, r.FailureText)
		if r.Status > 0 {
			if r.Status > 999 {
				return nil, entryErr(i, "response.status", "not an HTTP status: "+strconv.Itoa(r.Status))
			}
			ex.Response = &diagnose.Response{
				Status:     r.Status,
				StatusText: r.StatusText,
				Headers:    headersOf(r.Headers),
				FromCache:  fromCache(e),
				ServerIP:   strings.Trim(e.ServerIPAddress, "[]"),
				Time:       end,
			}
			if r.Status >= 300 && r.Status < 400 {
				target := r.RedirectURL
				if target == "" {
					target = ex.Response.Headers.Get("Location")
				}
				if t, err := u.Parse(target); err == nil && target != "" {
					it.redirect = t.String()
				}
			}
		}
	}
	if ex.Response == nil {
		ex.Error = firstNonEmpty(errText, noResponseError)
	} else if errText != "" {
		// A response and an error: DevTools records a CORS-blocked answer
		// this way. The response stays, the error says it was unusable.
		ex.Error = errText
	}
	return it, nil
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// headersOf keeps order and repetition; HTTP/2 pseudo-headers (:authority,
// :path...) that DevTools lists are not headers a rule should see. CDP joins
// repeated headers (Set-Cookie above all) with newlines, which no header
// value can contain, so they are split back into fields.
func headersOf(in []nv) header.Headers {
	out := make(header.Headers, 0, len(in))
	for _, h := range in {
		if strings.HasPrefix(h.Name, ":") || h.Name == "" {
			continue
		}
		if !strings.Contains(h.Value, "\n") {
			out = append(out, header.Field{Name: h.Name, Value: strings.TrimSuffix(h.Value, "\r")})
			continue
		}
		for _, v := range strings.Split(h.Value, "\n") {
			out = append(out, header.Field{Name: h.Name, Value: strings.TrimSuffix(v, "\r")})
		}
	}
	return out
}

// resourceType maps DevTools' resource types onto webRequest's.
func resourceType(t string) string {
	switch strings.ToLower(t) {
	case "":
		return ""
	case "document":
		return "main_frame"
	case "xhr", "fetch", "eventsource":
		return "xmlhttprequest"
	case "script", "stylesheet", "image", "font", "media", "websocket", "ping", "object":
		return strings.ToLower(t)
	case "cspviolationreport":
		return "csp_report"
	}
	return "other"
}

// initiatorOf is the origin of the document that made the request: its
// Origin header when sent, else the _initiator URL, else the Referer.
// Top-level navigations the user typed have none.
func initiatorOf(e *entry, r diagnose.Request, urls *memo) string {
	if o := r.Headers.Get("Origin"); o != "" {
		return o
	}
	if len(e.Initiator) > 0 {
		if u, ok := initiatorURL(e.Initiator, urls.initiators); ok {
			if o := originOf(u, urls); o != "" {
				return o
			}
		}
	}
	if o := originOf(r.Headers.Get("Referer"), urls); o != "" {
		return o
	}
	return ""
}

func originOf(s string, urls *memo) string {
	u, err := urls.parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

// fromCache reads the several ways recorders say a response came from the
// browser cache.
func fromCache(e *entry) bool {
	if e.FromDiskCache {
		return true
	}
	switch v := strings.TrimSpace(string(e.FromCache)); v {
	case "", "null", "false", `""`:
	default:
		return true // "disk", "memory", true
	}
	if e.Cache != nil {
		for _, raw := range []json.RawMessage{e.Cache.BeforeRequest, e.Cache.AfterRequest} {
			// Firefox fills beforeRequest for a cache hit; {} and null mean nothing.
			if v := strings.TrimSpace(string(raw)); v != "" && v != "null" && v != "{}" {
				return true
			}
		}
	}
	return false
}

// linkRedirects folds each chain of 3xx entries into the exchange of its
// final request: Request/Response are the last hop's, Redirects the ones
// before, in order. A hop's target is the next entry (in time) for exactly
// that URL and method-compatible, not yet used.
func linkRedirects(items []*item) {
	for i, it := range items {
		if it.absorbed || it.redirect == "" || it.preflight {
			continue
		}
		cur := it
		hops := []diagnose.Hop{}
		for k := i; cur.redirect != ""; {
			next := -1
			for j := k + 1; j < len(items) && j <= k+64; j++ {
				c := items[j]
				if !c.absorbed && !c.preflight && c.ex.Request.URL == cur.redirect && c != it {
					next = j
					break
				}
			}
			hops = append(hops, diagnose.Hop{URL: cur.ex.Request.URL, Status: cur.ex.Response.Status, Headers: cur.ex.Response.Headers})
			if next < 0 {
				break
			}
			cur.absorbed = true
			cur, k = items[next], next
			if len(hops) > 100 {
				break
			}
		}
		if cur == it {
			continue // the target was never requested: keep the 3xx as it is
		}
		cur.ex.Redirects = append(hops, cur.ex.Redirects...)
		// The initiator is the document that started the chain. A later
		// hop's "Origin: null" is the origin a cross-origin redirect made
		// opaque, not its initiator.
		if len(cur.ex.Redirects) > 0 && it.ex.Request.Initiator != "" {
			cur.ex.Request.Initiator = it.ex.Request.Initiator
		}
	}
}

// jarOf rebuilds what the jar can be known to hold: the Set-Cookie lines
// recorded, applied in time order with the browser's rules.
func jarOf(items []*item, now time.Time) []cookie.Cookie {
	type step struct {
		url string
		h   header.Headers
	}
	var jar []cookie.Cookie
	for _, it := range items {
		ex := it.ex
		steps := make([]step, 0, len(ex.Redirects)+1)
		for _, h := range ex.Redirects {
			steps = append(steps, step{h.URL, h.Headers})
		}
		if ex.Response != nil {
			steps = append(steps, step{ex.Request.URL, ex.Response.Headers})
		}
		at := ex.Request.Time
		if ex.Response != nil {
			at = ex.Response.Time
		}
		for _, s := range steps {
			if lines := s.h.Values("Set-Cookie"); len(lines) > 0 {
				jar, _ = cookie.Store(jar, lines, cookie.Request{
					URL: s.url, Method: ex.Request.Method, MainFrame: ex.Request.Type == "main_frame",
					Initiator: ex.Request.Initiator, Now: at,
				})
			}
		}
	}
	live := jar[:0]
	for _, c := range jar {
		if !c.Expired(now) {
			live = append(live, c)
		}
	}
	return live
}

// memo is what converting one HAR keeps from entry to entry: each
// distinct URL parsed once (a recording names the same page and API URLs,
// and Referers, entry after entry; the parsed URLs are shared, so they are
// only read), and one Scanner for the _initiator values.
type memo struct {
	urls       map[string]parsedURL
	initiators *jsonlite.Scanner
}

type parsedURL struct {
	u   *url.URL
	err error
}

func (c *memo) parse(s string) (*url.URL, error) {
	p, ok := c.urls[s]
	if !ok {
		p.u, p.err = url.Parse(s)
		c.urls[s] = p
	}
	return p.u, p.err
}

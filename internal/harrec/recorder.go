package harrec

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
)

// Recorder turns the Network events of one tab into HAR entries. Feed it
// every event in the order the browser sent them (Handle is safe to call from
// chromedp's listener loop); HAR may be called at any time.
type Recorder struct {
	mu    sync.Mutex
	reqs  map[network.RequestID]*request
	hops  []*hop // every hop in the order its request started
	pages []Page
	jar   []JarCookie
	// Creator names the program in log.creator.
	Creator Creator
	// Browser names the browser in log.browser ("" leaves it out).
	Browser Creator
}

// request is everything known about one protocol request id: its hops
// (redirects reuse the id) and the ExtraInfo events, which arrive in their
// own order and are matched to hops when the HAR is built.
type request struct {
	id        network.RequestID
	wall0     float64 // wallTime of the first requestWillBeSent (s since epoch)
	ts0       float64 // its monotonic timestamp (s)
	hops      []*hop
	reqExtra  []*network.EventRequestWillBeSentExtraInfo
	respExtra []*network.EventResponseReceivedExtraInfo
}

type hop struct {
	req       *request
	pageref   string
	start     float64
	end       float64
	method    string
	url       string
	headers   network.Headers // as the page set them, without cookies
	typ       network.ResourceType
	initiator *network.Initiator
	priority  network.ResourcePriority
	response  *network.Response
	// hasExtra is what the protocol said about ExtraInfo events for this
	// hop; nil until a response (or redirect) told.
	hasExtra    *bool
	memoryCache bool
	transfer    float64
	errorText   string
	cors        *network.CorsErrorStatus
}

// New returns an empty recorder.
func New() *Recorder {
	return &Recorder{reqs: map[network.RequestID]*request{}, Creator: Creator{Name: "authdoctor-harrec", Version: "1"}}
}

// Handle takes one protocol event; events of other domains are ignored.
func (r *Recorder) Handle(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.requestWillBeSent(ev)
	case *network.EventRequestWillBeSentExtraInfo:
		q := r.request(ev.RequestID)
		q.reqExtra = append(q.reqExtra, ev)
	case *network.EventResponseReceivedExtraInfo:
		q := r.request(ev.RequestID)
		q.respExtra = append(q.respExtra, ev)
	case *network.EventResponseReceived:
		if h := r.last(ev.RequestID); h != nil {
			h.response = ev.Response
			h.hasExtra = &ev.HasExtraInfo
			if ev.Type != "" {
				h.typ = ev.Type
			}
		}
	case *network.EventRequestServedFromCache:
		if h := r.last(ev.RequestID); h != nil {
			h.memoryCache = true
		}
	case *network.EventLoadingFinished:
		if h := r.last(ev.RequestID); h != nil {
			h.end = float64(ev.Timestamp)
			h.transfer = ev.EncodedDataLength
		}
	case *network.EventLoadingFailed:
		if h := r.last(ev.RequestID); h != nil {
			h.end = float64(ev.Timestamp)
			h.errorText = ev.ErrorText
			h.cors = ev.CorsErrorStatus
			if ev.Type != "" {
				h.typ = ev.Type
			}
		}
	}
}

func (r *Recorder) request(id network.RequestID) *request {
	q := r.reqs[id]
	if q == nil {
		q = &request{id: id}
		r.reqs[id] = q
	}
	return q
}

func (r *Recorder) last(id network.RequestID) *hop {
	q := r.reqs[id]
	if q == nil || len(q.hops) == 0 {
		return nil
	}
	return q.hops[len(q.hops)-1]
}

func (r *Recorder) requestWillBeSent(ev *network.EventRequestWillBeSent) {
	q := r.request(ev.RequestID)
	if len(q.hops) == 0 {
		q.wall0, q.ts0 = float64(ev.WallTime), float64(ev.Timestamp)
	}
	if ev.RedirectResponse != nil && len(q.hops) > 0 {
		prev := q.hops[len(q.hops)-1]
		prev.response = ev.RedirectResponse
		prev.hasExtra = &ev.RedirectHasExtraInfo
		prev.end = float64(ev.Timestamp)
	}
	// A navigation of the main frame (its request id is its loader id)
	// starts a page, as in DevTools.
	if ev.Type == network.ResourceTypeDocument && string(ev.RequestID) == string(ev.LoaderID) && ev.RedirectResponse == nil && ev.Request != nil {
		r.pages = append(r.pages, Page{
			StartedDateTime: stamp(float64(ev.WallTime)),
			ID:              "page_" + strconv.Itoa(len(r.pages)+1),
			Title:           ev.Request.URL,
			PageTimings:     PageTimings{OnContentLoad: -1, OnLoad: -1},
		})
	}
	h := &hop{req: q, start: float64(ev.Timestamp), typ: ev.Type, initiator: ev.Initiator}
	if ev.Request != nil {
		h.method, h.url, h.headers, h.priority = ev.Request.Method, ev.Request.URL, ev.Request.Headers, ev.Request.InitialPriority
	}
	if len(r.pages) > 0 {
		h.pageref = r.pages[len(r.pages)-1].ID
	}
	q.hops = append(q.hops, h)
	r.hops = append(r.hops, h)
}

// URLs are the distinct URLs requested so far, in order.
func (r *Recorder) URLs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, h := range r.hops {
		if !slices.Contains(out, h.url) {
			out = append(out, h.url)
		}
	}
	return out
}

// HAR builds the archive from everything seen so far.
func (r *Recorder) HAR() *HAR {
	r.mu.Lock()
	defer r.mu.Unlock()
	reqExtra, respExtra := r.matchExtraInfo()
	out := &HAR{Log: Log{Version: "1.2", Creator: r.Creator, Pages: slices.Clone(r.pages), Entries: []Entry{}}}
	if r.Browser.Name != "" {
		b := r.Browser
		out.Log.Browser = &b
	}
	out.Log.Cookies = slices.Clone(r.jar)
	if out.Log.Pages == nil {
		out.Log.Pages = []Page{}
	}
	for _, h := range r.hops {
		out.Log.Entries = append(out.Log.Entries, h.entry(reqExtra[h], respExtra[h]))
	}
	return out
}

// matchExtraInfo pairs ExtraInfo events with hops. The protocol gives them
// no hop index: the n-th ExtraInfo of a request id belongs to its n-th hop
// that went to the network (hops served from cache have none).
func (r *Recorder) matchExtraInfo() (map[*hop]*network.EventRequestWillBeSentExtraInfo, map[*hop]*network.EventResponseReceivedExtraInfo) {
	reqs := map[*hop]*network.EventRequestWillBeSentExtraInfo{}
	resps := map[*hop]*network.EventResponseReceivedExtraInfo{}
	for _, q := range r.reqs {
		var net []*hop
		for _, h := range q.hops {
			if h.hasExtra == nil || *h.hasExtra {
				net = append(net, h)
			}
		}
		for i, e := range q.reqExtra {
			if i < len(net) {
				reqs[net[i]] = e
			}
		}
		for i, e := range q.respExtra {
			if i < len(net) {
				resps[net[i]] = e
			}
		}
	}
	return reqs, resps
}

func (h *hop) entry(rx *network.EventRequestWillBeSentExtraInfo, sx *network.EventResponseReceivedExtraInfo) Entry {
	e := Entry{
		Initiator:       initiator(h.initiator),
		Priority:        string(h.priority),
		ResourceType:    resourceType(h.typ),
		RequestID:       string(h.req.id),
		Pageref:         h.pageref,
		StartedDateTime: stamp(h.req.wall0 + h.start - h.req.ts0),
		Timings:         Timings{Blocked: -1, DNS: -1, SSL: -1, Connect: -1},
	}
	if h.end > h.start {
		e.Time = round3((h.end - h.start) * 1000)
		e.Timings.Wait = e.Time
	}
	reqHeaders := headerList(h.headers)
	if rx != nil {
		reqHeaders = headerList(rx.Headers)
	}
	e.Request = Request{
		Method:      h.method,
		URL:         h.url,
		Headers:     reqHeaders,
		QueryString: queryString(h.url),
		Cookies:     requestCookies(reqHeaders),
		HeadersSize: -1,
		BodySize:    0,
	}
	resp := Response{Headers: []NameValue{}, Cookies: []Cookie{}, HeadersSize: -1, BodySize: -1, Content: Content{MimeType: "x-unknown"}}
	if p := h.response; p != nil {
		resp.Status = int(p.Status)
		resp.StatusText = p.StatusText
		resp.HTTPVersion = httpVersion(p.Protocol)
		resp.Headers = headerList(p.Headers)
		if p.MimeType != "" {
			resp.Content.MimeType = p.MimeType
		}
		e.ServerIPAddress = strings.Trim(p.RemoteIPAddress, "[]")
		if p.ConnectionID != 0 {
			e.Connection = strconv.FormatFloat(p.ConnectionID, 'f', -1, 64)
		}
		switch {
		case h.memoryCache:
			e.FromCache = "memory"
		case p.FromDiskCache:
			e.FromCache = "disk"
		}
	}
	if sx != nil {
		// The raw headers keep Set-Cookie and repeated fields; for a
		// CORS-blocked request they are the only response there is.
		if sx.HeadersText != "" {
			resp.Headers = rawHeaderLines(sx.HeadersText)
		} else {
			resp.Headers = headerList(sx.Headers)
		}
		if h.response == nil {
			resp.Status = int(sx.StatusCode)
			resp.StatusText = statusText(sx.HeadersText)
			resp.HTTPVersion = statusVersion(sx.HeadersText)
		}
	}
	e.Request.HTTPVersion = resp.HTTPVersion
	resp.Cookies = responseCookies(resp.Headers)
	if resp.Status >= 300 && resp.Status < 400 {
		resp.RedirectURL = headerValue(resp.Headers, "Location")
	}
	resp.TransferSize = h.transfer
	if h.errorText != "" {
		resp.Error, resp.FailureText = h.errorText, h.errorText
	}
	if h.cors != nil {
		resp.CORSError = string(h.cors.CorsError)
		resp.CORSErrorParameter = h.cors.FailedParameter
	}
	e.Response = resp
	return e
}

func initiator(in *network.Initiator) *Initiator {
	if in == nil {
		return nil
	}
	out := &Initiator{Type: string(in.Type), URL: in.URL, RequestID: string(in.RequestID)}
	if in.Type == network.InitiatorTypeParser {
		n := in.LineNumber
		out.LineNumber = &n
	}
	// The whole stack would dwarf the entry; its top frame says who asked.
	if in.Stack != nil && len(in.Stack.CallFrames) > 0 {
		f := in.Stack.CallFrames[0]
		out.Stack = &Stack{CallFrames: []CallFrame{{
			FunctionName: f.FunctionName, ScriptID: string(f.ScriptID), URL: f.URL,
			LineNumber: float64(f.LineNumber), ColumnNumber: float64(f.ColumnNumber),
		}}}
	}
	return out
}

// resourceType is DevTools' name for a protocol resource type, as its HAR
// export writes it.
func resourceType(t network.ResourceType) string {
	switch t {
	case "":
		return "other"
	case network.ResourceTypeSignedExchange:
		return "signed-exchange"
	case network.ResourceTypeCSPViolationReport:
		return "csp-violation-report"
	case network.ResourceTypeTextTrack:
		return "texttrack"
	}
	return strings.ToLower(string(t))
}

func httpVersion(protocol string) string {
	switch p := strings.ToLower(protocol); p {
	case "":
		return ""
	case "h2":
		return "http/2.0"
	case "h3":
		return "http/3.0"
	default:
		return p
	}
}

// headerList turns the protocol's header map into HAR fields, sorted by
// name for stable output; the protocol joins repeated fields with "\n".
func headerList(h network.Headers) []NameValue {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	out := []NameValue{}
	for _, k := range names {
		v := ""
		switch x := h[k].(type) {
		case string:
			v = x
		case float64:
			v = strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			v = strconv.FormatBool(x)
		}
		for _, line := range strings.Split(v, "\n") {
			out = append(out, NameValue{Name: k, Value: line})
		}
	}
	return out
}

// rawHeaderLines parses an HTTP/1 response head, keeping order and repeats.
func rawHeaderLines(text string) []NameValue {
	out := []NameValue{}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" {
			continue
		}
		out = append(out, NameValue{Name: name, Value: strings.TrimSpace(value)})
	}
	return out
}

func statusLine(text string) []string {
	line, _, _ := strings.Cut(text, "\r\n")
	return strings.SplitN(line, " ", 3)
}

func statusText(text string) string {
	if f := statusLine(text); len(f) == 3 {
		return f[2]
	}
	return ""
}

func statusVersion(text string) string {
	if f := statusLine(text); len(f) >= 2 && strings.HasPrefix(f[0], "HTTP/") {
		return strings.ToLower(f[0])
	}
	return ""
}

func headerValue(h []NameValue, name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

func queryString(raw string) []NameValue {
	out := []NameValue{}
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return out
	}
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == "" {
			continue
		}
		ku, err1 := url.QueryUnescape(k)
		vu, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			ku, vu = k, v
		}
		out = append(out, NameValue{Name: ku, Value: vu})
	}
	return out
}

func requestCookies(h []NameValue) []Cookie {
	out := []Cookie{}
	for _, f := range h {
		if !strings.EqualFold(f.Name, "Cookie") {
			continue
		}
		for _, part := range strings.Split(f.Value, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, value, _ := strings.Cut(part, "=")
			out = append(out, Cookie{Name: name, Value: value})
		}
	}
	return out
}

func responseCookies(h []NameValue) []Cookie {
	out := []Cookie{}
	for _, f := range h {
		if !strings.EqualFold(f.Name, "Set-Cookie") {
			continue
		}
		parts := strings.Split(f.Value, ";")
		name, value, _ := strings.Cut(strings.TrimSpace(parts[0]), "=")
		c := Cookie{Name: name, Value: value}
		for _, a := range parts[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(a), "=")
			switch strings.ToLower(k) {
			case "path":
				c.Path = v
			case "domain":
				c.Domain = v
			case "expires":
				if t, err := time.Parse(time.RFC1123, v); err == nil {
					c.Expires = t.UTC().Format("2006-01-02T15:04:05.000Z")
				}
			case "httponly":
				c.HTTPOnly = true
			case "secure":
				c.Secure = true
			case "samesite":
				c.SameSite = v
			}
		}
		out = append(out, c)
	}
	return out
}

// stamp formats protocol wall time (seconds since the epoch) as HAR does.
func stamp(sec float64) string {
	if sec <= 0 {
		return "1970-01-01T00:00:00.000Z"
	}
	whole, frac := math.Modf(sec)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC().Format("2006-01-02T15:04:05.000Z")
}

func round3(ms float64) float64 { return math.Round(ms*1000) / 1000 }

package lab

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Recorded is one request as the lab received it.
type Recorded struct {
	Method string `json:"method"`
	// URL is absolute: scheme, Host header, path and query.
	URL  string `json:"url"`
	Host string `json:"host"`
	// Headers are every request header, names canonicalised by Go, sorted by
	// name (order within a name kept), the Host header excluded.
	Headers [][2]string `json:"headers"`
	Time    time.Time   `json:"time"`
}

// Header returns the first value of name (case-insensitive), or "".
func (r Recorded) Header(name string) string {
	for _, kv := range r.Headers {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

// Bounds on the log: a lab left running under a looping page must not grow
// without limit. The oldest entries of an id are dropped first.
const (
	maxRecordsPerID = 1000
	maxIDs          = 10000
)

type recorder struct {
	byID  map[string][]Recorded
	order []string // ids in first-seen order, for eviction
}

func (l *Lab) record(id string, r *http.Request) {
	rec := Recorded{
		Method: r.Method,
		URL:    scheme(r) + "://" + r.Host + r.URL.RequestURI(),
		Host:   r.Host,
		Time:   l.now(),
	}
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range r.Header[k] {
			rec.Headers = append(rec.Headers, [2]string{k, v})
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rec.byID == nil {
		l.rec.byID = map[string][]Recorded{}
	}
	list, seen := l.rec.byID[id]
	if !seen {
		if len(l.rec.order) >= maxIDs {
			delete(l.rec.byID, l.rec.order[0])
			l.rec.order = l.rec.order[1:]
		}
		l.rec.order = append(l.rec.order, id)
	}
	if len(list) >= maxRecordsPerID {
		list = list[1:]
	}
	l.rec.byID[id] = append(list, rec)
}

// Log returns a copy of the requests recorded under id, oldest first.
func (l *Lab) Log(id string) []Recorded {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.rec.byID[id])
}

func scheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

package lab

import (
	"net/http"
	"strconv"
	"time"
)

// edgeEntry is a response stored by the lab's pretend CDN.
type edgeEntry struct {
	status  int
	body    string
	headers [][2]string
	stored  time.Time
	maxAge  time.Duration
}

// serveEdge plays a shared cache in front of origin: a fresh stored answer
// is replayed (with Age and X-Cache: HIT) whatever the request's cookies,
// as a CDN that does not vary on Cookie does. Only "public, max-age=600"
// answers are stored; it is all the scenarios need.
func (l *Lab) serveEdge(w http.ResponseWriter, r *http.Request, key string, origin func() (int, string, [][2]string)) {
	now := l.now()
	l.mu.Lock()
	e, ok := l.sc.edge[key]
	l.mu.Unlock()
	if ok && now.Sub(e.stored) < e.maxAge {
		age := int(now.Sub(e.stored) / time.Second)
		reply(w, e.status, e.body, append(append([][2]string(nil), e.headers...),
			[2]string{"Age", strconv.Itoa(age)}, [2]string{"X-Cache", "HIT from lab-edge"}, [2]string{"Via", "1.1 lab-edge"})...)
		return
	}
	status, body, headers := origin()
	if hasHeaderValue(headers, "Cache-Control", "public, max-age=600") {
		l.mu.Lock()
		if l.sc.edge == nil {
			l.sc.edge = map[string]edgeEntry{}
		}
		l.sc.edge[key] = edgeEntry{status: status, body: body, headers: headers, stored: now, maxAge: 600 * time.Second}
		l.mu.Unlock()
	}
	reply(w, status, body, append(headers, [2]string{"X-Cache", "MISS from lab-edge"}, [2]string{"Via", "1.1 lab-edge"})...)
}

func (l *Lab) purgeEdge(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.sc.edge, key)
}

func hasHeaderValue(hs [][2]string, name, value string) bool {
	for _, kv := range hs {
		if http.CanonicalHeaderKey(kv[0]) == http.CanonicalHeaderKey(name) && kv[1] == value {
			return true
		}
	}
	return false
}

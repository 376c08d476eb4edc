package header

import (
	"strings"
	"time"
)

// FreshnessSource says where a response's freshness lifetime came from.
// The zero value means there was none: the response is stale at once.
type FreshnessSource uint8

const (
	SourceUnspecified FreshnessSource = iota
	SourceMaxAge
	SourceSMaxAge
	SourceExpires
	SourceHeuristic
)

func (s FreshnessSource) String() string {
	switch s {
	case SourceMaxAge:
		return "max-age"
	case SourceSMaxAge:
		return "s-maxage"
	case SourceExpires:
		return "expires"
	case SourceHeuristic:
		return "heuristic"
	}
	return "none"
}

// CacheState is the verdict on a stored response.
type CacheState struct {
	// Storable: a cache may keep it at all (no "no-store", no "Vary: *";
	// for a shared cache also no "private").
	Storable bool
	// Fresh: it would be reused without asking the server.
	Fresh    bool
	Lifetime time.Duration
	Age      time.Duration
	Source   FreshnessSource
	// NoCache: "no-cache" (or "Pragma: no-cache") forces revalidation
	// whatever the lifetime.
	NoCache bool
}

// heuristicForever stands for Chromium's unbounded heuristic lifetime of
// permanent redirects and 410s.
const heuristicForever = time.Duration(1<<63 - 1)

// Freshness decides whether a response with status and headers h, received
// at received, would be served from cache at now (RFC 9111 §4.2), as
// Chromium's HTTP cache does: the browser cache is private, so s-maxage and
// "private" only count when shared is true (a CDN or proxy).
//
// Explicit freshness (max-age, Expires) applies to any status, 401 included;
// heuristic freshness (10% of the time since Last-Modified) only to 200, 203
// and 206, and Chromium keeps 300, 301, 308 and 410 without limit. A zero
// received time means "when the Date header says" (or now without one).
func Freshness(status int, h Headers, received, now time.Time, shared bool) CacheState {
	var st CacheState
	cc, _ := ParseCacheControl(h.Values("Cache-Control"))
	vary := ParseVary(h.Values("Vary"))
	st.Storable = !cc.Has("no-store") && !vary.Any && !(shared && cc.Has("private"))
	st.NoCache = cc.Has("no-cache")
	for _, p := range h.Values("Pragma") {
		for _, e := range SplitList(p) {
			if strings.EqualFold(e, "no-cache") {
				st.NoCache = true
			}
		}
	}

	date, dateErr := ParseHTTPDate(h.Get("Date"))
	if received.IsZero() {
		received = now
		if dateErr == nil {
			received = date
		}
	}
	if dateErr != nil {
		date = received
	}

	// Age (§4.2.3), without the request time we do not have.
	age := max(received.Sub(date), 0)
	if a, err := ParseAge(h.Get("Age")); err == nil && h.Has("Age") {
		age = max(age, time.Duration(a)*time.Second)
	}
	st.Age = addSat(age, max(now.Sub(received), 0))

	switch {
	case shared && cc.Has("s-maxage"):
		st.Source = SourceSMaxAge
		if s, ok := cc.Seconds("s-maxage"); ok {
			st.Lifetime = time.Duration(s) * time.Second
		}
	case cc.Has("max-age"):
		st.Source = SourceMaxAge
		if s, ok := cc.Seconds("max-age"); ok {
			st.Lifetime = time.Duration(s) * time.Second
		}
	case h.Has("Expires"):
		st.Source = SourceExpires
		// An invalid Expires (often "0" or "-1") means already expired.
		if exp, err := ParseHTTPDate(h.Get("Expires")); err == nil {
			st.Lifetime = max(exp.Sub(date), 0)
		}
	default:
		switch status {
		case 200, 203, 206:
			if lm, err := ParseHTTPDate(h.Get("Last-Modified")); err == nil && lm.Before(date) && !cc.Has("must-revalidate") {
				st.Source = SourceHeuristic
				st.Lifetime = date.Sub(lm) / 10
			}
		case 300, 301, 308, 410:
			st.Source = SourceHeuristic
			st.Lifetime = heuristicForever
		}
	}
	st.Fresh = st.Storable && !st.NoCache && st.Lifetime > st.Age
	return st
}

// addSat adds two non-negative durations without overflowing.
func addSat(a, b time.Duration) time.Duration {
	if a > heuristicForever-b {
		return heuristicForever
	}
	return a + b
}

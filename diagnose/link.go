package diagnose

import (
	"slices"
	"strings"
	"time"
)

// PreflightWindow is how far apart in time a preflight and its request may
// start, either way, for LinkPreflights to pair them.
const PreflightWindow = 30 * time.Second

// IsStandalonePreflight says whether e is a CORS preflight recorded as an
// exchange of its own: method OPTIONS with an Access-Control-Request-Method
// request header, and no preflight of its own. An OPTIONS without that
// header is an ordinary request (a page may send OPTIONS itself).
func IsStandalonePreflight(e *Exchange) bool {
	return e.Preflight == nil && strings.EqualFold(e.Request.Method, "OPTIONS") &&
		e.Request.Headers.Has("Access-Control-Request-Method")
}

// LinkPreflights attaches each standalone CORS preflight (IsStandalonePreflight)
// to the request it was for, as that exchange's Preflight, and leaves it out
// of the list. It is the one linking policy of the engine: DecodeSnapshot
// and the HAR reader both use it.
//
// A preflight P may be linked to a request R when all of these hold:
//   - R is not a standalone preflight and has no preflight yet (neither one
//     it came with nor one linked before);
//   - same URL (exactly);
//   - R's method equals P's Access-Control-Request-Method, case-insensitively
//     (an empty value matches any method);
//   - same initiator when both are known: an empty initiator on either side
//     matches any;
//   - their start times (Request.Time) are at most PreflightWindow apart,
//     either way: Chromium announces the request before it sends the
//     preflight, so the request usually starts first, but a recorder may
//     stamp them the other way round.
//
// Preflights are taken in time order (ties in input order); each takes,
// among the requests it may be linked to that are still free, the one
// nearest in time; on a tie the earlier request (in time, then in input
// order). A preflight with no such request stays in the list as an
// exchange. The result is deterministic and otherwise in input order.
//
// xs is not modified; when nothing is linked, xs itself is returned. The
// cost is O(n log n) in the number of exchanges, whatever the number of
// preflights per URL.
func LinkPreflights(xs []Exchange) []Exchange {
	var pre []int // the standalone preflights, by index in xs
	for i := range xs {
		if IsStandalonePreflight(&xs[i]) {
			pre = append(pre, i)
		}
	}
	if len(pre) == 0 {
		return xs
	}
	// Each preflight looks in one or two candidate lists: the requests of
	// its URL and method (any method when it names none) with its initiator
	// and those with none, or all of them when it has none itself. Only the
	// lists some preflight looks in are built.
	lists := map[linkKey]*linkList{}
	urls := make(map[string]int, len(pre)) // the preflights' URLs, numbered
	for _, i := range pre {
		r := &xs[i].Request
		if _, ok := urls[r.URL]; !ok {
			urls[r.URL] = len(urls)
		}
		ks, nk := preflightKeys(r, urls[r.URL])
		for _, k := range ks[:nk] {
			if lists[k] == nil {
				lists[k] = &linkList{}
			}
		}
	}
	for i := range xs {
		x := &xs[i]
		if x.Preflight != nil || IsStandalonePreflight(x) {
			continue
		}
		u, ok := urls[x.Request.URL]
		if !ok {
			continue
		}
		m := strings.ToUpper(x.Request.Method)
		for _, k := range [...]linkKey{
			{u, m, x.Request.Initiator, false, false},
			{u, m, "", false, true},
			{u, "", x.Request.Initiator, true, false},
			{u, "", "", true, true},
		} {
			if l := lists[k]; l != nil {
				l.ids = append(l.ids, i)
			}
		}
	}
	for _, l := range lists {
		l.init(xs)
	}
	slices.SortStableFunc(pre, func(a, b int) int { return xs[a].Request.Time.Compare(xs[b].Request.Time) })

	taken := make([]bool, len(xs)) // a request that has its preflight
	linked := make([]int, len(xs)) // request index -> 1 + its preflight's index
	n := 0
	for _, p := range pre {
		t := xs[p].Request.Time
		best, bestGap := -1, time.Duration(0)
		ks, nk := preflightKeys(&xs[p].Request, urls[xs[p].Request.URL])
		for _, k := range ks[:nk] {
			if c, gap := lists[k].nearest(t, taken); c >= 0 && (best < 0 || earlierCandidate(xs, c, gap, best, bestGap)) {
				best, bestGap = c, gap
			}
		}
		if best >= 0 {
			taken[best] = true
			linked[best] = p + 1
			n++
		}
	}
	if n == 0 {
		return xs
	}
	absorbed := make([]bool, len(xs))
	for _, p := range linked {
		if p > 0 {
			absorbed[p-1] = true
		}
	}
	out := make([]Exchange, 0, len(xs)-n)
	copies := make([]Exchange, 0, n)
	for i := range xs {
		if absorbed[i] {
			continue
		}
		x := xs[i]
		if p := linked[i]; p > 0 {
			copies = append(copies, xs[p-1])
			x.Preflight = &copies[len(copies)-1]
		}
		out = append(out, x)
	}
	return out
}

// earlierCandidate says whether request a, gap away from a preflight, wins
// over request b, bGap away: nearer, then earlier, then first in the input.
func earlierCandidate(xs []Exchange, a int, gap time.Duration, b int, bGap time.Duration) bool {
	if gap != bGap {
		return gap < bGap
	}
	if c := xs[a].Request.Time.Compare(xs[b].Request.Time); c != 0 {
		return c < 0
	}
	return a < b
}

// linkKey names a candidate list: the requests to the URL numbered url
// whose upper-case method is method (any when anyMethod) and whose
// initiator is initiator (any when anyInitiator; "" is the list of requests
// without one).
type linkKey struct {
	url                     int
	method, initiator       string
	anyMethod, anyInitiator bool
}

// preflightKeys are the lists the preflight r looks in. With an initiator:
// the requests with that initiator and those with none; without: all.
func preflightKeys(r *Request, url int) (ks [2]linkKey, n int) {
	m := strings.ToUpper(strings.TrimSpace(r.Headers.Get("Access-Control-Request-Method")))
	anyMethod := m == ""
	if r.Initiator == "" {
		return [2]linkKey{{url: url, method: m, anyMethod: anyMethod, anyInitiator: true}}, 1
	}
	return [2]linkKey{
		{url: url, method: m, initiator: r.Initiator, anyMethod: anyMethod},
		{url: url, method: m, anyMethod: anyMethod},
	}, 2
}

// linkList is one candidate list: request indices sorted by start time
// (then input order), with the requests already taken skipped by two
// path-compressed "next free" forests, one per direction, so that each
// entry is skipped over O(α) times in all.
type linkList struct {
	ids   []int
	times []time.Time
	right []int32 // right[j]: a position >= j, no free entry in between (len = the end)
	left  []int32 // left[j+1]: a position+1 <= j+1, no free entry in between (0 = the start)
}

func (l *linkList) init(xs []Exchange) {
	slices.SortStableFunc(l.ids, func(a, b int) int { return xs[a].Request.Time.Compare(xs[b].Request.Time) })
	n := len(l.ids)
	l.times = make([]time.Time, n)
	l.right = make([]int32, n+1)
	l.left = make([]int32, n+1)
	for j, i := range l.ids {
		l.times[j] = xs[i].Request.Time
	}
	for j := range l.right {
		l.right[j] = int32(j)
		l.left[j] = int32(j)
	}
}

// free is the first free position at or after j (len(ids) if none).
func (l *linkList) free(j int, taken []bool) int {
	root := j
	for root < len(l.ids) {
		if next := int(l.right[root]); next != root {
			root = next
		} else if taken[l.ids[root]] {
			l.right[root] = int32(root + 1)
			root++
		} else {
			break
		}
	}
	for j != root {
		next := int(l.right[j])
		l.right[j] = int32(root)
		j = next
	}
	return root
}

// freeBefore is the last free position at or before j (-1 if none).
func (l *linkList) freeBefore(j int, taken []bool) int {
	// left works on positions shifted by one, so that 0 is "none".
	root := j + 1
	for root > 0 {
		if next := int(l.left[root]); next != root {
			root = next
		} else if taken[l.ids[root-1]] {
			l.left[root] = int32(root - 1)
			root--
		} else {
			break
		}
	}
	for k := j + 1; k != root; {
		next := int(l.left[k])
		l.left[k] = int32(root)
		k = next
	}
	return root - 1
}

// nearest is the free request of the list nearest in time to t and within
// PreflightWindow (the earlier on a tie), with its distance; -1 if none.
func (l *linkList) nearest(t time.Time, taken []bool) (int, time.Duration) {
	k, _ := slices.BinarySearchFunc(l.times, t, time.Time.Compare) // first at or after t
	best, bestGap := -1, time.Duration(0)
	if b := l.freeBefore(k-1, taken); b >= 0 {
		// The first free one of the requests that started at that time.
		s, _ := slices.BinarySearchFunc(l.times[:b+1], l.times[b], time.Time.Compare)
		b = l.free(s, taken)
		if gap := t.Sub(l.times[b]); gap <= PreflightWindow {
			best, bestGap = l.ids[b], gap
		}
	}
	if a := l.free(k, taken); a < len(l.ids) {
		if gap := l.times[a].Sub(t); gap <= PreflightWindow && (best < 0 || gap < bestGap) {
			best, bestGap = l.ids[a], gap
		}
	}
	return best, bestGap
}

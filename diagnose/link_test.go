package diagnose

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/authdoctor/authdoctor/diagnose/header"
)

// The alphabets the policy cases and the fuzz target draw from.
var (
	lkURLs       = []string{"https://api.test/a", "https://api.test/b"}
	lkMethods    = []string{"GET", "PUT", "POST", "put", "OPTIONS", ""}
	lkInitiators = []string{"", "https://app.test", "https://other.test", "null"}
	lkT0         = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
)

const (
	lkA, lkB          = "https://api.test/a", "https://api.test/b"
	lkApp, lkOther    = "https://app.test", "https://other.test"
	lkRequest         = 0 // an ordinary request
	lkPreflight       = 1 // OPTIONS with Access-Control-Request-Method: method
	lkOptions         = 2 // OPTIONS without Access-Control-Request-Method
	lkWithPreflight   = 3 // a request that came with its preflight (id + "-pf")
	lkKinds           = 4
	lkMaxFuzzExchange = 256
)

// lx describes one exchange of a case: for a preflight, method is the
// method it asks for.
type lx struct {
	id        string
	kind      int
	method    string
	url, init string
	ms        int // start, in milliseconds after lkT0
}

func lkReq(id, method, url, init string, ms int) lx { return lx{id, lkRequest, method, url, init, ms} }
func lkPre(id, asks, url, init string, ms int) lx   { return lx{id, lkPreflight, asks, url, init, ms} }
func lkOpt(id, url, init string, ms int) lx         { return lx{id, lkOptions, "OPTIONS", url, init, ms} }
func lkWith(id, method, url, init string, ms int) lx {
	return lx{id, lkWithPreflight, method, url, init, ms}
}

func (x lx) exchange() Exchange {
	e := Exchange{ID: x.id, Request: Request{URL: x.url, Method: x.method, Initiator: x.init,
		Time: lkT0.Add(time.Duration(x.ms) * time.Millisecond)}}
	switch x.kind {
	case lkPreflight:
		e.Request.Method = "OPTIONS"
		e.Request.Headers = header.Headers{{Name: "Origin", Value: x.init}, {Name: "Access-Control-Request-Method", Value: x.method}}
	case lkOptions:
		e.Request.Method = "OPTIONS"
	case lkWithPreflight:
		pf := Exchange{ID: x.id + "-pf", Request: Request{URL: x.url, Method: "OPTIONS", Initiator: x.init, Time: e.Request.Time,
			Headers: header.Headers{{Name: "Access-Control-Request-Method", Value: x.method}}}}
		e.Preflight = &pf
	}
	return e
}

func lkExchanges(in []lx) []Exchange {
	xs := make([]Exchange, len(in))
	for i, x := range in {
		xs[i] = x.exchange()
	}
	return xs
}

// lkRender writes the linking: each exchange's ID, with "<" and its
// preflight's ID when it has one.
func lkRender(xs []Exchange) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.ID
		if x.Preflight != nil {
			out[i] += "<" + x.Preflight.ID
		}
	}
	return out
}

// Fuzz encoding: 7 bytes an exchange (kind, URL, method, initiator, start
// in milliseconds as a 24-bit big-endian number); the IDs are the positions.
func lkEncode(in []lx) []byte {
	var b []byte
	for _, x := range in {
		if x.ms < 0 || x.ms > 0xffffff {
			panic("lkEncode: time out of range: " + strconv.Itoa(x.ms))
		}
		u, m, i := slices.Index(lkURLs, x.url), slices.Index(lkMethods, x.method), slices.Index(lkInitiators, x.init)
		if u < 0 || m < 0 || i < 0 {
			panic("lkEncode: a value outside the alphabets in " + x.id)
		}
		b = append(b, byte(x.kind), byte(u), byte(m), byte(i))
		b = append(b, byte(x.ms>>16), byte(x.ms>>8), byte(x.ms))
	}
	return b
}

func lkDecode(data []byte) []lx {
	var out []lx
	for i := 0; len(data) >= 7 && i < lkMaxFuzzExchange; i, data = i+1, data[7:] {
		out = append(out, lx{
			id:     "x" + strconv.Itoa(i),
			kind:   int(data[0]) % lkKinds,
			url:    lkURLs[int(data[1])%len(lkURLs)],
			method: lkMethods[int(data[2])%len(lkMethods)],
			init:   lkInitiators[int(data[3])%len(lkInitiators)],
			ms:     int(data[4])<<16 | int(data[5])<<8 | int(data[6]),
		})
		if out[i].kind == lkOptions {
			out[i].method = "OPTIONS"
		}
	}
	return out
}

type linkCase struct {
	name string
	in   []lx
	want []string // lkRender of the result
}

// linkCases state the policy of LinkPreflights, group by group.
var linkCases = []struct {
	group string
	cases []linkCase
}{
	{"what is a preflight", []linkCase{
		{"request then its preflight", []lx{lkReq("r", "PUT", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 2)}, []string{"r<p"}},
		{"preflight recorded before its request", []lx{lkPre("p", "PUT", lkA, lkApp, 0), lkReq("r", "PUT", lkA, lkApp, 3)}, []string{"r<p"}},
		{"an OPTIONS without Access-Control-Request-Method is an ordinary request",
			[]lx{lkReq("r", "GET", lkA, lkApp, 0), lkOpt("o", lkA, lkApp, 2)}, []string{"r", "o"}},
		{"an ordinary OPTIONS gets the preflight that asked for OPTIONS",
			[]lx{lkOpt("o", lkA, lkApp, 0), lkPre("p", "OPTIONS", lkA, lkApp, 2)}, []string{"o<p"}},
		{"a preflight is never linked to a preflight",
			[]lx{lkPre("p1", "OPTIONS", lkA, lkApp, 0), lkPre("p2", "OPTIONS", lkA, lkApp, 2)}, []string{"p1", "p2"}},
		{"a request that came with its preflight takes no other",
			[]lx{lkWith("w", "PUT", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 2)}, []string{"w<w-pf", "p"}},
		{"a preflight alone stays", []lx{lkPre("p", "PUT", lkA, lkApp, 0)}, []string{"p"}},
		{"no exchanges", nil, []string{}},
	}},
	{"what must match", []linkCase{
		{"another URL", []lx{lkReq("r", "PUT", lkB, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 2)}, []string{"r", "p"}},
		{"another method", []lx{lkReq("r", "POST", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 2)}, []string{"r", "p"}},
		{"the method in another case", []lx{lkReq("r", "PUT", lkA, lkApp, 0), lkPre("p", "put", lkA, lkApp, 2)}, []string{"r<p"}},
		{"an empty asked method matches any", []lx{lkReq("r", "POST", lkA, lkApp, 0), lkPre("p", "", lkA, lkApp, 2)}, []string{"r<p"}},
		{"another initiator", []lx{lkReq("r", "PUT", lkA, lkOther, 0), lkPre("p", "PUT", lkA, lkApp, 2)}, []string{"r", "p"}},
		{"an opaque initiator is an initiator", []lx{lkReq("r", "PUT", lkA, "null", 0), lkPre("p", "PUT", lkA, lkApp, 2)}, []string{"r", "p"}},
		{"the request's initiator unknown", []lx{lkReq("r", "PUT", lkA, "", 0), lkPre("p", "PUT", lkA, lkApp, 2)}, []string{"r<p"}},
		{"the preflight's initiator unknown", []lx{lkReq("r", "PUT", lkA, lkOther, 0), lkPre("p", "PUT", lkA, "", 2)}, []string{"r<p"}},
		{"the initiator picks among requests at one time",
			[]lx{lkReq("r1", "PUT", lkA, lkOther, 0), lkReq("r2", "PUT", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 2)},
			[]string{"r1", "r2<p"}},
	}},
	{"time", []linkCase{
		{"30 s after the request", []lx{lkReq("r", "PUT", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 30000)}, []string{"r<p"}},
		{"30 s before the request", []lx{lkPre("p", "PUT", lkA, lkApp, 0), lkReq("r", "PUT", lkA, lkApp, 30000)}, []string{"r<p"}},
		{"over 30 s after", []lx{lkReq("r", "PUT", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 30010)}, []string{"r", "p"}},
		{"over 30 s before", []lx{lkPre("p", "PUT", lkA, lkApp, 0), lkReq("r", "PUT", lkA, lkApp, 30010)}, []string{"p", "r"}},
		{"the nearest, not the first", []lx{lkReq("r1", "PUT", lkA, lkApp, 0), lkReq("r2", "PUT", lkA, lkApp, 1000),
			lkPre("p", "PUT", lkA, lkApp, 900)}, []string{"r1", "r2<p"}},
		{"the nearest on either side", []lx{lkReq("r1", "PUT", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 600),
			lkReq("r2", "PUT", lkA, lkApp, 1000)}, []string{"r1", "r2<p"}},
		{"a tie goes to the earlier request", []lx{lkReq("r1", "PUT", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 500),
			lkReq("r2", "PUT", lkA, lkApp, 1000)}, []string{"r1<p", "r2"}},
		{"a tie in time goes to the first in the input", []lx{lkReq("r1", "PUT", lkA, lkApp, 0), lkReq("r2", "PUT", lkA, lkApp, 0),
			lkPre("p", "PUT", lkA, lkApp, 10)}, []string{"r1<p", "r2"}},
		{"a tie between a known and an unknown initiator goes to the earlier", []lx{lkReq("r1", "PUT", lkA, "", 0),
			lkPre("p", "PUT", lkA, lkApp, 500), lkReq("r2", "PUT", lkA, lkApp, 1000)}, []string{"r1<p", "r2"}},
		{"the same the other way round", []lx{lkReq("r1", "PUT", lkA, lkApp, 0),
			lkPre("p", "PUT", lkA, lkApp, 500), lkReq("r2", "PUT", lkA, "", 1000)}, []string{"r1<p", "r2"}},
		{"input out of time order", []lx{lkReq("r2", "PUT", lkA, lkApp, 5000), lkPre("p", "PUT", lkA, lkApp, 4990),
			lkReq("r1", "PUT", lkA, lkApp, 0)}, []string{"r2<p", "r1"}},
	}},
	{"several", []linkCase{
		{"a request takes one preflight", []lx{lkReq("r", "PUT", lkA, lkApp, 0), lkPre("p1", "PUT", lkA, lkApp, 2),
			lkPre("p2", "PUT", lkA, lkApp, 4)}, []string{"r<p1", "p2"}},
		{"two requests to one URL each get theirs", []lx{lkReq("r1", "PUT", lkA, lkApp, 0), lkPre("p1", "PUT", lkA, lkApp, 10),
			lkReq("r2", "PUT", lkA, lkApp, 4000), lkPre("p2", "PUT", lkA, lkApp, 4010)}, []string{"r1<p1", "r2<p2"}},
		{"preflights choose in time order, not input order", []lx{lkPre("p2", "PUT", lkA, lkApp, 20),
			lkReq("r", "PUT", lkA, lkApp, 0), lkPre("p1", "PUT", lkA, lkApp, 10)}, []string{"p2", "r<p1"}},
		{"a taken request is passed over for the next nearest", []lx{lkReq("r1", "PUT", lkA, lkApp, 0),
			lkReq("r2", "PUT", lkA, lkApp, 100), lkPre("p1", "PUT", lkA, lkApp, 90), lkPre("p2", "PUT", lkA, lkApp, 95)},
			[]string{"r1<p2", "r2<p1"}},
		{"runs of taken requests on both sides", []lx{lkReq("r1", "PUT", lkA, lkApp, 0), lkReq("r2", "PUT", lkA, lkApp, 10),
			lkReq("r3", "PUT", lkA, lkApp, 20), lkReq("r4", "PUT", lkA, lkApp, 30), lkPre("p1", "PUT", lkA, lkApp, 20),
			lkPre("p2", "PUT", lkA, lkApp, 20), lkPre("p3", "PUT", lkA, lkApp, 20), lkPre("p4", "PUT", lkA, lkApp, 20),
			lkPre("p5", "PUT", lkA, lkApp, 20)}, []string{"r1<p4", "r2<p2", "r3<p1", "r4<p3", "p5"}},
		{"other exchanges keep their order", []lx{lkReq("a", "GET", lkB, lkApp, 0), lkReq("r", "PUT", lkA, lkApp, 10),
			lkOpt("o", lkB, lkApp, 11), lkPre("p", "PUT", lkA, lkApp, 12), lkReq("b", "GET", lkB, "", 13)},
			[]string{"a", "r<p", "o", "b"}},
	}},
}

func TestLinkPreflights(t *testing.T) {
	for _, g := range linkCases {
		t.Run(g.group, func(t *testing.T) {
			for _, c := range g.cases {
				t.Run(c.name, func(t *testing.T) {
					xs := lkExchanges(c.in)
					got := LinkPreflights(xs)
					assert.Equal(t, c.want, lkRender(got))
					checkLinking(t, xs, got)
				})
			}
		})
	}
	t.Run("nothing linked returns the input", func(t *testing.T) {
		xs := lkExchanges([]lx{lkReq("r", "GET", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 2)})
		got := LinkPreflights(xs)
		assert.Same(t, &xs[0], &got[0])
		assert.Nil(t, LinkPreflights(nil))
	})
	t.Run("the preflight keeps all it recorded", func(t *testing.T) {
		xs := lkExchanges([]lx{lkReq("r", "PUT", lkA, lkApp, 0), lkPre("p", "PUT", lkA, lkApp, 2)})
		xs[1].Response = &Response{Status: 401, Headers: header.Headers{{Name: "WWW-Authenticate", Value: "Bearer"}}}
		got := LinkPreflights(xs)
		require.Len(t, got, 1)
		require.NotNil(t, got[0].Preflight)
		assert.Equal(t, xs[1], *got[0].Preflight)
	})
}

// lkMatches is the policy's predicate for one pair, time window included.
func lkMatches(p, r *Exchange) bool {
	asked := strings.TrimSpace(p.Request.Headers.Get("Access-Control-Request-Method"))
	return p.Request.URL == r.Request.URL &&
		(asked == "" || strings.EqualFold(asked, r.Request.Method)) &&
		(p.Request.Initiator == "" || r.Request.Initiator == "" || p.Request.Initiator == r.Request.Initiator) &&
		p.Request.Time.Sub(r.Request.Time).Abs() <= PreflightWindow
}

// naiveLinkPreflights is the policy written as plainly as it reads, in
// quadratic time: LinkPreflights must give the same result.
func naiveLinkPreflights(xs []Exchange) []Exchange {
	var pre []int
	for i := range xs {
		if IsStandalonePreflight(&xs[i]) {
			pre = append(pre, i)
		}
	}
	slices.SortStableFunc(pre, func(a, b int) int { return xs[a].Request.Time.Compare(xs[b].Request.Time) })
	pf := map[int]int{} // request -> preflight
	absorbed := map[int]bool{}
	for _, p := range pre {
		best := -1
		var bestGap time.Duration
		for r := range xs {
			if IsStandalonePreflight(&xs[r]) || xs[r].Preflight != nil || !lkMatches(&xs[p], &xs[r]) {
				continue
			}
			if _, taken := pf[r]; taken {
				continue
			}
			gap := xs[p].Request.Time.Sub(xs[r].Request.Time).Abs()
			if best < 0 || gap < bestGap || gap == bestGap && xs[r].Request.Time.Before(xs[best].Request.Time) {
				best, bestGap = r, gap
			}
		}
		if best >= 0 {
			pf[best] = p
			absorbed[p] = true
		}
	}
	out := []Exchange{}
	for i, x := range xs {
		if absorbed[i] {
			continue
		}
		if p, ok := pf[i]; ok {
			c := xs[p]
			x.Preflight = &c
		}
		out = append(out, x)
	}
	return out
}

// checkLinking checks the invariants of LinkPreflights(in) = out: in is
// unchanged; no exchange is lost or duplicated and the order is kept; a
// request has at most one preflight, the one it came with or a linked
// preflight that satisfies the policy; a preflight left alone has no free
// request it could have been linked to; and the result is the naive
// implementation's.
func checkLinking(t *testing.T, in, out []Exchange) {
	t.Helper()
	before := lkExchangesCopy(in)
	again := LinkPreflights(in)
	assert.Equal(t, before, lkExchangesCopy(in), "input modified")
	assert.Equal(t, lkRender(out), lkRender(again), "not deterministic")

	byID := map[string]*Exchange{}
	for i := range in {
		require.NotContains(t, byID, in[i].ID, "the cases' IDs are unique")
		byID[in[i].ID] = &in[i]
	}
	seen := []string{}
	for i := range out {
		x := &out[i]
		orig := byID[x.ID]
		require.NotNil(t, orig, "unknown exchange %s", x.ID)
		seen = append(seen, x.ID)
		switch {
		case orig.Preflight != nil:
			assert.Same(t, orig.Preflight, x.Preflight, "%s: the preflight it came with is kept", x.ID)
		case x.Preflight != nil:
			p := byID[x.Preflight.ID]
			require.NotNil(t, p, "unknown preflight %s", x.Preflight.ID)
			assert.Equal(t, *p, *x.Preflight, "the preflight is the exchange as it was")
			seen = append(seen, p.ID)
			assert.False(t, IsStandalonePreflight(orig), "%s: a preflight has no preflight", x.ID)
			assert.True(t, IsStandalonePreflight(p), "%s: linked to a non-preflight %s", x.ID, p.ID)
			assert.True(t, lkMatches(p, orig), "%s<%s breaks the policy", x.ID, p.ID)
		}
	}
	want := make([]string, len(in))
	for i := range in {
		want[i] = in[i].ID
	}
	got := slices.Clone(seen)
	slices.Sort(want)
	slices.Sort(got)
	require.Equal(t, want, got, "an exchange lost or duplicated")
	// The order of what stays is the input's.
	k := 0
	for _, id := range lkRender(out) {
		id, _, _ = strings.Cut(id, "<")
		for k < len(in) && in[k].ID != id {
			k++
		}
		require.Less(t, k, len(in), "order changed at %s", id)
		k++
	}
	// Greedy: a preflight left alone could not have had any request still free.
	for i := range out {
		if !IsStandalonePreflight(&out[i]) {
			continue
		}
		for j := range out {
			r := &out[j]
			if r.Preflight == nil && !IsStandalonePreflight(r) {
				assert.False(t, lkMatches(&out[i], r), "%s left alone while %s was free", out[i].ID, r.ID)
			}
		}
	}
	assert.Equal(t, lkDeep(naiveLinkPreflights(in)), lkDeep(out), "differs from the naive implementation")
}

func lkExchangesCopy(xs []Exchange) []Exchange { return slices.Clone(xs) }

// lkDeep makes preflights comparable by value.
func lkDeep(xs []Exchange) []string {
	out := lkRender(xs)
	for i, x := range xs {
		if x.Preflight != nil {
			out[i] += " " + x.Preflight.Request.Time.String() + " " + x.Preflight.Request.URL
		}
	}
	return out
}

// FuzzLinkPreflights checks the invariants of checkLinking on any list of
// exchanges drawn from the cases' alphabets; the cases are its seeds.
func FuzzLinkPreflights(f *testing.F) {
	for _, g := range linkCases {
		for _, c := range g.cases {
			f.Add(lkEncode(c.in))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := lkExchanges(lkDecode(data))
		checkLinking(t, in, LinkPreflights(in))
	})
}

func TestLinkPreflightsFuzzSeedsRoundTrip(t *testing.T) {
	for _, g := range linkCases {
		for _, c := range g.cases {
			got := lkDecode(lkEncode(c.in))
			require.Len(t, got, len(c.in))
			for i := range got {
				got[i].id = c.in[i].id
			}
			if len(c.in) > 0 {
				assert.Equal(t, c.in, got, c.name)
			}
		}
	}
}

func TestDecodeSnapshotLinksPreflights(t *testing.T) {
	s, err := DecodeSnapshot([]byte(`{"exchanges":[
	  {"id":"r","request":{"url":"https://api.test/a","method":"PUT","initiator":"https://app.test","time":1000},"error":"net::ERR_FAILED"},
	  {"id":"p","request":{"url":"https://api.test/a","method":"OPTIONS","initiator":"https://app.test","time":1002,
	    "headers":[{"name":"Access-Control-Request-Method","value":"PUT"}]},"response":{"status":401,"headers":[]}},
	  {"id":"q","request":{"url":"https://api.test/a","method":"OPTIONS","initiator":"https://app.test","time":1004,
	    "headers":[{"name":"Access-Control-Request-Method","value":"PUT"}]}},
	  {"id":"n","request":{"url":"https://api.test/b","method":"PUT"},"preflight":{"id":"m","request":{"url":"https://api.test/b","method":"OPTIONS"}}}]}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"r<p", "q", "n<m"}, lkRender(s.Exchanges))
	require.NotNil(t, s.Exchanges[0].Preflight.Response)
	assert.Equal(t, 401, s.Exchanges[0].Preflight.Response.Status)

	again, err := DecodeSnapshot(EncodeSnapshot(s))
	require.NoError(t, err)
	assert.Equal(t, s, again, "a linked snapshot survives a round trip")
}

// lkPairs is n requests to one URL, each followed 2 ms later by its
// preflight, 10 ms apart.
func lkPairs(n int) []Exchange {
	xs := make([]Exchange, 0, 2*n)
	for i := range n {
		xs = append(xs,
			lkReq("r"+strconv.Itoa(i), "PUT", lkA, lkApp, 10*i).exchange(),
			lkPre("p"+strconv.Itoa(i), "PUT", lkA, lkApp, 10*i+2).exchange())
	}
	return xs
}

func BenchmarkLinkPreflights30k(b *testing.B) {
	xs := lkPairs(30000)
	b.ReportAllocs()
	for b.Loop() {
		if got := LinkPreflights(xs); len(got) != 30000 || got[29999].Preflight.ID != "p29999" {
			b.Fatal("not linked")
		}
	}
}

func TestLinkPreflightsPairs(t *testing.T) {
	xs := lkPairs(1000)
	got := LinkPreflights(xs)
	require.Len(t, got, 1000)
	for i, x := range got {
		require.Equal(t, "p"+strconv.Itoa(i), x.Preflight.ID)
	}
}

package header

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func hdrs(kv ...string) Headers {
	var h Headers
	for i := 0; i+1 < len(kv); i += 2 {
		h = append(h, Field{Name: kv[i], Value: kv[i+1]})
	}
	return h
}

var (
	t0      = time.Date(2025, 11, 27, 2, 20, 0, 0, time.UTC)
	t0Date  = "Thu, 27 Nov 2025 02:20:00 GMT"
	hourAgo = "Thu, 27 Nov 2025 01:20:00 GMT"
	inHour  = "Thu, 27 Nov 2025 03:20:00 GMT"
	lastWk  = "Thu, 20 Nov 2025 02:20:00 GMT"
)

var freshnessCases = []struct {
	name   string
	status int
	h      Headers
	after  time.Duration // now - received
	shared bool
	want   CacheState
}{
	{name: "401 without caching headers is not fresh", status: 401, h: hdrs("Date", t0Date),
		want: CacheState{Storable: true}},
	{name: "401 with max-age is cached", status: 401, h: hdrs("Date", t0Date, "Cache-Control", "max-age=600"), after: time.Minute,
		want: CacheState{Storable: true, Fresh: true, Lifetime: 10 * time.Minute, Age: time.Minute, Source: SourceMaxAge}},
	{name: "max-age elapsed", status: 200, h: hdrs("Date", t0Date, "Cache-Control", "max-age=60"), after: 2 * time.Minute,
		want: CacheState{Storable: true, Lifetime: time.Minute, Age: 2 * time.Minute, Source: SourceMaxAge}},
	{name: "Age header counts", status: 200, h: hdrs("Date", t0Date, "Cache-Control", "max-age=60", "Age", "59"), after: 2 * time.Second,
		want: CacheState{Storable: true, Lifetime: time.Minute, Age: 61 * time.Second, Source: SourceMaxAge}},
	{name: "max-age beats Expires", status: 200, h: hdrs("Date", t0Date, "Expires", inHour, "Cache-Control", "max-age=0"),
		want: CacheState{Storable: true, Source: SourceMaxAge}},
	{name: "invalid max-age is stale", status: 200, h: hdrs("Date", t0Date, "Cache-Control", "max-age=soon", "Expires", inHour),
		want: CacheState{Storable: true, Source: SourceMaxAge}},
	{name: "Expires minus Date", status: 401, h: hdrs("Date", t0Date, "Expires", inHour), after: time.Minute,
		want: CacheState{Storable: true, Fresh: true, Lifetime: time.Hour, Age: time.Minute, Source: SourceExpires}},
	{name: "Expires in the past", status: 200, h: hdrs("Date", t0Date, "Expires", hourAgo),
		want: CacheState{Storable: true, Source: SourceExpires}},
	{name: "Expires 0 means expired", status: 200, h: hdrs("Date", t0Date, "Expires", "0"),
		want: CacheState{Storable: true, Source: SourceExpires}},
	{name: "no-store", status: 401, h: hdrs("Date", t0Date, "Cache-Control", "no-store, max-age=600"),
		want: CacheState{Lifetime: 10 * time.Minute, Source: SourceMaxAge}},
	{name: "no-cache forces revalidation", status: 200, h: hdrs("Date", t0Date, "Cache-Control", "no-cache, max-age=600"),
		want: CacheState{Storable: true, NoCache: true, Lifetime: 10 * time.Minute, Source: SourceMaxAge}},
	{name: "pragma no-cache", status: 200, h: hdrs("Date", t0Date, "Pragma", "no-cache", "Expires", inHour),
		want: CacheState{Storable: true, NoCache: true, Lifetime: time.Hour, Source: SourceExpires}},
	{name: "vary star", status: 200, h: hdrs("Date", t0Date, "Cache-Control", "max-age=60", "Vary", "*"),
		want: CacheState{Lifetime: time.Minute, Source: SourceMaxAge}},
	{name: "heuristic 200 with Last-Modified", status: 200, h: hdrs("Date", t0Date, "Last-Modified", lastWk), after: time.Hour,
		want: CacheState{Storable: true, Fresh: true, Lifetime: 7 * 24 * time.Hour / 10, Age: time.Hour, Source: SourceHeuristic}},
	{name: "no heuristic for 401", status: 401, h: hdrs("Date", t0Date, "Last-Modified", lastWk),
		want: CacheState{Storable: true}},
	{name: "no heuristic with must-revalidate", status: 200, h: hdrs("Date", t0Date, "Last-Modified", lastWk, "Cache-Control", "must-revalidate"),
		want: CacheState{Storable: true}},
	{name: "301 kept forever", status: 301, h: hdrs("Date", t0Date), after: 1000 * time.Hour,
		want: CacheState{Storable: true, Fresh: true, Lifetime: heuristicForever, Age: 1000 * time.Hour, Source: SourceHeuristic}},
	{name: "private cache ignores s-maxage", status: 200, h: hdrs("Date", t0Date, "Cache-Control", "s-maxage=600, private"),
		want: CacheState{Storable: true}},
	{name: "shared cache uses s-maxage", status: 200, h: hdrs("Date", t0Date, "Cache-Control", "s-maxage=600, max-age=0"), shared: true,
		want: CacheState{Storable: true, Fresh: true, Lifetime: 10 * time.Minute, Source: SourceSMaxAge}},
	{name: "shared cache refuses private", status: 200, h: hdrs("Date", t0Date, "Cache-Control", "private, max-age=60"), shared: true,
		want: CacheState{Lifetime: time.Minute, Source: SourceMaxAge}},
	{name: "no Date: received time used", status: 200, h: hdrs("Cache-Control", "max-age=60"), after: 30 * time.Second,
		want: CacheState{Storable: true, Fresh: true, Lifetime: time.Minute, Age: 30 * time.Second, Source: SourceMaxAge}},
	{name: "Date an hour before receipt adds apparent age", status: 200, h: hdrs("Date", hourAgo, "Cache-Control", "max-age=600"),
		want: CacheState{Storable: true, Lifetime: 10 * time.Minute, Age: time.Hour, Source: SourceMaxAge}},
}

func TestFreshness(t *testing.T) {
	for _, tc := range freshnessCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Freshness(tc.status, tc.h, t0, t0.Add(tc.after), tc.shared)
			assert.Equal(t, tc.want, got)
		})
	}
	t.Run("zero received time falls back to Date", func(t *testing.T) {
		got := Freshness(200, hdrs("Date", t0Date, "Cache-Control", "max-age=60"), time.Time{}, t0.Add(90*time.Second), false)
		assert.Equal(t, 90*time.Second, got.Age)
		assert.False(t, got.Fresh)
	})
	t.Run("source names", func(t *testing.T) {
		assert.Equal(t, "none", SourceUnspecified.String())
		assert.Equal(t, "max-age", SourceMaxAge.String())
		assert.Equal(t, "s-maxage", SourceSMaxAge.String())
		assert.Equal(t, "expires", SourceExpires.String())
		assert.Equal(t, "heuristic", SourceHeuristic.String())
	})
}

func FuzzFreshness(f *testing.F) {
	for _, tc := range freshnessCases {
		f.Add(tc.status, tc.h.Get("Cache-Control"), tc.h.Get("Expires"), tc.h.Get("Date"), tc.h.Get("Age"), int64(tc.after))
	}
	f.Fuzz(func(t *testing.T, status int, cc, expires, date, age string, after int64) {
		h := hdrs("Cache-Control", cc, "Expires", expires, "Date", date, "Age", age, "Last-Modified", date)
		st := Freshness(status, h, t0, t0.Add(time.Duration(after)), false)
		assert.GreaterOrEqual(t, st.Age, time.Duration(0))
		assert.GreaterOrEqual(t, st.Lifetime, time.Duration(0))
		if st.Fresh {
			assert.True(t, st.Storable)
			assert.Greater(t, st.Lifetime, st.Age)
		}
	})
}

package header

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var cacheControlCases = []struct {
	name   string
	values []string
	want   CacheControl
	err    string
}{
	{name: "empty", values: nil, want: nil},
	{name: "typical", values: []string{"private, max-age=0, must-revalidate"},
		want: CacheControl{{Name: "private"}, {Name: "max-age", Value: "0", HasValue: true}, {Name: "must-revalidate"}}},
	{name: "case and spaces", values: []string{"No-Store , MAX-AGE = 60"},
		want: CacheControl{{Name: "no-store"}, {Name: "max-age", Value: "60", HasValue: true}}},
	{name: "across fields", values: []string{"public", "s-maxage=300, immutable"},
		want: CacheControl{{Name: "public"}, {Name: "s-maxage", Value: "300", HasValue: true}, {Name: "immutable"}}},
	{name: "quoted field list", values: []string{`no-cache="Set-Cookie, Authorization", private="x"`},
		want: CacheControl{{Name: "no-cache", Value: "Set-Cookie, Authorization", HasValue: true}, {Name: "private", Value: "x", HasValue: true}}},
	{name: "quoted max-age", values: []string{`max-age="10"`},
		want: CacheControl{{Name: "max-age", Value: "10", HasValue: true}}},
	{name: "empty elements", values: []string{",,no-store,,"}, want: CacheControl{{Name: "no-store"}}},
	{name: "invalid name skipped", values: []string{"no store, max-age=5"},
		want: CacheControl{{Name: "max-age", Value: "5", HasValue: true}}, err: `invalid directive name "no store"`},
	{name: "invalid argument kept", values: []string{"max-age=1 0"},
		want: CacheControl{{Name: "max-age", Value: "1 0", HasValue: true}}, err: `invalid argument of "max-age"`},
	{name: "unterminated quote", values: []string{`no-cache="a`},
		want: CacheControl{{Name: "no-cache", Value: `"a`, HasValue: true}}, err: "malformed quoted argument"},
}

func TestParseCacheControl(t *testing.T) {
	for _, tc := range cacheControlCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCacheControl(tc.values)
			assert.Equal(t, tc.want, got)
			assertErr(t, err, tc.err)
		})
	}
}

func TestCacheControlAccessors(t *testing.T) {
	cc, err := ParseCacheControl([]string{`max-age=60, no-cache="Set-Cookie", s-maxage=abc, stale-while-revalidate=99999999999999999999, x=1, x=2`})
	require.NoError(t, err)
	cases := []struct {
		name string
		ok   bool
		secs int64
	}{
		{"max-age", true, 60},
		{"MAX-AGE", true, 60},
		{"s-maxage", false, 0},
		{"stale-while-revalidate", true, 1 << 31},
		{"x", false, 0},
		{"no-cache", false, 0},
		{"missing", false, 0},
	}
	for _, tc := range cases {
		t.Run("Seconds "+tc.name, func(t *testing.T) {
			s, ok := cc.Seconds(tc.name)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.secs, s)
		})
	}
	t.Run("duplicates agreeing are fine", func(t *testing.T) {
		cc, _ := ParseCacheControl([]string{"max-age=5", "max-age=5"})
		s, ok := cc.Seconds("max-age")
		assert.True(t, ok)
		assert.Equal(t, int64(5), s)
	})
	t.Run("Has and Value", func(t *testing.T) {
		assert.True(t, cc.Has("No-Cache"))
		assert.False(t, cc.Has("no-store"))
		v, ok := cc.Value("no-cache")
		assert.True(t, ok)
		assert.Equal(t, "Set-Cookie", v)
		_, ok = cc.Value("private")
		assert.False(t, ok)
	})
}

func TestParseAge(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		err  bool
	}{
		{"0", 0, false}, {" 120 ", 120, false}, {"99999999999999999999999", 1 << 31, false},
		{"", 0, true}, {"-1", 0, true}, {"1.5", 0, true}, {"abc", 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseAge(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.err, err != nil)
		})
	}
}

func FuzzParseCacheControl(f *testing.F) {
	for _, tc := range cacheControlCases {
		if len(tc.values) == 1 {
			f.Add(tc.values[0])
		}
	}
	f.Fuzz(func(t *testing.T, v string) {
		cc, _ := ParseCacheControl([]string{v})
		for _, d := range cc {
			assert.True(t, IsToken(d.Name))
			if s, ok := cc.Seconds(d.Name); ok {
				assert.True(t, s >= 0 && s <= 1<<31)
			}
		}
	})
}

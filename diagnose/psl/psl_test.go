package psl

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var publicSuffixCases = []struct {
	name, domain, suffix string
	icann                bool
	etld1                string // "" means an error
}{
	{"plain", "www.example.com", "com", true, "example.com"},
	{"upper case", "WWW.Example.COM", "com", true, "example.com"},
	{"trailing dot", "www.example.com.", "com", true, "example.com"},
	{"two-label suffix", "a.b.co.uk", "co.uk", true, "b.co.uk"},
	{"suffix itself", "co.uk", "co.uk", true, ""},
	{"tld itself", "com", "com", true, ""},
	{"wildcard", "a.b.foo.ck", "foo.ck", true, "b.foo.ck"},
	{"wildcard bare", "foo.ck", "foo.ck", true, ""},
	{"exception", "www.ck", "ck", true, "www.ck"},
	{"under exception", "a.www.ck", "ck", true, "www.ck"},
	{"exception kawasaki", "city.kawasaki.jp", "kawasaki.jp", true, "city.kawasaki.jp"},
	{"wildcard kawasaki", "x.y.kawasaki.jp", "y.kawasaki.jp", true, "x.y.kawasaki.jp"},
	{"private", "me.github.io", "github.io", false, "me.github.io"},
	{"private wildcard", "a.b.compute.amazonaws.com", "b.compute.amazonaws.com", false, "a.b.compute.amazonaws.com"},
	{"unknown tld", "app.test", "test", false, "app.test"},
	{"unknown tld subdomain", "app.shop.test", "test", false, "shop.test"},
	{"single label", "localhost", "localhost", false, ""},
	{"home.arpa not yet a rule in the 2023 list", "printer.home.arpa", "arpa", true, "home.arpa"},
	{"punycode", "xn--d1acj3b.xn--p1ai", "xn--p1ai", true, "xn--d1acj3b.xn--p1ai"},
	{"empty", "", "", false, ""},
	{"empty label", "a..com", "com", true, ""},
	{"leading dot", ".example.com", "com", true, ""},
	{"ipv4", "127.0.0.1", "1", false, ""},
	{"ipv6", "[::1]", "[::1]", false, ""},
}

func TestPublicSuffix(t *testing.T) {
	for _, tc := range publicSuffixCases {
		t.Run(tc.name, func(t *testing.T) {
			s, icann := PublicSuffix(tc.domain)
			assert.Equal(t, tc.suffix, s)
			assert.Equal(t, tc.icann, icann)
			got, err := EffectiveTLDPlusOne(tc.domain)
			if tc.etld1 == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.etld1, got)
		})
	}
}

func TestSite(t *testing.T) {
	cases := []struct {
		name, a, b string
		site       string // Site(a)
		same       bool
	}{
		{"test hosts are distinct sites", "app.test", "api.test", "app.test", false},
		{"shared registrable domain under .test", "app.shop.test", "api.shop.test", "shop.test", true},
		{"subdomain", "www.example.com", "example.com", "example.com", true},
		{"different eTLD+1", "a.example.com", "a.example.org", "example.com", false},
		{"github pages users are separate sites", "alice.github.io", "bob.github.io", "alice.github.io", false},
		{"ip literal is its own site", "127.0.0.1", "127.0.0.2", "127.0.0.1", false},
		{"ipv6 brackets", "[::1]", "::1", "::1", true},
		{"localhost", "localhost", "LOCALHOST.", "localhost", true},
		{"public suffix host", "co.uk", "a.co.uk", "co.uk", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.site, Site(tc.a))
			assert.Equal(t, tc.same, SameSite(tc.a, tc.b))
			assert.Equal(t, tc.same, SameSite(tc.b, tc.a))
		})
	}
}

func TestIsIPLiteral(t *testing.T) {
	cases := []struct {
		host string
		want bool
	}{
		{"127.0.0.1", true}, {"255.255.255.255", true}, {"[::1]", true}, {"::1", true},
		{"256.0.0.1", false}, {"1.2.3", false}, {"1.2.3.4.", false}, {"1.2.3.4.5", false},
		{"a.b.c.d", false}, {"", false}, {"example.com", false}, {"1..2.3", false},
	}
	for _, tc := range cases {
		t.Run(tc.host, func(t *testing.T) { assert.Equal(t, tc.want, IsIPLiteral(tc.host)) })
	}
}

func TestTableIsSorted(t *testing.T) {
	var keys []string
	start := 0
	for i := 0; i < len(table); i++ {
		if table[i] < 0x20 {
			require.NotZero(t, table[i], "flag byte")
			keys = append(keys, table[start:i])
			start = i + 1
		}
	}
	require.Equal(t, len(table), start, "table ends with a flag byte")
	require.Len(t, keys, ruleCount)
	for i := 1; i < len(keys); i++ {
		require.Less(t, keys[i-1], keys[i])
	}
	for _, k := range keys {
		assert.NotZero(t, lookup(k), k)
		assert.Zero(t, lookup(k+"~"))
		assert.Zero(t, lookup("~"+k))
	}
}

func FuzzPublicSuffix(f *testing.F) {
	for _, tc := range publicSuffixCases {
		f.Add(tc.domain)
	}
	f.Fuzz(func(t *testing.T, domain string) {
		s, _ := PublicSuffix(domain)
		// ASCII lower-casing, as PublicSuffix does: strings.ToLower would
		// turn invalid UTF-8 into U+FFFD and no longer end with s.
		nb := []byte(strings.TrimSuffix(domain, "."))
		for i, c := range nb {
			if c >= 'A' && c <= 'Z' {
				nb[i] = c + 'a' - 'A'
			}
		}
		norm := string(nb)
		if !strings.HasSuffix(norm, s) {
			t.Fatalf("suffix %q of %q", s, domain)
		}
		if e, err := EffectiveTLDPlusOne(domain); err == nil {
			if !strings.HasSuffix(norm, e) || !strings.HasSuffix(e, "."+s) {
				t.Fatalf("eTLD+1 %q, suffix %q of %q", e, s, domain)
			}
		}
		_ = Site(domain)
	})
}

func BenchmarkEffectiveTLDPlusOne(b *testing.B) {
	for b.Loop() {
		_, _ = EffectiveTLDPlusOne("a.b.c.example.co.uk")
	}
}

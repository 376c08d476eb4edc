package cors

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		name, in, origin string
		ok, userinfo     bool
	}{
		{"plain", "https://api.test/x", "https://api.test", true, false},
		{"default port dropped", "http://API.test:80/", "http://api.test", true, false},
		{"port kept", "http://api.test:8080", "http://api.test:8080", true, false},
		{"userinfo", "http://u:p@api.test/", "http://api.test", true, true},
		{"no scheme", "app.test", "", false, false},
		{"empty host", "http://", "", false, false},
		{"port too big", "http://app.test:99999", "", false, false},
		{"port not numeric", "http://app.test:ab", "", false, false},
		{"ipv6", "http://[::1]:81/", "http://[::1]:81", true, false},
		{"opaque scheme", "foo:bar", "null", true, false},
		{"empty", "", "", false, false},
		{"space in host", "http://a b/", "", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u, ok := parseURL(c.in)
			assert.Equal(t, c.ok, ok)
			if ok {
				assert.Equal(t, c.origin, u.origin())
				assert.Equal(t, c.userinfo, u.userinfo)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	base, _ := parseURL("http://api.test:81/a/b?x=1")
	cases := []struct{ name, loc, want string }{
		{"absolute", "https://o.test/z", "https://o.test/z"},
		{"path-absolute", "/z", "http://api.test:81/z"},
		{"relative", "c", "http://api.test:81/a/c"},
		{"query", "?y=2", "http://api.test:81/a/b?y=2"},
		{"scheme-relative", "//o.test/q", "http://o.test/q"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, ok := resolve(base, c.loc)
			assert.True(t, ok)
			assert.Equal(t, c.want, got)
		})
	}
}

func TestStripUserinfo(t *testing.T) {
	assert.Equal(t, "http://api.test/x?y@z", stripUserinfo("http://user:secret@api.test/x?y@z"))
	assert.Equal(t, "http://api.test/x", stripUserinfo("http://api.test/x"))
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"https://api.test/x", "http://u:p@a.test:80/", "app.test", "http://[::1]:81/", "foo:bar", "http://a b/", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, ok := parseURL(s)
		if ok {
			o := u.origin()
			if o != "null" {
				u2, ok2 := parseURL(o)
				if !ok2 || u2.origin() != o {
					t.Fatalf("origin %q of %q does not round-trip", o, s)
				}
			}
		}
		base, _ := parseURL("http://api.test/a/b")
		resolve(base, s)
		stripUserinfo(s)
	})
}

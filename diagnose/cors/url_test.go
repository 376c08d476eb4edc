package cors

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/authdoctor/authdoctor/diagnose/weburl"
)

func TestCanonicalOrigin(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"already canonical", "https://app.test", "https://app.test"},
		{"case and default port", "HTTPS://App.test:443", "https://app.test"},
		{"port kept", "http://app.test:8080", "http://app.test:8080"},
		{"path dropped", "https://app.test/page", "https://app.test"},
		{"ipv6", "http://[0:0::1]:81", "http://[::1]:81"},
		{"null", "null", "null"},
		{"unknown", "", ""},
		{"not a URL is opaque", "app.test", "null"},
		{"opaque scheme", "data:text/html,x", "null"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, canonicalOrigin(c.in))
		})
	}
}

// TestAllowOriginIsURL is GURL validity, which is looser than "is an origin".
func TestAllowOriginIsURL(t *testing.T) {
	cases := []struct {
		name, in string
		want     bool
	}{
		{"origin", "https://app.test", true},
		{"trailing slash is a URL", "https://app.test/", true},
		{"path is a URL", "https://app.test/x", true},
		{"userinfo is a URL", "https://u@app.test", true},
		{"upper case", "HTTPS://APP.TEST", true},
		{"opaque scheme", "foo:bar", true},
		{"empty", "", false},
		{"no scheme", "app.test", false},
		{"scheme only", "http://", false},
		{"port too big", "http://app.test:99999", false},
		{"port not numeric", "http://app.test:ab", false},
		{"bad IPv4", "http://1.2.3.999", false},
		{"unterminated IPv6", "http://[::1", false},
		{"forbidden host character", "http://a<b", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, allowOriginIsURL(c.in))
		})
	}
}

func TestResolve(t *testing.T) {
	base, err := weburl.Parse("http://api.test:81/a/b?x=1")
	require.NoError(t, err)
	cases := []struct{ name, loc, want string }{
		{"absolute", "https://o.test/z", "https://o.test/z"},
		{"path-absolute", "/z", "http://api.test:81/z"},
		{"relative", "c", "http://api.test:81/a/c"},
		{"dot segments", "../c", "http://api.test:81/c"},
		{"query", "?y=2", "http://api.test:81/a/b?y=2"},
		{"fragment keeps the query", "#f", "http://api.test:81/a/b?x=1#f"},
		{"scheme-relative", "//o.test/q", "http://o.test/q"},
		{"backslashes", "\\\\o.test\\q", "http://o.test/q"},
		{"padded", "  /z ", "http://api.test:81/z"},
		{"userinfo", "https://u:p@o.test/", "https://o.test/"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, u, err := weburl.Resolve(base, c.loc)
			require.NoError(t, err)
			assert.Equal(t, c.want, withoutUserinfo(u))
		})
	}
	t.Run("absolute but invalid is not resolved", func(t *testing.T) {
		_, _, err := weburl.Resolve(base, "http://o.test:99999/")
		assert.Error(t, err)
	})
}

func TestWithoutUserinfo(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"user and password", "http://user:secret@api.test/x?y@z", "http://api.test/x?y@z"},
		{"user only", "https://user@api.test:8443/", "https://api.test:8443/"},
		{"none", "http://api.test/x#f", "http://api.test/x#f"},
		{"token-like query masked", "http://u:p@api.test/x?access_token=abcdef", "http://api.test/x?access_token=…(6 chars)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u, err := weburl.Parse(c.in)
			require.NoError(t, err)
			assert.Equal(t, c.want, withoutUserinfo(u))
		})
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"https://o.test/z", "/z", "c", "../c", "?y=2", "#f", "//o.test/q", "\\\\o.test\\q", "https://u:p@o.test/", "http://o.test:99999/", ""} {
		f.Add(s)
	}
	base, err := weburl.Parse("http://api.test:81/a/b?x=1")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, loc string) {
		_, u, err := weburl.Resolve(base, loc)
		if err != nil {
			return
		}
		clean := withoutUserinfo(u)
		if !u.HasAuthority {
			return
		}
		v, err := weburl.Parse(clean)
		if err != nil {
			t.Fatalf("%q resolved to %q, which does not parse: %v", loc, clean, err)
		}
		if hasUserinfo(v) {
			t.Fatalf("%q: userinfo left in %q", loc, clean)
		}
		if v.Origin() != u.Origin() {
			t.Fatalf("%q: origin %q became %q", loc, u.Origin(), v.Origin())
		}
	})
}

package weburl

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var parseCases = []struct {
	name   string
	in     string
	want   URL
	origin string
	err    string
}{
	{name: "simple https", in: "https://api.test/me", origin: "https://api.test",
		want: URL{Scheme: "https", Host: "api.test", Port: 443, Path: "/me", HasAuthority: true}},
	{name: "uppercase scheme and host", in: "HTTPS://API.Test", origin: "https://api.test",
		want: URL{Scheme: "https", Host: "api.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "explicit default port dropped", in: "http://a.test:80/x", origin: "http://a.test",
		want: URL{Scheme: "http", Host: "a.test", Port: 80, Path: "/x", HasAuthority: true}},
	{name: "non-default port", in: "http://a.test:8080/x?y=1#z", origin: "http://a.test:8080",
		want: URL{Scheme: "http", Host: "a.test", Port: 8080, Path: "/x", RawQuery: "y=1", Fragment: "z", HasAuthority: true}},
	{name: "port with leading zeros", in: "https://a.test:0443", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "empty port", in: "https://a.test:/", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "userinfo password dropped", in: "https://alice:s3cret@a.test/", origin: "https://a.test",
		want: URL{Scheme: "https", Username: "alice", HasPassword: true, Host: "a.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "username only", in: "https://al%69ce@a.test/", origin: "https://a.test",
		want: URL{Scheme: "https", Username: "alice", Host: "a.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "empty password", in: "https://alice:@a.test/", origin: "https://a.test",
		want: URL{Scheme: "https", Username: "alice", Host: "a.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "at sign in password, last @ wins", in: "https://u:p@x@a.test/", origin: "https://a.test",
		want: URL{Scheme: "https", Username: "u", HasPassword: true, Host: "a.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "ipv6", in: "http://[::1]:3000/", origin: "http://[::1]:3000",
		want: URL{Scheme: "http", Host: "[::1]", Port: 3000, Path: "/", HasAuthority: true}},
	{name: "ipv6 canonicalised", in: "http://[0:0:0:0:0:0:0:1]/", origin: "http://[::1]",
		want: URL{Scheme: "http", Host: "[::1]", Port: 80, Path: "/", HasAuthority: true}},
	{name: "ipv6 with ipv4 tail", in: "http://[::FFFF:127.0.0.1]/", origin: "http://[::ffff:7f00:1]",
		want: URL{Scheme: "http", Host: "[::ffff:7f00:1]", Port: 80, Path: "/", HasAuthority: true}},
	{name: "ipv4 shorthand", in: "http://127.1/", origin: "http://127.0.0.1",
		want: URL{Scheme: "http", Host: "127.0.0.1", Port: 80, Path: "/", HasAuthority: true}},
	{name: "ipv4 as one number", in: "http://2130706433/", origin: "http://127.0.0.1",
		want: URL{Scheme: "http", Host: "127.0.0.1", Port: 80, Path: "/", HasAuthority: true}},
	{name: "ipv4 hex and octal", in: "http://0x7f.0.0.01/", origin: "http://127.0.0.1",
		want: URL{Scheme: "http", Host: "127.0.0.1", Port: 80, Path: "/", HasAuthority: true}},
	{name: "backslashes and extra slashes", in: "https:\\\\a.test\\b\\c", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/b/c", HasAuthority: true}},
	{name: "no slashes special", in: "https:a.test/x", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/x", HasAuthority: true}},
	{name: "dot segments", in: "https://a.test/a/./b/../c/%2E%2e/d", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/a/d", HasAuthority: true}},
	{name: "dot segment at end", in: "https://a.test/a/..", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "tabs and newlines removed, spaces trimmed", in: " \thttps://a.\ntest/x\r\n ", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/x", HasAuthority: true}},
	{name: "percent-encoded host", in: "https://%41.test/", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "trailing dot kept", in: "https://a.test./", origin: "https://a.test.",
		want: URL{Scheme: "https", Host: "a.test.", Port: 443, Path: "/", HasAuthority: true}},
	{name: "wss", in: "wss://rt.test/socket", origin: "wss://rt.test",
		want: URL{Scheme: "wss", Host: "rt.test", Port: 443, Path: "/socket", HasAuthority: true}},
	{name: "ws custom port", in: "ws://rt.test:443/", origin: "ws://rt.test:443",
		want: URL{Scheme: "ws", Host: "rt.test", Port: 443, Path: "/", HasAuthority: true}},
	{name: "query and fragment with ? and #", in: "https://a.test/p?x=1?2#f#g", origin: "https://a.test",
		want: URL{Scheme: "https", Host: "a.test", Port: 443, Path: "/p", RawQuery: "x=1?2", Fragment: "f#g", HasAuthority: true}},
	{name: "data", in: "data:text/plain,hi", origin: "null",
		want: URL{Scheme: "data", Path: "text/plain,hi"}},
	{name: "about blank", in: "about:blank", origin: "null",
		want: URL{Scheme: "about", Path: "blank"}},
	{name: "blob", in: "blob:https://app.test/1234-5678", origin: "https://app.test",
		want: URL{Scheme: "blob", Path: "https://app.test/1234-5678"}},
	{name: "chrome extension", in: "chrome-extension://abcdef/popup.html", origin: "chrome-extension://abcdef",
		want: URL{Scheme: "chrome-extension", Host: "abcdef", Path: "/popup.html", HasAuthority: true}},
	{name: "file", in: "file:///etc/hosts", origin: "null",
		want: URL{Scheme: "file", Path: "/etc/hosts", HasAuthority: true}},
	{name: "mailto", in: "mailto:a@b.test", origin: "null",
		want: URL{Scheme: "mailto", Path: "a@b.test"}},

	{name: "relative", in: "/path", err: "missing scheme"},
	{name: "empty", in: "", err: "missing scheme"},
	{name: "scheme starting with digit", in: "1http://a", err: "missing scheme"},
	{name: "extra slash is skipped like browsers", in: "https:///x", origin: "https://x",
		want: URL{Scheme: "https", Host: "x", Port: 443, Path: "/", HasAuthority: true}},
	{name: "empty host", in: "https://", err: "empty host"},
	{name: "empty host with port", in: "https://:443/", err: "empty host"},
	{name: "empty host with userinfo", in: "https://u@/x", err: "empty host"},
	{name: "port not numeric", in: "https://a.test:x/", err: `invalid port "x"`},
	{name: "port too big", in: "https://a.test:65536/", err: "port out of range"},
	{name: "port huge", in: "https://a.test:99999999999999999999/", err: "port out of range"},
	{name: "space in host", in: "https://a b.test/", err: "forbidden character ' '"},
	{name: "encoded slash in host", in: "https://a%2fb/", err: "forbidden character '/'"},
	{name: "invalid ipv4 part", in: "http://1.2.3.256/", err: "invalid IPv4"},
	{name: "too many ipv4 parts", in: "http://1.2.3.4.5/", err: "invalid IPv4"},
	{name: "ipv4 hex junk", in: "http://1.0xg/", err: ""},
	{name: "unterminated ipv6", in: "http://[::1/", err: "unterminated IPv6"},
	{name: "bad ipv6", in: "http://[1:2:3]/", err: "invalid IPv6"},
	{name: "ipv6 double compress", in: "http://[1::2::3]/", err: "invalid IPv6"},
	{name: "ipv6 junk after bracket", in: "http://[::1]x/", err: "after IPv6"},
	{name: "host invalid utf8", in: "http://%ff.test/", err: "not valid UTF-8"},
	{name: "too long", in: "https://a.test/" + strings.Repeat("a", MaxLength), err: "longer than"},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				assert.NotContains(t, err.Error(), "s3cret")
				return
			}
			if tc.want.Scheme == "" {
				// Cases kept only to seed the fuzzer with browser oddities.
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.origin, got.Origin())
		})
	}
}

func TestOddHostsParseLikeBrowsers(t *testing.T) {
	// "1.0xg" does not end in a number, so it is a domain, as in Chromium.
	u, err := Parse("http://1.0xg/")
	require.NoError(t, err)
	assert.Equal(t, "1.0xg", u.Host)
}

func TestHostPort(t *testing.T) {
	cases := map[string]string{
		"https://api.test/x":       "api.test:443",
		"http://api.test:8080/":    "api.test:8080",
		"http://[::1]/":            "[::1]:80",
		"data:x":                   "",
		"chrome-extension://abc/x": "abc",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			u, err := Parse(in)
			require.NoError(t, err)
			assert.Equal(t, want, u.HostPort())
		})
	}
}

func TestIsSecureContext(t *testing.T) {
	cases := []struct {
		in       string
		secure   bool
		loopback bool
	}{
		{"https://a.test/", true, false},
		{"wss://a.test/", true, false},
		{"http://a.test/", false, false},
		{"ws://a.test/", false, false},
		{"http://localhost:3000/", true, true},
		{"http://LOCALHOST./", true, true},
		{"http://app.localhost/", true, true},
		{"http://localhost.test/", false, false},
		{"http://notlocalhost/", false, false},
		{"http://127.0.0.1/", true, true},
		{"http://127.255.3.4:8080/", true, true},
		{"http://127.1/", true, true},
		{"http://[::1]/", true, true},
		{"http://[::2]/", false, false},
		{"http://127.test/", false, false},
		{"http://128.0.0.1/", false, false},
		{"file:///x", true, false},
		{"chrome-extension://abc/x", true, false},
		{"blob:https://a.test/u", true, false},
		{"blob:http://a.test/u", false, false},
		{"data:text/html,x", false, false},
		{"about:blank", true, false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			u, err := Parse(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.secure, u.IsSecureContext())
			assert.Equal(t, tc.loopback, u.IsLoopback())
		})
	}
}

func TestIPv6Format(t *testing.T) {
	cases := map[string]string{
		"::":                      "::",
		"1::":                     "1::",
		"::1:0:0:1":               "::1:0:0:1",
		"1:0:0:2:0:0:0:3":         "1:0:0:2::3",
		"1:0:0:2:0:0:3:4":         "1::2:0:0:3:4",
		"2001:DB8:0:0:1:0:0:1":    "2001:db8::1:0:0:1",
		"1:2:3:4:5:6:7:8":         "1:2:3:4:5:6:7:8",
		"1:2:3:4:5:6:7::":         "1:2:3:4:5:6:7:0",
		"0001:0002::0.0.0.1":      "1:2::1",
		"::ffff:192.168.0.1":      "::ffff:c0a8:1",
		"fe80::1:2:3:4:5:6":       "fe80:0:1:2:3:4:5:6",
		"1:2:3:4:5:6:1.2.3.4":     "1:2:3:4:5:6:102:304",
		"abcd:ef01:2345::6789:0a": "abcd:ef01:2345::6789:a",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			a, ok := parseIPv6(in)
			require.True(t, ok)
			assert.Equal(t, want, formatIPv6(a))
		})
	}
	for _, bad := range []string{"", ":", ":1", "1:", "1:2:3:4:5:6:7:8:9", "12345::", "::1.2.3", "::1.2.3.4.5", "::01.2.3.4", "::256.1.1.1", "1:2:3:4:5:6:7:1.2.3.4", "::g"} {
		t.Run("bad "+bad, func(t *testing.T) {
			_, ok := parseIPv6(bad)
			assert.False(t, ok)
		})
	}
}

// TestAgreesWithNetURL checks ordinary URLs against the standard library.
func TestAgreesWithNetURL(t *testing.T) {
	for _, in := range []string{
		"https://api.test/me",
		"http://a.test:8080/x/y?q=1&r=2#frag",
		"https://user:pw@a.test/p",
		"https://user@a.test/",
		"wss://rt.test/socket?token=abc",
		"http://[2001:db8::1]:8443/x",
		"https://a.test/%20encoded%2Fpath?x=%26",
		"http://127.0.0.1:3000/",
	} {
		t.Run(in, func(t *testing.T) {
			agreeNetURL(t, in)
		})
	}
}

func agreeNetURL(t testing.TB, in string) {
	std, err := url.Parse(in)
	require.NoError(t, err)
	got, err := Parse(in)
	require.NoError(t, err)
	assert.Equal(t, strings.ToLower(std.Scheme), got.Scheme)
	host := strings.ToLower(std.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	assert.Equal(t, host, got.Host)
	port := DefaultPort(got.Scheme)
	if std.Port() != "" {
		port, _ = strconv.Atoi(std.Port())
	}
	assert.Equal(t, port, got.Port)
	assert.Equal(t, std.EscapedPath(), got.Path)
	assert.Equal(t, std.RawQuery, got.RawQuery)
	assert.Equal(t, std.EscapedFragment(), got.Fragment)
	if std.User != nil {
		assert.Equal(t, std.User.Username(), got.Username)
		pw, _ := std.User.Password()
		assert.Equal(t, pw != "", got.HasPassword)
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		if len(tc.in) < 1000 {
			f.Add(tc.in)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Parse(s)
		r := Redacted(s)
		if err != nil {
			return
		}
		// Whatever parsed must be stable, and its origin must parse back
		// to itself.
		origin := u.Origin()
		if DefaultPort(u.Scheme) != 0 {
			o, err := Parse(origin)
			require.NoError(t, err, "origin %q", origin)
			require.Equal(t, origin, o.Origin())
			require.Equal(t, u.Host, o.Host)
			require.Equal(t, u.Port, o.Port)
		}
		if u.HasPassword {
			ru, err := Parse(r)
			if err == nil {
				require.False(t, ru.HasPassword, "redacted URL still has a password")
			}
		}
		_ = u.IsSecureContext()
		_ = u.HostPort()
	})
}

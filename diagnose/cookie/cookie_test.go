package cookie

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func fetchFrom(page, url string) Request {
	return Request{URL: url, Initiator: page, Now: t0}
}

var setCases = []struct {
	name   string
	line   string
	req    Request
	want   []SetBlockedReason // nil: stored
	domain string
	host   bool
	path   string
}{
	{"plain", "a=1", fetchFrom("https://app.test", "https://app.test/x/y"), nil, "app.test", true, "/x"},
	{"no equals is a nameless value", "abc", fetchFrom("https://app.test", "https://app.test/"), nil, "app.test", true, "/"},
	{"empty", "", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetNoCookieContent}, "", false, ""},
	{"only equals", " = ", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetNoCookieContent}, "", false, ""},
	{"control char", "a=b\x01c", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetDisallowedCharacter}, "", false, ""},
	{"internal tab", "a=b\tc", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetDisallowedCharacter}, "", false, ""},
	{"newline", "a=b\nc", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetDisallowedCharacter}, "", false, ""},
	{"too big", "a=" + strings.Repeat("x", 4096), fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetNameValuePairExceedsMaxSize}, "", false, ""},
	{"just fits", "a=" + strings.Repeat("x", 4095), fetchFrom("https://app.test", "https://app.test/"), nil, "app.test", true, "/"},
	{"long attribute ignored", "a=1; Path=/" + strings.Repeat("p", 1100), fetchFrom("https://app.test", "https://app.test/q/r"), nil, "app.test", true, "/q"},
	{"domain cookie", "a=1; Domain=.APP.test", fetchFrom("https://www.app.test", "https://www.app.test/"), nil, "app.test", false, "/"},
	{"domain other site", "a=1; Domain=api.test", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetInvalidDomain}, "", false, "/"},
	{"domain public suffix", "a=1; Domain=co.uk", fetchFrom("https://a.co.uk", "https://a.co.uk/"), []SetBlockedReason{SetInvalidDomain}, "", false, "/"},
	{"domain sub of host", "a=1; Domain=www.app.test", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetInvalidDomain}, "", false, "/"},
	{"ip domain equal", "a=1; Domain=127.0.0.1", fetchFrom("http://127.0.0.1", "http://127.0.0.1/"), nil, "127.0.0.1", true, "/"},
	{"secure over http", "a=1; Secure", fetchFrom("http://app.test", "http://app.test/"), []SetBlockedReason{SetSecureOnly}, "app.test", true, "/"},
	{"secure on localhost", "a=1; Secure", fetchFrom("http://localhost", "http://localhost/"), nil, "localhost", true, "/"},
	{"none insecure", "a=1; SameSite=None", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetSameSiteNoneInsecure}, "app.test", true, "/"},
	{"secure prefix ok", "__Secure-a=1; Secure", fetchFrom("https://app.test", "https://app.test/"), nil, "app.test", true, "/"},
	{"secure prefix lower case", "__secure-a=1", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetInvalidPrefix}, "", false, ""},
	{"host prefix needs path", "__Host-a=1; Secure", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetInvalidPrefix}, "", false, ""},
	{"host prefix with domain", "__Host-a=1; Secure; Path=/; Domain=app.test", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetInvalidPrefix}, "", false, ""},
	{"host prefix ok", "__Host-a=1; Secure; Path=/", fetchFrom("https://app.test", "https://app.test/x/y"), nil, "app.test", true, "/"},
	{"hidden prefix", "=__Secure-a=1", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetInvalidPrefix}, "", false, ""},
	{"partitioned insecure", "a=1; Partitioned", fetchFrom("https://app.test", "https://app.test/"), []SetBlockedReason{SetInvalidPartitioned}, "", false, ""},
	// Chromium 156's DevTools names every SameSite refusal Schemeful*.
	{"cross-site lax", "a=1; SameSite=Lax", fetchFrom("https://other.test", "https://app.test/"), []SetBlockedReason{SetSchemefulSameSiteLax}, "app.test", true, "/"},
	{"cross-site strict", "a=1; SameSite=Strict", fetchFrom("https://other.test", "https://app.test/"), []SetBlockedReason{SetSchemefulSameSiteStrict}, "app.test", true, "/"},
	{"cross-site unspecified", "a=1; SameSite=bogus", fetchFrom("https://other.test", "https://app.test/"), []SetBlockedReason{SetSchemefulSameSiteUnspecifiedTreatedAsLax}, "app.test", true, "/"},
	{"cross-site none", "a=1; SameSite=None; Secure", fetchFrom("https://other.test", "https://app.test/"), nil, "app.test", true, "/"},
	{"cross-scheme lax", "a=1; SameSite=Lax", fetchFrom("http://app.test", "https://app.test/"), []SetBlockedReason{SetSchemefulSameSiteLax}, "app.test", true, "/"},
	{"same-site cross-origin strict", "a=1; SameSite=Strict", fetchFrom("https://api.shop.test", "https://app.shop.test/"), nil, "app.shop.test", true, "/"},
	{"navigation sets strict", "a=1; SameSite=Strict", Request{URL: "https://app.test/", MainFrame: true, Initiator: "https://other.test", Now: t0}, nil, "app.test", true, "/"},
	{"third-party blocked", "a=1; SameSite=None; Secure", Request{URL: "https://app.test/", Initiator: "https://other.test", ThirdParty: ThirdPartyBlockedByUser, Now: t0}, []SetBlockedReason{SetUserPreferences}, "app.test", true, "/"},
	// Cookie settings refuse before the jar looks: the only reason given.
	{"third-party blocked hides other reasons", "a=1; SameSite=None", Request{URL: "https://app.test/", Initiator: "https://other.test", ThirdParty: ThirdPartyBlockedByUser, Now: t0}, []SetBlockedReason{SetUserPreferences}, "app.test", true, "/"},
	{"third-party phaseout", "a=1; SameSite=Lax", Request{URL: "https://app.test/", Initiator: "https://other.test", ThirdParty: ThirdPartyPhaseout, Now: t0}, []SetBlockedReason{SetThirdPartyPhaseout}, "app.test", true, "/"},
	{"third-party blocked after parse errors", "a=1; Domain=other.test", Request{URL: "https://app.test/", Initiator: "https://other.test", ThirdParty: ThirdPartyBlockedByUser, Now: t0}, []SetBlockedReason{SetInvalidDomain}, "", false, ""},
	{"third-party phaseout spares partitioned", "a=1; SameSite=None; Secure; Partitioned", Request{URL: "https://app.test/", Initiator: "https://other.test", ThirdParty: ThirdPartyPhaseout, Now: t0}, nil, "app.test", true, "/"},
	// URLs go through weburl: hosts and ports are canonical, an IPv6 host
	// keeps its brackets as GURL::host() and Chromium's cookie domain do.
	{"ipv6 host-only keeps brackets", "a=1", fetchFrom("http://[::1]:8080", "http://[0:0::1]:8080/p/q"), nil, "[::1]", true, "/p"},
	{"ipv6 domain equal", "a=1; Domain=[::1]", fetchFrom("http://[::1]", "http://[::1]/"), nil, "[::1]", true, "/"},
	{"ipv6 loopback may set secure", "a=1; Secure", fetchFrom("http://[::1]", "http://[::1]/"), nil, "[::1]", true, "/"},
	{"localhost with trailing dot may set secure", "a=1; Secure", fetchFrom("http://localhost.", "http://localhost./"), nil, "localhost.", true, "/"},
	{"userinfo upper case and default port", "a=1; Domain=app.test", fetchFrom("https://www.app.test", "HTTPS://u:p@WWW.App.test:443/a/b"), nil, "app.test", false, "/a"},
	{"dot segments resolved before default path", "a=1", fetchFrom("https://app.test", "https://app.test/a/b/../c/d"), nil, "app.test", true, "/a/c"},
	{"bad port", "a=1", fetchFrom("https://app.test", "https://app.test:99999/"), []SetBlockedReason{SetUnknownError}, "", false, ""},
	{"scheme not supported", "a=1", fetchFrom("https://app.test", "ftp://app.test/"), []SetBlockedReason{SetSchemeNotSupported, SetSchemefulSameSiteUnspecifiedTreatedAsLax}, "app.test", true, "/"},
}

func TestParseSetCookie(t *testing.T) {
	for _, tc := range setCases {
		t.Run(tc.name, func(t *testing.T) {
			r := ParseSetCookie(tc.line, tc.req)
			assert.Equal(t, tc.want, r.Reasons)
			if tc.domain != "" {
				assert.Equal(t, tc.domain, r.Cookie.Domain)
				assert.Equal(t, tc.host, r.Cookie.HostOnly)
			}
			if tc.path != "" {
				assert.Equal(t, tc.path, r.Cookie.Path)
			}
		})
	}
}

func TestReasonNames(t *testing.T) {
	assert.Equal(t, "Unspecified", SetBlockedUnspecified.String())
	assert.Equal(t, "NoCookieContent", SetNoCookieContent.String())
	assert.Equal(t, "SchemefulSameSiteUnspecifiedTreatedAsLax", SetSchemefulSameSiteUnspecifiedTreatedAsLax.String())
	assert.Equal(t, "AnonymousContext", BlockedAnonymousContext.String())
	assert.Equal(t, "SecureOnly", BlockedSecureOnly.String())
	assert.Equal(t, "Unspecified", BlockedReason(200).String())
}

func TestExpiry(t *testing.T) {
	cases := []struct {
		name, line string
		session    bool
		expires    time.Time
		stored     bool
	}{
		{"session", "a=1", true, time.Time{}, true},
		{"max-age", "a=1; Max-Age=60", false, t0.Add(time.Minute), true},
		{"max-age beats expires", "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", false, t0.Add(time.Minute), true},
		{"max-age zero deletes", "a=1; Max-Age=0", false, farPast, false},
		{"bad max-age falls back to expires", "a=1; Max-Age=1x; Expires=Wed, 01 Apr 2026 12:00:00 GMT", false, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), true},
		{"past expires", "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", false, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"two-digit year", "a=1; Expires=Wed, 15-Apr-26 21:01:22 GMT", false, time.Date(2026, 4, 15, 21, 1, 22, 0, time.UTC), true},
		{"capped at 400 days", "a=1; Max-Age=999999999", false, t0.Add(maxExpiry), true},
		{"unreadable expires", "a=1; Expires=tomorrow", true, time.Time{}, true},
		{"31 april", "a=1; Expires=31 Apr 2027 00:00:00", true, time.Time{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ParseSetCookie(tc.line, fetchFrom("https://app.test", "https://app.test/"))
			require.True(t, r.Accepted(), r.Reasons)
			assert.Equal(t, tc.session, r.Cookie.Session)
			assert.True(t, tc.expires.Equal(r.Cookie.Expires), r.Cookie.Expires)
			assert.Equal(t, tc.stored, r.Stored())
		})
	}
}

func jarOf(t *testing.T, url string, lines ...string) []Cookie {
	t.Helper()
	jar, res := Store(nil, lines, fetchFrom(url, url))
	for _, r := range res {
		require.True(t, r.Stored(), r.Reasons)
	}
	return jar
}

func TestCheck(t *testing.T) {
	later := t0.Add(10 * time.Minute)
	cases := []struct {
		name string
		line string
		from string // URL that set it (same-origin fetch)
		req  Request
		want []BlockedReason
		sent bool
	}{
		{"same-origin", "a=1", "https://app.test/", Request{URL: "https://app.test/x", Initiator: "https://app.test", Now: later}, nil, true},
		{"secure over http", "a=1; Secure", "https://app.test/", Request{URL: "http://app.test/x", Initiator: "http://app.test", Now: later}, []BlockedReason{BlockedSecureOnly}, false},
		{"not on path", "a=1; Path=/api", "https://app.test/", Request{URL: "https://app.test/apiv2", Initiator: "https://app.test", Now: later}, []BlockedReason{BlockedNotOnPath}, false},
		{"on sub path", "a=1; Path=/api", "https://app.test/", Request{URL: "https://app.test/api/me", Initiator: "https://app.test", Now: later}, nil, true},
		{"host-only to subdomain", "a=1", "https://app.test/", Request{URL: "https://www.app.test/", Initiator: "https://www.app.test", Now: later}, []BlockedReason{BlockedDomainMismatch}, false},
		{"domain to subdomain", "a=1; Domain=app.test", "https://app.test/", Request{URL: "https://www.app.test/", Initiator: "https://www.app.test", Now: later}, nil, true},
		{"cross-site lax fetch", "a=1; SameSite=Lax", "https://app.test/", Request{URL: "https://app.test/", Initiator: "https://other.test", Now: later}, []BlockedReason{BlockedSchemefulSameSiteLax}, false},
		{"cross-site lax navigation", "a=1; SameSite=Lax", "https://app.test/", Request{URL: "https://app.test/", MainFrame: true, Initiator: "https://other.test", Now: later}, nil, true},
		{"cross-site strict navigation", "a=1; SameSite=Strict", "https://app.test/", Request{URL: "https://app.test/", MainFrame: true, Initiator: "https://other.test", Now: later}, []BlockedReason{BlockedSchemefulSameSiteStrict}, false},
		{"typed navigation strict", "a=1; SameSite=Strict", "https://app.test/", Request{URL: "https://app.test/", MainFrame: true, Now: later}, nil, true},
		{"cross-site post navigation lax", "a=1; SameSite=Lax", "https://app.test/", Request{URL: "https://app.test/", Method: "POST", MainFrame: true, Initiator: "https://other.test", Now: later}, []BlockedReason{BlockedSchemefulSameSiteLax}, false},
		{"lax allowing unsafe", "a=1", "https://app.test/", Request{URL: "https://app.test/", Method: "POST", MainFrame: true, Initiator: "https://other.test", Now: t0.Add(time.Minute)}, nil, true},
		{"unspecified after two minutes", "a=1", "https://app.test/", Request{URL: "https://app.test/", Method: "POST", MainFrame: true, Initiator: "https://other.test", Now: later}, []BlockedReason{BlockedSchemefulSameSiteUnspecifiedTreatedAsLax}, false},
		{"schemeful strict", "a=1; SameSite=Strict", "https://app.test/", Request{URL: "https://app.test/", Initiator: "http://app.test", Now: later}, []BlockedReason{BlockedSchemefulSameSiteStrict}, false},
		{"none cross-site", "a=1; SameSite=None; Secure", "https://app.test/", Request{URL: "https://app.test/", Initiator: "https://other.test", Now: later}, nil, true},
		{"none blocked by user", "a=1; SameSite=None; Secure", "https://app.test/", Request{URL: "https://app.test/", Initiator: "https://other.test", ThirdParty: ThirdPartyBlockedByUser, Now: later}, []BlockedReason{BlockedUserPreferences}, false},
		// Sending, cookie settings add their reason to the jar's.
		{"cross-site fetch blocked twice", "a=1; SameSite=Lax", "https://app.test/", Request{URL: "https://app.test/", Initiator: "https://other.test", ThirdParty: ThirdPartyBlockedByUser, Now: later}, []BlockedReason{BlockedSchemefulSameSiteLax, BlockedUserPreferences}, false},
		{"cross-site navigation is first-party", "a=1; SameSite=Strict", "https://app.test/", Request{URL: "https://app.test/", MainFrame: true, Initiator: "https://other.test", ThirdParty: ThirdPartyBlockedByUser, Now: later}, []BlockedReason{BlockedSchemefulSameSiteStrict}, false},
		{"same-site cross-origin strict", "a=1; SameSite=Strict", "https://app.shop.test/", Request{URL: "https://app.shop.test/", Initiator: "https://api.shop.test", Now: later}, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			jar := jarOf(t, tc.from, tc.line)
			require.Len(t, jar, 1)
			r := Check(jar[0], tc.req)
			assert.Equal(t, tc.want, r.Reasons)
			assert.Equal(t, tc.sent, r.Sent)
		})
	}
	t.Run("expired", func(t *testing.T) {
		jar := jarOf(t, "https://app.test/", "a=1; Max-Age=60")
		r := Check(jar[0], Request{URL: "https://app.test/", Now: later})
		assert.True(t, r.Expired)
		assert.False(t, r.Sent)
	})
	t.Run("credentials", func(t *testing.T) {
		jar := jarOf(t, "https://app.test/", "a=1; SameSite=None; Secure")
		omit := Check(jar[0], Request{URL: "https://app.test/", Initiator: "https://app.test", Credentials: CredentialsOmit, Now: later})
		assert.True(t, omit.NoCredentials)
		assert.False(t, omit.Sent)
		cross := Check(jar[0], Request{URL: "https://app.test/", Initiator: "https://www.app.test", Credentials: CredentialsSameOrigin, Now: later})
		assert.True(t, cross.NoCredentials)
		same := Check(jar[0], Request{URL: "https://app.test/", Initiator: "https://app.test", Credentials: CredentialsSameOrigin, Now: later})
		assert.True(t, same.Sent)
	})
}

func TestStore(t *testing.T) {
	t.Run("overwrite secure from http", func(t *testing.T) {
		jar := jarOf(t, "https://app.test/", "a=1; Secure")
		jar, res := Store(jar, []string{"a=2"}, fetchFrom("http://app.test", "http://app.test/"))
		assert.Equal(t, []SetBlockedReason{SetOverwriteSecure}, res[0].Reasons)
		require.Len(t, jar, 1)
		assert.Equal(t, "1", jar[0].Value)
	})
	t.Run("replace keeps one", func(t *testing.T) {
		jar := jarOf(t, "https://app.test/", "a=1", "a=2")
		require.Len(t, jar, 1)
		assert.Equal(t, "2", jar[0].Value)
	})
	t.Run("delete", func(t *testing.T) {
		jar := jarOf(t, "https://app.test/", "a=1")
		jar, res := Store(jar, []string{"a=; Max-Age=0"}, fetchFrom("https://app.test", "https://app.test/"))
		assert.True(t, res[0].Accepted())
		assert.False(t, res[0].Stored())
		assert.Empty(t, jar)
	})
	t.Run("order and duplicates", func(t *testing.T) {
		req := fetchFrom("https://www.app.test", "https://www.app.test/a/b")
		jar, _ := Store(nil, []string{"x=1; Domain=app.test; Path=/", "x=2; Path=/a", "y=3"}, req)
		req.Now = t0.Add(time.Second)
		sent, _ := CookiesFor(jar, req)
		require.Len(t, sent, 3)
		assert.Equal(t, "2", sent[0].Value) // longer path first
		d := Duplicates(sent)
		require.Len(t, d, 1)
		assert.Len(t, d[0], 2)
	})
}

func TestParseCookieHeader(t *testing.T) {
	cases := []struct {
		name, in string
		want     []RequestCookie
	}{
		{"empty", "", nil},
		{"two", "a=1; b=22", []RequestCookie{{"a", 1}, {"b", 2}}},
		{"duplicates kept", "a=1; a=333", []RequestCookie{{"a", 1}, {"a", 3}}},
		{"quoted with semicolon", `a="x;y"; b=1`, []RequestCookie{{"a", 5}, {"b", 1}}},
		{"bare", "abc; d=", []RequestCookie{{"abc", 0}, {"d", 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, ParseCookieHeader(tc.in)) })
	}
}

func FuzzParseSetCookie(f *testing.F) {
	for _, tc := range setCases {
		f.Add(tc.line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		r := ParseSetCookie(line, fetchFrom("https://www.app.test", "https://www.app.test/a/b"))
		if r.Accepted() {
			if len(r.Cookie.Name)+len(r.Cookie.Value) > MaxNameValueSize {
				t.Fatalf("oversize cookie accepted: %q", line)
			}
			if !strings.HasPrefix(r.Cookie.Path, "/") {
				t.Fatalf("path %q", r.Cookie.Path)
			}
		}
	})
}

func FuzzParseCookieHeader(f *testing.F) {
	f.Add("a=1; b=2")
	f.Add(`a="x;y"; b`)
	f.Fuzz(func(t *testing.T, v string) {
		for _, c := range ParseCookieHeader(v) {
			if c.ValueLen < 0 || c.ValueLen > len(v) {
				t.Fatal("bad length")
			}
		}
	})
}

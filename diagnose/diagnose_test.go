package diagnose

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
)

var now = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)

// hdr builds headers from name, value pairs.
func hdr(kv ...string) header.Headers {
	var h header.Headers
	for i := 0; i+1 < len(kv); i += 2 {
		h = append(h, header.Field{Name: kv[i], Value: kv[i+1]})
	}
	return h
}

// xhr is a fetch from initiator to url, a second before now.
func xhr(id, method, url, initiator string, reqHeaders header.Headers) Exchange {
	return Exchange{ID: id, Request: Request{URL: url, Method: method, Type: "xmlhttprequest", Initiator: initiator,
		Headers: reqHeaders, Time: now.Add(-time.Second)}}
}

func answered(e Exchange, status int, h header.Headers) Exchange {
	e.Response = &Response{Status: status, Headers: h, ServerIP: "127.0.0.1", Time: e.Request.Time.Add(10 * time.Millisecond)}
	return e
}

func at(e Exchange, t time.Time) Exchange {
	e.Request.Time = t
	if e.Response != nil {
		e.Response.Time = t.Add(10 * time.Millisecond)
	}
	return e
}

// jwtFor makes an unsigned-looking JWT with the given JSON claims.
func jwtFor(claims string) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claims)) + ".c2lnbmF0dXJlLXNlY3JldA"
}

// httpTime is the IMF-fixdate layout of Date headers.
const httpTime = "Mon, 02 Jan 2006 15:04:05 GMT"

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

const (
	app = "https://app.test"
	api = "https://api.test"
)

var (
	bearerChallenge = hdr("WWW-Authenticate", `Bearer realm="api"`)
	opaqueBearer    = hdr("Authorization", "Bearer opaque-secret-token-123")
	expiredJWT      = jwtFor(`{"sub":"alice","iss":"https://idp.test","exp":` + unix(now.Add(-time.Hour)) + `}`)
	freshJWT        = jwtFor(`{"sub":"alice","exp":` + unix(now.Add(time.Hour)) + `,"scope":"read"}`)
)

func snap(xs ...Exchange) Snapshot {
	return Snapshot{Now: now, Browser: BrowserChromium, Exchanges: xs}
}

func withJar(s Snapshot, cs ...cookie.Cookie) Snapshot { s.Cookies = cs; return s }

func sidCookie(domain string, hostOnly bool, ss cookie.SameSite) cookie.Cookie {
	return cookie.Cookie{Name: "sid", Value: "s3cr3t-session-value", Domain: domain, HostOnly: hostOnly, Path: "/", Secure: true,
		HTTPOnly: true, SameSite: ss, Session: true, Created: now.Add(-time.Hour)}
}

type ruleCase struct {
	name string
	s    Snapshot
	// exchange whose failure is checked; "" means the last exchange.
	exchange string
	first    ID   // the top finding, "" to not check
	has      []ID // present
	not      []ID // absent (or no failure at all)
	evidence string
	fix      string // in some finding's fixes
	// healthy: the exchange must not be reported at all.
	healthy bool
}

func (c ruleCase) failure(t *testing.T, r Report) (Failure, bool) {
	t.Helper()
	id := c.exchange
	if id == "" {
		id = c.s.Exchanges[len(c.s.Exchanges)-1].ID
	}
	for _, f := range r.Failures {
		if f.ExchangeID == id {
			return f, true
		}
	}
	return Failure{}, false
}

func ids(fs []Finding) []ID {
	var out []ID
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, variant := range []struct {
				name string
				s    Snapshot
			}{{"raw", c.s}, {"redacted", RedactSnapshot(c.s)}} {
				t.Run(variant.name, func(t *testing.T) {
					r := Diagnose(variant.s)
					f, ok := c.failure(t, r)
					if c.healthy {
						assert.False(t, ok, "healthy exchange reported: %v", ids(f.Findings))
						return
					}
					require.True(t, ok, "exchange not reported as failed; report: %+v", r)
					got := ids(f.Findings)
					if c.first != "" {
						require.NotEmpty(t, got)
						assert.Equal(t, c.first, got[0], "ranking: %v", got)
					}
					for _, id := range c.has {
						assert.Contains(t, got, id)
					}
					for _, id := range c.not {
						assert.NotContains(t, got, id)
					}
					if c.fix != "" {
						var all []string
						for _, g := range f.Findings {
							all = append(all, g.Fixes...)
						}
						assert.Contains(t, strings.Join(all, "\n"), c.fix)
					}
					if c.evidence != "" {
						var all []string
						for _, g := range f.Findings {
							all = append(all, g.Evidence...)
						}
						assert.Contains(t, strings.Join(all, "\n"), c.evidence)
					}
				})
			}
		})
	}
}

func TestRulesCredentials(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "missing-credentials/fires", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 401, bearerChallenge)),
			first: MissingCredentials, evidence: "no Authorization header and no cookies"},
		{name: "missing-credentials/quiet when a token was sent", s: snap(answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 401, bearerChallenge)),
			first: RejectedCredentials, not: []ID{MissingCredentials}},
		{name: "missing-credentials/healthy 200", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 200, nil)), healthy: true},

		{name: "rejected-credentials/invalid_token", s: snap(answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 401,
			hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="revoked"`))),
			first: RejectedCredentials, evidence: `error="invalid_token"`},
		{name: "rejected-credentials/basic names the user", s: snap(answered(xhr("1", "GET", api+"/me", api,
			hdr("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("alice:hunter2")))), 401, hdr("WWW-Authenticate", `Basic realm="api"`))),
			first: RejectedCredentials, evidence: `user "alice"`},
		{name: "rejected-credentials/healthy with token", s: snap(answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 200, nil)), healthy: true},

		{name: "insufficient-scope/fires", s: snap(answered(xhr("1", "POST", api+"/admin", api, hdr("Authorization", "Bearer "+freshJWT)), 403,
			hdr("WWW-Authenticate", `Bearer error="insufficient_scope", scope="write"`))),
			first: InsufficientScope, not: []ID{RejectedCredentials}, evidence: `Missing from the token: "write"`},
		{name: "insufficient-scope/401 where 403 is meant", s: snap(answered(xhr("1", "POST", api+"/admin", api, opaqueBearer), 401,
			hdr("WWW-Authenticate", `Bearer error="insufficient_scope", scope="write"`))),
			first: InsufficientScope, evidence: "401 where 403 is meant"},
		{name: "insufficient-scope/plain 403 with token", s: snap(answered(xhr("1", "DELETE", api+"/x", api, opaqueBearer), 403, nil)),
			first: InsufficientScope},
		{name: "insufficient-scope/quiet on invalid_token", s: snap(answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 401,
			hdr("WWW-Authenticate", `Bearer error="invalid_token"`))), not: []ID{InsufficientScope}},

		{name: "missing-www-authenticate/fires", s: snap(answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 401, nil)),
			has: []ID{MissingWWWAuthenticate}},
		{name: "missing-www-authenticate/first when nothing was sent", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 401, nil)),
			first: MissingWWWAuthenticate, has: []ID{MissingCredentials}},
		{name: "missing-www-authenticate/quiet with challenge", s: snap(answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 401, bearerChallenge)),
			not: []ID{MissingWWWAuthenticate}},

		{name: "server-basic-auth/apache", s: snap(answered(xhr("1", "GET", "https://site.test/admin/", "", nil), 401,
			hdr("WWW-Authenticate", `Basic realm="Restricted"`, "Server", "Apache/2.4.62 (Debian)"))),
			has: []ID{ServerBasicAuth}, evidence: `Server: "Apache/2.4.62 (Debian)"`},
		{name: "server-basic-auth/in front of a Bearer API", s: snap(answered(xhr("1", "GET", "https://site.test/api", "https://site.test", hdr("Authorization", "Bearer "+freshJWT)), 401,
			hdr("WWW-Authenticate", `Basic realm="Restricted Area"`, "Server", "nginx/1.26"))),
			first: ServerBasicAuth, has: []ID{RejectedCredentials}, evidence: "the web server in front of it wants Basic", fix: "auth_basic"},
		{name: "server-basic-auth/quiet for an app server", s: snap(answered(xhr("1", "GET", "https://site.test/admin/", "", nil), 401,
			hdr("WWW-Authenticate", `Basic realm="Restricted"`, "Server", "gunicorn"))),
			not: []ID{ServerBasicAuth}},
	})
}

func TestRulesTokens(t *testing.T) {
	msJWT := jwtFor(`{"sub":"bob","exp":` + strconv.FormatInt(now.Add(-time.Hour).UnixMilli(), 10) + `}`)
	runRuleCases(t, []ruleCase{
		{name: "expired-token/in Authorization", s: snap(answered(xhr("1", "GET", api+"/me", app, hdr("Authorization", "Bearer "+expiredJWT)), 401,
			hdr("WWW-Authenticate", `Bearer error="invalid_token"`))),
			first: ExpiredToken, has: []ID{RejectedCredentials}, evidence: `sub="alice"`},
		{name: "expired-token/times in milliseconds", s: snap(answered(xhr("1", "GET", api+"/me", app, hdr("Authorization", "Bearer "+msJWT)), 401, bearerChallenge)),
			first: ExpiredToken, evidence: "milliseconds"},
		{name: "expired-token/in a cookie", s: withJar(snap(answered(xhr("1", "GET", api+"/me", api, hdr("Cookie", "token="+expiredJWT)), 401, nil)),
			cookie.Cookie{Name: "token", Value: expiredJWT, Domain: "api.test", HostOnly: true, Path: "/", Secure: true, Session: true, Created: now.Add(-2 * time.Hour)}),
			first: ExpiredToken, evidence: `cookie "token"`},
		{name: "expired-token/quiet for a fresh token", s: snap(answered(xhr("1", "GET", api+"/me", app, hdr("Authorization", "Bearer "+freshJWT)), 401, bearerChallenge)),
			first: RejectedCredentials, not: []ID{ExpiredToken, TokenNotYetValid}},

		{name: "token-not-yet-valid/nbf", s: snap(answered(xhr("1", "GET", api+"/me", app,
			hdr("Authorization", "Bearer "+jwtFor(`{"sub":"alice","nbf":`+unix(now.Add(time.Hour))+`,"exp":`+unix(now.Add(2*time.Hour))+`}`))), 401, bearerChallenge)),
			first: TokenNotYetValid, evidence: "(nbf)"},
		{name: "token-not-yet-valid/quiet for nbf in the past", s: snap(answered(xhr("1", "GET", api+"/me", app,
			hdr("Authorization", "Bearer "+jwtFor(`{"nbf":`+unix(now.Add(-time.Minute))+`}`))), 401, bearerChallenge)),
			not: []ID{TokenNotYetValid}},

		{name: "clock-skew/iat in the future", s: snap(answered(xhr("1", "GET", api+"/me", app,
			hdr("Authorization", "Bearer "+jwtFor(`{"iat":`+unix(now.Add(3*time.Hour))+`}`))), 401, bearerChallenge)),
			has: []ID{ClockSkew, TokenNotYetValid}, evidence: "(iat)"},
		{name: "clock-skew/server Date", s: snap(answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 401,
			hdr("WWW-Authenticate", "Bearer", "Date", now.Add(2*time.Hour).UTC().Format(httpTime)))),
			has: []ID{ClockSkew}, evidence: "ahead of this computer's clock"},
		{name: "clock-skew/token expired by the server's clock", s: snap(answered(xhr("1", "GET", api+"/me", app, hdr("Authorization", "Bearer "+freshJWT)), 401,
			hdr("WWW-Authenticate", `Bearer error="invalid_token", error_description="The access token expired"`, "Date", now.Add(3*time.Hour).UTC().Format(httpTime)))),
			first: ClockSkew, has: []ID{RejectedCredentials}, not: []ID{ExpiredToken}, evidence: "already expired by the server's"},
		{name: "clock-skew/quiet within a minute", s: snap(answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 401,
			hdr("WWW-Authenticate", "Bearer", "Date", now.Add(-time.Second).UTC().Format(httpTime)))),
			not: []ID{ClockSkew}},
	})
}

func TestRulesCaching(t *testing.T) {
	cached := answered(xhr("1", "GET", api+"/me", api, opaqueBearer), 401, bearerChallenge)
	cached.Response.FromCache = true
	earlier := at(answered(xhr("0", "GET", "https://intranet.test/", "", nil), 200, nil), now.Add(-time.Hour))
	basic401 := answered(xhr("1", "GET", "https://intranet.test/report", "", nil), 401, hdr("WWW-Authenticate", `Basic realm="Intranet"`))
	browserAnswered := earlier
	browserAnswered.BrowserAuthenticated = true
	prompted := basic401
	prompted.AuthChallenge = &AuthChallenge{Scheme: "basic", Realm: "Intranet", Challenger: "intranet.test:443"}
	runRuleCases(t, []ruleCase{
		{name: "cached-401-response/fromCache", s: snap(cached), first: Cached401Response, has: []ID{RejectedCredentials}},
		{name: "cached-401-response/Age", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 401, hdr("WWW-Authenticate", "Bearer", "Age", "120"))),
			first: Cached401Response, evidence: "Age: 120"},
		{name: "cached-401-response/CDN hit after signing in", s: snap(answered(xhr("1", "GET", api+"/me", api, hdr("Cookie", "sid=live")), 401,
			hdr("WWW-Authenticate", `Bearer realm="app"`, "Cache-Control", "public, max-age=600", "X-Cache", "HIT from lab-edge", "Age", "0"))),
			first: Cached401Response, has: []ID{StaleSessionCookie}, evidence: `X-Cache: "HIT from lab-edge"`},
		{name: "cached-401-response/quiet on a Varnish miss", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 401, hdr("WWW-Authenticate", "Bearer", "Age", "0", "X-Cache", "MISS"))),
			not: []ID{Cached401Response}},
		{name: "cached-401-response/cacheable", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 401, hdr("WWW-Authenticate", "Bearer", "Cache-Control", "public, max-age=600"))),
			has: []ID{Cached401Response}, evidence: "public, max-age=600"},
		{name: "cached-401-response/private: Firefox's cache may keep it", s: func() Snapshot {
			s := snap(answered(xhr("1", "GET", api+"/me", api, nil), 401, hdr("WWW-Authenticate", "Bearer", "Cache-Control", "private, max-age=600")))
			s.Browser = BrowserFirefox
			return s
		}(), has: []ID{Cached401Response}, evidence: "the browser's cache may reuse it for 10m0s (max-age)"},
		{name: "cached-401-response/private: quiet in Chromium, which never caches a 401", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 401,
			hdr("WWW-Authenticate", "Bearer", "Cache-Control", "private, max-age=600"))), not: []ID{Cached401Response}},
		{name: "cached-401-response/quiet with no-store", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 401, hdr("WWW-Authenticate", "Bearer", "Cache-Control", "no-store, max-age=600"))),
			not: []ID{Cached401Response}},

		{name: "cached-basic-credentials/after earlier success", s: snap(earlier, basic401), first: CachedBasicCredentials, has: []ID{MissingCredentials}},
		{name: "cached-basic-credentials/onAuthRequired", s: snap(earlier, prompted), first: CachedBasicCredentials, evidence: `realm "Intranet"`},
		{name: "cached-basic-credentials/onAuthRequired alone is possible", s: snap(prompted), has: []ID{CachedBasicCredentials}},
		{name: "cached-basic-credentials/quiet on a first visit", s: snap(basic401), first: MissingCredentials, not: []ID{CachedBasicCredentials}},
		{name: "cached-basic-credentials/the browser answered an earlier challenge itself", s: snap(browserAnswered, basic401),
			first: CachedBasicCredentials, evidence: "answered a challenge from https://intranet.test by itself"},
		{name: "cached-basic-credentials/Authorization the browser added (HAR wire headers)", s: snap(func() Exchange {
			e := answered(xhr("2", "GET", app+"/private/data", app, hdr("Authorization", "Basic YWxpY2U6aHVudGVyMg==")), 401, hdr("WWW-Authenticate", `Basic realm="Intranet"`))
			e.Request.AuthorizationFromBrowser = true
			return e
		}()), first: CachedBasicCredentials, has: []ID{RejectedCredentials}, evidence: "which the page did not set"},
		{name: "cached-basic-credentials/quiet when the page set the refused Authorization", s: snap(
			answered(xhr("2", "GET", app+"/private/data", app, hdr("Authorization", "Basic YWxpY2U6aHVudGVyMg==")), 401, hdr("WWW-Authenticate", `Basic realm="Intranet"`))),
			first: RejectedCredentials, not: []ID{CachedBasicCredentials}},
	})
}

// A challenge the browser answered by itself proves it holds credentials for
// the origin; without that, earlier successes only make them likely.
func TestCachedBasicCredentialsCertainty(t *testing.T) {
	earlier := at(answered(xhr("0", "GET", "https://intranet.test/", "", nil), 200, nil), now.Add(-time.Hour))
	basic401 := answered(xhr("1", "GET", "https://intranet.test/report", "", nil), 401, hdr("WWW-Authenticate", `Basic realm="Intranet"`))
	severity := func(s Snapshot) Severity {
		for _, f := range Diagnose(s).Failures[0].Findings {
			if f.ID == CachedBasicCredentials {
				return f.Severity
			}
		}
		return SeverityUnspecified
	}
	assert.Equal(t, Likely, severity(snap(earlier, basic401)))
	earlier.BrowserAuthenticated = true
	assert.Equal(t, Cause, severity(snap(earlier, basic401)))
	back, err := DecodeSnapshot(EncodeSnapshot(snap(earlier, basic401)))
	require.NoError(t, err)
	assert.True(t, back.Exchanges[0].BrowserAuthenticated, "the wire keeps browserAuthenticated")
}

func TestRulesCookies(t *testing.T) {
	laxSid := sidCookie("api.test", true, cookie.SameSiteLax)
	login := answered(xhr("1", "POST", api+"/login", app, nil), 200, hdr("Set-Cookie", "sid=abc123; Path=/; SameSite=None; HttpOnly"))
	loginOK := answered(xhr("1", "POST", api+"/login", app, nil), 200, hdr("Set-Cookie", "sid=abc123; Path=/; SameSite=None; Secure; HttpOnly"))
	me := answered(xhr("2", "GET", api+"/me", app, nil), 401, hdr("WWW-Authenticate", `Bearer realm="api"`))
	meWithSid := answered(xhr("2", "GET", api+"/me", app, hdr("Cookie", "sid=abc123")), 200, nil)
	runRuleCases(t, []ruleCase{
		{name: "stale-session-cookie/401", s: snap(answered(xhr("1", "GET", api+"/me", api, hdr("Cookie", "theme=dark; sid=abc123")), 401, nil)),
			first: StaleSessionCookie, has: []ID{RejectedCredentials}, evidence: "sid (6 chars)"},
		{name: "stale-session-cookie/deleted by the server", s: snap(answered(xhr("1", "GET", api+"/me", api, hdr("Cookie", "PHPSESSID=abc")), 401,
			hdr("Set-Cookie", "PHPSESSID=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; path=/"))),
			first: StaleSessionCookie, evidence: "deleting PHPSESSID"},
		{name: "stale-session-cookie/quiet for a preference cookie", s: snap(answered(xhr("1", "GET", api+"/me", api, hdr("Cookie", "theme=dark")), 401, nil)),
			not: []ID{StaleSessionCookie}},

		{name: "cookie-not-sent/SameSite=Lax cross-site", s: withJar(snap(me), laxSid), first: CookieNotSent, has: []ID{MissingCredentials}, evidence: "SameSiteLax"},
		{name: "cookie-not-sent/other path is only possible", s: withJar(snap(answered(xhr("2", "GET", api+"/me", api, nil), 401, bearerChallenge)),
			cookie.Cookie{Name: "sid", Value: "v", Domain: "api.test", HostOnly: true, Path: "/other-app", Secure: true, Session: true, Created: now.Add(-time.Hour)}),
			first: MissingCredentials, has: []ID{CookieNotSent}},
		{name: "cookie-not-sent/credentials not requested", s: withJar(snap(me), sidCookie("api.test", true, cookie.SameSiteNone)),
			first: MissingCredentials, has: []ID{CookieNotSent}, evidence: "carried no cookies at all", fix: `credentials: "include"`},
		{name: "cookie-not-sent/quiet when it was sent", s: withJar(snap(answered(xhr("2", "GET", api+"/me", api, hdr("Cookie", "sid=abc123")), 401, nil)), laxSid),
			not: []ID{CookieNotSent}},

		{name: "cookie-rejected/SameSite=None without Secure", s: snap(login, me), first: CookieRejected, evidence: "SameSiteNoneInsecure"},
		{name: "cookie-rejected/quiet when accepted", s: snap(loginOK, me), not: []ID{CookieRejected}},
		{name: "cookie-rejected/healthy follow-up", s: snap(loginOK, meWithSid), healthy: true},

		{name: "duplicate-cookies/fires", s: snap(answered(xhr("1", "GET", api+"/me", api, hdr("Cookie", "sid=a; sid=b")), 401, nil)),
			first: DuplicateCookies, has: []ID{StaleSessionCookie}, evidence: `"sid" was sent 2 times`},
		{name: "duplicate-cookies/quiet", s: snap(answered(xhr("1", "GET", api+"/me", api, hdr("Cookie", "sid=a")), 401, nil)),
			not: []ID{DuplicateCookies}},

		{name: "host-mismatch/www cookie", s: withJar(snap(answered(xhr("1", "GET", "https://shop.test/account", "https://shop.test", nil), 401, bearerChallenge)),
			sidCookie("www.shop.test", true, cookie.SameSiteLax)), has: []ID{HostMismatch}, evidence: "belongs to www.shop.test"},
		{name: "host-mismatch/first when the session cookie stayed behind", s: withJar(snap(answered(xhr("1", "GET", "https://www.app.test/api", "https://www.app.test", nil), 401, bearerChallenge)),
			sidCookie("app.test", true, cookie.SameSiteLax)), first: HostMismatch, has: []ID{MissingCredentials}},
		{name: "host-mismatch/page on the twin", s: snap(answered(xhr("1", "GET", "https://shop.test/api", "https://www.shop.test", nil), 401, bearerChallenge)),
			has: []ID{HostMismatch}},
		{name: "host-mismatch/quiet when the cookie matches", s: withJar(snap(answered(xhr("1", "GET", "https://shop.test/account", "https://shop.test", hdr("Cookie", "sid=x")), 401, bearerChallenge)),
			sidCookie("shop.test", true, cookie.SameSiteLax)), not: []ID{HostMismatch}},

		{name: "scheme-mismatch/https page calls http", s: snap(answered(xhr("1", "GET", "http://api.test/me", app, nil), 401, bearerChallenge)),
			has: []ID{SchemeMismatch}},
		{name: "scheme-mismatch/Secure cookie over http", s: withJar(snap(answered(xhr("1", "GET", "http://api.test/me", "http://api.test", nil), 401, bearerChallenge)),
			sidCookie("api.test", true, cookie.SameSiteLax)), first: SchemeMismatch, evidence: "is Secure"},
		{name: "scheme-mismatch/quiet for https", s: withJar(snap(answered(xhr("1", "GET", api+"/me", app, nil), 401, bearerChallenge)),
			sidCookie("api.test", true, cookie.SameSiteNone)), not: []ID{SchemeMismatch}},
	})
}

// redirected is a document request that followed hops and ended in status.
func redirected(final string, status int, hops ...string) Exchange {
	e := xhr("1", "GET", final, "", nil)
	e.Request.Type = "main_frame"
	for _, h := range hops {
		e.Redirects = append(e.Redirects, Hop{URL: h, Status: 302})
	}
	return answered(e, status, nil)
}

func TestRulesNetwork(t *testing.T) {
	loop := xhr("1", "GET", "https://app.test/dashboard", "", nil)
	loop.Request.Type = "main_frame"
	loop.Redirects = []Hop{{URL: "https://app.test/dashboard", Status: 302}, {URL: "https://app.test/login?next=%2Fdashboard&token=secret-token", Status: 302}}
	loop.Error = "net::ERR_TOO_MANY_REDIRECTS"
	toLogin := xhr("1", "GET", "https://app.test/login?next=%2F", "", nil)
	toLogin.Request.Type = "main_frame"
	toLogin.Redirects = []Hop{{URL: "https://app.test/", Status: 302}}
	toLogin = answered(toLogin, 200, nil)
	ipA := answered(xhr("1", "GET", api+"/a", api, nil), 200, nil)
	ipB := answered(xhr("2", "GET", api+"/me", api, nil), 401, bearerChallenge)
	ipB.Response.ServerIP = "10.0.0.9"
	runRuleCases(t, []ruleCase{
		{name: "login-redirect-loop/fires", s: snap(loop), first: LoginRedirectLoop, evidence: "comes back to https://app.test/dashboard"},
		{name: "login-redirect-loop/healthy redirect to login", s: snap(toLogin), healthy: true},
		{name: "login-redirect-loop/an upgrade to https is not a loop", s: snap(redirected("https://app.test/a", 200, "http://app.test/a")), healthy: true},
		{name: "login-redirect-loop/an SSO bounce that came back is a sign-in", s: snap(redirected("https://app.test/home", 200,
			"https://app.test/home", "https://sso.test/login?next=app", "https://app.test/callback?code=1")), healthy: true},
		{name: "login-redirect-loop/a chain that ends on the login page again", s: snap(redirected("https://app.test/login?next=%2Fhome", 200,
			"https://app.test/home", "https://app.test/login?next=%2Fhome", "https://app.test/home")), first: LoginRedirectLoop, evidence: "comes back to https://app.test/home"},
		{name: "login-redirect-loop/one hop login to login is not a loop", s: snap(redirected("https://app.test/login/", 200, "https://app.test/login")), healthy: true},

		{name: "waf-block/cloudflare challenge", s: snap(answered(xhr("1", "POST", api+"/login", app, nil), 403, hdr("Server", "cloudflare", "cf-ray", "8c1a2b3c4d-AMS", "cf-mitigated", "challenge"))),
			first: WAFBlock, evidence: "Cloudflare"},
		{name: "waf-block/authenticated call blocked by cloudflare", s: snap(answered(xhr("1", "POST", app+"/comments", app, hdr("Authorization", "Bearer opaque-secret-token-123")), 403,
			hdr("Server", "cloudflare", "cf-ray", "8f1c2d3e4a5b6c7d-FRA", "Content-Type", "text/html"))),
			first: WAFBlock, has: []ID{InsufficientScope}, evidence: "without a login challenge"},
		{name: "waf-block/quiet on the same 403 from the app itself", s: snap(answered(xhr("1", "POST", app+"/comments", app, hdr("Authorization", "Bearer opaque-secret-token-123")), 403,
			hdr("Content-Type", "application/json"))),
			first: InsufficientScope, not: []ID{WAFBlock}},
		{name: "waf-block/akamai 403", s: snap(answered(xhr("1", "GET", api+"/me", app, hdr("Cookie", "sid=x")), 403, hdr("Server", "AkamaiGHost"))),
			first: WAFBlock, evidence: "Akamai"},
		{name: "waf-block/aws waf", s: snap(answered(xhr("1", "GET", api+"/me", app, nil), 403, hdr("x-amzn-waf-action", "block", "x-amz-cf-id", "abc"))),
			first: WAFBlock, evidence: "AWS WAF"},
		{name: "waf-block/sucuri", s: snap(answered(xhr("1", "GET", api+"/me", app, nil), 403, hdr("x-sucuri-id", "18012", "x-sucuri-block", "BL001"))),
			first: WAFBlock, evidence: "Sucuri"},
		{name: "waf-block/imperva", s: snap(answered(xhr("1", "GET", api+"/me", app, nil), 403, hdr("x-iinfo", "1-2-3", "Set-Cookie", "incap_ses_123=abc; path=/"))),
			first: WAFBlock, evidence: "Imperva"},
		{name: "waf-block/f5", s: snap(answered(xhr("1", "GET", api+"/me", app, nil), 403, hdr("Server", "BigIP", "Set-Cookie", "TS01abcd=xyz; path=/"))),
			first: WAFBlock, evidence: "F5 BIG-IP"},
		{name: "waf-block/modsecurity", s: snap(answered(xhr("1", "POST", api+"/form", app, hdr("Cookie", "sid=1")), 403, hdr("Server", "Apache (mod_security)"))),
			first: WAFBlock, evidence: "ModSecurity"},
		{name: "waf-block/quiet on an ordinary 401 behind a CDN", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 401, hdr("WWW-Authenticate", "Bearer", "cf-ray", "8c1a-AMS", "Server", "cloudflare"))),
			first: MissingCredentials, not: []ID{WAFBlock}},
		{name: "waf-block/healthy 200 behind a CDN", s: snap(answered(xhr("1", "GET", api+"/me", api, nil), 200, hdr("cf-ray", "8c1a-AMS", "Server", "cloudflare"))), healthy: true},

		{name: "ip-changed/fires", s: snap(ipA, ipB), has: []ID{IPChanged}, evidence: "127.0.0.1, 10.0.0.9"},
		{name: "ip-changed/quiet with one address", s: snap(ipA, answered(xhr("2", "GET", api+"/me", api, nil), 401, bearerChallenge)), not: []ID{IPChanged}},
	})
}

func TestRanking(t *testing.T) {
	t.Run("severity then rule order", func(t *testing.T) {
		got := rankFindings([]Finding{
			{ID: MissingWWWAuthenticate, Severity: Possible},
			{ID: MissingCredentials, Severity: Likely},
			{ID: ServerBasicAuth, Severity: Likely},
			{ID: ExpiredToken, Severity: Cause},
		})
		assert.Equal(t, []ID{ExpiredToken, MissingCredentials, ServerBasicAuth, MissingWWWAuthenticate}, ids(got))
	})
	t.Run("a cause caps what it explains", func(t *testing.T) {
		got := rankFindings([]Finding{{ID: MissingCredentials, Severity: Cause}, {ID: CookieNotSent, Severity: Cause}})
		assert.Equal(t, []ID{CookieNotSent, MissingCredentials}, ids(got))
		assert.Equal(t, Likely, got[1].Severity)
	})
	t.Run("repeats merge", func(t *testing.T) {
		got := rankFindings([]Finding{{ID: ClockSkew, Severity: Possible, Evidence: []string{"a"}}, {ID: ClockSkew, Severity: Likely, Evidence: []string{"b", "a"}}})
		require.Len(t, got, 1)
		assert.Equal(t, Likely, got[0].Severity)
		assert.Equal(t, []string{"a", "b"}, got[0].Evidence)
	})
	t.Run("failures newest first", func(t *testing.T) {
		s := snap(
			at(answered(xhr("old", "GET", api+"/a", api, nil), 401, bearerChallenge), now.Add(-time.Hour)),
			at(answered(xhr("new", "GET", api+"/b", api, nil), 401, bearerChallenge), now.Add(-time.Minute)),
			at(answered(xhr("mid", "GET", api+"/c", api, nil), 401, bearerChallenge), now.Add(-30*time.Minute)),
		)
		var got []string
		for _, f := range Diagnose(s).Failures {
			got = append(got, f.ExchangeID)
		}
		assert.Equal(t, []string{"new", "mid", "old"}, got)
	})
	t.Run("deterministic", func(t *testing.T) {
		s := realisticSnapshot()
		first := EncodeReport(Diagnose(s))
		for range 5 {
			assert.Equal(t, string(first), string(EncodeReport(Diagnose(s))))
		}
	})
	t.Run("no clearing action on healthy exchanges", func(t *testing.T) {
		s := realisticSnapshot()
		r := Diagnose(s)
		failed := map[string]bool{}
		for _, f := range r.Failures {
			failed[f.ExchangeID] = true
		}
		for _, e := range s.Exchanges {
			if e.Response != nil && e.Response.Status < 400 && e.Error == "" && len(e.Redirects) == 0 {
				assert.False(t, failed[e.ID], "healthy exchange %s reported", e.ID)
			}
		}
	})
}

// secrets are values that must never appear in a report.
var secrets = []string{"opaque-secret-token-123", "c2lnbmF0dXJlLXNlY3JldA", "s3cr3t-session-value", "abc123", "secret-token", "hunter2"}

func TestEvidenceIsRedacted(t *testing.T) {
	s := realisticSnapshot()
	out := string(EncodeReport(Diagnose(s)))
	require.NotEmpty(t, Diagnose(s).Failures)
	for _, sec := range secrets {
		assert.NotContains(t, out, sec)
	}
	t.Run("redacted snapshot holds no secret", func(t *testing.T) {
		red := string(EncodeSnapshot(RedactSnapshot(s)))
		for _, sec := range secrets {
			assert.NotContains(t, red, sec)
		}
	})
	t.Run("same findings on redacted input", func(t *testing.T) {
		a, b := Diagnose(s), Diagnose(RedactSnapshot(s))
		require.Len(t, b.Failures, len(a.Failures))
		for i := range a.Failures {
			assert.Equal(t, ids(a.Failures[i].Findings), ids(b.Failures[i].Findings), a.Failures[i].ExchangeID)
		}
	})
}

func TestRedact(t *testing.T) {
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:hunter2"))
	e := answered(xhr("1", "GET", "https://bob:pw@api.test/me?access_token=secret-token&page=2", app,
		hdr("Authorization", basic, "Cookie", "sid=abc123; jwt="+expiredJWT, "X-API-Key", "k-123")), 401,
		hdr("Set-Cookie", "sid=abc123; Path=/; Secure", "Location", "https://app.test/cb?code=secret-token"))
	r := Redact(e)
	cases := []struct{ name, got, want string }{
		{"url", r.Request.URL, "https://bob@api.test/me?access_token=…(12 chars)&page=2"},
		{"basic keeps the user", r.Request.Headers.Get("Authorization"), "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:*******"))},
		{"cookie keeps names, lengths and JWT claims", r.Request.Headers.Get("Cookie"),
			"sid=******; jwt=" + expiredJWT[:strings.LastIndexByte(expiredJWT, '.')+1] + strings.Repeat("A", len(expiredJWT)-strings.LastIndexByte(expiredJWT, '.')-1)},
		{"secret-named header", r.Request.Headers.Get("X-API-Key"), "*****"},
		{"set-cookie keeps attributes", r.Response.Headers.Get("Set-Cookie"), "sid=******; Path=/; Secure"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, c.got) })
	}
	t.Run("input untouched", func(t *testing.T) {
		assert.Equal(t, basic, e.Request.Headers.Get("Authorization"))
	})
	t.Run("location redacted", func(t *testing.T) {
		assert.NotContains(t, r.Response.Headers.Get("Location"), "secret-token")
	})
}

// realisticSnapshot is a page session: assets and API calls that work, a
// login, an expired token, a CORS failure and a stale cookie.
func realisticSnapshot() Snapshot {
	var xs []Exchange
	t0 := now.Add(-10 * time.Minute)
	for i := range 40 {
		e := at(answered(xhr("ok"+strconv.Itoa(i), "GET", app+"/static/"+strconv.Itoa(i)+".js", app, hdr("Cookie", "sid=abc123; theme=dark")), 200,
			hdr("Content-Type", "text/javascript", "Cache-Control", "max-age=3600")), t0.Add(time.Duration(i)*time.Second))
		e.Request.Type = "script"
		xs = append(xs, e)
	}
	xs = append(xs,
		at(answered(xhr("login", "POST", api+"/login", app, nil), 200, hdr("Set-Cookie", "sid=abc123; Path=/; SameSite=None; HttpOnly")), t0.Add(50*time.Second)),
		at(answered(xhr("me", "GET", api+"/me", app, hdr("Authorization", "Bearer "+expiredJWT)), 401, hdr("WWW-Authenticate", `Bearer error="invalid_token"`)), t0.Add(60*time.Second)),
		at(answered(xhr("stale", "GET", app+"/account", app, hdr("Cookie", "sid=abc123")), 401, nil), t0.Add(70*time.Second)),
		at(answered(xhr("ok-api", "GET", api+"/public", app, opaqueBearer), 200, hdr("Access-Control-Allow-Origin", app, "Vary", "Origin")), t0.Add(80*time.Second)),
	)
	cors := at(answered(xhr("cors", "GET", api+"/data", app, opaqueBearer), 200, hdr("Content-Type", "application/json")), t0.Add(90*time.Second))
	cors.Error = "net::ERR_FAILED"
	cors.Preflight = &Exchange{ID: "cors-pf", Request: Request{URL: api + "/data", Method: "OPTIONS"},
		Response: &Response{Status: 204, Headers: hdr("Access-Control-Allow-Origin", app, "Access-Control-Allow-Headers", "authorization")}}
	xs = append(xs, cors)
	return withJar(snap(xs...), sidCookie("app.test", true, cookie.SameSiteLax),
		cookie.Cookie{Name: "theme", Value: "dark", Domain: "app.test", HostOnly: true, Path: "/", Session: true, Created: t0})
}

func TestHealthySnapshot(t *testing.T) {
	s := realisticSnapshot()
	s.Exchanges = slices.DeleteFunc(s.Exchanges, func(e Exchange) bool {
		return e.Error != "" || e.Response == nil || e.Response.Status >= 400
	})
	assert.Empty(t, Diagnose(s).Failures)
}

func BenchmarkDiagnose(b *testing.B) {
	s := realisticSnapshot()
	b.ReportAllocs()
	for b.Loop() {
		Diagnose(s)
	}
}

func FuzzDiagnose(f *testing.F) {
	f.Add([]byte(wireExample))
	f.Add(EncodeSnapshot(realisticSnapshot()))
	f.Add([]byte(`{"exchanges":[{"request":{"url":"http://[::1"},"response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Basic realm=\"\\"}]}}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeSnapshot(data)
		if err != nil {
			return
		}
		r := Diagnose(s)
		_ = EncodeReport(r)
		_ = Diagnose(RedactSnapshot(s))
	})
}

func TestHostileInput(t *testing.T) {
	var jar []cookie.Cookie
	var sent []string
	for i := range 500 {
		n := "session_" + strconv.Itoa(i)
		jar = append(jar, cookie.Cookie{Name: n, Value: "v", Domain: "api.test", HostOnly: true, Path: "/elsewhere", Secure: true, Session: true, Created: now.Add(-time.Hour)})
		sent = append(sent, "sid=x")
	}
	evil := "\u202egnp.exe<script>\x01"
	s := withJar(snap(answered(xhr("1", "GET", api+"/me", app, hdr("Cookie", strings.Join(sent, "; "), "Authorization", evil+" tok")), 401,
		hdr("WWW-Authenticate", `Basic realm="`+evil+strings.Repeat("x", 100000)+`"`, "Server", "Apache "+evil, "x-akamai-"+evil, "1"))), jar...)
	r := Diagnose(s)
	require.Len(t, r.Failures, 1)
	for _, f := range r.Failures[0].Findings {
		assert.LessOrEqual(t, len(f.Evidence), maxEvidence, f.ID)
		for _, ev := range f.Evidence {
			assert.NotContains(t, ev, "\u202e", f.ID)
			assert.NotContains(t, ev, "<script>", f.ID)
			assert.NotContains(t, ev, "\x01", f.ID)
			assert.Less(t, len(ev), 2000, f.ID)
		}
	}
}

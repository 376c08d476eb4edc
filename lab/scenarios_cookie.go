package lab

import (
	"net/http"

	"github.com/authdoctor/authdoctor/diagnose"
)

// Cookie scenarios: a session cookie "sid" is set by a login step, and the
// API accepts only the live session value. Every cookie is scoped to its
// scenario's path so one browser profile can run them all.

// sessionAPI serves "login" (sets the cookie given by setCookie) and "api"
// (200 when the first sid is the live one, else 401), with CORS for
// credentialed calls from the app origin.
func sessionAPI(name string, setCookie func(l *Lab) string) func(*Lab, http.ResponseWriter, *http.Request, string) bool {
	return func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
		switch sub {
		case "login":
			if corsAllow(l, w, r, true) {
				return true
			}
			reply(w, 200, `{"ok":true}`, [2]string{"Set-Cookie", setCookie(l)})
		case "api":
			if corsAllow(l, w, r, true) {
				return true
			}
			if v, _ := cookieValue(r, "sid"); v == sessionID(name, "live") {
				reply(w, 200, `{"user":"alice"}`)
			} else {
				reply(w, 401, `{"error":"not signed in"}`)
			}
		default:
			return false
		}
		return true
	}
}

func liveCookie(name, attrs string) func(*Lab) string {
	return func(*Lab) string { return "sid=" + sessionID(name, "live") + "; " + cookiePath(name) + attrs }
}

func post(u string) Step {
	s := fetchStep(u)
	s.Method = "POST"
	return s
}

// apiChecks: without the cookie 401, with it 200 (the server side is fine;
// the browser decides whether the cookie goes along).
func apiChecks(l *Lab, name, host string, secure bool) []Check {
	u := l.URL(host, secure, spath(name, "api"))
	return []Check{
		{Method: "GET", URL: u, Status: 401, Lacks: []string{"WWW-Authenticate"}},
		{Method: "GET", URL: u, Headers: [][2]string{{"Cookie", "sid=" + sessionID(name, "live")}}, Status: 200},
	}
}

func loginCheck(l *Lab, name, host string, secure bool, cookie string) Check {
	return Check{Method: "POST", URL: l.URL(host, secure, spath(name, "login")), Status: 200, Has: [][2]string{{"Set-Cookie", cookie}}}
}

func init() {
	register(
		def{
			name: "healthy-session-cookie", title: "Healthy: a valid session cookie",
			desc:  "The page signs in (sid set: Secure, HttpOnly, SameSite=Lax) and calls its same-origin API, which accepts the cookie (200).",
			serve: sessionAPI("healthy-session-cookie", liveCookie("healthy-session-cookie", "; Secure; HttpOnly; SameSite=Lax")),
			steps: func(l *Lab) []Step {
				return []Step{post(sameOrigin(l, "healthy-session-cookie", "login")), fetchStep(sameOrigin(l, "healthy-session-cookie", "api"))}
			},
			checks: func(l *Lab) []Check {
				const name = "healthy-session-cookie"
				return append([]Check{loginCheck(l, name, "app.test", true, liveCookie(name, "; Secure; HttpOnly; SameSite=Lax")(l))}, apiChecks(l, name, "app.test", true)...)
			},
		},
		def{
			name: "cookie-not-sent", cause: diagnose.CookieNotSent,
			title: "A SameSite=Lax cookie is not sent cross-site",
			desc: "The user signs in on api.test itself (a top-level page sets sid with SameSite=Lax), then app.test — another site — calls api.test with credentials: \"include\". " +
				"The browser keeps the Lax cookie out of the cross-site call, so the API answers 401.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				const name = "cookie-not-sent"
				if sub == "login" && r.Method == http.MethodGet {
					w.Header().Add("Set-Cookie", liveCookie(name, "; Secure; HttpOnly; SameSite=Lax")(l))
					d, _ := findDef(name)
					l.servePage(w, r, d)
					return true
				}
				return sessionAPI(name, liveCookie(name, "; Secure; HttpOnly; SameSite=Lax"))(l, w, r, sub)
			},
			steps: func(l *Lab) []Step {
				const name = "cookie-not-sent"
				api := fetchStep(l.URL("api.test", true, spath(name, "api")))
				api.Credentials = "include"
				return []Step{navStep(l.URL("api.test", true, spath(name, "login"))), navStep(sameOrigin(l, name, "")), api}
			},
			checks: func(l *Lab) []Check {
				const name = "cookie-not-sent"
				u := l.URL("api.test", true, spath(name, "api"))
				return []Check{
					{Method: "GET", URL: l.URL("api.test", true, spath(name, "login")), Status: 200,
						Has: [][2]string{{"Set-Cookie", liveCookie(name, "; Secure; HttpOnly; SameSite=Lax")(l)}}},
					{Method: "GET", URL: u, Headers: [][2]string{{"Origin", appOrigin(l)}}, Status: 401,
						Has: [][2]string{{"Access-Control-Allow-Origin", appOrigin(l)}, {"Access-Control-Allow-Credentials", "true"}}},
					{Method: "GET", URL: u, Headers: [][2]string{{"Origin", appOrigin(l)}, {"Cookie", "sid=" + sessionID(name, "live")}}, Status: 200},
				}
			},
		},
		def{
			name: "cookie-rejected", cause: diagnose.CookieRejected,
			title: "The browser refuses the session cookie",
			desc:  "The login response sets sid with SameSite=None but without Secure; Chromium rejects such a cookie, so the next call has no session: 401.",
			serve: sessionAPI("cookie-rejected", liveCookie("cookie-rejected", "; HttpOnly; SameSite=None")),
			steps: func(l *Lab) []Step {
				return []Step{post(sameOrigin(l, "cookie-rejected", "login")), fetchStep(sameOrigin(l, "cookie-rejected", "api"))}
			},
			checks: func(l *Lab) []Check {
				const name = "cookie-rejected"
				return append([]Check{loginCheck(l, name, "app.test", true, liveCookie(name, "; HttpOnly; SameSite=None")(l))}, apiChecks(l, name, "app.test", true)...)
			},
		},
		def{
			name: "duplicate-cookies", cause: diagnose.DuplicateCookies, entryHost: "app.shop.test",
			title: "Two sid cookies: one for .shop.test, one for api.shop.test",
			desc: "An old sid cookie for the whole shop.test domain (with a longer path, so it is sent first) competes with the fresh host-only sid of api.shop.test. " +
				"The browser sends both; the API reads the first, stale one and answers 401. Clearing the site's cookies drops both (and the app's memory of signing in): " +
				"the reload signs in again and the API gets only the fresh sid.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				const name = "duplicate-cookies"
				if sub == "login-old" {
					reply(w, 200, `{"ok":true}`, [2]string{"Set-Cookie", oldDomainCookie})
					return true
				}
				return sessionAPI(name, liveCookie(name, "; Secure; HttpOnly; SameSite=Lax"))(l, w, r, sub)
			},
			setup: func(l *Lab) []Step {
				const name = "duplicate-cookies"
				login := post(l.URL("api.shop.test", true, spath(name, "login")))
				login.Credentials = "include"
				login.Save = "session"
				return []Step{post(l.URL("app.shop.test", true, spath(name, "login-old"))), login}
			},
			steps: func(l *Lab) []Step {
				const name = "duplicate-cookies"
				login := post(l.URL("api.shop.test", true, spath(name, "login")))
				login.Credentials = "include"
				login.Unless, login.Save = "session", "session"
				api := fetchStep(l.URL("api.shop.test", true, spath(name, "api")))
				api.Credentials = "include"
				return []Step{login, api}
			},
			checks: func(l *Lab) []Check {
				const name = "duplicate-cookies"
				u := l.URL("api.shop.test", true, spath(name, "api"))
				live := "sid=" + sessionID(name, "live")
				return []Check{
					{Method: "POST", URL: l.URL("app.shop.test", true, spath(name, "login-old")), Status: 200, Has: [][2]string{{"Set-Cookie", oldDomainCookie}}},
					{Method: "GET", URL: u, Headers: [][2]string{{"Cookie", "sid=" + sessionID(name, "old") + "; " + live}}, Status: 401},
					{Method: "GET", URL: u, Headers: [][2]string{{"Cookie", live}}, Status: 200},
				}
			},
		},
		def{
			name: "scheme-mismatch", cause: diagnose.SchemeMismatch,
			title: "A Secure cookie set over https, then http is used",
			desc:  "The page signs in over https (sid is Secure), then the app continues on http://app.test. The browser never sends a Secure cookie over http, so the API answers 401.",
			serve: sessionAPI("scheme-mismatch", liveCookie("scheme-mismatch", "; Secure; HttpOnly; SameSite=Lax")),
			steps: func(l *Lab) []Step {
				const name = "scheme-mismatch"
				return []Step{post(sameOrigin(l, name, "login")), navStep(l.URL("app.test", false, spath(name, ""))), fetchStep(l.URL("app.test", false, spath(name, "api")))}
			},
			checks: func(l *Lab) []Check {
				const name = "scheme-mismatch"
				return append([]Check{loginCheck(l, name, "app.test", true, liveCookie(name, "; Secure; HttpOnly; SameSite=Lax")(l))}, apiChecks(l, name, "app.test", false)...)
			},
		},
		def{
			name: "host-mismatch", cause: diagnose.HostMismatch,
			title: "Signed in on app.test, now on www.app.test",
			desc:  "The login sets a host-only sid for app.test; the app then continues on www.app.test, which the cookie does not cover: 401.",
			serve: sessionAPI("host-mismatch", liveCookie("host-mismatch", "; Secure; HttpOnly; SameSite=Lax")),
			steps: func(l *Lab) []Step {
				const name = "host-mismatch"
				return []Step{post(sameOrigin(l, name, "login")), navStep(l.URL("www.app.test", true, spath(name, ""))), fetchStep(l.URL("www.app.test", true, spath(name, "api")))}
			},
			checks: func(l *Lab) []Check {
				const name = "host-mismatch"
				return append([]Check{loginCheck(l, name, "app.test", true, liveCookie(name, "; Secure; HttpOnly; SameSite=Lax")(l))}, apiChecks(l, name, "www.app.test", true)...)
			},
		},
	)
}

// oldDomainCookie is the stale sid for the whole registrable domain. Its
// path is longer than the live cookie's, which puts it first in Cookie.
var oldDomainCookie = "sid=" + sessionID("duplicate-cookies", "old") + "; Domain=shop.test; Path=/s/duplicate-cookies/api; Secure; HttpOnly; SameSite=Lax"

package lab

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
)

// Same-origin scenarios on app.test: what the server says decides, no CORS.

const basicTimeoutMS = 1500

func sameOrigin(l *Lab, name, sub string) string { return l.URL("app.test", true, spath(name, sub)) }

func init() {
	register(
		def{
			name: "healthy-basic", title: "Healthy: valid Basic credentials",
			desc: "The page sends Authorization: Basic with the right user and password (alice / wonderland); 200.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				if sub != "api" {
					return false
				}
				if r.Header.Get("Authorization") == basic("alice", "wonderland") {
					reply(w, 200, `{"user":"alice"}`)
				} else {
					reply(w, 401, "Unauthorized\n", [2]string{"WWW-Authenticate", `Basic realm="Lab", charset="UTF-8"`})
				}
				return true
			},
			steps: func(l *Lab) []Step {
				s := fetchStep(sameOrigin(l, "healthy-basic", "api"))
				s.Headers = [][2]string{{"Authorization", basic("alice", "wonderland")}}
				s.TimeoutMS = basicTimeoutMS
				return []Step{s}
			},
			checks: func(l *Lab) []Check {
				u := sameOrigin(l, "healthy-basic", "api")
				return []Check{
					{Method: "GET", URL: u, Headers: [][2]string{{"Authorization", basic("alice", "wonderland")}}, Status: 200},
					{Method: "GET", URL: u, Status: 401, Has: [][2]string{{"WWW-Authenticate", `Basic realm="Lab", charset="UTF-8"`}}},
				}
			},
		},
		def{
			name: "cached-basic-credentials", cause: diagnose.CachedBasicCredentials,
			title: "The browser keeps sending an old Basic password",
			desc: "Setup: the user signs in to the private area (a navigation with user:password in the URL, as typing them into the browser's prompt does); " +
				"the browser caches the credentials, and the lab then rotates the password, as an administrator would. " +
				"The app remembers that the user signed in, so it calls the private API relying on the browser: the call carries the cached, now wrong, credentials " +
				"— invisible to extensions — and gets 401 Basic; headless Chromium waits for a prompt, so the page aborts it. " +
				"Clearing the site's data empties the browser's HTTP auth cache and the app's memory: the reload signs in with the current password and succeeds.",
			entryHTTP: false,
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				const name = "cached-basic-credentials"
				if sub == "rotate" && r.Method == http.MethodPost {
					l.bump(name) // the credentials cached so far stop working
					w.WriteHeader(http.StatusNoContent)
					return true
				}
				if !strings.HasPrefix(sub, "private/") {
					return false
				}
				if r.Header.Get("Authorization") != basic("alice", basicPassword(l)) {
					reply(w, 401, "Unauthorized\n", [2]string{"WWW-Authenticate", `Basic realm="Lab private area"`})
					return true
				}
				if sub == "private/enter" {
					// Signed in: back to the app's (public) page, where the plan
					// goes on. A reload there never meets the Basic challenge.
					back := sameOrigin(l, name, "")
					if r.URL.RawQuery != "" {
						back += "?" + r.URL.RawQuery
					}
					reply(w, http.StatusFound, "", [2]string{"Location", back})
					return true
				}
				reply(w, 200, `{"secret":"plans"}`)
				return true
			},
			setup: func(l *Lab) []Step {
				const name = "cached-basic-credentials"
				signIn := navStep(basicSignIn(l))
				signIn.Save = "session"
				rotate := post(sameOrigin(l, name, "rotate"))
				rotate.Note = "an administrator changes the password"
				return []Step{signIn, rotate}
			},
			steps: func(l *Lab) []Step {
				signIn := navStep(basicSignIn(l))
				signIn.Unless, signIn.Save = "session", "session"
				s := fetchStep(sameOrigin(l, "cached-basic-credentials", "private/data"))
				s.TimeoutMS = basicTimeoutMS
				return []Step{signIn, s}
			},
			checks: func(l *Lab) []Check {
				const name = "cached-basic-credentials"
				u := sameOrigin(l, name, "private/data")
				creds := [][2]string{{"Authorization", basic("alice", basicPassword(l))}}
				return []Check{
					{Method: "GET", URL: u, Status: 401, Has: [][2]string{{"WWW-Authenticate", `Basic realm="Lab private area"`}}},
					{Method: "GET", URL: u, Headers: creds, Status: 200},
					{Method: "GET", URL: sameOrigin(l, name, "private/enter?at=1"), Headers: creds, Status: 302,
						Has: [][2]string{{"Location", sameOrigin(l, name, "") + "?at=1"}}},
					{Method: "POST", URL: sameOrigin(l, name, "rotate"), Status: 204},
					{Method: "GET", URL: u, Headers: creds, Status: 401, Has: [][2]string{{"WWW-Authenticate", `Basic realm="Lab private area"`}}},
				}
			},
		},
		def{
			name: "cached-401-response", cause: diagnose.Cached401Response,
			title: "A CDN keeps serving a cached 401 after signing in",
			desc: "The API's 401 says Cache-Control: public, max-age=600, so the CDN in front of it (played by the lab) stores it for everyone. " +
				"The page calls the API signed out (401), signs in (the session cookie is set), then calls it again: the edge answers the stored 401 " +
				"(Age, X-Cache: HIT) without asking the API. Chromium's own cache never stores a 401 (measured here, even with max-age), " +
				"so the stale copy is a shared cache's, as in production. The CDN keys its cache on the edge node its routing cookie (lab_edge) pins the browser to: " +
				"clearing the site's data drops that cookie and the app's memory, so the reload signs in, lands on another node and gets a fresh 200.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				const name = "cached-401-response"
				switch sub {
				case "login", "api", "purge":
				default:
					return false
				}
				// The edge pins a browser without a routing cookie to a new
				// node; a request without one (a plain client) uses the
				// default node "".
				node, pinned := cookieValue(r, "lab_edge")
				if !pinned {
					w.Header().Add("Set-Cookie", "lab_edge=pop"+strconv.Itoa(l.bump(name+"/edge"))+"; "+cookiePath(name)+"; Secure; SameSite=Lax")
				}
				key := name + "|" + node
				switch sub {
				case "login":
					reply(w, 200, `{"ok":true}`, [2]string{"Set-Cookie", "sid=" + sessionID(name, "live") + "; " + cookiePath(name) + "; Secure; HttpOnly; SameSite=Lax"})
				case "api":
					l.serveEdge(w, r, key, func() (int, string, [][2]string) {
						if v, _ := cookieValue(r, "sid"); v == sessionID(name, "live") {
							return 200, `{"user":"alice"}`, [][2]string{{"Cache-Control", "private, no-store"}}
						}
						return 401, `{"error":"login required"}`, [][2]string{{"Cache-Control", "public, max-age=600"}, {"WWW-Authenticate", `Bearer realm="app"`}}
					})
				case "purge":
					// Also signs out, so the scenario can run again in one profile.
					l.purgeEdge(key)
					w.Header().Add("Set-Cookie", "sid=; "+cookiePath(name)+"; Max-Age=0; Secure; HttpOnly; SameSite=Lax")
					w.WriteHeader(http.StatusNoContent)
				}
				return true
			},
			setup: func(l *Lab) []Step {
				purge := post(sameOrigin(l, "cached-401-response", "purge"))
				purge.Note = "start signed out, with an empty CDN cache"
				login := post(sameOrigin(l, "cached-401-response", "login"))
				login.Save = "session"
				return []Step{purge, fetchStep(sameOrigin(l, "cached-401-response", "api")), login}
			},
			steps: func(l *Lab) []Step {
				login := post(sameOrigin(l, "cached-401-response", "login"))
				login.Unless, login.Save = "session", "session"
				return []Step{login, fetchStep(sameOrigin(l, "cached-401-response", "api"))}
			},
			checks: func(l *Lab) []Check {
				const name = "cached-401-response"
				u := sameOrigin(l, name, "api")
				live := [][2]string{{"Cookie", "sid=" + sessionID(name, "live")}}
				return []Check{
					{Method: "POST", URL: sameOrigin(l, name, "purge"), Status: 204,
						Has: [][2]string{{"Set-Cookie", "sid=; Path=/s/cached-401-response/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"}}},
					{Method: "GET", URL: u, Headers: live, Status: 200, Lacks: []string{"Age"}},
					{Method: "GET", URL: u, Status: 401, Has: [][2]string{{"Cache-Control", "public, max-age=600"}, {"X-Cache", "MISS from lab-edge"}}, Lacks: []string{"Age"}},
					{Method: "GET", URL: u, Headers: live, Status: 401, Has: [][2]string{{"X-Cache", "HIT from lab-edge"}, {"Age", "0"}, {"Cache-Control", "public, max-age=600"}}},
					{Method: "GET", URL: u, Headers: [][2]string{{"Cookie", "sid=" + sessionID(name, "live") + "; lab_edge=elsewhere"}}, Status: 200, Lacks: []string{"Age"}},
					{Method: "POST", URL: sameOrigin(l, name, "purge"), Status: 204},
					{Method: "GET", URL: u, Headers: live, Status: 200},
				}
			},
		},
		def{
			name: "stale-session-cookie", cause: diagnose.StaleSessionCookie,
			title: "The session cookie outlived its server-side session",
			desc: "Setup: the page signs in (session cookie sid set) and the lab then restarts its session store (as after a deploy). " +
				"The app remembers it signed in, so it calls the API with the old sid: 401 \"session not found\". " +
				"Clearing the site's data drops the cookie and the app's memory: the reload signs in afresh and succeeds.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				const name = "stale-session-cookie"
				live := sessionID(name, "g"+strconv.Itoa(l.counter(name)))
				switch sub {
				case "login":
					reply(w, 200, `{"ok":true}`, [2]string{"Set-Cookie", "sid=" + live + "; " + cookiePath(name) + "; Secure; HttpOnly; SameSite=Lax"})
				case "restart":
					l.bump(name)
					w.WriteHeader(http.StatusNoContent)
				case "api":
					if v, _ := cookieValue(r, "sid"); v == live {
						reply(w, 200, `{"user":"alice"}`)
					} else {
						reply(w, 401, `{"error":"session not found"}`)
					}
				default:
					return false
				}
				return true
			},
			setup: func(l *Lab) []Step {
				login := post(sameOrigin(l, "stale-session-cookie", "login"))
				login.Save = "session"
				restart := post(sameOrigin(l, "stale-session-cookie", "restart"))
				restart.Note = "the lab forgets every session"
				return []Step{login, restart}
			},
			steps: func(l *Lab) []Step {
				login := post(sameOrigin(l, "stale-session-cookie", "login"))
				login.Unless, login.Save = "session", "session"
				return []Step{login, fetchStep(sameOrigin(l, "stale-session-cookie", "api"))}
			},
			checks: func(l *Lab) []Check {
				const name = "stale-session-cookie"
				old := [][2]string{{"Cookie", "sid=" + sessionID(name, "g"+strconv.Itoa(l.counter(name)))}}
				return []Check{
					{Method: "GET", URL: sameOrigin(l, name, "api"), Headers: old, Status: 200},
					{Method: "POST", URL: sameOrigin(l, name, "restart"), Status: 204},
					{Method: "GET", URL: sameOrigin(l, name, "api"), Headers: old, Status: 401, Lacks: []string{"WWW-Authenticate"}},
				}
			},
		},
		def{
			name: "missing-www-authenticate", cause: diagnose.MissingWWWAuthenticate,
			title: "401 without a WWW-Authenticate challenge",
			desc:  "The API answers 401 with only a JSON body: no WWW-Authenticate header says how to authenticate (RFC 9110 requires one).",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				if sub != "api" {
					return false
				}
				reply(w, 401, `{"error":"unauthorized"}`)
				return true
			},
			steps: func(l *Lab) []Step {
				return []Step{fetchStep(sameOrigin(l, "missing-www-authenticate", "api"))}
			},
			checks: func(l *Lab) []Check {
				return []Check{{Method: "GET", URL: sameOrigin(l, "missing-www-authenticate", "api"), Status: 401, Lacks: []string{"WWW-Authenticate"}}}
			},
		},
		def{
			name: "server-basic-auth", cause: diagnose.ServerBasicAuth,
			title: "The web server's own Basic auth sits in front of the app",
			desc: "The page calls its API with a valid Bearer token, but an Apache <Location> block protects the path with Basic auth: 401 Basic realm=\"Restricted Area\", Server: Apache. " +
				"Headless Chromium waits for a prompt, so the page aborts the call.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				if sub != "api" {
					return false
				}
				reply(w, 401, apache401, [2]string{"Server", "Apache/2.4.62 (Debian)"}, [2]string{"WWW-Authenticate", `Basic realm="Restricted Area"`},
					[2]string{"Content-Type", "text/html; charset=iso-8859-1"})
				return true
			},
			steps: func(l *Lab) []Step {
				s := fetchStep(sameOrigin(l, "server-basic-auth", "api"))
				s.Headers = [][2]string{{"Authorization", "Bearer " + JWT(labToken(l.now(), -time.Minute, time.Hour, scopeRead))}}
				s.TimeoutMS = basicTimeoutMS
				return []Step{s}
			},
			checks: func(l *Lab) []Check {
				return []Check{{Method: "GET", URL: sameOrigin(l, "server-basic-auth", "api"), Status: 401,
					Has: [][2]string{{"Server", "Apache/2.4.62 (Debian)"}, {"WWW-Authenticate", `Basic realm="Restricted Area"`}}}}
			},
		},
		def{
			name: "waf-block", cause: diagnose.WAFBlock,
			title: "A Cloudflare-style firewall blocks the request",
			desc: "The signed-in page (a valid Bearer token) posts a comment containing <script>; a WAF in front of the app blocks it before the app sees the token " +
				"and answers 403 with its own HTML page, Server: cloudflare and a cf-ray id.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				if sub != "api" {
					return false
				}
				reply(w, 403, cloudflare403, [2]string{"Server", "cloudflare"}, [2]string{"CF-RAY", "8f1c2d3e4a5b6c7d-FRA"},
					[2]string{"Content-Type", "text/html; charset=UTF-8"})
				return true
			},
			steps: func(l *Lab) []Step {
				s := fetchStep(sameOrigin(l, "waf-block", "api"))
				s.Method = "POST"
				s.Headers = [][2]string{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + JWT(labToken(l.now(), -time.Minute, time.Hour, scopeRead))}}
				s.Body = `{"comment":"<script>alert(1)</script>"}`
				return []Step{s}
			},
			checks: func(l *Lab) []Check {
				return []Check{{Method: "POST", URL: sameOrigin(l, "waf-block", "api"),
					Headers: [][2]string{{"Authorization", "Bearer " + JWT(labToken(l.now(), -time.Minute, time.Hour, scopeRead))}}, Status: 403,
					Has: [][2]string{{"Server", "cloudflare"}, {"Cf-Ray", "8f1c2d3e4a5b6c7d-FRA"}}, Lacks: []string{"WWW-Authenticate"}}}
			},
		},
		def{
			name: "login-redirect-loop", cause: diagnose.LoginRedirectLoop,
			title: "API and login page send each other back and forth",
			desc: "The page has a session cookie the API does not accept (left by a half-finished sign-in), so the API redirects to /login; the login page sees a session cookie and redirects back. " +
				"fetch gives up after 20 redirects. Clearing the site's cookies ends the loop: the reload signs in (POST /login) and the API accepts the new session.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				const name = "login-redirect-loop"
				sid, hasSid := cookieValue(r, "sid")
				switch {
				case sub == "session":
					reply(w, 200, `{"ok":true}`, [2]string{"Set-Cookie", "sid=" + sessionID(name, "half") + "; " + cookiePath(name) + "; Secure; HttpOnly; SameSite=Lax"})
				case sub == "login" && r.Method == http.MethodPost:
					reply(w, 200, `{"ok":true}`, [2]string{"Set-Cookie", "sid=" + sessionID(name, "live") + "; " + cookiePath(name) + "; Secure; HttpOnly; SameSite=Lax"})
				case sub == "api" && sid == sessionID(name, "live"):
					reply(w, 200, `{"user":"alice"}`)
				case sub == "api":
					reply(w, 302, "", [2]string{"Location", spath(name, "login") + "?next=" + url.QueryEscape(spath(name, "api"))})
				case sub == "login" && hasSid:
					reply(w, 302, "", [2]string{"Location", spath(name, "api")})
				case sub == "login":
					reply(w, 200, "<!doctype html><title>Sign in</title><form method=post>…</form>", [2]string{"Content-Type", "text/html; charset=utf-8"})
				default:
					return false
				}
				return true
			},
			setup: func(l *Lab) []Step {
				s := post(sameOrigin(l, "login-redirect-loop", "session"))
				s.Save = "session"
				return []Step{s}
			},
			steps: func(l *Lab) []Step {
				login := post(sameOrigin(l, "login-redirect-loop", "login"))
				login.Unless, login.Save = "session", "session"
				return []Step{login, fetchStep(sameOrigin(l, "login-redirect-loop", "api"))}
			},
			checks: func(l *Lab) []Check {
				const name = "login-redirect-loop"
				c := [][2]string{{"Cookie", "sid=" + sessionID(name, "half")}}
				return []Check{
					{Method: "GET", URL: sameOrigin(l, name, "api"), Headers: c, Status: 302, Has: [][2]string{{"Location", "/s/login-redirect-loop/login?next=%2Fs%2Flogin-redirect-loop%2Fapi"}}},
					{Method: "GET", URL: sameOrigin(l, name, "login"), Headers: c, Status: 302, Has: [][2]string{{"Location", "/s/login-redirect-loop/api"}}},
					{Method: "GET", URL: sameOrigin(l, name, "login"), Status: 200},
					{Method: "POST", URL: sameOrigin(l, name, "login"), Status: 200,
						Has: [][2]string{{"Set-Cookie", "sid=" + sessionID(name, "live") + "; Path=/s/login-redirect-loop/; Secure; HttpOnly; SameSite=Lax"}}},
					{Method: "GET", URL: sameOrigin(l, name, "api"), Headers: [][2]string{{"Cookie", "sid=" + sessionID(name, "live")}}, Status: 200},
				}
			},
		},
		def{
			name: "clock-skew", cause: diagnose.ClockSkew,
			title: "The server's clock is three hours ahead",
			desc: "The page sends a JWT valid for the next hour by this computer's clock, but the API's clock is 3 h ahead (its Date header says so): " +
				"it thinks the token expired and answers 401 invalid_token.",
			serve: bearerAPI(scopeRead, 3*time.Hour),
			steps: func(l *Lab) []Step {
				s := fetchStep(sameOrigin(l, "clock-skew", "api"))
				s.Headers = [][2]string{{"Authorization", "Bearer " + JWT(labToken(l.now(), -time.Minute, time.Hour, scopeRead))}}
				return []Step{s}
			},
			checks: func(l *Lab) []Check {
				return []Check{{Method: "GET", URL: sameOrigin(l, "clock-skew", "api"),
					Headers: [][2]string{{"Authorization", "Bearer " + JWT(labToken(l.now(), -time.Minute, time.Hour, scopeRead))}},
					Status:  401,
					Has: [][2]string{{"Date", l.now().Add(3 * time.Hour).UTC().Format(http.TimeFormat)},
						{"WWW-Authenticate", invalidToken("The access token expired")}}}}
			},
		},
		def{
			name: "ip-changed", cause: diagnose.IPChanged, notReproducible: true,
			title: "The host answered from different IP addresses",
			desc: "Not reproducible in one browser on loopback: Chromium's --host-resolver-rules maps every *.test name to one address (127.0.0.1) and caches it, " +
				"so one host cannot answer from two IPs within a session. Use a HAR recorded against a real load-balanced site (see diagnose/har tests). " +
				"This page only makes two calls that both succeed from 127.0.0.1.",
			serve: func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
				if sub != "api" {
					return false
				}
				reply(w, 200, `{"ok":true}`)
				return true
			},
			steps: func(l *Lab) []Step {
				s := fetchStep(sameOrigin(l, "ip-changed", "api"))
				return []Step{s, s}
			},
			checks: func(l *Lab) []Check {
				return []Check{{Method: "GET", URL: sameOrigin(l, "ip-changed", "api"), Status: 200}}
			},
		},
	)
}

// basicPassword is the current password of the cached-basic-credentials
// area; POST rotate changes it.
func basicPassword(l *Lab) string {
	return "pw" + strconv.Itoa(l.counter("cached-basic-credentials"))
}

// basicSignIn is the private area's sign-in URL with the current credentials
// in it: what the browser sends after the user answered its prompt.
func basicSignIn(l *Lab) string {
	u, _ := url.Parse(sameOrigin(l, "cached-basic-credentials", "private/enter"))
	u.User = url.UserPassword("alice", basicPassword(l))
	return u.String()
}

const apache401 = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>401 Unauthorized</title>
</head><body>
<h1>Unauthorized</h1>
<p>This server could not verify that you
are authorized to access the document
requested.</p>
<hr>
<address>Apache/2.4.62 (Debian) Server at app.test Port 443</address>
</body></html>
`

const cloudflare403 = `<!DOCTYPE html>
<html><head><title>Attention Required! | Cloudflare</title></head>
<body><h1>Sorry, you have been blocked</h1>
<p>This website is using a security service to protect itself from online attacks.</p>
<p>Cloudflare Ray ID: <strong>8f1c2d3e4a5b6c7d</strong></p>
</body></html>
`

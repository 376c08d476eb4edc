package lab

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
)

// Bearer scenarios: an app.test page calls the API on api.test (another
// site) with a token in the Authorization header, so every call is
// preflighted; the API's CORS is correct and its token checks decide.

const (
	challengeBearer = `Bearer realm="api"`
	scopeRead       = "orders:read"
	scopeWrite      = "orders:write"
)

func invalidToken(why string) string {
	return `Bearer realm="api", error="invalid_token", error_description="` + why + `"`
}

// bearerVerdict is what the lab's API answers for an Authorization value
// checked at serverNow: a status and the WWW-Authenticate it sends.
func bearerVerdict(auth string, serverNow time.Time, scope string) (int, string) {
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if auth == "" {
		return http.StatusUnauthorized, challengeBearer
	}
	if !ok {
		return http.StatusUnauthorized, invalidToken("Bearer token expected")
	}
	c, ok := parseJWT(tok)
	switch {
	case !ok:
		return http.StatusUnauthorized, invalidToken("The access token is invalid or revoked")
	case c.Exp != 0 && serverNow.Unix() >= c.Exp:
		return http.StatusUnauthorized, invalidToken("The access token expired")
	case c.Nbf != 0 && serverNow.Unix() < c.Nbf:
		return http.StatusUnauthorized, invalidToken("The access token is not valid yet")
	case scope != "" && !slices.Contains(strings.Fields(c.Scope), scope):
		return http.StatusForbidden, `Bearer realm="api", error="insufficient_scope", scope="` + scope + `"`
	}
	return http.StatusOK, ""
}

// bearerAPI serves sub "api" for a bearer scenario on api.test.
func bearerAPI(scope string, skew time.Duration) func(*Lab, http.ResponseWriter, *http.Request, string) bool {
	return func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
		if sub != "api" {
			return false
		}
		if corsAllow(l, w, r, false) {
			return true
		}
		serverNow := l.now().Add(skew)
		var extra [][2]string
		if skew != 0 {
			extra = append(extra, [2]string{"Date", serverNow.UTC().Format(http.TimeFormat)})
		}
		status, challenge := bearerVerdict(r.Header.Get("Authorization"), serverNow, scope)
		if status == http.StatusOK {
			reply(w, status, `{"user":"alice","orders":[]}`, extra...)
			return true
		}
		extra = append(extra, [2]string{"WWW-Authenticate", challenge})
		reply(w, status, `{"error":"`+http.StatusText(status)+`"}`, extra...)
		return true
	}
}

// bearerDef is a cross-site bearer scenario: token(l) is sent to api.test.
func bearerDef(name string, cause diagnose.ID, title, desc string, scope string, token func(l *Lab) string, wantStatus int, wantChallenge func(l *Lab) string) def {
	return def{
		name: name, cause: cause, title: title, desc: desc,
		serve: bearerAPI(scope, 0),
		steps: func(l *Lab) []Step {
			s := fetchStep(l.URL("api.test", true, spath(name, "api")))
			if tok := token(l); tok != "" {
				s.Headers = [][2]string{{"Authorization", "Bearer " + tok}}
			}
			return []Step{s}
		},
		checks: func(l *Lab) []Check {
			u := l.URL("api.test", true, spath(name, "api"))
			hdr := [][2]string{{"Origin", appOrigin(l)}}
			if tok := token(l); tok != "" {
				hdr = append(hdr, [2]string{"Authorization", "Bearer " + tok})
			}
			c := Check{Method: "GET", URL: u, Headers: hdr, Status: wantStatus,
				Has: [][2]string{{"Access-Control-Allow-Origin", appOrigin(l)}}}
			if wantChallenge != nil {
				c.Has = append(c.Has, [2]string{"WWW-Authenticate", wantChallenge(l)})
			} else {
				c.Lacks = []string{"WWW-Authenticate"}
			}
			return []Check{preflightCheck(l, u, "GET", "authorization"), c}
		},
	}
}

func constString(s string) func(*Lab) string { return func(*Lab) string { return s } }

func expiredJWT(l *Lab) string { return JWT(labToken(l.now(), -2*time.Hour, time.Hour, scopeRead)) }

// rememberedToken turns a bearer scenario into an app that keeps its access
// token in localStorage: the setup plants the scenario's bad token once; on
// every load the page gets a fresh token from the app's token endpoint
// unless it remembers one, then calls the API with it. Clearing the site's
// data forgets the bad token, so the reload signs in afresh and succeeds.
func rememberedToken(d def, token func(l *Lab) string) def {
	api := d.serve
	d.serve = func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool {
		if sub != "token" {
			return api(l, w, r, sub)
		}
		if r.Method != http.MethodPost {
			reply(w, http.StatusMethodNotAllowed, `{"error":"POST only"}`, [2]string{"Allow", "POST"})
			return true
		}
		tok := JWT(labToken(l.now(), -time.Minute, time.Hour, scopeRead))
		reply(w, 200, `{"access_token":"`+tok+`","token_type":"Bearer","expires_in":3600}`)
		return true
	}
	name := d.name
	d.setup = func(l *Lab) []Step {
		return []Step{{Kind: StepStore, Save: "token", Body: token(l), Note: "the token the app kept from an earlier visit"}}
	}
	d.steps = func(l *Lab) []Step {
		login := post(l.URL("app.test", true, spath(name, "token")))
		login.Unless, login.Save = "token", "token"
		api := fetchStep(l.URL("api.test", true, spath(name, "api")))
		api.BearerFrom = "token"
		return []Step{login, api}
	}
	return d
}

func init() {
	register(
		bearerDef("healthy-bearer", "", "Healthy: a valid Bearer JWT",
			"app.test calls api.test with a JWT that is valid for another hour and carries the right scope. The preflight and the call succeed (200).",
			scopeRead,
			func(l *Lab) string { return JWT(labToken(l.now(), -time.Minute, time.Hour, scopeRead)) },
			200, nil),
		bearerDef("missing-credentials", diagnose.MissingCredentials, "No credentials sent",
			"app.test calls api.test without any Authorization header or cookie; the API answers 401 with a Bearer challenge.",
			scopeRead, constString(""), 401, constString(challengeBearer)),
		rememberedToken(bearerDef("rejected-credentials", diagnose.RejectedCredentials, "A revoked token is rejected",
			"app.test sends the opaque (non-JWT) access token it kept in localStorage, which the API no longer knows; 401 with error=\"invalid_token\". "+
				"Clearing the site's data forgets it: the reload gets a fresh token and succeeds.",
			scopeRead, constString("at_lab_7f3a9c1e5b2d4f60_revoked"), 401,
			constString(invalidToken("The access token is invalid or revoked"))), constString("at_lab_7f3a9c1e5b2d4f60_revoked")),
		rememberedToken(bearerDef("expired-token", diagnose.ExpiredToken, "An expired JWT",
			"app.test sends the JWT it kept in localStorage, issued two hours ago, whose exp passed an hour ago (by the lab's clock); 401 invalid_token \"The access token expired\". "+
				"Clearing the site's data forgets it: the reload gets a fresh token and succeeds.",
			scopeRead, expiredJWT, 401, constString(invalidToken("The access token expired"))), expiredJWT),
		bearerDef("token-not-yet-valid", diagnose.TokenNotYetValid, "A JWT that is not valid yet",
			"app.test sends a JWT whose nbf is an hour ahead of the lab's clock (the issuer's clock runs fast); 401 invalid_token \"not valid yet\".",
			scopeRead,
			func(l *Lab) string {
				c := labToken(l.now(), -time.Minute, 3*time.Hour, scopeRead)
				c.Nbf = l.now().Add(time.Hour).Unix()
				return JWT(c)
			},
			401, constString(invalidToken("The access token is not valid yet"))),
		bearerDef("insufficient-scope", diagnose.InsufficientScope, "Signed in, but the token lacks a scope",
			"app.test sends a valid JWT with scope orders:read to an endpoint that needs orders:write; 403 with error=\"insufficient_scope\".",
			scopeWrite,
			func(l *Lab) string { return JWT(labToken(l.now(), -time.Minute, time.Hour, scopeRead)) },
			403, constString(`Bearer realm="api", error="insufficient_scope", scope="orders:write"`)),
	)
}

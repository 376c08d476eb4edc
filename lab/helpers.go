package lab

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
)

// appOrigin is the origin of the scenario pages on app.test (https).
func appOrigin(l *Lab) string { return l.Origin("app.test", true) }

// spath is a scenario path: /s/<name>/<sub>.
func spath(name, sub string) string { return "/s/" + name + "/" + sub }

// cookiePath scopes a scenario's cookies to its own pages, so scenarios run
// in one browser profile do not see each other's cookies.
func cookiePath(name string) string { return "Path=" + spath(name, "") }

// sessionID is a deterministic session value, so checks can name it.
func sessionID(name, state string) string {
	sum := sha256.Sum256([]byte(name + "/" + state))
	return state + "." + hex.EncodeToString(sum[:8])
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// reply writes headers verbatim, then status and body.
func reply(w http.ResponseWriter, status int, body string, headers ...[2]string) {
	h := w.Header()
	if _, ok := h["Cache-Control"]; !ok && !hasHeader(headers, "Cache-Control") {
		h.Set("Cache-Control", "no-store")
	}
	for _, kv := range headers {
		if kv[0] == "Date" {
			h[kv[0]] = nil // replaces the lab clock's Date
		}
		h[kv[0]] = append(h[kv[0]], kv[1])
	}
	if !hasHeader(headers, "Content-Type") {
		if strings.HasPrefix(body, "{") {
			h.Set("Content-Type", "application/json")
		} else {
			h.Set("Content-Type", "text/plain; charset=utf-8")
		}
	}
	w.WriteHeader(status)
	w.Write([]byte(body))
}

func hasHeader(hs [][2]string, name string) bool {
	for _, kv := range hs {
		if strings.EqualFold(kv[0], name) {
			return true
		}
	}
	return false
}

// cookieValue is the FIRST cookie called name in the Cookie header: what
// most frameworks read when names collide.
func cookieValue(r *http.Request, name string) (string, bool) {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// corsAllow adds well-behaved CORS headers for the lab's own app origins
// (https app.test, app.shop.test, www.app.test; nothing for other origins) and answers a preflight. It returns true when
// r was a preflight and has been answered.
func corsAllow(l *Lab, w http.ResponseWriter, r *http.Request, credentials bool) bool {
	h := w.Header()
	h.Add("Vary", "Origin")
	if o := r.Header.Get("Origin"); o == appOrigin(l) || o == l.Origin("app.shop.test", true) || o == l.Origin("www.app.test", true) {
		h.Set("Access-Control-Allow-Origin", o)
		if credentials {
			h.Set("Access-Control-Allow-Credentials", "true")
		}
		h.Set("Access-Control-Expose-Headers", "WWW-Authenticate, X-Lab-Served")
	}
	if r.Method != http.MethodOptions {
		return false
	}
	if h.Get("Access-Control-Allow-Origin") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}

// preflightCheck and corsCheck are the plain-client checks of corsAllow.
func preflightCheck(l *Lab, u, method, headers string) Check {
	return Check{Method: "OPTIONS", URL: u,
		Headers: [][2]string{{"Origin", appOrigin(l)}, {"Access-Control-Request-Method", method}, {"Access-Control-Request-Headers", headers}},
		Status:  204,
		Has:     [][2]string{{"Access-Control-Allow-Origin", appOrigin(l)}, {"Access-Control-Allow-Headers", "Authorization, Content-Type"}}}
}

func fetchStep(u string) Step { return Step{Kind: StepFetch, URL: u} }
func navStep(u string) Step   { return Step{Kind: StepNavigate, URL: u} }

package diagnose

import (
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/header"
)

// ruleMissingCredentials rests on: a 401/407 whose request carried neither
// an Authorization header nor cookies. A challenge makes it a cause; with a
// browser-managed scheme (Basic, Digest, NTLM, Negotiate) the browser may
// have added an Authorization header webRequest cannot see, so it is likely.
func ruleMissingCredentials(x *view) {
	if (x.status != 401 && x.status != 407) || x.sentCredentials() {
		return
	}
	ev := []string{"The request carried no Authorization header and no cookies."}
	if len(x.challenges) == 0 {
		x.add(MissingCredentials, Possible, append(ev, "HTTP "+strconv.Itoa(x.status)+" without a challenge, so what the server wants is unknown."))
		return
	}
	ev = append(ev, "The server asked for: "+x.schemes()+".")
	sev := Cause
	if x.allBrowserSchemes() {
		sev = Likely
		ev = append(ev, "For "+x.schemes()+" the browser adds saved credentials itself, which extensions cannot see; none were visible.")
	}
	x.add(MissingCredentials, sev, ev)
}

// schemes lists the challenge schemes with their realms.
func (x *view) schemes() string {
	var parts []string
	for _, c := range x.challenges {
		s := bare(c.Scheme)
		if r := c.Param("realm"); r != "" {
			s += " (realm " + show(r) + ")"
		}
		parts = append(parts, s)
	}
	return capList(parts, 5)
}

func (x *view) allBrowserSchemes() bool {
	for _, c := range x.challenges {
		if !browserScheme(c.Scheme) {
			return false
		}
	}
	return len(x.challenges) > 0
}

// describeAuthz is the Authorization header without its secret: the
// scheme only when the value is "scheme SP credentials" (else all of it is
// the secret), and a Basic user name unless it looks like an API key (then
// at most the vendor's prefix).
func (x *view) describeAuthz() string {
	if x.authz.NoScheme {
		return "Authorization: a value without a scheme (" + strconv.Itoa(x.authz.Length) + " chars, not \"scheme credentials\")"
	}
	s := "Authorization: " + bare(x.authz.Scheme) + " (" + strconv.Itoa(x.authz.Length) + " chars)"
	switch {
	case x.authz.UserKey && x.authz.UserPrefix != "":
		s += ", a key-like user name (" + bare(x.authz.UserPrefix) + "…, " + strconv.Itoa(x.authz.UsernameLen) + " chars)"
	case x.authz.UserKey:
		s += ", a key-like user name (" + strconv.Itoa(x.authz.UsernameLen) + " chars)"
	case x.authz.Username != "":
		s += ", user " + show(x.authz.Username)
	}
	return s
}

// ruleRejectedCredentials rests on: a refused status (401, 407, 403 with a
// challenge) to a request that visibly carried credentials. Authorization
// refused is a cause (error="invalid_token" says so outright); cookies alone
// are likely when one looks like a session, possible otherwise.
func ruleRejectedCredentials(x *view) {
	if !x.refused() {
		return
	}
	if c, ok := x.challenge("Bearer"); ok && c.Param("error") == "insufficient_scope" {
		return // accepted, but not enough: insufficient-scope explains it
	}
	var ev []string
	sev := Possible
	switch {
	case x.hasAuthz && x.otherScheme():
		ev = append(ev, "The request carried "+x.describeAuthz()+", but the server asks for "+x.schemes()+": it wants another kind of credentials, not better ones.")
	case x.hasAuthz:
		sev = Cause
		ev = append(ev, "The request carried "+x.describeAuthz()+" and got HTTP "+strconv.Itoa(x.status)+".")
	case len(x.sent) > 0:
		names := x.sentNames()
		shown := make([]string, len(names))
		for i, n := range names {
			shown[i] = bare(n)
		}
		ev = append(ev, "The request carried cookies ("+capList(shown, 10)+") and got HTTP "+strconv.Itoa(x.status)+".")
		for _, n := range names {
			if sessionLike(n) {
				sev = Likely
				break
			}
		}
	default:
		return
	}
	if c, ok := x.challenge("Bearer"); ok {
		switch code := c.Param("error"); code {
		case "invalid_token":
			sev = Cause
			ev = append(ev, "The server said error=\"invalid_token\" (RFC 6750: expired, revoked, malformed or invalid).")
		case "":
		default:
			ev = append(ev, "The server said error="+show(code)+".")
		}
		if d := c.Param("error_description"); d != "" {
			ev = append(ev, "error_description: "+show(d))
		}
	}
	x.add(RejectedCredentials, sev, ev)
}

// otherScheme says the challenges exist and none is the scheme of the
// Authorization header that was sent.
func (x *view) otherScheme() bool {
	if !x.hasAuthz || len(x.challenges) == 0 {
		return false
	}
	_, same := x.challenge(x.authz.Scheme)
	return !same
}

func (x *view) sentNames() []string {
	var names []string
	for _, c := range x.sent {
		names = appendNew(names, c.Name)
	}
	return names
}

// ruleInsufficientScope rests on: Bearer error="insufficient_scope" (its
// scope parameter compared with the token's scope claims), or a 403 to a
// request that carried an Authorization header, from no firewall.
func ruleInsufficientScope(x *view) {
	if c, ok := x.challenge("Bearer"); ok && c.Param("error") == "insufficient_scope" {
		ev := []string{"The server said error=\"insufficient_scope\"."}
		need := strings.Fields(c.Param("scope"))
		if len(need) > 0 {
			ev = append(ev, "Required scope: "+show(strings.Join(need, " "))+".")
		}
		if cl, ok := x.bearerClaims(); ok && cl.HasScopes {
			ev = append(ev, "The token's scope: "+show(strings.Join(cl.Scopes, " "))+".")
			var missing []string
			for _, s := range need {
				if !containsFold(cl.Scopes, s) {
					missing = append(missing, s)
				}
			}
			if len(missing) > 0 {
				ev = append(ev, "Missing from the token: "+show(strings.Join(missing, " "))+".")
			}
		}
		if x.status == 401 {
			ev = append(ev, "The server answered 401 where 403 is meant: signing in again will not help.")
		}
		x.add(InsufficientScope, Cause, ev)
		return
	}
	if x.status == 403 && x.hasAuthz && len(x.challenges) == 0 {
		sev := Likely
		ev := []string{"HTTP 403 to a request that carried " + x.describeAuthz() + ": the server knows who you are but refuses."}
		if v, _, _ := x.waf(); v != "" {
			sev = Possible
		}
		x.add(InsufficientScope, sev, ev)
	}
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// ruleMissingWWWAuthenticate rests on: a 401 without WWW-Authenticate (or a
// 407 without Proxy-Authenticate), which RFC 9110 §15.5.2 forbids.
func ruleMissingWWWAuthenticate(x *view) {
	switch x.status {
	case 401:
		if !x.resp.Has("WWW-Authenticate") {
			x.add(MissingWWWAuthenticate, 0, []string{"HTTP 401 without a WWW-Authenticate header."})
		}
	case 407:
		if !x.resp.Has("Proxy-Authenticate") {
			x.add(MissingWWWAuthenticate, 0, []string{"HTTP 407 without a Proxy-Authenticate header."})
		}
	}
}

// ruleServerBasicAuth rests on: a Basic or Digest challenge from a response
// whose Server header names a web server with built-in password protection;
// the cause when the request carried another scheme (the app's token).
func ruleServerBasicAuth(x *view) {
	if x.status != 401 {
		return
	}
	c, ok := x.challenge("Basic")
	if !ok {
		if c, ok = x.challenge("Digest"); !ok {
			return
		}
	}
	server := x.resp.Get("Server")
	s := strings.ToLower(server)
	var fix string
	switch {
	case strings.Contains(s, "apache"), strings.Contains(s, "litespeed"):
		fix = "Look for AuthType " + bare(c.Scheme) + " in the .htaccess files of this path and its parents (and in the virtual host); the users are in the AuthUserFile (.htpasswd)."
	case strings.Contains(s, "nginx"), strings.Contains(s, "openresty"):
		fix = "Look for auth_basic and auth_basic_user_file in the nginx server/location block of this path."
	case strings.Contains(s, "microsoft-iis"):
		fix = "Check Basic Authentication under Authentication in IIS Manager for this site."
	case strings.Contains(s, "lighttpd"), strings.Contains(s, "caddy"):
		fix = "Check the web server's basic-auth configuration for this path."
	default:
		return
	}
	ev := []string{
		"WWW-Authenticate: " + bare(c.Scheme) + realmText(c) + ".",
		"Server: " + show(server) + ".",
	}
	sev := Likely
	if x.otherScheme() {
		// The app's own credentials went out, and the server in front
		// wants its password instead.
		sev = Cause
		ev = append(ev, "The request carried "+x.describeAuthz()+" for the application; the web server in front of it wants "+bare(c.Scheme)+".")
	}
	x.add(ServerBasicAuth, sev, ev, fix)
}

func realmText(c header.Challenge) string {
	if r := c.Param("realm"); r != "" {
		return " realm=" + show(r)
	}
	return ""
}

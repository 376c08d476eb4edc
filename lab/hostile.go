package lab

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"strings"
)

// Hostile endpoints: every header value, cookie name, claim and URL a server
// sends is attacker-controlled, and Auth Doctor shows them. Each case's page
// (/h/<name>/) sets its cookies (/h/<name>/set), then fetches
// /h/<name>/api with a Bearer JWT, which answers 401 with the payload placed
// as the case says. The page's title becomes "done:hostile-<name>".
//
// Payloads try to run script (they call __pwn() or set __pwned), inject
// elements, break the layout or confuse the reader; tests check the popup
// shows them as inert text.

// Cases are served over plain HTTP/1.1: Go's HTTP/2 server drops header
// values with control characters, and the payloads must arrive intact.

// HostileCase is one payload placed in one or more spots of a failing
// exchange.
type HostileCase struct {
	Name string
	// Where lists the spots: realm, error, server, jwt-claim, cookie-name,
	// url, set-cookie (a Set-Cookie line of the 401), cookie-flood.
	Where []string
	// Payload is the raw text placed (before any header quoting).
	Payload string
	// URL is the case's page.
	URL string
}

// The spots a payload can take.
const (
	SpotRealm      = "realm"
	SpotError      = "error"
	SpotServer     = "server"
	SpotJWTClaim   = "jwt-claim"
	SpotCookieName = "cookie-name"
	SpotURL        = "url"
	SpotSetCookie  = "set-cookie"
	SpotFlood      = "cookie-flood"
	// SpotBasic adds a Basic challenge with the payload as realm, next to
	// a "Server: nginx"-style header holding it too: that is what the
	// server-basic-auth evidence quotes. A Basic 401 to fetch() waits for a
	// prompt that headless Chromium never shows, so the page aborts it.
	SpotBasic = "basic"
)

type hostileDef struct {
	name    string
	payload string
	where   []string
	host    string // "" = h-<name>.test
}

// everywhere is every spot a short payload can take at once.
var everywhere = []string{SpotRealm, SpotError, SpotServer, SpotJWTClaim, SpotCookieName, SpotURL, SpotSetCookie}

// hostileMarkup are payloads placed everywhere. They come from the usual
// XSS, HTML/CSS injection, mXSS and template-injection families.
var hostileMarkup = []struct{ name, payload string }{
	{"script-tag", `<script>window.__pwned=1;__pwn()</script>`},
	{"img-onerror", `<img src=x onerror="__pwn()">`},
	{"svg-onload", `"><svg onload=__pwn()>`},
	{"attr-breakout-single", `' onmouseover='__pwn()' x='`},
	{"attr-breakout-double", `" autofocus onfocus="__pwn()`},
	{"javascript-url", `javascript:__pwn()`},
	{"javascript-url-encoded", `jav&#x09;ascript:__pwn()`},
	{"anchor-javascript", `<a href="javascript:__pwn()">open</a>`},
	{"iframe-srcdoc", `<iframe srcdoc="<script>parent.__pwn()</script>"></iframe>`},
	{"object-data", `<object data="javascript:__pwn()"></object>`},
	{"embed", `<embed src="data:text/html,<script>__pwn()</script>">`},
	{"meta-refresh", `<meta http-equiv="refresh" content="0;url=javascript:__pwn()">`},
	{"base-href", `<base href="javascript:__pwn()//">`},
	{"style-tag", `<style>*{display:none!important}</style>`},
	{"link-stylesheet", `<link rel=stylesheet href="data:text/css,*{display:none}">`},
	{"css-expression", `x{background:url("javascript:__pwn()")} body{width:5000px}`},
	{"inline-style", `<p style="position:fixed;inset:0;background:red">covered</p>`},
	{"closing-tags", `</code></li></ul></li></ol><h1 id="injected">injected</h1>`},
	{"comment-open", `<!-- everything after this is hidden`},
	{"cdata", `<![CDATA[<script>__pwn()</script>]]>`},
	{"mxss-math", `<math><mtext><table><mglyph><style><img src=x onerror=__pwn()>`},
	{"mxss-noscript", `<noscript><p title="</noscript><img src=x onerror=__pwn()>">`},
	{"template-literal", "${__pwn()}`${__pwn()}`"},
	{"angular-template", `{{constructor.constructor('__pwn()')()}}`},
	{"form-action", `<form action="javascript:__pwn()"><button>go</button></form>`},
	{"input-autofocus", `<input autofocus onfocus=__pwn()>`},
	{"details-ontoggle", `<details open ontoggle=__pwn()>`},
	{"video-onerror", `<video><source onerror="__pwn()"></video>`},
	{"markdown-link", "](javascript:__pwn()) [x](https://evil.test) ` **bold** # heading"},
	{"markdown-image", "![x](https://evil.test/track.png)`` ` ``"},
	{"html-entities", `&lt;script&gt;__pwn()&lt;/script&gt; &amp; &#60;img&#62;`},
	{"unicode-escapes", `\u003cscript\u003e__pwn()\u003c/script\u003e`},
	{"bidi-override", "admin\u202egnp.exe\u202c"},
	{"bidi-isolates", "\u2066\u2067abc\u2069\u2069\u200f"},
	{"zero-width", "a\u200bd\u200cm\u200di\u2060n\ufeff"},
	{"homoglyph", "аррӏе.com"},
	{"zalgo", "Z\u0334\u0321\u0327\u0348a\u0337l\u0336g\u0335o\u0337\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301"},
	{"control-chars", "\x1b[31mred\x1b[0m\x07\x08\x0b\x0c\x7f"},
	{"c1-controls", "\u0085\u0090\u009b31m"},
	{"invalid-utf8", "\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1"},
	{"overlong-utf8", "\xc0\xbcscript\xc0\xbe"},
	{"surrogate-utf8", "\xed\xa0\x80\xed\xbf\xbf"},
	{"long-unbroken", strings.Repeat("W", 3000)},
	{"emoji-flood", strings.Repeat("👨‍👩‍👧‍👦", 200)},
	{"percent-encoded", "%3Cscript%3E__pwn()%3C%2Fscript%3E%00%0d%0a"},
	{"quotes-backslashes", `\"\\\"'\'` + "`"},
}

// hostileBig are the size cases: one large value in one spot each.
var hostileBig = []hostileDef{
	{name: "huge-realm", payload: strings.Repeat("R", 100<<10), where: []string{SpotRealm}},
	{name: "huge-server", payload: strings.Repeat("<b>S</b>", 100<<10/8), where: []string{SpotServer}},
	{name: "huge-error", payload: strings.Repeat("E", 100<<10), where: []string{SpotError}},
	{name: "huge-jwt-claim", payload: strings.Repeat("J", 100<<10), where: []string{SpotJWTClaim}},
	{name: "huge-url", payload: strings.Repeat("U", 100<<10), where: []string{SpotURL}},
	{name: "huge-set-cookie", payload: strings.Repeat("C", 100<<10), where: []string{SpotSetCookie}},
	{name: "long-realm", payload: strings.Repeat("realm-", 2000), where: []string{SpotRealm}},
	{name: "basic-script-tag", payload: `<script>__pwn()</script>`, where: []string{SpotBasic}},
	{name: "basic-img-onerror", payload: `<img src=x onerror=__pwn()>`, where: []string{SpotBasic}},
	{name: "basic-bidi", payload: "nginx\u202e<b>", where: []string{SpotBasic}},
	{name: "basic-control-chars", payload: "nginx\x1b[2J\x07", where: []string{SpotBasic}},
	{name: "basic-invalid-utf8", payload: "nginx\xff\xfe", where: []string{SpotBasic}},
	{name: "basic-huge", payload: "nginx " + strings.Repeat("N", 40<<10), where: []string{SpotBasic}},
	{name: "many-cookies", payload: "c", where: []string{SpotFlood}, host: "flood.test"},
}

var hostileDefs = func() []hostileDef {
	var out []hostileDef
	for _, m := range hostileMarkup {
		out = append(out, hostileDef{name: m.name, payload: m.payload, where: everywhere})
	}
	return append(out, hostileBig...)
}()

// FloodCookies is how many cookies the many-cookies case sets.
const FloodCookies = 500

func init() {
	routes["/h/"] = serveHostile
}

func findHostile(name string) (hostileDef, bool) {
	for _, d := range hostileDefs {
		if d.name == name {
			return d, true
		}
	}
	return hostileDef{}, false
}

// HostileCases lists every hostile case with its URL (call after Start).
func (l *Lab) HostileCases() []HostileCase {
	out := make([]HostileCase, 0, len(hostileDefs))
	for _, d := range hostileDefs {
		out = append(out, HostileCase{Name: d.name, Where: d.where, Payload: d.payload,
			URL: l.URL(d.hostOrDefault(), false, "/h/"+d.name+"/")})
	}
	return out
}

// hostOrDefault gives each case a site of its own, so the cookies one case
// leaves do not enter another's diagnosis (the extension reads the jar of
// the whole registrable domain).
func (d hostileDef) hostOrDefault() string {
	if d.host == "" {
		return "h-" + d.name + ".test"
	}
	return d.host
}

func (d hostileDef) has(spot string) bool {
	for _, w := range d.where {
		if w == spot {
			return true
		}
	}
	return false
}

var hostilePage = template.Must(template.New("hostile").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>running:hostile-{{.Name}}</title></head><body>
<pre id="out"></pre>
<script>
const plan = {{.Plan}};
(async () => {
  const out = document.getElementById('out');
  try {
    await fetch('set', {credentials: 'include'});
    const headers = plan.bearer ? {Authorization: 'Bearer ' + plan.bearer} : {};
    const ctl = new AbortController();
    window.abortApi = () => ctl.abort();
    if (plan.abortMs) setTimeout(() => ctl.abort(), plan.abortMs);
    const r = await fetch('api' + (plan.query ? '?q=' + plan.query : ''), {headers, credentials: 'include', signal: ctl.signal});
    out.textContent = 'api -> ' + r.status;
  } catch (e) {
    out.textContent = plan.abortMs && e.name === 'AbortError' ? 'api -> 401 (Basic, aborted)' : 'api failed: ' + e;
  }
  document.title = 'done:hostile-' + plan.name;
})();
</script>
</body></html>
`))

type hostilePlan struct {
	Name   string `json:"name"`
	Bearer string `json:"bearer,omitempty"`
	Query  string `json:"query,omitempty"`
	// AbortMS ends a fetch that waits for a Basic prompt (a driver may end
	// it sooner with window.abortApi()). It must leave time for the 401 to
	// reach the extension: 700 ms lost it on a loaded 2-core machine.
	AbortMS int `json:"abortMs,omitempty"`
}

func serveHostile(l *Lab, w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/h/")
	name, sub, _ := strings.Cut(rest, "/")
	d, ok := findHostile(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	switch sub {
	case "":
		plan := hostilePlan{Name: d.name}
		if d.has(SpotJWTClaim) {
			plan.Bearer = hostileJWT(d.payload, l.now().Unix())
		}
		if d.has(SpotBasic) {
			plan.AbortMS = 3000
		}
		if d.has(SpotURL) {
			// Raw: the page's fetch() percent-encodes what the URL
			// standard requires and leaves the rest as the attacker wrote it.
			plan.Query = d.payload
		}
		var buf bytes.Buffer
		if err := hostilePage.Execute(&buf, struct {
			Name string
			Plan hostilePlan
		}{d.name, plan}); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.Write(buf.Bytes())
	case "set":
		path := "; Path=/h/" + d.name + "/"
		if d.has(SpotCookieName) {
			h.Add("Set-Cookie", d.payload+"=1"+path)
		}
		if d.has(SpotFlood) {
			for i := range FloodCookies {
				h.Add("Set-Cookie", d.payload+strconv.Itoa(i)+"=v"+strconv.Itoa(i)+path)
			}
		}
		w.WriteHeader(http.StatusNoContent)
	case "api":
		bearer := []string{`realm="api"`}
		if d.has(SpotRealm) {
			bearer[0] = "realm=" + quoted(d.payload)
		}
		if d.has(SpotError) {
			bearer = append(bearer, "error="+quoted(d.payload), "error_description="+quoted(d.payload))
		} else {
			bearer = append(bearer, `error="invalid_token"`)
		}
		h.Add("WWW-Authenticate", "Bearer "+strings.Join(bearer, ", "))
		if d.has(SpotBasic) {
			h.Add("WWW-Authenticate", "Basic realm="+quoted(d.payload))
		}
		if d.has(SpotServer) || d.has(SpotBasic) {
			h.Set("Server", d.payload)
		}
		if d.has(SpotSetCookie) {
			h.Add("Set-Cookie", "session="+d.payload+"; Path=/h/"+d.name+"/; SameSite=Lax")
			h.Add("Set-Cookie", d.payload)
		}
		if d.has(SpotCookieName) {
			h.Add("Set-Cookie", d.payload+"=2; Path=/h/"+d.name+"/api; Domain="+d.hostOrDefault())
		}
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte("denied"))
	default:
		http.NotFound(w, r)
	}
}

// quoted is an RFC 9110 quoted-string of s, byte for byte (the payload's
// invalid UTF-8 and control characters stay as they are).
func quoted(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// hostileJWT is an expired HS256-shaped token whose sub, iss and aud are the
// payload, written byte for byte into the JSON (invalid UTF-8 included).
func hostileJWT(payload string, now int64) string {
	var b strings.Builder
	for i := 0; i < len(payload); i++ {
		switch c := payload[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&15])
		default:
			b.WriteByte(c)
		}
	}
	p := b.String()
	body := `{"sub":"` + p + `","iss":"` + p + `","aud":"` + p + `","iat":` + strconv.FormatInt(now-7200, 10) +
		`,"exp":` + strconv.FormatInt(now-3600, 10) + `}`
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(body)) + "." + enc([]byte("hostile-signature"))
}

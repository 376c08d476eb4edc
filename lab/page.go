package lab

import (
	"bytes"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The runner is the same for every scenario: it plays the steps from "at"
// on, prints each outcome as text (never as HTML) and ends by setting the
// title tests wait on. Navigations hand over to the page they land on.
var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>running:{{.S.Name}}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}pre{background:#f4f4f4;padding:1em;white-space:pre-wrap}</style>
</head><body>
<p><a href="{{.Index}}">Auth Doctor lab</a></p>
<h1>{{.S.Title}}</h1>
<p>{{.S.Description}}</p>
<p>Expected finding: <code>{{if .S.Cause}}{{.S.Cause}}{{else}}none (healthy){{end}}</code>{{if not .S.Reproducible}} — <strong>not reproducible in one browser</strong>{{end}}</p>
<pre id="out"></pre>
<script>
const plan = {{.Plan}};
(async () => {
  const out = document.getElementById('out');
  const log = (s) => { out.textContent += s + '\n'; };
  const shown = (u) => { try { const x = new URL(u, location.href); x.username = ''; x.password = ''; return x.href; } catch (e) { return String(u); } };
  for (let i = plan.at; i < plan.steps.length; i++) {
    const st = plan.steps[i];
    const label = 'step ' + (i + 1) + ': ';
    if (st.kind === 'navigate') {
      log(label + 'navigate to ' + shown(st.url));
      location.href = st.url;
      return;
    }
    const init = { method: st.method || 'GET', headers: st.headers || [] };
    for (const k of ['credentials', 'mode', 'redirect', 'body']) { if (st[k]) init[k] = st[k]; }
    const ctl = new AbortController();
    init.signal = ctl.signal;
    const timer = setTimeout(() => ctl.abort(), st.timeoutMs || 5000);
    try {
      const r = await fetch(st.url, init);
      const text = await r.text();
      const served = r.headers.get('X-Lab-Served');
      log(label + init.method + ' ' + shown(st.url) + ' -> ' + r.status + ' ' + r.statusText +
        (r.type === 'opaque' || r.type === 'opaqueredirect' ? ' (' + r.type + ')' : '') +
        (served ? ' [lab hit #' + served + ']' : '') + (text ? ' ' + text.slice(0, 200) : ''));
    } catch (e) {
      log(label + init.method + ' ' + shown(st.url) + ' -> ' +
        (ctl.signal.aborted ? 'aborted after ' + (st.timeoutMs || 5000) + ' ms (the browser waited for a credential prompt)' : 'failed: ' + e));
    } finally {
      clearTimeout(timer);
    }
  }
  document.title = 'done:' + plan.name;
})();
</script>
</body></html>
`))

type pagePlan struct {
	Name  string `json:"name"`
	At    int    `json:"at"`
	Steps []Step `json:"steps"`
}

func (l *Lab) servePage(w http.ResponseWriter, r *http.Request, d def) {
	s := l.resolve(d)
	at, _ := strconv.Atoi(r.URL.Query().Get("at"))
	if at < 0 || at > len(s.Steps) {
		at = 0
	}
	if s.Steps == nil {
		s.Steps = []Step{}
	}
	var buf bytes.Buffer
	err := pageTmpl.Execute(&buf, struct {
		S     Scenario
		Index string
		Plan  pagePlan
	}{s, l.URL("app.test", true, "/"), pagePlan{Name: s.Name, At: at, Steps: s.Steps}})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Auth Doctor lab</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}td{padding:.3em .8em;vertical-align:top}</style>
</head><body>
<h1>Auth Doctor lab</h1>
<p>Each page reproduces one failure; open it with Auth Doctor installed and compare its first finding with the expected one.</p>
<table>
<tr><th>Scenario</th><th>Expected first finding</th><th>What happens</th></tr>
{{range .}}<tr><td><a href="{{.EntryURL}}">{{.Name}}</a></td><td><code>{{if .Cause}}{{.Cause}}{{else}}none (healthy){{end}}</code>{{if not .Reproducible}}<br><em>not reproducible here</em>{{end}}</td><td><strong>{{.Title}}</strong><br>{{.Description}}</td></tr>
{{end}}</table>
</body></html>
`))

// serveIndex answers "/" on app.test (and localhost) with every scenario.
func (l *Lab) serveIndex(w http.ResponseWriter, r *http.Request) {
	switch hostname(r) {
	case "app.test", "localhost", "127.0.0.1":
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Auth Doctor lab host " + hostname(r) + "; the index is on app.test\n"))
		return
	}
	var buf bytes.Buffer
	if err := indexTmpl.Execute(&buf, l.Scenarios()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// WriteIndex writes the scenario index as plain text: name, expected cause
// and entry URL, one scenario per block.
func (l *Lab) WriteIndex(w io.Writer) error {
	var b strings.Builder
	for _, s := range l.Scenarios() {
		cause := string(s.Cause)
		if cause == "" {
			cause = "none (healthy)"
		}
		if !s.Reproducible {
			cause += " (not reproducible in one browser)"
		}
		b.WriteString(s.Name + "\n  expect: " + cause + "\n  open:   " + s.EntryURL + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

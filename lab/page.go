package lab

import (
	"bytes"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The runner is the same for every scenario: it plays the plan (Setup then
// Steps) from "at" on, prints each outcome as text (never as HTML) and ends by
// setting the title tests wait on. Navigations hand over to the page they
// land on. Once the setup is behind it, the page takes its plain URL back, so
// a reload replays the app's own steps and not the broken setup. Secrets the
// app remembers (tokens) are never printed.
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
  const remembered = (k) => { try { return localStorage.getItem(k); } catch (e) { return null; } };
  for (let i = plan.at; i < plan.steps.length; i++) {
    if (i === plan.setup && plan.setup > 0) {
      const u = new URL(location.href);
      if (u.searchParams.has('setup') || u.searchParams.has('at')) {
        u.searchParams.delete('setup');
        u.searchParams.delete('at');
        try { history.replaceState(null, '', u.pathname + u.search + u.hash); } catch (e) { log('could not drop the setup from the URL: ' + e); }
      }
      log('setup done; a reload runs the steps below alone');
    }
    const st = plan.steps[i];
    const label = (i < plan.setup ? 'setup ' + (i + 1) : 'step ' + (i + 1 - plan.setup)) + ': ';
    if (st.unless && remembered(st.unless) !== null) {
      log(label + 'skipped: ' + st.unless + ' is remembered' + (st.note ? ' (' + st.note + ')' : ''));
      continue;
    }
    if (st.kind === 'store') {
      localStorage.setItem(st.save, st.body || '');
      log(label + 'remember ' + st.save + (st.note ? ' (' + st.note + ')' : ''));
      continue;
    }
    if (st.kind === 'navigate') {
      if (st.save) localStorage.setItem(st.save, '1');
      log(label + 'navigate to ' + shown(st.url));
      location.href = st.url;
      return;
    }
    const headers = (st.headers || []).slice();
    if (st.bearerFrom) {
      const tok = remembered(st.bearerFrom);
      if (tok !== null) headers.push(['Authorization', 'Bearer ' + tok]);
    }
    const init = { method: st.method || 'GET', headers };
    for (const k of ['credentials', 'mode', 'redirect', 'body']) { if (st[k]) init[k] = st[k]; }
    const ctl = new AbortController();
    init.signal = ctl.signal;
    const timer = setTimeout(() => ctl.abort(), st.timeoutMs || 5000);
    try {
      const r = await fetch(st.url, init);
      let text = await r.text();
      if (st.save && r.ok) {
        let v = text;
        try { const j = JSON.parse(text); if (j && typeof j.access_token === 'string') v = j.access_token; } catch (e) { /* not JSON: keep the text */ }
        localStorage.setItem(st.save, v);
        text = '(remembered as ' + st.save + ')';
      }
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

// pagePlan is what a page runs: Setup then Steps as one list, from At on.
type pagePlan struct {
	Name string `json:"name"`
	At   int    `json:"at"`
	// Setup is how many of Steps are the scenario's setup.
	Setup int    `json:"setup"`
	Steps []Step `json:"steps"`
}

// planAt is where a page starts: "at" when a navigation handed over, the
// setup when the page was opened through the entry URL (setup=1), otherwise
// the app's own steps.
func planAt(q url.Values, setup, total int) int {
	if v := q.Get("at"); v != "" {
		if at, err := strconv.Atoi(v); err == nil && at >= 0 && at <= total {
			return at
		}
		return setup
	}
	if q.Get("setup") == "1" {
		return 0
	}
	return setup
}

func (l *Lab) servePage(w http.ResponseWriter, r *http.Request, d def) {
	s := l.resolve(d)
	steps := append(append([]Step{}, s.Setup...), s.Steps...)
	at := planAt(r.URL.Query(), len(s.Setup), len(steps))
	var buf bytes.Buffer
	err := pageTmpl.Execute(&buf, struct {
		S     Scenario
		Index string
		Plan  pagePlan
	}{s, l.URL("app.test", true, "/"), pagePlan{Name: s.Name, At: at, Setup: len(s.Setup), Steps: steps}})
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

package e2e

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// guardScript is installed in the popup before it renders again: every payload tries to call
// __pwn() or set __pwned, CSP violations are collected, and the clipboard
// is replaced so a test can read what "Copy" copied.
const guardScript = `
window.__pwnCount = 0;
window.__pwn = () => { window.__pwnCount++; };
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
window.__copied = null;
if (navigator.clipboard) navigator.clipboard.writeText = async (t) => { window.__copied = t; };
`

// popupAudit inspects the rendered popup against the report it rendered
// (state.res, the worker's answer as popup.js received it). Every string of the
// report must be on the page exactly, as text, after the popup's one
// documented rule (a value longer than 160 UTF-16 units shows its first 160
// and "…", with a Copy button for the whole): the request's label, each
// finding's title, explanation, evidence and fixes. The structure around
// them must be popup.js's own: only its element kinds, only its attribute
// names, no attribute value a payload could have chosen, inside the
// popup's width, with every shortened value copying in full.
const popupAudit = `(async () => {
  const out = {problems: []};
  const bad = (s) => out.problems.push(s);
  out.guard = typeof window.__pwn === 'function';
  out.pwned = window.__pwnCount + (window.__pwned ? 1000 : 0);
  out.csp = window.__csp;
  out.title = document.title;
  const cut = (t) => t.length > 160 ? t.slice(0, 160) + '…' : t;
  const res = state.res;
  const ex = res.failures[0];
  const rep = ex && res.report ? res.report.failures.find(f => f.exchangeId === ex.id) : null;
  out.failures = res.failures.length;
  out.findings = rep ? rep.findings.map(f => f.id) : [];
  out.report = rep ? rep.findings.map(f => ({id: f.id, title: f.title, evidence: f.evidence || []})) : [];
  out.url = rep ? rep.url : '';
  const shown = [...document.querySelectorAll('[data-finding]')];
  out.shown = shown.map(e => e.dataset.finding);
  // The request's label: status, method, URL as the report has them.
  if (rep) {
    const label = [rep.badge ? rep.badge.text : '', rep.method, rep.url].filter(Boolean).join(' ');
    const sum = document.getElementById('failure-summary');
    const code = sum.querySelector('code');
    if (!code || code.textContent !== cut(label)) bad('the request label shows ' + JSON.stringify((code ? code.textContent : '').slice(0, 80)));
    const wantSum = cut(label) + (label.length > 160 ? ' Copy' : '') + (rep.error ? ' — ' + rep.error : '');
    if (sum.textContent !== wantSum) bad('the request summary has other text: ' + JSON.stringify(sum.textContent.slice(0, 80)));
    const opt = document.querySelector('#failure option');
    if (!opt || opt.textContent !== label) bad('the failure option is not the label');
  }
  const allowed = new Set(['LI', 'H2', 'SPAN', 'P', 'H3', 'UL', 'OL', 'CODE', 'BUTTON']);
  for (const e of document.querySelectorAll('#findings *, #failure-summary *')) {
    if (!allowed.has(e.tagName)) bad('element ' + e.tagName + ' in the finding list');
  }
  for (const c of document.querySelectorAll('code')) if (c.children.length) bad('an element inside a code span');
  const text = (e) => e ? e.textContent : '(missing)';
  if (shown.length !== (rep ? rep.findings.length : 0)) bad(shown.length + ' findings shown');
  (rep ? rep.findings : []).forEach((fd, i) => {
    const li = shown[i];
    if (!li) return;
    if (li.dataset.finding !== fd.id) bad('finding ' + i + ' is ' + li.dataset.finding);
    const want = 2 + (fd.evidence && fd.evidence.length ? 2 : 0) + (fd.fixes && fd.fixes.length ? 2 : 0);
    if (li.children.length !== want) bad(fd.id + ': ' + li.children.length + ' children, want ' + want);
    const head = li.children[0];
    const sev = (fd.heading || 'Note') + ': ';
    if (i === 0 && fd.heading !== 'Most likely') bad('the first finding is headed ' + fd.heading);
    if (!head || head.tagName !== 'H2' || head.textContent !== sev + fd.title) bad(fd.id + ': the title shows ' + JSON.stringify(text(head).slice(0, 80)));
    const p = li.children[1];
    if (!p || p.tagName !== 'P' || p.textContent !== fd.explanation) bad(fd.id + ': the explanation differs');
    const ev = li.querySelectorAll('ul.evidence > li');
    if (ev.length !== (fd.evidence || []).length) bad(fd.id + ': ' + ev.length + ' evidence items, want ' + (fd.evidence || []).length);
    (fd.evidence || []).forEach((t, j) => {
      const item = ev[j];
      if (!item) return;
      const code = item.querySelector('code');
      if (!code || code.textContent !== cut(t)) bad(fd.id + ': evidence ' + j + ' shows ' + JSON.stringify(text(code).slice(0, 80)));
      if (item.textContent !== cut(t) + (t.length > 160 ? ' Copy' : '')) bad(fd.id + ': evidence ' + j + ' has other text');
    });
    const fx = li.querySelectorAll('ol.fixes > li');
    if (fx.length !== (fd.fixes || []).length) bad(fd.id + ': fixes differ');
    (fd.fixes || []).forEach((t, j) => { if (fx[j] && fx[j].textContent !== t) bad(fd.id + ': fix ' + j + ' differs'); });
  });
  // Only popup.html's own static elements of these kinds may exist.
  const count = (sel) => document.querySelectorAll(sel).length;
  const scripts = [...document.scripts].map((e) => e.getAttribute('src')).join(' ');
  if (scripts !== 'popup.js') bad('scripts: ' + scripts.slice(0, 80));
  const optional = rep && rep.clear ? rep.clear.optional.length : 0;
  const want = {'script': 1, 'link': 1, 'meta': 2, 'style': 0, 'input': 1 + optional, 'select': 1, 'option': res.failures.length,
    'img,iframe,object,embed,svg,math,a,base,form,video,audio,source,noscript,template,details,h1[id=injected],frame,frameset,marquee': 0};
  const h1 = count('h1');
  if (h1 !== 1) bad(h1 + ' h1 elements');
  for (const [sel, n] of Object.entries(want)) if (count(sel) !== n) bad(count(sel) + ' × ' + sel + ', want ' + n);
  // Attributes: only the names popup.html and popup.js write, and the
  // values that can vary only from the closed vocabulary or digits.
  const names = new Set(['lang', 'charset', 'name', 'content', 'rel', 'href', 'src', 'defer', 'class', 'id', 'role',
    'aria-live', 'aria-busy', 'aria-labelledby', 'aria-label', 'hidden', 'for', 'type', 'data-action', 'disabled',
    'data-finding', 'title', 'value', 'data-cleared', 'checked', 'selected', 'data-primary']);
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (!names.has(a.name)) bad('attribute ' + a.name + ' on ' + e.tagName);
      if (/^\s*(javascript|data|vbscript):/i.test(a.value)) bad('attribute ' + a.name + ' = ' + a.value.slice(0, 40));
    }
  }
  for (const e of document.querySelectorAll('[data-finding]')) if (!/^[a-z0-9-]+$/.test(e.dataset.finding)) bad('data-finding ' + e.dataset.finding.slice(0, 40));
  for (const e of document.querySelectorAll('#findings [id], #findings [aria-labelledby]')) {
    const v = e.id || e.getAttribute('aria-labelledby');
    if (!/^finding-[a-z0-9-]+$/.test(v)) bad('id ' + v.slice(0, 40));
  }
  for (const e of document.querySelectorAll('#findings [class], #failure-summary [class]')) {
    if (!/^(finding sev-(cause|likely|possible|info)|sev|evidence|fixes|long|small|muted)$/.test(e.className)) bad('class ' + e.className.slice(0, 40));
  }
  for (const e of document.querySelectorAll('#findings [title], #failure-summary [title]')) {
    if (e.title !== 'Shortened; use Copy for the full value') bad('title ' + e.title.slice(0, 40));
  }
  // Layout: nothing wider than the popup; the clear button on screen.
  out.scrollWidth = document.documentElement.scrollWidth;
  out.innerWidth = window.innerWidth;
  const btn = document.querySelector('[data-action="clear-site-data"]');
  const r = btn.getBoundingClientRect();
  out.clearVisible = r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth && getComputedStyle(btn).visibility === 'visible';
  out.clearEnabled = !btn.disabled;
  for (const c of document.querySelectorAll('code')) if (c.textContent.length > 161) bad('code of ' + c.textContent.length + ' chars');
  // Long values: shortened, and their Copy button copies the full text.
  const longs = [...document.querySelectorAll('.long')];
  const texts = ex ? [label(failures()[0])].concat(...(rep ? rep.findings.map(f => f.evidence || []) : [])) : [];
  const longTexts = texts.filter(t => t.length > 160);
  if (longs.length !== longTexts.length) bad(longs.length + ' shortened values, want ' + longTexts.length);
  out.copied = [];
  for (const l of longs) {
    window.__copied = null;
    l.querySelector('button').click();
    await new Promise(r => setTimeout(r, 0));
    out.copied.push(window.__copied);
  }
  out.longTexts = longTexts;
  window.__copied = null;
  document.getElementById('copy').click();
  await new Promise(r => setTimeout(r, 0));
  out.markdown = window.__copied || '';
  out.text = document.body.innerText;
  out.pwnedAfterClicks = window.__pwnCount + (window.__pwned ? 1000 : 0);
  return out;
})`

type popupAuditResult struct {
	Guard            bool            `json:"guard"`
	Pwned            int             `json:"pwned"`
	PwnedAfterClicks int             `json:"pwnedAfterClicks"`
	CSP              []string        `json:"csp"`
	Title            string          `json:"title"`
	Problems         []string        `json:"problems"`
	Failures         int             `json:"failures"`
	Findings         []string        `json:"findings"`
	Report           []reportFinding `json:"report"`
	URL              string          `json:"url"`
	Shown            []string        `json:"shown"`
	ScrollWidth      int             `json:"scrollWidth"`
	InnerWidth       int             `json:"innerWidth"`
	ClearVisible     bool            `json:"clearVisible"`
	ClearEnabled     bool            `json:"clearEnabled"`
	Copied           []string        `json:"copied"`
	LongTexts        []string        `json:"longTexts"`
	Markdown         string          `json:"markdown"`
	Text             string          `json:"text"`
}

// reportFinding is the part of a report finding that can quote data.
type reportFinding struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Evidence []string `json:"evidence"`
}

// auditPopup is the popup page for one tab, rendered, then rendered again
// from the same answer with guardScript in place (so whatever the data
// could run or inject runs into the guard), at the popup's real width
// (popup.css makes the body 460 px).
type auditPopup struct{ *Popup }

func openAuditPopup(ctx context.Context, t *testing.T, rig *Rig, tabID int) *auditPopup {
	t.Helper()
	p, view, err := rig.OpenPopup(ctx, tabID, 15*time.Second)
	require.NoError(t, err, view.Describe())
	a := &auditPopup{p} // the caller cancels it
	require.NoError(t, a.guard(ctx))
	return a
}

func (a *auditPopup) guard(ctx context.Context) error {
	c, cancel := joinContext(a.Ctx, ctx)
	defer cancel()
	if err := chromedp.Do(c, chromedp.EmulateViewport(460, 600)); err != nil {
		return err
	}
	_, err := Eval[bool](ctx, a.Tab, guardedRender+`()`)
	return err
}

// guardedRender waits for popup.js to render the worker's answer (no
// polling: it watches #main's aria-busy), fails if that first render ran a
// payload, then installs guardScript and renders again.
const guardedRender = `(async () => {
  const m = document.getElementById('main');
  if (m.getAttribute('aria-busy') !== 'false') {
    await new Promise(r => new MutationObserver((_, o) => {
      if (m.getAttribute('aria-busy') === 'false') { o.disconnect(); r(); }
    }).observe(m, {attributes: true}));
  }
  if (window.__pwned || document.title !== 'Auth Doctor') throw new Error('the first render ran a payload');
` + guardScript + `
  render();
  return true;
})`

// hostileRun is one hostile case as run in the browser.
type hostileRun struct {
	outcome string
	audit   popupAuditResult
	err     error
	// steps is how long each step took (page, popup and audit), for the log.
	steps [4]time.Duration
}

// hostileParallel is how many cases run at once, each pair in its own page
// tab and popup tab: a case mostly waits (on the network, the worker, the
// popup's render), so more tabs than cores pays.
const hostileParallel = 6

// runHostile runs every case on hostileParallel pairs of tabs and returns
// the results in case order. Errors are kept per case, for the subtests.
func runHostile(ctx context.Context, rig *Rig, cases []lab.HostileCase) []hostileRun {
	runs := make([]hostileRun, len(cases))
	next := make(chan int, len(cases))
	for i := range cases {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(hostileParallel, len(cases)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h, err := newHostileTabs(ctx, rig)
			defer h.close()
			for i := range next {
				if err != nil {
					runs[i].err = err
					continue
				}
				runs[i] = h.run(ctx, cases[i])
			}
		}()
	}
	wg.Wait()
	return runs
}

// hostileTabs is one page tab and the popup tab that audits it.
type hostileTabs struct {
	rig   *Rig
	page  *Tab
	popup *auditPopup
	tabID int // the page tab's chrome.tabs id, once known
}

func newHostileTabs(ctx context.Context, rig *Rig) (*hostileTabs, error) {
	h := &hostileTabs{rig: rig, tabID: -1}
	var err error
	if h.page, err = rig.OpenTab(ctx, "about:blank"); err != nil {
		return h, err
	}
	p, err := rig.OpenTab(ctx, "about:blank")
	h.popup = &auditPopup{&Popup{Tab: p}}
	if err != nil {
		return h, err
	}
	c, cancel := joinContext(p.Ctx, ctx)
	defer cancel()
	return h, chromedp.Do(c, chromedp.EmulateViewport(460, 600))
}

func (h *hostileTabs) close() {
	if h.page != nil {
		h.page.Cancel()
	}
	if h.popup != nil {
		h.popup.Cancel()
	}
}

func (h *hostileTabs) run(ctx context.Context, c lab.HostileCase) (run hostileRun) {
	title := "done:hostile-" + c.Name
	t0 := time.Now()
	_ = h.page.Start(ctx, c.URL)
	if run.err = h.page.WaitTitle(ctx, title, 15*time.Second); run.err != nil {
		return run
	}
	if run.outcome, run.err = h.page.Outcome(ctx); run.err != nil {
		return run
	}
	if h.tabID < 0 {
		if h.tabID, run.err = h.rig.TabID(ctx, title); run.err != nil {
			return run
		}
	}
	run.steps[0] = time.Since(t0)
	c2, cancel := joinContext(h.popup.Ctx, ctx)
	defer cancel()
	h.popup.TabID = h.tabID
	if run.err = chromedp.Do(c2, chromedp.Navigate(h.rig.PopupURL(h.tabID))); run.err != nil {
		return run
	}
	run.steps[1] = time.Since(t0)
	if _, run.err = Eval[bool](ctx, h.popup.Tab, guardedRender+`()`); run.err != nil {
		return run
	}
	run.steps[2] = time.Since(t0)
	run.audit, run.err = Eval[popupAuditResult](ctx, h.popup.Tab, popupAudit+`()`)
	run.steps[3] = time.Since(t0)
	return run
}

// TestHostilePopup opens the real popup on every hostile lab case (script,
// markup, CSS and Markdown injection, bidi and zero-width characters,
// control characters, invalid UTF-8, 100 KB values, 500 cookies, placed in
// realms, error codes, JWT claims, cookie names, Set-Cookie lines, URLs and
// Server headers) and checks no script ran, nothing was injected, every
// string of the report is on the page as text, the layout held and long
// values are shortened with a working Copy.
func TestHostilePopup(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cases := rig.Lab.HostileCases()
	require.GreaterOrEqual(t, len(cases), 50)
	start := time.Now()
	runs := runHostile(ctx, rig, cases)
	t.Logf("%d cases on %d tab pairs in %s", len(cases), hostileParallel, time.Since(start).Round(time.Millisecond))

	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			run := runs[i]
			t.Logf("done at page %s, popup loaded %s, rendered %s, audited %s", run.steps[0].Round(time.Millisecond), run.steps[1].Round(time.Millisecond), run.steps[2].Round(time.Millisecond), run.steps[3].Round(time.Millisecond))
			require.NoError(t, run.err)
			require.Contains(t, []string{"api -> 401", "api -> 401 (Basic, aborted)"}, run.outcome, "the hostile 401 did not reach the page")
			a := run.audit
			require.True(t, a.Guard, "the guard script did not run in the popup")
			assert.Zero(t, a.Pwned, "a payload ran script")
			assert.Zero(t, a.PwnedAfterClicks, "a payload ran script when Copy was clicked")
			assert.Empty(t, a.CSP, "CSP violations")
			assert.Equal(t, "Auth Doctor", a.Title)
			assert.Empty(t, a.Problems, "the popup differs from the report it rendered")
			assert.Equal(t, 1, a.Failures, "the 401 was recorded once")
			assert.NotEmpty(t, a.Findings)
			assert.Equal(t, a.Findings, a.Shown, "the finding list is the report's, in order")
			assert.LessOrEqual(t, a.ScrollWidth, a.InnerWidth, "the popup got wider than its window")
			assert.True(t, a.ClearVisible, "the clear button is not on screen")
			assert.True(t, a.ClearEnabled)
			assert.Equal(t, a.LongTexts, a.Copied, "Copy copies each shortened value in full")
			checkMarkdown(t, a.Markdown, len(a.Findings))
		})
	}
}

// checkMarkdown: the copied report, read by a CommonMark (+GFM) parser as
// an issue tracker would, has no link, image, autolink or HTML, and no
// heading but the report's own (one title, one per finding): every value
// from the network stayed text.
func checkMarkdown(t *testing.T, md string, findings int) {
	t.Helper()
	require.NotEmpty(t, md, "Copy report copied nothing")
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	headings := 0
	require.NoError(t, ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindAutoLink, ast.KindRawHTML, ast.KindHTMLBlock:
			t.Errorf("the report has a %s: %q", n.Kind(), md)
		case ast.KindHeading:
			headings++
		}
		return ast.WalkContinue, nil
	}))
	assert.Equal(t, 1+findings, headings, "headings in %q", md)
}

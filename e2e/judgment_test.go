package e2e

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The engine decides; the extension captures and draws. Each test below is
// a case where the worker or the popup once judged on their own and the
// user saw the difference (issue "One judgment").

// judgedPage opens pageURL, runs js there (it must resolve), titles the tab
// and returns it with its id.
func judgedPage(ctx context.Context, t *testing.T, rig *Rig, pageURL, title, js string) (*Tab, int) {
	t.Helper()
	tab, err := rig.OpenTab(ctx, pageURL)
	require.NoError(t, err)
	t.Cleanup(tab.Cancel)
	_, err = Eval[string](ctx, tab, `(async () => {
	  try { `+js+` } catch (e) { /* a failed fetch is the point */ }
	  document.title = `+strconv.Quote(title)+`;
	  return 'ok';
	})()`)
	require.NoError(t, err)
	id, err := rig.TabID(ctx, title)
	require.NoError(t, err)
	return tab, id
}

func waitBadge(ctx context.Context, t *testing.T, rig *Rig, id int, want string) {
	t.Helper()
	var got string
	ok := assert.Eventually(t, func() bool {
		got, _ = rig.Badge(ctx, id)
		return got == want
	}, 10*time.Second, 50*time.Millisecond)
	if !ok {
		t.Fatalf("badge %q, want %q", got, want)
	}
}

// popupPrimary reports the popup's primary action ("" when none) and
// whether the clear button is there at all.
func popupPrimary(ctx context.Context, t *testing.T, p *Popup) (primary string, clearShown bool) {
	t.Helper()
	out, err := chromedp.Run(p.Ctx, chromedp.Evaluate[[2]string](`(() => {
	  const p = document.querySelectorAll('[data-primary]');
	  if (p.length > 1) return ['several', ''];
	  const c = document.querySelector('[data-action="clear-site-data"]');
	  return [p.length ? p[0].dataset.action : '', c && !c.hidden && c.getClientRects().length ? 'yes' : ''];
	})()`))
	require.NoError(t, err)
	require.NotEqual(t, "several", out[0], "more than one primary action")
	return out[0], out[1] == "yes"
}

// TestJudgedForbiddenIsBadged: a 403 from a security layer (an explicit
// block marker, no credentials sent) is a failure the engine explains; the
// worker once recorded a 403 only after credentials or with a challenge.
func TestJudgedForbiddenIsBadged(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const host = "judge-waf.test"
	blocked := rig.Lab.ScriptURL(host, true, lab.Script{ID: "judge-waf", Actual: &lab.Reply{Status: 403,
		Headers: [][2]string{{"Server", "cloudflare"}, {"cf-mitigated", "challenge"}, {"cf-ray", "8f1c2d3e4a5b6c7d-AMS"}}}})
	_, id := judgedPage(ctx, t, rig, rig.Lab.URL(host, true, "/page"), "judge:waf",
		`await fetch(`+strconv.Quote(blocked)+`, {credentials: 'omit'});`)
	waitBadge(ctx, t, rig, id, "403")
	p, view, err := rig.OpenPopup(ctx, id, 20*time.Second)
	require.NoError(t, err)
	defer p.Cancel()
	assert.Equal(t, "waf-block", view.First(), view.Describe())
	primary, shown := popupPrimary(ctx, t, p)
	assert.Empty(t, primary, "a firewall block is the server's: no clear offered as the fix")
	assert.True(t, shown, "the secondary clear stays available")
}

// TestJudgedRedirectLoopIsNotCORS: a login redirect loop ends without a
// response, which the worker once badged "CORS".
func TestJudgedRedirectLoopIsNotCORS(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const host = "judge-loop.test"
	// /s/<name>/... paths are the lab's scenario endpoints; a script that
	// redirects to a page of the same origin that redirects back would need
	// its own URL inside itself, so the loop goes through a fragment: the
	// same URL again, which Chromium follows until ERR_TOO_MANY_REDIRECTS.
	loop := rig.Lab.ScriptURL(host, true, lab.Script{ID: "judge-loop", Actual: &lab.Reply{}, Redirect: &lab.Redirect{Status: 302, Location: "#again"}})
	_, id := judgedPage(ctx, t, rig, rig.Lab.URL(host, true, "/page"), "judge:loop",
		`await fetch(`+strconv.Quote(loop)+`);`)
	waitBadge(ctx, t, rig, id, "LOOP")
	p, view, err := rig.OpenPopup(ctx, id, 20*time.Second)
	require.NoError(t, err)
	defer p.Cancel()
	assert.Equal(t, "login-redirect-loop", view.First(), view.Describe())
}

// TestJudgedServerSideCORSOffersNoPrimaryClear: a preflight the API answers
// 401 is the server's to fix; the popup once offered to wipe both origins.
func TestJudgedServerSideCORSOffersNoPrimaryClear(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	page := rig.Lab.URL("judge-app.test", true, "/page")
	origin := strings.TrimSuffix(page, "/page")
	api := rig.Lab.ScriptURL("judge-api.test", true, lab.Script{ID: "judge-preflight",
		Preflight: &lab.Reply{Status: 401, Headers: [][2]string{{"Access-Control-Allow-Origin", origin}, {"WWW-Authenticate", `Bearer realm="api"`}}},
		Actual:    &lab.Reply{Headers: [][2]string{{"Access-Control-Allow-Origin", origin}}}})
	_, id := judgedPage(ctx, t, rig, page, "judge:preflight",
		`await fetch(`+strconv.Quote(api)+`, {method: 'PUT', headers: {'Content-Type': 'application/json', Authorization: 'Bearer abc'}, body: '{}'});`)
	waitBadge(ctx, t, rig, id, "CORS")
	p, view, err := rig.OpenPopup(ctx, id, 20*time.Second)
	require.NoError(t, err)
	defer p.Cancel()
	assert.Equal(t, "cors-preflight-invalid-status", view.First(), view.Describe())
	primary, shown := popupPrimary(ctx, t, p)
	assert.Empty(t, primary, "clearing this browser's data cannot fix a server's preflight answer")
	assert.True(t, shown)
	text, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](`document.body.innerText`))
	require.NoError(t, err)
	assert.Contains(t, text, "will not fix", "the popup says plainly that clearing will not help")
	assert.NotContains(t, text, "judge-api.test and", "the third-party API is not in the default clear")
}

// TestJudgedCookieReadsStayInTheSite: a page on app.shop.co.uk is
// diagnosed with the cookies of shop.co.uk only. The worker once guessed
// the domain from the last two labels and read every *.co.uk cookie into
// the worker and the engine.
func TestJudgedCookieReadsStayInTheSite(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// Another site under the same public suffix, with a cookie.
	theirs := rig.Lab.ScriptURL("other.co.uk", false, lab.Script{ID: "judge-couk-other", Actual: &lab.Reply{Body: "ok",
		Headers: [][2]string{{"Set-Cookie", "theirs=secret; Path=/; Max-Age=3600"}}}})
	otherTab, err := rig.OpenTab(ctx, theirs)
	require.NoError(t, err)
	otherTab.Cancel()
	jar, err := ExtEval[string](ctx, rig, `chrome.cookies.getAll({domain: 'other.co.uk'}).then(cs => cs.map(c => c.name).join(' '))`)
	require.NoError(t, err)
	require.Equal(t, "theirs", jar, "the other site's cookie must exist for the test to mean anything")

	w := workerTarget(ctx, t, rig)
	defer func() { require.NoError(t, rig.RestartWorker(context.Background())) }()
	_, err = chromedp.Run(w, chromedp.Evaluate[bool](`(() => {
	  const orig = chrome.cookies.getAll.bind(chrome.cookies);
	  globalThis.__reads = [];
	  chrome.cookies.getAll = async (filter) => {
	    const got = await orig(filter);
	    globalThis.__reads.push({filter, domains: got.map(c => c.domain)});
	    return got;
	  };
	  return true;
	})()`))
	require.NoError(t, err)

	const host = "app.shop.co.uk"
	set := rig.Lab.ScriptURL(host, false, lab.Script{ID: "judge-couk-set", Actual: &lab.Reply{Status: 204,
		Headers: [][2]string{{"Set-Cookie", "sid=1; Domain=shop.co.uk; Path=/; Max-Age=3600"}}}})
	fail := rig.Lab.ScriptURL(host, false, lab.Script{ID: "judge-couk", Actual: &lab.Reply{Status: 401,
		Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="shop", error="invalid_token"`}}}})
	_, id := judgedPage(ctx, t, rig, rig.Lab.URL(host, false, "/page"), "judge:couk",
		`await fetch(`+strconv.Quote(set)+`); await fetch(`+strconv.Quote(fail)+`, {headers: {Authorization: 'Bearer x'}});`)
	waitBadge(ctx, t, rig, id, "401")
	// The diagnosis is stored once the failures stop: its jar was read then.
	require.Eventually(t, func() bool {
		ok, _ := ExtEval[bool](ctx, rig, `chrome.storage.session.get('report:`+strconv.Itoa(id)+`').then(g => !!g['report:`+strconv.Itoa(id)+`'])`)
		return ok
	}, 15*time.Second, 100*time.Millisecond)
	raw, err := chromedp.Run(w, chromedp.Evaluate[string](`JSON.stringify(globalThis.__reads || null)`))
	require.NoError(t, err)
	var reads []struct {
		Filter  map[string]any `json:"filter"`
		Domains []string       `json:"domains"`
	}
	require.NoError(t, json.Unmarshal([]byte(raw), &reads), raw)
	require.NotEmpty(t, reads, "the diagnosis read no cookie at all")
	sawOwn := false
	for _, r := range reads {
		if d, ok := r.Filter["domain"].(string); ok {
			assert.True(t, d == "shop.co.uk" || strings.HasSuffix(d, ".shop.co.uk"), "cookies read for domain %q", d)
		}
		for _, d := range r.Domains {
			d = strings.TrimPrefix(d, ".")
			assert.True(t, d == "shop.co.uk" || strings.HasSuffix(d, ".shop.co.uk"), "a cookie of %q reached the worker (filter %v)", d, r.Filter)
			sawOwn = true
		}
	}
	assert.True(t, sawOwn, "the site's own cookie was not read: %s", raw)
}

package e2e

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClearSiteData, for every reproducible scenario whose cause is fixed by
// clearing: the popup's clear button removes the scenario origin's cookies,
// HTTP cache and storage — checked in the browser (Storage.getCookies, the
// page's localStorage and Cache Storage) and at the lab (the cookie no longer
// arrives, the cached URL is fetched again) — while another site's cookie
// survives; the tab reloads and now succeeds; Undo restores the cookies.
// The scenario must have failed first: its setup planted the broken state
// once, and the reload runs only the app's own steps (sign in unless a
// session is remembered, then call the API).
// Serial: clearing is per registrable domain, which all scenarios share.
func TestClearSiteData(t *testing.T) {
	rig := browserRig(t)
	var targets []lab.Scenario
	for _, s := range Reproducible(rig.Lab.Scenarios()) {
		if s.Cause != "" && ClearingFixes(s.Cause) {
			targets = append(targets, s)
		}
	}
	require.NotEmpty(t, targets, "no reproducible scenario whose cause is fixed by clearing")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// A cookie of another site, set first-party, that clearing must spare.
	other := rig.Lab.ScriptURL("other.test", true, lab.Script{ID: "e2e-other", Actual: &lab.Reply{
		Headers: [][2]string{{"Set-Cookie", "e2e_keep=1; Path=/; Secure; SameSite=None; Max-Age=3600"}}}})
	otherTab, err := rig.OpenTab(ctx, other)
	require.NoError(t, err)
	otherTab.Cancel()

	for _, s := range targets {
		t.Run(s.Name, func(t *testing.T) { checkClear(t, rig, s) })
	}
}

func checkClear(t *testing.T, rig *Rig, s lab.Scenario) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tab, tabID, err := rig.RunScenario(ctx, s)
	defer tab.Cancel()
	require.NoError(t, err)
	// The page's origin at the end (a scenario may navigate elsewhere): the
	// popup clears it, so the probes are planted there.
	here, err := Eval[string](ctx, tab, `location.href`)
	require.NoError(t, err)
	page, err := url.Parse(here)
	require.NoError(t, err)
	// The setup ran once and the page took its plain URL back: a reload runs
	// the app's own steps, not the broken setup again.
	assert.False(t, page.Query().Has("setup"), "the page kept its setup URL: %s", here)
	first, err := tab.Outcome(ctx)
	require.NoError(t, err)
	require.False(t, Succeeded(first), "the scenario did not fail before clearing: %q", first)
	host := page.Hostname()
	secure := page.Scheme == "https"
	scope := registrable(host)

	// Plant data of each kind on the scenario's origin: a cookie, a
	// localStorage item, a Cache Storage entry, and a cached HTTP response.
	probe := "e2e_probe_" + strings.NewReplacer("-", "_").Replace(s.Name)
	attrs := "; Path=/; Max-Age=3600"
	if secure {
		attrs += "; Secure; SameSite=None"
	}
	setCookie := rig.Lab.ScriptURL(host, secure, lab.Script{ID: "e2e-set-" + s.Name, Actual: &lab.Reply{
		Headers: [][2]string{{"Set-Cookie", probe + "=1" + attrs}}}})
	cached := rig.Lab.ScriptURL(host, secure, lab.Script{ID: "e2e-cache-" + s.Name, Actual: &lab.Reply{
		Headers: [][2]string{{"Cache-Control", "max-age=3600"}}, Body: "cached"}})
	_, err = Eval[string](ctx, tab, `(async () => {
	  await fetch(`+strconv.Quote(setCookie)+`, {credentials: "include"});
	  localStorage.setItem("e2e", "1");
	  // Cache Storage exists only in secure contexts.
	  if (self.caches) { const c = await caches.open("e2e"); await c.put(new URL("/e2e-cache", location.origin).href, new Response("x")); }
	  // The body must be read for the response to be stored in the cache.
	  await (await fetch(`+strconv.Quote(cached)+`)).text(); await (await fetch(`+strconv.Quote(cached)+`)).text();
	  return "ok";
	})()`)
	require.NoError(t, err)
	// Chromium stores nothing in its HTTP cache from a connection with a
	// certificate error, and the lab's HTTPS certificate is self-signed: the
	// HTTP-cache probe only works on an http page.
	httpCache := !secure
	if httpCache {
		require.Len(t, rig.Lab.Log("e2e-cache-"+s.Name), 1, "the second fetch should come from the HTTP cache")
	}
	jar, err := rig.Cookies(ctx)
	require.NoError(t, err)
	before := cookiesIn(jar, scope)
	require.Contains(t, before, probe)

	popup, view, err := rig.OpenPopup(ctx, tabID, 10*time.Second)
	defer popup.Cancel()
	require.NoError(t, err, view.Describe())
	// Which finding comes first is the scenarios test's business; here it
	// only shows in the log.
	t.Logf("before clearing: %q; first finding %q (scenario cause %s)", first, view.First(), s.Cause)
	_, err = Eval[string](ctx, tab, `document.title = "cleared?"`)
	require.NoError(t, err)
	require.NoError(t, popup.Click(ctx, `[data-action="clear-site-data"]`))
	_, err = popup.WaitFor(ctx, `[data-cleared]`)
	require.NoError(t, err, "no [data-cleared] after clicking clear")
	cleared, err := popup.Attr(ctx, `[data-cleared]`, "data-cleared")
	require.NoError(t, err)
	for _, kind := range []string{"cookies", "cache", "localStorage", "cacheStorage"} {
		assert.Contains(t, strings.Fields(cleared), kind, "data-cleared=%q", cleared)
	}

	t.Run("browser: cookies of the origin gone, other site kept", func(t *testing.T) {
		jar, err := rig.Cookies(ctx)
		require.NoError(t, err)
		assert.NotContains(t, cookiesIn(jar, scope), probe)
		assert.Contains(t, cookiesIn(jar, "other.test"), "e2e_keep")
	})

	// The extension reloads the tab after clearing.
	reloadErr := tab.WaitTitle(ctx, "done:"+s.Name, ScenarioWait)
	t.Run("reloaded page succeeds", func(t *testing.T) {
		require.NoError(t, reloadErr, "the tab did not reload and finish after clearing")
		out, err := tab.Outcome(ctx)
		require.NoError(t, err)
		assert.True(t, Succeeded(out), "last outcome after clearing: %q", out)
	})

	t.Run("browser: storage and cache storage gone", func(t *testing.T) {
		got, err := Eval[string](ctx, tab, `(self.caches ? caches.keys() : Promise.resolve([])).then(k => String(localStorage.getItem("e2e")) + "/" + k.includes("e2e"))`)
		require.NoError(t, err)
		assert.Equal(t, "null/false", got)
	})
	t.Run("lab: the cookie no longer arrives, the cached URL is fetched again", func(t *testing.T) {
		id := "e2e-after-" + s.Name
		after := rig.Lab.ScriptURL(host, secure, lab.Script{ID: id, Actual: &lab.Reply{}})
		_, err := Eval[string](ctx, tab, `Promise.all([fetch(`+strconv.Quote(after)+`, {credentials: "include"}), fetch(`+strconv.Quote(cached)+`).then(r => r.text())]).then(() => "ok")`)
		require.NoError(t, err)
		got := rig.Lab.Log(id)
		require.Len(t, got, 1)
		assert.NotContains(t, got[0].Header("Cookie"), probe)
		if httpCache {
			assert.Len(t, rig.Lab.Log("e2e-cache-"+s.Name), 2, "the HTTP cache still answered")
		}
	})
	t.Run("lab: the other site's cookie still arrives", func(t *testing.T) {
		id := "e2e-other-after-" + s.Name
		u := rig.Lab.ScriptURL("other.test", true, lab.Script{ID: id, Actual: &lab.Reply{}})
		o, err := rig.OpenTab(ctx, u)
		defer o.Cancel()
		require.NoError(t, err)
		got := rig.Lab.Log(id)
		require.Len(t, got, 1)
		assert.Contains(t, got[0].Header("Cookie"), "e2e_keep=1")
	})

	t.Run("undo restores the cookies", func(t *testing.T) {
		require.NoError(t, popup.Click(ctx, `[data-action="undo-clear"]`))
		deadline := time.Now().Add(10 * time.Second)
		var now []string
		for time.Now().Before(deadline) {
			jar, err := rig.Cookies(ctx)
			require.NoError(t, err)
			now = cookiesIn(jar, scope)
			if slices.Contains(now, probe) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		for _, name := range before {
			assert.Contains(t, now, name, "cookie not restored")
		}
	})
}

// cookiesIn lists the names of the jar's cookies within a registrable domain.
func cookiesIn(jar []BrowserCookie, domain string) []string {
	var out []string
	for _, c := range jar {
		d := strings.TrimPrefix(c.Domain, ".")
		if d == domain || strings.HasSuffix(d, "."+domain) {
			out = append(out, c.Name)
		}
	}
	return out
}

// registrable is the lab host's registrable domain: "test" is not a public
// suffix, so it is the last two labels (app.shop.test → shop.test).
func registrable(host string) string {
	labels := strings.Split(host, ".")
	if len(labels) <= 2 {
		return host
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

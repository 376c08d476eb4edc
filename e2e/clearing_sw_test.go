package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// swScopes lists the scopes of the service workers registered for the tab's
// origin.
const swScopes = `navigator.serviceWorker.getRegistrations().then(rs => rs.map(r => r.scope).sort())`

// clearFromPopup makes tab fail with a 401 on its own origin (retitling it
// title), opens the real popup for it and clicks its clear button.
func clearFromPopup(ctx context.Context, t *testing.T, rig *Rig, tab *Tab, host string, secure bool, title string) {
	t.Helper()
	fail := rig.Lab.ScriptURL(host, secure, lab.Script{ID: "clearing-sw-fail-" + title, Actual: &lab.Reply{Status: 401,
		Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="c", error="invalid_token"`}}}})
	_, err := Eval[string](ctx, tab, `fetch(`+strconv.Quote(fail)+`, {headers: {Authorization: 'Bearer x'}}).then(() => document.title = `+strconv.Quote(title)+`)`)
	require.NoError(t, err)
	tabID, err := rig.TabID(ctx, title)
	require.NoError(t, err)
	require.Eventually(t, func() bool { b, _ := rig.Badge(ctx, tabID); return b == "401" }, 10*time.Second, 20*time.Millisecond)
	popup, view, err := rig.OpenPopup(ctx, tabID, 15*time.Second)
	require.NoError(t, err, view.Describe())
	defer popup.Cancel()
	require.NoError(t, popup.Click(ctx, `[data-action="clear-site-data"]`))
	_, err = popup.WaitFor(ctx, `[data-cleared]`)
	require.NoError(t, err)
}

// TestClearingServiceWorkersAndCache covers the two kinds TestClearingScope
// cannot plant from a page's storage APIs: service workers and the HTTP
// cache, on the failing page's origin (app.shop.test), a same-site sibling
// (api.shop.test) and an unrelated site (keep-clear.test).
func TestClearingServiceWorkersAndCache(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	roles := []string{"target", "sibling", "other"}
	hosts := map[string]string{"target": "app.shop.test", "sibling": "api.shop.test", "other": "keep-clear.test"}
	// Unique per run, so neither log nor cache carries over from an earlier test.
	run := strconv.FormatInt(time.Now().UnixNano(), 36)

	t.Run("service workers", func(t *testing.T) {
		// Service workers need a secure context: http://*.test is not one, so
		// these origins are https (the lab's self-signed certificate, accepted
		// by --ignore-certificate-errors).
		tabs := map[string]*Tab{}
		for _, role := range roles {
			tab, err := rig.OpenTab(ctx, rig.Lab.URL(hosts[role], true, "/page"))
			require.NoError(t, err)
			defer tab.Cancel()
			tabs[role] = tab
			sw := rig.Lab.ScriptURL(hosts[role], true, lab.Script{ID: "clearing-sw-" + role + "-" + run, Actual: &lab.Reply{Status: 200,
				Headers: [][2]string{{"Content-Type", "text/javascript"}}, Body: "self.addEventListener('fetch', () => {});"}})
			scope, err := Eval[string](ctx, tab, `navigator.serviceWorker.register(`+strconv.Quote(sw)+`).then(() => navigator.serviceWorker.ready).then(r => r.scope, e => 'error: ' + e.name + ': ' + e.message)`)
			require.NoError(t, err)
			require.Equal(t, rig.Lab.URL(hosts[role], true, "/"), scope, role)
		}
		clearFromPopup(ctx, t, rig, tabs["target"], hosts["target"], true, "clearing-sw-target-"+run)

		probe, err := rig.OpenTab(ctx, rig.Lab.URL(hosts["target"], true, "/page"))
		require.NoError(t, err)
		defer probe.Cancel()
		got, err := Eval[[]string](ctx, probe, swScopes)
		require.NoError(t, err)
		assert.Empty(t, got, "target: its service worker is unregistered")
		for _, role := range []string{"sibling", "other"} {
			got, err := Eval[[]string](ctx, tabs[role], swScopes)
			require.NoError(t, err)
			assert.Equal(t, []string{rig.Lab.URL(hosts[role], true, "/")}, got, role)
		}
	})

	t.Run("HTTP cache", func(t *testing.T) {
		// Plain http, so the failing page and the cached responses share the
		// origin that the popup clears.
		tabs := map[string]*Tab{}
		urls := map[string]string{}
		ids := map[string]string{}
		fetchOnce := func(tab *Tab, u string) {
			t.Helper()
			_, err := Eval[string](ctx, tab, `fetch(`+strconv.Quote(u)+`).then(r => r.text())`)
			require.NoError(t, err)
		}
		hits := func(role string) int { return len(rig.Lab.Log(ids[role])) }
		for _, role := range roles {
			tab, err := rig.OpenTab(ctx, rig.Lab.URL(hosts[role], false, "/page"))
			require.NoError(t, err)
			defer tab.Cancel()
			tabs[role] = tab
			ids[role] = "clearing-httpcache-" + role + "-" + run
			urls[role] = rig.Lab.ScriptURL(hosts[role], false, lab.Script{ID: ids[role], Actual: &lab.Reply{Status: 200,
				Headers: [][2]string{{"Cache-Control", "max-age=600"}, {"Content-Type", "text/plain"}}, Body: role}})
			fetchOnce(tab, urls[role])
			fetchOnce(tab, urls[role])
			require.Equal(t, 1, hits(role), "%s: the second fetch was served from the HTTP cache", role)
		}
		clearFromPopup(ctx, t, rig, tabs["target"], hosts["target"], false, "clearing-httpcache-target-"+run)

		// Fresh tabs: same top-level site, so the same cache partition as
		// the tabs that filled it (the target's own tab is reloading).
		want := map[string]int{"target": 2, "sibling": 1, "other": 1}
		why := map[string]string{
			"target":  "its cached response is gone: the fetch reached the lab",
			"sibling": "same site, other origin: still served from its cache (Chromium clears the HTTP cache per origin)",
			"other":   "another site: still served from its cache",
		}
		for _, role := range roles {
			probe, err := rig.OpenTab(ctx, rig.Lab.URL(hosts[role], false, "/page"))
			require.NoError(t, err)
			defer probe.Cancel()
			fetchOnce(probe, urls[role])
			assert.Equal(t, want[role], hits(role), "%s: %s", role, why[role])
		}
	})
}

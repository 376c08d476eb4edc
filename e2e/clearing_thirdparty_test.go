package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClearingSparesThirdParty: a page's call to another site's API fails
// with a stale session there. The clear the popup offers by default touches
// the page's site only — the third party's cookies and storage stay — and
// the third party is cleared only once the user ticks it (issue 12, item 5:
// an ad frame's or an embed's failing call must not wipe, say, every
// *.google.com cookie).
func TestClearingSparesThirdParty(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	page, api := rig.Lab.Origin("tp-page.test", true), rig.Lab.Origin("tp-api.test", true)

	// The third party: a session cookie and storage of its own.
	set := rig.Lab.ScriptURL("tp-api.test", true, lab.Script{ID: "tp-set", Actual: &lab.Reply{Body: "ok", Headers: [][2]string{
		{"Set-Cookie", "tp_sid=stale; Path=/; Secure; SameSite=None; Max-Age=3600"}}}})
	apiTab, err := rig.OpenTab(ctx, set)
	require.NoError(t, err)
	defer apiTab.Cancel()
	require.NoError(t, apiTab.Navigate(ctx, api+"/page"))
	_, err = Eval[string](ctx, apiTab, plantData)
	require.NoError(t, err)

	// The page: its own cookie and storage, then the failing call.
	setPage := rig.Lab.ScriptURL("tp-page.test", true, lab.Script{ID: "tp-page-set", Actual: &lab.Reply{Body: "ok", Headers: [][2]string{
		{"Set-Cookie", "page_sid=1; Path=/; Secure; SameSite=Lax; Max-Age=3600"}}}})
	tab, err := rig.OpenTab(ctx, setPage)
	require.NoError(t, err)
	defer tab.Cancel()
	require.NoError(t, tab.Navigate(ctx, page+"/page"))
	_, err = Eval[string](ctx, tab, plantData)
	require.NoError(t, err)
	fail := rig.Lab.ScriptURL("tp-api.test", true, lab.Script{ID: "tp-fail", Actual: &lab.Reply{Status: 401, Headers: [][2]string{
		{"WWW-Authenticate", `Bearer realm="tp", error="invalid_token"`},
		{"Access-Control-Allow-Origin", page}, {"Access-Control-Allow-Credentials", "true"}}}})
	_, err = Eval[string](ctx, tab, `fetch(`+strconv.Quote(fail)+`, {credentials: 'include'}).then(r => document.title = 'tp:' + r.status)`)
	require.NoError(t, err)
	tabID, err := rig.TabID(ctx, "tp:401")
	require.NoError(t, err)
	require.Eventually(t, func() bool { b, _ := rig.Badge(ctx, tabID); return b == "401" }, 10*time.Second, 20*time.Millisecond)

	popup, view, err := rig.OpenPopup(ctx, tabID, 15*time.Second)
	require.NoError(t, err, view.Describe())
	defer popup.Cancel()
	host := func(o string) string { return strings.TrimPrefix(o, "https://") }
	label, err := Eval[string](ctx, popup.Tab, `document.getElementById('clear').textContent`)
	require.NoError(t, err)
	assert.NotContains(t, label, host(api), "the default clear names the third party")
	boxes, err := Eval[[]string](ctx, popup.Tab, `[...document.querySelectorAll('#optional input[type=checkbox]')].map(b => b.value + '=' + b.checked)`)
	require.NoError(t, err)
	assert.Equal(t, []string{api + "=false"}, boxes, "the third party is offered, unticked")

	tpCookies := func() []string { return cookieNames(jarOfDomain(ctx, t, rig, "tp-api.test")) }
	require.Contains(t, tpCookies(), "tp_sid")
	require.NoError(t, popup.Click(ctx, `[data-action="clear-site-data"]`))
	_, err = popup.WaitFor(ctx, `[data-cleared]`)
	require.NoError(t, err)
	assert.NotContains(t, cookieNames(jarOfDomain(ctx, t, rig, "tp-page.test")), "page_sid", "the page's own site was cleared")
	assert.Contains(t, tpCookies(), "tp_sid", "the third party's cookie was cleared without being ticked")
	left, err := Eval[storedKinds](ctx, apiTab, readData)
	require.NoError(t, err)
	assert.Equal(t, storedKinds{true, true, true}, left, "the third party's storage was cleared without being ticked")

	// Ticked, the third party goes too.
	// The clear reloaded the tab: once the page is back, it fails again.
	require.Eventually(t, func() bool {
		st, err := Eval[string](ctx, tab, `document.readyState + ' ' + document.title`)
		return err == nil && strings.HasPrefix(st, "complete") && !strings.Contains(st, "tp:401")
	}, 15*time.Second, 100*time.Millisecond)
	_, err = Eval[string](ctx, tab, `fetch(`+strconv.Quote(fail)+`, {credentials: 'include'}).then(r => document.title = 'tp2:' + r.status)`)
	require.NoError(t, err)
	tabID, err = rig.TabID(ctx, "tp2:401")
	require.NoError(t, err)
	require.Eventually(t, func() bool { b, _ := rig.Badge(ctx, tabID); return b == "401" }, 10*time.Second, 20*time.Millisecond)
	popup2, view2, err := rig.OpenPopup(ctx, tabID, 15*time.Second)
	require.NoError(t, err, view2.Describe())
	defer popup2.Cancel()
	_, err = Eval[bool](ctx, popup2.Tab, `(() => { document.querySelector('#optional input[type=checkbox]').click(); return true; })()`)
	require.NoError(t, err)
	require.NoError(t, popup2.Click(ctx, `[data-action="clear-site-data"]`))
	_, err = popup2.WaitFor(ctx, `[data-cleared]`)
	require.NoError(t, err)
	assert.NotContains(t, tpCookies(), "tp_sid", "ticked, the third party's cookie is cleared")
}

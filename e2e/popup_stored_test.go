package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countAsks runs in the popup before its own script and counts the
// diagnoses it asks the worker for.
const countAsks = `window.diagnoseAsked = 0;
{
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  chrome.runtime.sendMessage = (msg, ...rest) => {
    if (msg && msg.type === 'diagnose') window.diagnoseAsked++;
    return send(msg, ...rest);
  };
}`

// TestPopupShowsStoredDiagnosis: once a tab's failures stop arriving, the
// worker stores their diagnosis beside the record, and the popup shows it
// without asking the worker. Without a stored diagnosis covering the record
// the popup asks, gets the same findings, and the worker stores it again.
func TestPopupShowsStoredDiagnosis(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tab, id := faultPage(ctx, t, rig, "stored-report.test", "stored_report")
	defer tab.Cancel()
	n := strconv.Itoa(id)
	covered := `chrome.storage.session.get(['tab:` + n + `', 'report:` + n + `']).then((g) => {
	  const rec = g['tab:` + n + `'], rep = g['report:` + n + `'];
	  return !!(rec && rep && rep.report && rep.for === rec.failures.map((f) => f.id).join(' ') &&
	    rep.report.failures.length === 1 && rep.report.failures[0].exchangeId === rec.failures[0].id);
	})`
	stored := func() bool {
		ok, err := ExtEval[bool](ctx, rig, covered)
		return err == nil && ok
	}
	require.Eventually(t, stored, 10*time.Second, 20*time.Millisecond, "the worker stores the diagnosis")

	open := func(t *testing.T) (PopupView, int) {
		tctx, cancelTab := chromedp.NewContext(rig.Browser)
		p := &Popup{Tab: &Tab{Ctx: tctx, Cancel: cancelTab}}
		t.Cleanup(p.Cancel)
		require.NoError(t, chromedp.Do(tctx))
		_, err := chromedp.Call(tctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: countAsks})
		require.NoError(t, err)
		view, err := rig.ShowPopup(ctx, p, id, 20*time.Second)
		require.NoError(t, err, view.Describe())
		asked, err := Eval[int](ctx, p.Tab, `window.diagnoseAsked`)
		require.NoError(t, err)
		return view, asked
	}

	fromStore, asked := open(t)
	require.NotEmpty(t, fromStore.Findings, fromStore.Describe())
	assert.Equal(t, 0, asked, "a stored diagnosis is shown without asking the worker")
	assert.NotEmpty(t, fromStore.Engine, "the stored diagnosis names its engine")

	t.Run("missing", func(t *testing.T) {
		_, err := ExtEval[bool](ctx, rig, `chrome.storage.session.remove('report:`+n+`').then(() => true)`)
		require.NoError(t, err)
		has, err := ExtEval[bool](ctx, rig, covered)
		require.NoError(t, err)
		require.False(t, has)
		onDemand, asks := open(t)
		assert.Equal(t, 1, asks, "without a stored diagnosis the popup asks once")
		assert.Equal(t, fromStore.Findings, onDemand.Findings, "both paths show the same findings")
		assert.True(t, stored(), "the worker stored the diagnosis it computed")
	})

	t.Run("stale", func(t *testing.T) {
		// A report for other failures than the record's is not shown.
		_, err := ExtEval[bool](ctx, rig, `chrome.storage.session.get('report:`+n+`').then((g) => {
		  const rep = g['report:`+n+`']; rep.for = 'another-failure ' + rep.for;
		  return chrome.storage.session.set({'report:`+n+`': rep}).then(() => true);
		})`)
		require.NoError(t, err)
		view, asks := open(t)
		assert.Equal(t, 1, asks, "a report that does not cover the record is computed again")
		assert.Equal(t, fromStore.Findings, view.Findings)
		assert.True(t, stored())
	})
}

// TestStoredDiagnosisWhileFailing: a page that never stops failing (polling
// with an expired token) still gets its diagnosis stored, within about two
// seconds of its first failure, while it keeps failing.
func TestStoredDiagnosisWhileFailing(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const host = "polling.test"
	deny := rig.Lab.ScriptURL(host, true, lab.Script{ID: "polling-401", Actual: &lab.Reply{Status: 401,
		Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="p", error="invalid_token"`}}}})
	tab, err := rig.OpenTab(ctx, rig.Lab.URL(host, true, "/page"))
	require.NoError(t, err)
	defer tab.Cancel()
	// No timers: a background tab's are throttled. Each failure follows the
	// last at once, far closer than the worker's 300 ms quiet period.
	_, err = Eval[string](ctx, tab, `window.polling = (async () => {
	  document.title = 'polling';
	  for (let i = 0; !window.stopPolling; i++) await fetch(`+strconv.Quote(deny)+` + '&n=' + i, {headers: {Authorization: 'Bearer expired'}});
	  return 'stopped';
	})(); 'started'`)
	require.NoError(t, err)
	defer Eval[string](context.Background(), tab, `window.stopPolling = true; window.polling`) //nolint:errcheck
	id, err := rig.TabID(ctx, "polling")
	require.NoError(t, err)
	n := strconv.Itoa(id)
	var got struct{ Failures, Covered int }
	require.Eventually(t, func() bool {
		got, err = ExtEval[struct{ Failures, Covered int }](ctx, rig, `chrome.storage.session.get(['tab:`+n+`', 'report:`+n+`']).then((g) => {
		  const rec = g['tab:`+n+`'] || {failures: []}, rep = g['report:`+n+`'];
		  return {Failures: rec.failures.length, Covered: rep && rep.report ? rep.report.failures.length : 0};
		})`)
		return err == nil && got.Covered > 0
	}, 15*time.Second, 50*time.Millisecond, "no diagnosis was stored while the page kept failing: %+v %v", got, err)
	t.Logf("stored after %d requests: %+v", len(rig.Lab.Log("polling-401")), got)
	still, err := Eval[bool](ctx, tab, `!window.stopPolling`)
	require.NoError(t, err)
	assert.True(t, still, "the page was still failing")
	before := len(rig.Lab.Log("polling-401"))
	require.Eventually(t, func() bool { return len(rig.Lab.Log("polling-401")) > before+5 }, 10*time.Second, 20*time.Millisecond,
		"the page kept failing after the diagnosis was stored")
}

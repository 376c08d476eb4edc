package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

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

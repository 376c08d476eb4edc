package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// faultPage opens a page on host that makes one failing fetch (401 Bearer,
// with a cookie set first) and returns the tab and its chrome.tabs id.
func faultPage(ctx context.Context, t *testing.T, rig *Rig, host, name string) (*Tab, int) {
	t.Helper()
	set := rig.Lab.ScriptURL(host, true, lab.Script{ID: name + "-set", Actual: &lab.Reply{Status: 204,
		Headers: [][2]string{{"Set-Cookie", name + "=1; Path=/; Secure; SameSite=None; Max-Age=3600"}}}})
	fail := rig.Lab.ScriptURL(host, true, lab.Script{ID: name, Actual: &lab.Reply{Status: 401,
		Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="f", error="invalid_token"`}}}})
	tab, err := rig.OpenTab(ctx, rig.Lab.URL(host, true, "/page"))
	require.NoError(t, err)
	_, err = Eval[string](ctx, tab, `(async () => {
	  await fetch(`+strconv.Quote(set)+`, {credentials: 'include'});
	  await fetch(`+strconv.Quote(fail)+`, {headers: {Authorization: 'Bearer x'}, credentials: 'include'});
	  document.title = `+strconv.Quote("fault:"+name)+`;
	  return 'ok';
	})()`)
	require.NoError(t, err)
	id, err := rig.TabID(ctx, "fault:"+name)
	require.NoError(t, err)
	return tab, id
}

// workerTarget attaches to the extension's service worker.
func workerTarget(ctx context.Context, t *testing.T, rig *Rig) context.Context {
	t.Helper()
	ts, err := chromedp.Targets(rig.Browser)
	require.NoError(t, err)
	var id target.ID
	for _, tg := range ts {
		if tg.Type == "service_worker" && strings.HasPrefix(tg.URL, rig.ExtensionURL("")) {
			id = tg.TargetID
		}
	}
	require.NotEmpty(t, id, "no service worker target")
	wctx, cancel := chromedp.NewContext(rig.Browser, chromedp.WithTargetID(id))
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(wctx))
	return wctx
}

// TestFaultWorkerStopped: the worker is stopped between the failure and
// the popup (all its globals gone); the popup still shows the diagnosis,
// from chrome.storage.session, with the engine loaded again.
func TestFaultWorkerStopped(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tab, id := faultPage(ctx, t, rig, "fault-stop.test", "fault_stop")
	defer tab.Cancel()
	// The record is written before the worker goes.
	require.Eventually(t, func() bool {
		b, _ := rig.Badge(ctx, id)
		return b == "401"
	}, 10*time.Second, 50*time.Millisecond)
	require.NoError(t, rig.RestartWorker(ctx))
	p, view, err := rig.OpenPopup(ctx, id, 20*time.Second)
	require.NoError(t, err)
	defer p.Cancel()
	assert.NotEmpty(t, view.Findings, view.Describe())
	assert.NotEmpty(t, view.Engine, "the engine was loaded again")
	assert.Equal(t, "One failed request on this page.", view.Status)
}

// TestFaultClearRejects: browsingData.remove rejects (replaced in the live
// worker); the popup says clearing failed, nothing is lost (the record,
// the badge and the cookie stay) and no undo is offered.
func TestFaultClearRejects(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tab, id := faultPage(ctx, t, rig, "fault-clear.test", "fault_clear")
	defer tab.Cancel()
	w := workerTarget(ctx, t, rig)
	_, err := chromedp.Run(w, chromedp.Evaluate[bool](`chrome.browsingData.remove = () => Promise.reject(new Error('injected failure')); true`))
	require.NoError(t, err)
	// Whatever happens, the next test gets a worker with the real API.
	defer func() { require.NoError(t, rig.RestartWorker(context.Background())) }()

	p, view, err := rig.OpenPopup(ctx, id, 20*time.Second)
	require.NoError(t, err)
	defer p.Cancel()
	require.NotEmpty(t, view.Findings)
	// Undo entries an earlier test's clear left behind are not this test's.
	undoKeys := `chrome.storage.session.get(null).then(a => Object.keys(a).filter(k => k.startsWith('undo:')).sort().join(','))`
	undoBefore, err := ExtEval[string](ctx, rig, undoKeys)
	require.NoError(t, err)
	require.NoError(t, p.Click(ctx, `[data-action="clear-site-data"]`))
	require.Eventually(t, func() bool {
		s, _ := Eval[string](ctx, p.Tab, `document.getElementById('cleared').textContent`)
		return s != ""
	}, 10*time.Second, 50*time.Millisecond)
	got, err := Eval[[]string](ctx, p.Tab, `[document.getElementById('cleared').textContent,
	  String(document.querySelector('[data-cleared]') !== null), String(document.getElementById('undo').hidden),
	  String(document.querySelector('[data-action="clear-site-data"]').disabled)]`)
	require.NoError(t, err)
	assert.Equal(t, "Clearing failed: injected failure", got[0])
	assert.Equal(t, "false", got[1], "no [data-cleared] after a failed clear")
	assert.Equal(t, "true", got[2], "no undo after a failed clear")
	assert.Equal(t, "false", got[3], "the button can be tried again")

	n, err := ExtEval[int](ctx, rig, `chrome.runtime.sendMessage({type: 'diagnose', tabId: `+strconv.Itoa(id)+`}).then(r => r.failures.length)`)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the record survives")
	badge, err := rig.Badge(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "401", badge)
	jar, err := rig.Cookies(ctx)
	require.NoError(t, err)
	assert.Contains(t, cookiesIn(jar, "fault-clear.test"), "fault_clear")
	undo, err := ExtEval[string](ctx, rig, undoKeys)
	require.NoError(t, err)
	assert.Equal(t, undoBefore, undo, "no undo kept for a clear that did not happen")
}

// TestFaultTabClosedDuringDiagnosis: the tab closes while its diagnosis
// runs; the worker still answers (with what it had) and then drops the
// tab's record.
func TestFaultTabClosedDuringDiagnosis(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tab, id := faultPage(ctx, t, rig, "fault-close.test", "fault_close")
	defer tab.Cancel()
	res, err := ExtEval[string](ctx, rig, `(async () => {
	  const p = chrome.runtime.sendMessage({type: 'diagnose', tabId: `+strconv.Itoa(id)+`});
	  await chrome.tabs.remove(`+strconv.Itoa(id)+`);
	  const r = await p;
	  return JSON.stringify({ok: r.ok, failures: r.failures.length});
	})()`)
	require.NoError(t, err)
	assert.Contains(t, []string{`{"ok":true,"failures":1}`, `{"ok":true,"failures":0}`}, res)
	assert.Eventually(t, func() bool {
		has, _ := ExtEval[bool](ctx, rig, `chrome.storage.session.get('tab:`+strconv.Itoa(id)+`').then(a => Object.keys(a).length > 0)`)
		return !has
	}, 10*time.Second, 50*time.Millisecond, "the closed tab's record is dropped")
}

// TestNoEgress: while a failure is captured, diagnosed and shown, the
// extension's service worker requests nothing but its own files.
func TestNoEgress(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// A fresh worker, so loading the engine is part of what is watched.
	require.NoError(t, rig.RestartWorker(ctx))
	tab0, err := rig.OpenTab(ctx, rig.Lab.URL("egress.test", true, "/page"))
	require.NoError(t, err)
	tab0.Cancel()
	require.Eventually(t, func() bool {
		ts, _ := chromedp.Targets(rig.Browser)
		for _, tg := range ts {
			if tg.Type == "service_worker" && strings.HasPrefix(tg.URL, rig.ExtensionURL("")) {
				return true
			}
		}
		return false
	}, 10*time.Second, 50*time.Millisecond)
	w := workerTarget(ctx, t, rig)
	sub, stopSub := context.WithCancel(w)
	defer stopSub()
	reqs := chromedp.Events(sub, network.RequestWillBeSent)
	_, err = chromedp.Call(w, network.Enable, network.EnableParams{})
	require.NoError(t, err)

	tab, id := faultPage(ctx, t, rig, "egress.test", "egress")
	defer tab.Cancel()
	p, view, err := rig.OpenPopup(ctx, id, 20*time.Second)
	require.NoError(t, err)
	defer p.Cancel()
	require.NotEmpty(t, view.Findings)

	var urls []string
	time.AfterFunc(300*time.Millisecond, stopSub) // the iterator ends with sub
	for ev, err := range reqs {
		if err != nil {
			break
		}
		urls = append(urls, ev.Request.URL)
	}
	require.Contains(t, urls, rig.ExtensionURL("extension/authdoctor.wasm"), "the watch saw the engine load (else it saw nothing)")
	for _, u := range urls {
		assert.True(t, strings.HasPrefix(u, "chrome-extension://"+rig.ExtensionID+"/"), "the worker requested %s", u)
	}
	t.Logf("worker requests: %v", urls)
}

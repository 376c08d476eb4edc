package e2e

// Issue 12, items 3, 4 and 9 in real Chromium: the per-tab record's bound in
// bytes, an Undo that keeps its word (backup before the clear, Undo after
// reopening the popup, expiry on a timer and on worker start), and the
// record's lifetime (a navigation that never commits, a failure that arrives
// after its tab closed).

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loopbackServer serves h on 127.0.0.1 (a *.test host reaches it through the
// rig's resolver rules) and returns its port.
func loopbackServer(t *testing.T, h http.Handler) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln) //nolint:errcheck
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

const blankPage = "<!doctype html><meta charset=utf-8><title>page</title><body></body>\n"

// sessionKeys lists the storage.session keys that start with prefix, sorted.
func sessionKeys(ctx context.Context, t *testing.T, rig *Rig, prefix string) []string {
	t.Helper()
	keys, err := ExtEval[[]string](ctx, rig, `chrome.storage.session.get(null).then(a => Object.keys(a).filter(k => k.startsWith(`+strconv.Quote(prefix)+`)).sort())`)
	require.NoError(t, err)
	return keys
}

// recordIDs is the ids of the failures stored for the tab (nil: no record).
func recordIDs(ctx context.Context, t *testing.T, rig *Rig, tabID int) []string {
	t.Helper()
	k := strconv.Quote("tab:" + strconv.Itoa(tabID))
	ids, err := ExtEval[[]string](ctx, rig, `chrome.storage.session.get(`+k+`).then(a => a[`+k+`] ? a[`+k+`].failures.map(f => f.request.url) : null)`)
	require.NoError(t, err)
	return ids
}

// TestRecordBoundInBytes: one 401 reached through 6 redirects with 50,000
// empty headers each, then a 401 whose headers are 225 KB of UTF-8 text in
// 75,000 characters: the tab's record stays within 96 KB as Chromium counts
// storage (bytes), and the newest failure is always the one kept.
func TestRecordBoundInBytes(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	manyHeaders := func(w http.ResponseWriter) {
		w.Header()["a"] = make([]string, 50000) // "a: \r\n" each: 250 KB, under Chromium's 256 KB
	}
	port := loopbackServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(blankPage))
		case "/hop":
			n, _ := strconv.Atoi(r.URL.Query().Get("n"))
			manyHeaders(w)
			if n < 6 {
				w.Header().Set("Location", "/hop?n="+strconv.Itoa(n+1))
				w.WriteHeader(http.StatusFound)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="b", error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
		case "/wide":
			// 50 headers of 1,500 three-byte characters: 75,000 characters, 225 KB.
			for i := 0; i < 50; i++ {
				w.Header()["x-note-"+strconv.Itoa(i)] = []string{strings.Repeat("認", 1500)}
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="b", error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
		default:
			http.NotFound(w, r)
		}
	}))
	origin := "http://bound.test:" + strconv.Itoa(port)
	tab, err := rig.OpenTab(ctx, origin+"/page")
	require.NoError(t, err)
	defer tab.Cancel()
	_, err = Eval[string](ctx, tab, `document.title = 'bound'; fetch('/hop?n=1', {headers: {Authorization: 'Bearer x'}}).then(r => String(r.status))`)
	require.NoError(t, err)
	id, err := rig.TabID(ctx, "bound")
	require.NoError(t, err)
	key := "tab:" + strconv.Itoa(id)
	bytesOf := func() int {
		n, err := ExtEval[int](ctx, rig, `chrome.storage.session.getBytesInUse(`+strconv.Quote(key)+`)`)
		require.NoError(t, err)
		return n
	}
	require.Eventually(t, func() bool { return len(recordIDs(ctx, t, rig, id)) == 1 }, 20*time.Second, 50*time.Millisecond, "the 401 was recorded")
	t.Logf("after the redirect chain: %d bytes", bytesOf())
	assert.LessOrEqual(t, bytesOf(), 96*1024, "the record of a 401 after 6 hops of 50,000 headers")
	assert.Equal(t, []string{origin + "/hop?n=6"}, recordIDs(ctx, t, rig, id))

	_, err = Eval[string](ctx, tab, `fetch('/wide', {headers: {Authorization: 'Bearer x'}}).then(r => String(r.status))`)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		ids := recordIDs(ctx, t, rig, id)
		return len(ids) > 0 && ids[0] == origin+"/wide"
	}, 20*time.Second, 50*time.Millisecond, "the newest failure is kept")
	t.Logf("after the wide 401: %d bytes, failures %v", bytesOf(), recordIDs(ctx, t, rig, id))
	assert.LessOrEqual(t, bytesOf(), 96*1024, "the record counted in bytes, not characters")
	status, err := ExtEval[int](ctx, rig, `chrome.storage.session.get(`+strconv.Quote(key)+`).then(a => a[`+strconv.Quote(key)+`].failures[0].response.status)`)
	require.NoError(t, err)
	assert.Equal(t, 401, status)
}

// undoPage opens a page on host (lab, HTTPS) that sets n cookies of size
// bytes each and then fails with a 401 Bearer; it waits for the badge.
func undoPage(ctx context.Context, t *testing.T, rig *Rig, host, name string, n, size int) (*Tab, int) {
	t.Helper()
	var hs [][2]string
	for i := 0; i < n; i++ {
		hs = append(hs, [2]string{"Set-Cookie", fmt.Sprintf("%s_%d=%s; Path=/; Secure; SameSite=None; Max-Age=3600", name, i, strings.Repeat("v", size))})
	}
	set := rig.Lab.ScriptURL(host, true, lab.Script{ID: name + "-set", Actual: &lab.Reply{Status: 204, Headers: hs}})
	fail := rig.Lab.ScriptURL(host, true, lab.Script{ID: name, Actual: &lab.Reply{Status: 401,
		Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="u", error="invalid_token"`}}}})
	tab, err := rig.OpenTab(ctx, rig.Lab.URL(host, true, "/page"))
	require.NoError(t, err)
	_, err = Eval[string](ctx, tab, `(async () => {
	  await fetch(`+strconv.Quote(set)+`, {credentials: 'include'});
	  await fetch(`+strconv.Quote(fail)+`, {headers: {Authorization: 'Bearer x'}, credentials: 'include'});
	  document.title = `+strconv.Quote("undo:"+name)+`;
	  return 'ok';
	})()`)
	require.NoError(t, err)
	id, err := rig.TabID(ctx, "undo:"+name)
	require.NoError(t, err)
	require.Eventually(t, func() bool { b, _ := rig.Badge(ctx, id); return b == "401" }, 10*time.Second, 20*time.Millisecond)
	// The diagnosis (and so the clear plan) is stored.
	n2 := strconv.Itoa(id)
	require.Eventually(t, func() bool {
		ok, _ := ExtEval[bool](ctx, rig, `chrome.storage.session.get('report:`+n2+`').then(a => !!(a['report:`+n2+`'] && a['report:`+n2+`'].report))`)
		return ok
	}, 10*time.Second, 20*time.Millisecond)
	return tab, id
}

// clickClear clicks the popup's clear button and returns the #cleared text.
func clickClear(ctx context.Context, t *testing.T, p *Popup) string {
	t.Helper()
	require.NoError(t, p.Click(ctx, `[data-action="clear-site-data"]`))
	var s string
	require.Eventually(t, func() bool {
		s, _ = Eval[string](ctx, p.Tab, `document.getElementById('cleared').textContent`)
		return s != ""
	}, 10*time.Second, 50*time.Millisecond)
	return s
}

func undoVisible(ctx context.Context, t *testing.T, p *Popup) bool {
	t.Helper()
	hidden, err := Eval[bool](ctx, p.Tab, `document.getElementById('undo').hidden`)
	require.NoError(t, err)
	return !hidden
}

// TestUndoAfterReopeningPopup: the popup that cleared is closed; a popup
// opened again on the tab within the Undo time still offers Undo, and it
// restores the cookies.
func TestUndoAfterReopeningPopup(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const host = "undo-reopen.test"
	tab, id := undoPage(ctx, t, rig, host, "reopen", 3, 10)
	defer tab.Cancel()
	require.Len(t, jarOfDomain(ctx, t, rig, host), 3)
	p, _, err := rig.OpenPopup(ctx, id, 15*time.Second)
	require.NoError(t, err)
	msg := clickClear(ctx, t, p)
	require.Contains(t, msg, "Cleared", msg)
	require.True(t, undoVisible(ctx, t, p))
	p.Cancel() // the popup closes
	require.Empty(t, jarOfDomain(ctx, t, rig, host))

	p2, view, err := rig.OpenPopup(ctx, id, 15*time.Second)
	require.NoError(t, err, view.Describe())
	defer p2.Cancel()
	require.Eventually(t, func() bool { return undoVisible(ctx, t, p2) }, 5*time.Second, 50*time.Millisecond, "the reopened popup offers Undo")
	note, err := Eval[string](ctx, p2.Tab, `document.getElementById('cleared').textContent`)
	require.NoError(t, err)
	assert.Contains(t, note, "3 cookie(s)")
	require.NoError(t, p2.Click(ctx, `[data-action="undo-clear"]`))
	require.Eventually(t, func() bool { return len(jarOfDomain(ctx, t, rig, host)) == 3 }, 10*time.Second, 50*time.Millisecond, "Undo restored the cookies")
	assert.Empty(t, sessionKeys(ctx, t, rig, "undo:"+strconv.Itoa(id)+":"), "the backup is gone after Undo")
}

// TestUndoExpires: with the test-only expiry hook (storage.local
// testUndoMs), a backup is dropped by the worker's alarm once expired,
// without another clear, and a popup opened then offers no Undo.
func TestUndoExpires(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, err := ExtEval[bool](ctx, rig, `chrome.storage.local.set({testUndoMs: 1500}).then(() => true)`)
	require.NoError(t, err)
	defer ExtEval[bool](context.Background(), rig, `chrome.storage.local.remove('testUndoMs').then(() => true)`) //nolint:errcheck
	const host = "undo-expiry.test"
	tab, id := undoPage(ctx, t, rig, host, "expiry", 2, 10)
	defer tab.Cancel()
	before := sessionKeys(ctx, t, rig, "undo:")
	p, _, err := rig.OpenPopup(ctx, id, 15*time.Second)
	require.NoError(t, err)
	defer p.Cancel()
	require.Contains(t, clickClear(ctx, t, p), "Cleared")
	added := func() []string {
		var out []string
		for _, k := range sessionKeys(ctx, t, rig, "undo:") {
			if !slices.Contains(before, k) {
				out = append(out, k)
			}
		}
		return out
	}
	require.Len(t, added(), 1, "the backup is kept")
	start := time.Now()
	require.Eventually(t, func() bool { return len(added()) == 0 }, 15*time.Second, 100*time.Millisecond,
		"the expired backup (cookie values) is dropped without another clear")
	t.Logf("dropped %s after the clear", time.Since(start).Round(100*time.Millisecond))
	p2, _, err := rig.OpenPopup(ctx, id, 15*time.Second)
	require.NoError(t, err)
	defer p2.Cancel()
	assert.False(t, undoVisible(ctx, t, p2), "no Undo is offered once expired")

}

// TestUndoExpiresOnWorkerStart: an expired backup left in storage.session
// (no alarm for it) is dropped when the worker starts.
func TestUndoExpiresOnWorkerStart(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := ExtEval[bool](ctx, rig, `chrome.storage.session.set({'undo:999999:1:stale': {until: Date.now() - 1000, tabId: 999999,
	  cookies: [{name: 'stale', value: 'SECRET-STALE', domain: 'x.test', path: '/'}]}}).then(() => true)`)
	require.NoError(t, err)
	require.NoError(t, rig.StopWorker(ctx))
	// Wake it with a message from the control page.
	_, err = ExtEval[bool](ctx, rig, `chrome.runtime.sendMessage({type: 'record-ids', tabId: 1}).then(() => true, () => true)`)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return len(sessionKeys(ctx, t, rig, "undo:999999:")) == 0 }, 10*time.Second, 50*time.Millisecond,
		"an expired backup is dropped when the worker starts")
}

// TestUndoBackupRefusesClear: with storage.session nearly full, the Undo
// backup cannot be written, so nothing is cleared: the cookies, the record
// and the badge stay, the popup says why, and no backup is left. Once
// there is room again the same button clears and offers Undo.
func TestUndoBackupRefusesClear(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const host = "undo-quota.test"
	tab, id := undoPage(ctx, t, rig, host, "quota", 12, 3000)
	defer tab.Cancel()
	require.Len(t, jarOfDomain(ctx, t, rig, host), 12)
	p, _, err := rig.OpenPopup(ctx, id, 15*time.Second)
	require.NoError(t, err)
	defer p.Cancel()
	undoBefore := sessionKeys(ctx, t, rig, "undo:")
	// Fill storage.session to 5 KB under its quota (the backup needs ~36 KB).
	free, err := ExtEval[int](ctx, rig, `(async () => {
	  const s = chrome.storage.session, used = await s.getBytesInUse(null);
	  const room = s.QUOTA_BYTES - used - 5000;
	  await s.set({'test-filler': 'f'.repeat(room - 'test-filler'.length - 2)});
	  return s.QUOTA_BYTES - await s.getBytesInUse(null);
	})()`)
	require.NoError(t, err)
	defer ExtEval[bool](context.Background(), rig, `chrome.storage.session.remove('test-filler').then(() => true)`) //nolint:errcheck
	t.Logf("storage.session: %d bytes free", free)

	msg := clickClear(ctx, t, p)
	assert.Contains(t, msg, "Nothing was cleared", msg)
	assert.False(t, undoVisible(ctx, t, p))
	assert.Len(t, jarOfDomain(ctx, t, rig, host), 12, "the cookies stay")
	assert.Len(t, recordIDs(ctx, t, rig, id), 1, "the record stays")
	badge, err := rig.Badge(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "401", badge)
	assert.Equal(t, undoBefore, sessionKeys(ctx, t, rig, "undo:"), "no backup is left")

	_, err = ExtEval[bool](ctx, rig, `chrome.storage.session.remove('test-filler').then(() => true)`)
	require.NoError(t, err)
	assert.Contains(t, clickClear(ctx, t, p), "Cleared")
	assert.True(t, undoVisible(ctx, t, p))
	assert.Empty(t, jarOfDomain(ctx, t, rig, host))
}

// TestNavigationWithoutCommitKeepsRecord: a main_frame request that never
// commits (answered 204) leaves the tab's record and badge alone; the next
// navigation that commits drops them.
func TestNavigationWithoutCommitKeepsRecord(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const host = "nav204.test"
	tab, id := faultPage(ctx, t, rig, host, "nav204")
	defer tab.Cancel()
	require.Eventually(t, func() bool { b, _ := rig.Badge(ctx, id); return b == "401" }, 10*time.Second, 20*time.Millisecond)
	require.Len(t, recordIDs(ctx, t, rig, id), 1)
	noContent := rig.Lab.ScriptURL(host, true, lab.Script{ID: "nav204-nocontent", Actual: &lab.Reply{Status: 204}})
	_, err := Eval[bool](ctx, tab, `location.href = `+strconv.Quote(noContent)+`; true`)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return len(rig.Lab.Log("nav204-nocontent")) == 1 }, 10*time.Second, 20*time.Millisecond)
	time.Sleep(1500 * time.Millisecond)
	assert.Len(t, recordIDs(ctx, t, rig, id), 1, "a navigation that never commits keeps the record")
	badge, err := rig.Badge(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "401", badge)
	title, err := Eval[string](ctx, tab, `document.title`)
	require.NoError(t, err)
	assert.Equal(t, "fault:nav204", title, "the page stayed")

	require.NoError(t, tab.Navigate(ctx, rig.Lab.URL(host, true, "/page?next")))
	require.Eventually(t, func() bool { return recordIDs(ctx, t, rig, id) == nil }, 10*time.Second, 50*time.Millisecond,
		"a navigation that commits drops the record")
}

// TestLateFailureAfterClose: a keepalive request's 401 arrives after its
// tab closed; the worker stores no record for the closed tab.
func TestLateFailureAfterClose(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var answered atomic.Int32
	release := make(chan struct{})
	port := loopbackServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(blankPage))
		case "/slow":
			select {
			case <-release:
			case <-time.After(20 * time.Second):
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="l", error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
			answered.Add(1)
		default:
			http.NotFound(w, r)
		}
	}))
	tab, err := rig.OpenTab(ctx, "http://late.test:"+strconv.Itoa(port)+"/page")
	require.NoError(t, err)
	defer tab.Cancel()
	_, err = Eval[bool](ctx, tab, `document.title = 'late'; fetch('/slow', {keepalive: true, method: 'POST', body: 'x', headers: {Authorization: 'Bearer x'}}); true`)
	require.NoError(t, err)
	id, err := rig.TabID(ctx, "late")
	require.NoError(t, err)
	_, err = ExtEval[bool](ctx, rig, `chrome.tabs.remove(`+strconv.Itoa(id)+`).then(() => true)`)
	require.NoError(t, err)
	time.Sleep(300 * time.Millisecond) // tabs.onRemoved is handled
	close(release)
	require.Eventually(t, func() bool { return answered.Load() == 1 }, 10*time.Second, 20*time.Millisecond)
	time.Sleep(2 * time.Second) // the 401 reaches the worker, which would record and diagnose it
	assert.Nil(t, recordIDs(ctx, t, rig, id), "no record for a closed tab")
	assert.Empty(t, sessionKeys(ctx, t, rig, "report:"+strconv.Itoa(id)), "no report for a closed tab")
}

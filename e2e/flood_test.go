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

// floodRecord is what the worker keeps for a tab, as the test reads it.
type floodRecord struct {
	URLs  []string `json:"urls"`
	Badge string   `json:"badge"`
}

const readFloodRecord = `(async (id) => {
  const r = await chrome.runtime.sendMessage({type: 'diagnose', tabId: id});
  return {urls: r.failures.map(f => f.request.url), badge: await chrome.action.getBadgeText({tabId: id})};
})`

// sessionBytes is what chrome.storage.session holds, in bytes.
func sessionBytes(ctx context.Context, t *testing.T, rig *Rig) int {
	t.Helper()
	n, err := ExtEval[int](ctx, rig, `chrome.storage.session.getBytesInUse(null)`)
	require.NoError(t, err)
	return n
}

// TestFloodOneTab: 10,000 requests in one tab (200s with a 401 every
// hundredth, then 20 401s one after another): the worker keeps the newest
// 20 failures, newest first, storage.session stays within the per-tab
// bound, and the tab is badged 401.
func TestFloodOneTab(t *testing.T) {
	rig := browserRig(t)
	// ~50 s on a quiet 2-core machine; more than 90 s when other browsers share it.
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	const host = "flood-one.test"
	ok := rig.Lab.ScriptURL(host, true, lab.Script{ID: "flood-ok", Actual: &lab.Reply{Status: 200, Body: "ok"}})
	deny := rig.Lab.ScriptURL(host, true, lab.Script{ID: "flood-401", Actual: &lab.Reply{Status: 401,
		Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="f", error="invalid_token"`}}}})
	tab, err := rig.OpenTab(ctx, rig.Lab.URL(host, true, "/page"))
	require.NoError(t, err)
	defer tab.Cancel()
	start := time.Now()
	_, err = Eval[string](ctx, tab, `(async () => {
	  const go = (i) => fetch((i % 100 === 99 ? `+strconv.Quote(deny)+` : `+strconv.Quote(ok)+`) + '&n=' + i, {headers: {Authorization: 'Bearer t'}}).then(r => r.text());
	  for (let i = 0; i < 9980; i += 100) {
	    await Promise.all(Array.from({length: Math.min(100, 9980 - i)}, (_, k) => go(i + k)));
	  }
	  // The last 20 fail one after another, so "newest" has one meaning.
	  for (let i = 9980; i < 10000; i++) await fetch(`+strconv.Quote(deny)+` + '&n=' + i, {headers: {Authorization: 'Bearer t'}});
	  document.title = 'flood-one';
	  return 'ok';
	})()`)
	require.NoError(t, err)
	t.Logf("10,000 requests in %s", time.Since(start).Round(time.Millisecond))
	require.Len(t, rig.Lab.Log("flood-401"), 99+20)
	id, err := rig.TabID(ctx, "flood-one")
	require.NoError(t, err)
	var want []string
	for i := 9999; i >= 9980; i-- {
		want = append(want, deny+"&n="+strconv.Itoa(i))
	}
	var rec floodRecord
	require.Eventually(t, func() bool {
		rec, err = ExtEval[floodRecord](ctx, rig, readFloodRecord+`(`+strconv.Itoa(id)+`)`)
		return err == nil && len(rec.URLs) > 0 && rec.URLs[0] == want[0]
	}, 20*time.Second, 50*time.Millisecond, "the newest failure never arrived")
	assert.Equal(t, want, rec.URLs, "the newest 20 failures, newest first")
	assert.Equal(t, "401", rec.Badge)
	n, err := ExtEval[int](ctx, rig, `chrome.storage.session.getBytesInUse('tab:`+strconv.Itoa(id)+`')`)
	require.NoError(t, err)
	assert.LessOrEqual(t, n, 96*1024+1024, "one tab's record is bounded by MAX_RECORD_BYTES")
	t.Logf("the flooded tab's record: %d bytes; storage.session: %d bytes", n, sessionBytes(ctx, t, rig))
}

// TestFloodManyTabs: 50 tabs fail at once; each is badged and keeps its
// own failure, and storage.session grows by at most the per-tab bound each.
func TestFloodManyTabs(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	const tabs = 50
	before := sessionBytes(ctx, t, rig)
	type opened struct {
		tab *Tab
		url string
		err error
	}
	done := make(chan opened, tabs)
	for i := range tabs {
		go func() {
			host := "flood-tab" + strconv.Itoa(i) + ".test"
			deny := rig.Lab.ScriptURL(host, true, lab.Script{ID: "flood-tab", Actual: &lab.Reply{Status: 401,
				Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="t", error="invalid_token"`}}}})
			tab, err := rig.OpenTab(ctx, rig.Lab.URL(host, true, "/page"))
			if err == nil {
				_, err = Eval[string](ctx, tab, `fetch(`+strconv.Quote(deny)+`, {headers: {Authorization: 'Bearer t'}}).then(() => document.title = 'flood-tab-`+strconv.Itoa(i)+`')`)
			}
			done <- opened{tab, deny, err}
		}()
	}
	urls := map[string]bool{}
	for range tabs {
		o := <-done
		if o.tab != nil {
			defer o.tab.Cancel()
		}
		require.NoError(t, o.err)
		urls[o.url] = true
	}
	for i := range tabs {
		id, err := rig.TabID(ctx, "flood-tab-"+strconv.Itoa(i))
		require.NoError(t, err)
		var rec floodRecord
		require.Eventually(t, func() bool {
			rec, err = ExtEval[floodRecord](ctx, rig, readFloodRecord+`(`+strconv.Itoa(id)+`)`)
			return err == nil && len(rec.URLs) == 1 && rec.Badge == "401"
		}, 20*time.Second, 50*time.Millisecond, "tab %d: %+v", i, rec)
		host := "flood-tab" + strconv.Itoa(i) + ".test"
		assert.True(t, urls[rec.URLs[0]], "tab %d keeps its own failure", i)
		assert.Contains(t, rec.URLs[0], host)
	}
	after := sessionBytes(ctx, t, rig)
	t.Logf("storage.session: %d bytes before, %d after %d tabs", before, after, tabs)
	assert.LessOrEqual(t, after-before, tabs*(96*1024+1024))
}

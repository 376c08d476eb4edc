package browser

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// FloodResult is what one tab's record holds after a request flood.
type FloodResult struct {
	Requests int
	// Denied is how many of the requests were answered 401.
	Denied int
	// RecordBytes is what the tab's record and its stored diagnosis take in
	// chrome.storage.session (getBytesInUse) after the first flood and after
	// a second one.
	RecordBytes, RecordBytesAgain int
	// Held is how many failures the record holds after the first flood, and
	// Lost how many of its 401s are missing from the record.
	Held, Lost int
	// HeldAgain is the count after the second flood, LostAgain how many of
	// its 401s are missing, StaleAgain how many held ones are from the first
	// (the record must keep the newest).
	HeldAgain, LostAgain, StaleAgain int
	// HeapBytes is the service worker's used JS heap after both floods.
	HeapBytes float64
}

// Flood issues requests same-origin fetches in one tab, Pending at a time
// (as a page's own queue would), denied of them answered 401 and spread evenly, waits for the extension to store them,
// then does it again in the same page (no navigation, so the record must
// stay bounded rather than be reset).
func Flood(b *browserkit.Chromium, s *Server, requests, denied int) (FloodResult, error) {
	res := FloodResult{Requests: requests, Denied: denied}
	// ~1 minute a flood on a quiet machine, several when the cores are shared.
	tab := b.NewTab(10 * time.Minute)
	ctx, cancel := tab.Ctx, tab.Cancel
	defer cancel()
	url := s.URL("app.test", "/page")
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return res, err
	}
	id, err := ext[int](b, `chrome.tabs.query({}).then(ts => ts.filter(t => t.url === `+strconv.Quote(url)+`)).then(ts => ts.length === 1 ? ts[0].id : -1)`)
	if err != nil || id < 0 {
		return res, errors.New(b.Name + ": flood tab not found")
	}
	kinds := make([]string, requests/denied)
	for i := range kinds {
		kinds[i] = "fetch"
	}
	kinds[len(kinds)-1] = "deny"
	mix, _ := json.Marshal(kinds)
	key := strconv.Quote("tab:" + strconv.Itoa(id))
	// tags reads the request tags (?f1=N) of the failures the record holds.
	read := func(tag string) (bytes int, held, fromTag int, err error) {
		var out struct{ Bytes, Held, Tagged int }
		raw, err := ext[string](b, `(async () => {
			const k = `+key+`;
			const rec = (await chrome.storage.session.get(k))[k] || {failures: []};
			const bytes = await chrome.storage.session.getBytesInUse([k, `+strconv.Quote("report:"+strconv.Itoa(id))+`]);
			const tagged = rec.failures.filter(f => f.request.url.includes('?`+tag+`=')).length;
			return JSON.stringify({Bytes: bytes, Held: rec.failures.length, Tagged: tagged});
		})()`)
		if err == nil {
			err = json.Unmarshal([]byte(raw), &out)
		}
		return out.Bytes, out.Held, out.Tagged, err
	}
	flood := func(tag string) error {
		start := time.Now()
		defer func() {
			Progress(b.Name + ": flood " + tag + " in " + time.Since(start).Round(time.Millisecond).String())
		}()
		failed, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.bench.run(`+strconv.Itoa(requests)+`, `+string(mix)+`, '`+tag+`', `+strconv.Itoa(Pending)+`).then(() => window.bench.failed())`, chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		if failed > 0 {
			return errors.New(b.Name + ": " + strconv.Itoa(failed) + " of the flood's requests failed on the network, so its 401s were never answered")
		}
		// The worker stores failures one after another; wait until every
		// 401 of this flood is in, or the count stops moving.
		last, since := -1, time.Now()
		for time.Since(since) < 3*time.Second {
			_, _, n, err := read(tag)
			if err != nil {
				return err
			}
			if n == denied {
				return nil
			}
			if n != last {
				last, since = n, time.Now()
			}
			time.Sleep(50 * time.Millisecond)
		}
		return nil
	}
	if err := flood("f1"); err != nil {
		return res, err
	}
	var tagged int
	if res.RecordBytes, res.Held, tagged, err = read("f1"); err != nil {
		return res, err
	}
	res.Lost = denied - tagged
	if err := flood("f2"); err != nil {
		return res, err
	}
	if res.RecordBytesAgain, res.HeldAgain, tagged, err = read("f2"); err != nil {
		return res, err
	}
	res.LostAgain = denied - tagged
	res.StaleAgain = res.HeldAgain - tagged
	wctx, wcancel, err := b.ServiceWorker(60 * time.Second)
	if err != nil {
		return res, err
	}
	defer wcancel()
	// Garbage first, so the figure is what the worker keeps, not what it
	// has not collected yet.
	if _, err := chromedp.Call(wctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		return res, err
	}
	heap, err := chromedp.Call(wctx, runtime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		return res, err
	}
	res.HeapBytes = heap.UsedSize
	return res, nil
}

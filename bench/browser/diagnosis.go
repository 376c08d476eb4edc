package browser

import (
	"errors"
	"strconv"
	"time"

	"github.com/authdoctor/authdoctor/bench"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// FailedTab opens a page whose one cross-origin API call, with an expired
// bearer, is answered 401; it waits until the extension badges the tab and
// returns the tab's chrome.tabs id. Keep the returned cancel until done.
func FailedTab(b *Browser, s *Server) (int, func(), error) {
	ctx, cancel := b.Tab(10 * time.Minute)
	url := s.URL("app.test", "/page?n=1&kinds=cors401&tag=failed")
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		cancel()
		return 0, nil, err
	}
	id, err := Ext[int](b, `chrome.tabs.query({}).then(ts => ts.filter(t => t.url === `+strconv.Quote(url)+`)).then(ts => ts.length === 1 ? ts[0].id : -1)`)
	if err == nil && id < 0 {
		err = errors.New(b.Name + ": the failed tab is not found")
	}
	for deadline := time.Now().Add(10 * time.Second); err == nil; time.Sleep(20 * time.Millisecond) {
		var badge string
		if badge, err = Ext[string](b, `chrome.action.getBadgeText({tabId: `+strconv.Itoa(id)+`})`); badge == "401" {
			return id, cancel, nil
		}
		if time.Now().After(deadline) {
			err = errors.New(b.Name + ": the failed tab was never badged 401")
		}
	}
	cancel()
	return 0, nil, err
}

// observeFinding runs in the popup before its own script and notes when the
// first [data-finding] enters the DOM, in ms since navigation start.
const observeFinding = `new MutationObserver((_, o) => {
  if (document.querySelector('[data-finding]')) { window.benchFinding = performance.now(); o.disconnect(); }
}).observe(document, {subtree: true, childList: true});`

// TimeToDiagnosis opens popup.html?tab=tabID in a new tab and returns the
// milliseconds from navigation start to the first [data-finding] element.
func TimeToDiagnosis(b *Browser, tabID int) (float64, error) {
	ctx, cancel := b.Tab(30 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return 0, err
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: observeFinding}); err != nil {
		return 0, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(b.ExtURL("extension/popup.html?tab="+strconv.Itoa(tabID)))); err != nil {
		return 0, err
	}
	for ctx.Err() == nil {
		t, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.benchFinding || 0`))
		if err != nil {
			return 0, err
		}
		if t > 0 {
			return t, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0, errors.New(b.Name + ": the popup showed no [data-finding]")
}

// DiagnosisTimes are time-to-diagnosis samples for one failed tab. The worker
// stores each tab's diagnosis once its failures stop (record.js), so the
// popup's usual path reads it from storage; OnDemand* are the path the popup
// falls back to when that report is missing (asked before it was due, or the
// worker stopped first): the worker diagnoses while the popup waits.
type DiagnosisTimes struct {
	// Cold: worker stopped before the popup opens; Warm: worker running.
	Cold, Warm bench.Sample
	// OnDemandCold: stored report removed and worker stopped, so the popup
	// waits for the worker to wake, load Go and diagnose; OnDemandWarm: the
	// report removed with the worker and Go running.
	OnDemandCold, OnDemandWarm bench.Sample
}

// Diagnosis measures every path runs times, in rotation.
func Diagnosis(b *Browser, tabID, runs int) (DiagnosisTimes, error) {
	var d DiagnosisTimes
	if _, err := TimeToDiagnosis(b, tabID); err != nil { // warm-up: compile caches, popup resources
		return d, err
	}
	dropReport := func() error {
		_, err := Ext[bool](b, `chrome.storage.session.remove('report:`+strconv.Itoa(tabID)+`').then(() => true)`)
		return err
	}
	measure := func(into *bench.Sample, stop, drop bool) error {
		if stop {
			if err := b.StopWorker(); err != nil {
				return err
			}
		}
		if drop {
			if err := dropReport(); err != nil {
				return err
			}
		}
		ms, err := TimeToDiagnosis(b, tabID)
		*into = append(*into, ms)
		return err
	}
	for range runs {
		for _, m := range []struct {
			into       *bench.Sample
			stop, drop bool
		}{{&d.Cold, true, false}, {&d.Warm, false, false}, {&d.OnDemandCold, true, true}, {&d.OnDemandWarm, false, true}} {
			if err := measure(m.into, m.stop, m.drop); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

// bootScript loads the engine the way the worker's loadEngine does
// (instantiateStreaming of the packaged wasm, then go.run) and returns the
// two phases in ms. It runs in a worker that has not loaded Go yet.
const bootScript = `(async () => {
  if (globalThis.authdoctor) throw new Error('the engine is already loaded in this worker');
  const t0 = performance.now();
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(
    fetch(chrome.runtime.getURL('extension/authdoctor.wasm')), go.importObject);
  const t1 = performance.now();
  go.run(instance);
  const t2 = performance.now();
  if (!globalThis.authdoctor) throw new Error('Go did not publish authdoctor');
  return [t1 - t0, t2 - t1];
})()`

// WasmBoot measures instantiate and Go start inside a freshly started
// service worker, runs times: stop the worker, wake it with a message the
// worker answers without loading Go, attach, and load the engine.
func WasmBoot(b *Browser, runs int) (instantiate, start bench.Sample, err error) {
	for range runs {
		if err := b.StopWorker(); err != nil {
			return nil, nil, err
		}
		if _, err := Ext[string](b, `chrome.runtime.sendMessage({type: 'bench-wake'}).then(r => JSON.stringify(r))`); err != nil {
			return nil, nil, err
		}
		ctx, cancel, err := b.Worker()
		if err != nil {
			return nil, nil, err
		}
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](bootScript, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			return nil, nil, errors.New(b.Name + ": boot in the worker: " + err.Error())
		}
		instantiate = append(instantiate, ms[0])
		start = append(start, ms[1])
	}
	return instantiate, start, nil
}

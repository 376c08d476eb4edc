package browser

import (
	"errors"
	"strconv"
	"time"

	"github.com/authdoctor/authdoctor/bench"
	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// FailedTab opens a page whose one cross-origin API call, with an expired
// bearer, is answered 401; it waits until the extension badges the tab and
// returns the tab's chrome.tabs id. Keep the returned cancel until done.
func FailedTab(b *browserkit.Chromium, s *Server) (int, func(), error) {
	tab := b.NewTab(10 * time.Minute)
	ctx, cancel := tab.Ctx, tab.Cancel
	url := s.URL("app.test", "/page?n=1&kinds=cors401&tag=failed")
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		cancel()
		return 0, nil, err
	}
	id, err := ext[int](b, `chrome.tabs.query({}).then(ts => ts.filter(t => t.url === `+strconv.Quote(url)+`)).then(ts => ts.length === 1 ? ts[0].id : -1)`)
	if err == nil && id < 0 {
		err = errors.New(b.Name + ": the failed tab is not found")
	}
	for deadline := time.Now().Add(10 * time.Second); err == nil; time.Sleep(20 * time.Millisecond) {
		var badge string
		if badge, err = ext[string](b, `chrome.action.getBadgeText({tabId: `+strconv.Itoa(id)+`})`); badge == "401" {
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
func TimeToDiagnosis(b *browserkit.Chromium, tabID int) (float64, error) {
	tab := b.NewTab(30 * time.Second)
	ctx, cancel := tab.Ctx, tab.Cancel
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return 0, err
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: observeFinding}); err != nil {
		return 0, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(b.PopupURL(tabID))); err != nil {
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
func Diagnosis(b *browserkit.Chromium, tabID, runs int) (DiagnosisTimes, error) {
	var d DiagnosisTimes
	if _, err := TimeToDiagnosis(b, tabID); err != nil { // warm-up: compile caches, popup resources
		return d, err
	}
	dropReport := func() error {
		_, err := ext[bool](b, `chrome.storage.session.remove('report:`+strconv.Itoa(tabID)+`').then(() => true)`)
		return err
	}
	measure := func(into *bench.Sample, stop, drop bool) error {
		if stop {
			if err := stopWorker(b); err != nil {
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
// two phases in ms; then, for where the first phase goes, the time to read
// the file alone. It runs in a worker that has not loaded Go yet, called
// with the name of the global the program publishes.
const bootScript = `(async (global) => {
  if (globalThis[global]) throw new Error('the program is already loaded in this worker');
  const url = chrome.runtime.getURL('extension/authdoctor.wasm');
  const t0 = performance.now();
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
  const t1 = performance.now();
  go.run(instance);
  const t2 = performance.now();
  if (!globalThis[global]) throw new Error('Go did not publish ' + global);
  await (await fetch(url)).arrayBuffer();
  const t3 = performance.now();
  return [t1 - t0, t2 - t1, t3 - t2];
})`

// Boot is where a wasm boot's time goes, one sample per run.
type Boot struct {
	// Instantiate is instantiateStreaming (read and compile, overlapped),
	// Start is go.run until main has published its function, and Read is
	// reading the file alone afterwards, through the same chrome-extension://
	// loader.
	Instantiate, Start, Read bench.Sample
}

// WasmBoot measures instantiate and Go start inside a freshly started
// service worker, runs times: stop the worker, wake it with a message the
// worker answers without loading Go, attach, and load the program, which
// publishes global.
func WasmBoot(b *browserkit.Chromium, runs int, global string) (Boot, error) {
	var out Boot
	for range runs {
		if err := stopWorker(b); err != nil {
			return out, err
		}
		if _, err := ext[string](b, `chrome.runtime.sendMessage({type: 'bench-wake'}).then(r => JSON.stringify(r))`); err != nil {
			return out, err
		}
		ctx, cancel, err := b.ServiceWorker(60 * time.Second)
		if err != nil {
			return out, err
		}
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](bootScript+`(`+strconv.Quote(global)+`)`, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			return out, errors.New(b.Name + ": boot in the worker: " + err.Error())
		}
		out.Instantiate = append(out.Instantiate, ms[0])
		out.Start = append(out.Start, ms[1])
		out.Read = append(out.Read, ms[2])
	}
	return out, nil
}

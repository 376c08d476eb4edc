package browser

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/bench"
	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/chromedp/chromedp"
)

// CaptureMix is the request-heavy page of the capture-overhead figure: per
// 40 requests 12 same-origin fetches, 10 images, 8 XHRs, 8 preflighted
// cross-origin fetches with a bearer, and 2 answered 401 (one of them
// cross-origin): 2,000 requests make 100 failures the extension records.
var CaptureMix = strings.Join([]string{
	"fetch", "img", "xhr", "fetch", "img", "cors", "fetch", "xhr", "img", "fetch",
	"deny", "img", "cors", "fetch", "xhr", "img", "fetch", "cors", "xhr", "fetch",
	"img", "cors", "fetch", "xhr", "img", "fetch", "cors", "img", "xhr", "fetch",
	"cors401", "img", "cors", "fetch", "xhr", "img", "fetch", "cors", "xhr", "fetch",
}, ",")

// OrdinaryMix stands for ordinary browsing, which is mostly images, scripts
// and styles: types the extension's listeners filter out, so this row shows
// the cost the type filter leaves (the webRequest permission's own floor).
const OrdinaryMix = "img"

// Progress receives a line per measurement; the command prints them.
var Progress = func(string) {}

// Pending bounds the requests a bench page has in flight at once. Issued all
// at once, Chromium refuses about a third of 2,000 (and most of 10,000) with
// net::ERR_INSUFFICIENT_RESOURCES before any extension sees them, and a run
// would time the refusals; 64 keeps every connection to both hosts busy.
const Pending = 64

// LoadToIdle opens the bench page in a new tab with n requests of the mix
// and returns the milliseconds from navigation start until every request
// settled, as the page measures it. A run in which any request failed on
// the network is an error: it did not do the work it claims to time.
func LoadToIdle(b *browserkit.Chromium, s *Server, n int, mix string) (float64, error) {
	tab := b.NewTab(60 * time.Second)
	ctx, cancel := tab.Ctx, tab.Cancel
	defer cancel()
	url := s.URL("app.test", "/page?n="+strconv.Itoa(n)+"&limit="+strconv.Itoa(Pending)+"&kinds="+mix)
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ Done, Failed float64 }](
		`window.bench.finished.then((done) => ({Done: done, Failed: window.bench.failed()}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return 0, errors.New(b.Name + ": the bench page did not settle: " + err.Error())
	}
	if out.Failed > 0 {
		return 0, errors.New(b.Name + ": " + strconv.FormatFloat(out.Failed, 'f', 0, 64) + " of the page's " + strconv.Itoa(n) + " requests failed on the network")
	}
	return out.Done, nil
}

// Alternate runs LoadToIdle rounds times on every browser, rotating the
// order each round so no variant always goes first, after one discarded
// warm-up round; past limit it stops, with at least three rounds for a
// median and a spread. It returns one
// sample per browser, in the given order.
func Alternate(bs []*browserkit.Chromium, s *Server, n int, mix string, rounds int, limit time.Duration) ([]bench.Sample, error) {
	out := make([]bench.Sample, len(bs))
	start := time.Now()
	for r := -1; r < rounds && (r < min(rounds, 3) || time.Since(start) < limit); r++ {
		for k := range bs {
			i := (k + max(r, 0)) % len(bs)
			ms, err := LoadToIdle(bs[i], s, n, mix)
			if err != nil {
				return nil, err
			}
			Progress(bs[i].Name + ": " + strconv.FormatFloat(ms, 'f', 0, 64) + " ms")
			if r >= 0 {
				out[i] = append(out[i], ms)
			}
			// Let the worker finish storing what it captured before the
			// next browser runs: the machine has two cores.
			time.Sleep(300 * time.Millisecond)
		}
	}
	return out, nil
}

// Ratios pairs run i of a with run i of base (the same round, so the same
// machine state) and returns a[i]/base[i].
func Ratios(a, base bench.Sample) bench.Sample {
	out := make(bench.Sample, 0, len(a))
	for i := range min(len(a), len(base)) {
		out = append(out, a[i]/base[i])
	}
	return out
}

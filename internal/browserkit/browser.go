package browserkit

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// Chromium is one running browser, with an unpacked extension or without.
type Chromium struct {
	// Name names the browser in errors ("" for the rig's one browser).
	Name string
	// ExtensionID is "" when no extension is loaded.
	ExtensionID string
	// Browser is the chromedp context of the browser's first tab; make a new
	// tab with chromedp.NewContext(Browser).
	Browser context.Context
	// control is a tab on chrome-extension://ID/manifest.json: an extension
	// page (chrome.* APIs work there) that never messages the worker, so
	// it can also stop the worker without waking it.
	control context.Context
	cancels []context.CancelFunc
}

// Launch starts a browser, loading the unpacked extension at o.Extension
// (an absolute path; "" for none), waits for the extension's service worker
// and opens the control tab. The browser runs until Close or until ctx ends.
func Launch(ctx context.Context, o Options) (b *Chromium, err error) {
	b = &Chromium{Name: o.Name}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	actx, cancel, err := NewAllocator(ctx, o)
	if err != nil {
		return nil, err
	}
	b.cancels = append(b.cancels, cancel)
	bctx, cancel := chromedp.NewContext(actx)
	b.cancels = append(b.cancels, cancel)
	if err = chromedp.Do(bctx); err != nil {
		return nil, b.fail("start chromium: " + err.Error())
	}
	b.Browser = bctx
	if o.Extension == "" {
		return b, nil
	}
	if b.ExtensionID, err = b.waitExtension(ctx, 15*time.Second); err != nil {
		return nil, err
	}
	cctx, cancel := chromedp.NewContext(bctx)
	b.cancels = append(b.cancels, cancel)
	if err = chromedp.Do(cctx, chromedp.Navigate(b.ExtensionURL("manifest.json"))); err != nil {
		return nil, b.fail("open control page: " + err.Error())
	}
	b.control = cctx
	return b, nil
}

// fail is an error saying msg, prefixed with the browser's name or with
// "browserkit".
func (b *Chromium) fail(msg string) error {
	if b.Name != "" {
		return errors.New(b.Name + ": " + msg)
	}
	return errors.New("browserkit: " + msg)
}

// waitExtension finds the extension's id from its service worker target.
func (b *Chromium) waitExtension(ctx context.Context, within time.Duration) (string, error) {
	deadline := time.Now().Add(within)
	for {
		w, err := b.worker()
		if err != nil {
			return "", err
		}
		if w != nil {
			return extensionID(w.URL), nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return "", b.fail("the extension's service worker never appeared (not built? manifest error? see chrome://extensions in a headful run)")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func extensionID(url string) string {
	rest, _ := strings.CutPrefix(url, "chrome-extension://")
	id, _, _ := strings.Cut(rest, "/")
	return id
}

// worker is the extension's service worker target, nil when it is stopped.
func (b *Chromium) worker() (*target.Info, error) {
	ts, err := chromedp.Targets(b.Browser)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Type == "service_worker" && strings.HasPrefix(t.URL, "chrome-extension://") &&
			(b.ExtensionID == "" || extensionID(t.URL) == b.ExtensionID) {
			return t, nil
		}
	}
	return nil, nil
}

// Close stops the browser.
func (b *Chromium) Close() {
	for i := len(b.cancels) - 1; i >= 0; i-- {
		b.cancels[i]()
	}
	b.cancels = nil
}

// ExtensionURL is chrome-extension://ID/path.
func (b *Chromium) ExtensionURL(path string) string {
	return "chrome-extension://" + b.ExtensionID + "/" + strings.TrimPrefix(path, "/")
}

// PopupURL is the popup page diagnosing tab tabID.
func (b *Chromium) PopupURL(tabID int) string {
	return b.ExtensionURL("extension/popup.html?tab=" + strconv.Itoa(tabID))
}

// ExtEval evaluates expr (awaiting a promise) in the control extension page.
func ExtEval[T any](ctx context.Context, b *Chromium, expr string) (T, error) {
	if b.control == nil {
		var zero T
		return zero, b.fail("no extension loaded")
	}
	c, cancel := JoinContext(b.control, ctx)
	defer cancel()
	return chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// JoinContext returns a child of tab (so chromedp finds the tab) that also
// ends when ctx ends (so a caller's deadline applies).
func JoinContext(tab, ctx context.Context) (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(tab)
	if dl, ok := ctx.Deadline(); ok {
		var cancel2 context.CancelFunc
		c, cancel2 = context.WithDeadline(c, dl)
		prev := cancel
		cancel = func() { cancel2(); prev() }
	}
	stop := context.AfterFunc(ctx, cancel)
	return c, func() { stop(); cancel() }
}

// TabID finds the chrome.tabs id of the tab whose title is title.
func (b *Chromium) TabID(ctx context.Context, title string) (int, error) {
	ids, err := ExtEval[[]int](ctx, b, `chrome.tabs.query({}).then(ts => ts.filter(t => t.title === `+strconv.Quote(title)+`).map(t => t.id))`)
	if err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return 0, b.fail(strconv.Itoa(len(ids)) + " tabs titled " + strconv.Quote(title) + ", want 1")
	}
	return ids[0], nil
}

// Badge is the extension's badge text on tab tabID.
func (b *Chromium) Badge(ctx context.Context, tabID int) (string, error) {
	return ExtEval[string](ctx, b, `chrome.action.getBadgeText({tabId: `+strconv.Itoa(tabID)+`})`)
}

// RestartWorker stops the extension's service worker (every worker, from the
// control page, which does not message it), so the next event or popup
// starts it afresh with no globals. It does not wait for the worker's
// target to go: see StopWorker.
func (b *Chromium) RestartWorker(ctx context.Context) error {
	if b.control == nil {
		return b.fail("no extension loaded")
	}
	c, cancel := JoinContext(b.control, ctx)
	defer cancel()
	if _, err := chromedp.Call(c, serviceworker.Enable, cdp.Empty{}); err != nil {
		return err
	}
	_, err := chromedp.Call(c, serviceworker.StopAllWorkers, cdp.Empty{})
	return err
}

// StopWorker is RestartWorker, then waits until the worker's target is gone
// (a measurement that starts the worker must not find the old one).
func (b *Chromium) StopWorker(ctx context.Context) error {
	if err := b.RestartWorker(ctx); err != nil {
		return err
	}
	for ctx.Err() == nil {
		if w, err := b.worker(); err != nil || w == nil {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return b.fail("the service worker did not stop")
}

// ServiceWorker attaches to the extension's running service worker, waiting
// up to 10 s for one; the context ends after within, and cancel detaches.
func (b *Chromium) ServiceWorker(within time.Duration) (context.Context, context.CancelFunc, error) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		w, err := b.worker()
		if err != nil {
			return nil, nil, err
		}
		if w == nil {
			continue
		}
		wctx, cancelW := chromedp.NewContext(b.Browser, chromedp.WithTargetID(w.TargetID), chromedp.WithDetachOnCancel())
		ctx, cancel := context.WithTimeout(wctx, within)
		if err := chromedp.Do(ctx); err != nil {
			cancel()
			cancelW()
			return nil, nil, b.fail("attach to the service worker: " + err.Error())
		}
		return ctx, func() { cancel(); cancelW() }, nil
	}
	return nil, nil, b.fail("no running service worker")
}

// BrowserCookie is a cookie as the browser's jar holds it.
type BrowserCookie struct {
	Name, Value, Domain, Path string
}

// Cookies is the browser's whole cookie jar (Storage.getCookies).
func (b *Chromium) Cookies(ctx context.Context) ([]BrowserCookie, error) {
	c, cancel := JoinContext(b.Browser, ctx)
	defer cancel()
	res, err := chromedp.CallBrowser(c, storage.GetCookies, storage.GetCookiesParams{})
	if err != nil {
		return nil, err
	}
	out := make([]BrowserCookie, 0, len(res.Cookies))
	for _, k := range res.Cookies {
		out = append(out, BrowserCookie{Name: k.Name, Value: k.Value, Domain: k.Domain, Path: k.Path})
	}
	return out, nil
}

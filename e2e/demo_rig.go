// Package e2e drives the real extension in a real Chromium against the lab.
// The non-test files (demo_*.go) are the driver shared by the browser tests
// and cmd/demo: one lab, one browser with the unpacked extension, a control
// tab on an extension page for chrome.* calls, and helpers to run a scenario
// in its own tab and read the popup for that tab.
package e2e

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/internal/chromium"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// RigOptions say how to start a Rig.
type RigOptions struct {
	// Root is the repository root (the unpacked extension); "" finds it
	// from the working directory.
	Root string
	// Headful shows the browser window (needs a display).
	Headful bool
	// NoExtension starts the browser without the extension.
	NoExtension bool
}

// Rig is one running lab and one browser.
type Rig struct {
	Lab         *lab.Lab
	Root        string
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

// FindRoot walks up from the working directory to the directory holding
// both go.mod and manifest.json.
func FindRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if exists(filepath.Join(dir, "go.mod")) && exists(filepath.Join(dir, "manifest.json")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("e2e: no directory with go.mod and manifest.json above the working directory (is the extension's manifest.json at the repo root?)")
		}
		dir = parent
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// CheckBuilt says what is missing for the extension to load and run.
func CheckBuilt(root string) error {
	var missing []string
	for _, f := range []string{"manifest.json", "extension/authdoctor.wasm", "extension/wasm_exec.js", "extension/popup.html"} {
		if !exists(filepath.Join(root, f)) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return errors.New("e2e: extension not built or incomplete, missing " + strings.Join(missing, ", ") + " (run `make build`)")
	}
	return nil
}

// StartRig starts the lab and the browser. Close it when done.
func StartRig(ctx context.Context, o RigOptions) (r *Rig, err error) {
	r = &Rig{Root: o.Root}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	if r.Root == "" {
		if r.Root, err = FindRoot(); err != nil {
			return nil, err
		}
	}
	if !o.NoExtension {
		if err = CheckBuilt(r.Root); err != nil {
			return nil, err
		}
	}
	r.Lab = lab.New(lab.Options{})
	if err = r.Lab.Start(); err != nil {
		return nil, err
	}
	copts := chromium.Options{Headful: o.Headful}
	if !o.NoExtension {
		copts.Extension = r.Root
	}
	actx, cancel, err := chromium.NewAllocator(ctx, copts)
	if err != nil {
		return nil, err
	}
	r.cancels = append(r.cancels, cancel)
	bctx, cancel := chromedp.NewContext(actx)
	r.cancels = append(r.cancels, cancel)
	if err = chromedp.Do(bctx); err != nil {
		return nil, errors.New("e2e: start chromium: " + err.Error())
	}
	r.Browser = bctx
	if o.NoExtension {
		return r, nil
	}
	if r.ExtensionID, err = waitExtension(bctx, 15*time.Second); err != nil {
		return nil, err
	}
	cctx, cancel := chromedp.NewContext(bctx)
	r.cancels = append(r.cancels, cancel)
	if err = chromedp.Do(cctx, chromedp.Navigate(r.ExtensionURL("manifest.json"))); err != nil {
		return nil, errors.New("e2e: open control page: " + err.Error())
	}
	r.control = cctx
	return r, nil
}

// waitExtension finds the extension's id from its service worker target.
func waitExtension(ctx context.Context, within time.Duration) (string, error) {
	deadline := time.Now().Add(within)
	for {
		ts, err := chromedp.Targets(ctx)
		if err != nil {
			return "", err
		}
		for _, t := range ts {
			if rest, ok := strings.CutPrefix(t.URL, "chrome-extension://"); ok && t.Type == "service_worker" {
				id, _, _ := strings.Cut(rest, "/")
				return id, nil
			}
		}
		if time.Now().After(deadline) {
			return "", errors.New("e2e: the extension's service worker never appeared (manifest error? see chrome://extensions in a headful run)")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Close stops the browser and the lab.
func (r *Rig) Close() {
	for i := len(r.cancels) - 1; i >= 0; i-- {
		r.cancels[i]()
	}
	r.cancels = nil
	if r.Lab != nil {
		r.Lab.Close()
	}
}

// ExtensionURL is chrome-extension://ID/path.
func (r *Rig) ExtensionURL(path string) string {
	return "chrome-extension://" + r.ExtensionID + "/" + strings.TrimPrefix(path, "/")
}

// PopupURL is the popup page diagnosing tab tabID.
func (r *Rig) PopupURL(tabID int) string {
	return r.ExtensionURL("extension/popup.html?tab=" + strconv.Itoa(tabID))
}

// ExtEval evaluates expr (awaiting a promise) in the control extension page.
func ExtEval[T any](ctx context.Context, r *Rig, expr string) (T, error) {
	if r.control == nil {
		var zero T
		return zero, errors.New("e2e: no extension loaded")
	}
	c, cancel := joinContext(r.control, ctx)
	defer cancel()
	return chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// joinContext returns a child of tab (so chromedp finds the tab) that also
// ends when ctx ends (so a caller's deadline applies).
func joinContext(tab, ctx context.Context) (context.Context, context.CancelFunc) {
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
func (r *Rig) TabID(ctx context.Context, title string) (int, error) {
	ids, err := ExtEval[[]int](ctx, r, `chrome.tabs.query({}).then(ts => ts.filter(t => t.title === `+strconv.Quote(title)+`).map(t => t.id))`)
	if err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return 0, errors.New("e2e: " + strconv.Itoa(len(ids)) + " tabs titled " + strconv.Quote(title) + ", want 1")
	}
	return ids[0], nil
}

// Badge is the extension's badge text on tab tabID.
func (r *Rig) Badge(ctx context.Context, tabID int) (string, error) {
	return ExtEval[string](ctx, r, `chrome.action.getBadgeText({tabId: `+strconv.Itoa(tabID)+`})`)
}

// RestartWorker stops the extension's service worker (every worker, from the
// control page, which does not message it), so the next event or popup
// starts it afresh with no globals.
func (r *Rig) RestartWorker(ctx context.Context) error {
	c, cancel := joinContext(r.control, ctx)
	defer cancel()
	if _, err := chromedp.Call(c, serviceworker.Enable, cdp.Empty{}); err != nil {
		return err
	}
	_, err := chromedp.Call(c, serviceworker.StopAllWorkers, cdp.Empty{})
	return err
}

// BrowserCookie is a cookie as the browser's jar holds it.
type BrowserCookie struct {
	Name, Value, Domain, Path string
}

// Cookies is the browser's whole cookie jar (Storage.getCookies).
func (r *Rig) Cookies(ctx context.Context) ([]BrowserCookie, error) {
	c, cancel := joinContext(r.Browser, ctx)
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

package browser

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/internal/chromium"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium, with or without an extension.
type Browser struct {
	Name string
	// ExtensionID is "" when no extension is loaded.
	ExtensionID string
	ctx         context.Context
	// control is a tab on chrome-extension://ID/manifest.json: chrome.*
	// works there and it never messages the worker, so it can stop the
	// worker without waking it (browser-testing.md).
	control context.Context
	cancel  []context.CancelFunc
}

// Start launches a browser loading the unpacked extension at dir ("" for
// none; dir must be absolute).
func Start(name, dir string) (b *Browser, err error) {
	b = &Browser{Name: name}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	actx, cancel, err := chromium.NewAllocator(context.Background(), chromium.Options{Extension: dir})
	if err != nil {
		return nil, err
	}
	b.cancel = append(b.cancel, cancel)
	ctx, cancel := chromedp.NewContext(actx)
	b.cancel = append(b.cancel, cancel)
	if err := chromedp.Do(ctx); err != nil {
		return nil, errors.New(name + ": start chromium: " + err.Error())
	}
	b.ctx = ctx
	if dir == "" {
		return b, nil
	}
	for deadline := time.Now().Add(15 * time.Second); b.ExtensionID == ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			return nil, errors.New(name + ": the extension's service worker never appeared (is " + dir + " built?)")
		}
		if w, err := b.worker(); err == nil && w != nil {
			b.ExtensionID = extensionID(w.URL)
		}
	}
	control, cancel := chromedp.NewContext(ctx)
	b.cancel = append(b.cancel, cancel)
	if err := chromedp.Do(control, chromedp.Navigate(b.ExtURL("manifest.json"))); err != nil {
		return nil, errors.New(name + ": open control page: " + err.Error())
	}
	b.control = control
	return b, nil
}

// Close stops the browser.
func (b *Browser) Close() {
	for i := len(b.cancel) - 1; i >= 0; i-- {
		b.cancel[i]()
	}
	b.cancel = nil
}

// ExtURL is chrome-extension://ID/path.
func (b *Browser) ExtURL(path string) string {
	return "chrome-extension://" + b.ExtensionID + "/" + path
}

func extensionID(url string) string {
	rest, _ := strings.CutPrefix(url, "chrome-extension://")
	id, _, _ := strings.Cut(rest, "/")
	return id
}

// worker is the extension's service worker target, nil when it is stopped.
func (b *Browser) worker() (*target.Info, error) {
	ts, err := chromedp.Targets(b.ctx)
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

// Tab opens a new tab; cancel closes it.
func (b *Browser) Tab(timeout time.Duration) (context.Context, context.CancelFunc) {
	tab, cancelTab := chromedp.NewContext(b.ctx)
	ctx, cancel := context.WithTimeout(tab, timeout)
	return ctx, func() { cancel(); cancelTab() }
}

// Ext evaluates expr (awaiting a promise) in the control extension page.
func Ext[T any](b *Browser, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(b.control, 20*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// StopWorker stops the extension's service worker and waits until its
// target is gone, so the next event starts it with no globals.
func (b *Browser) StopWorker() error {
	ctx, cancel := context.WithTimeout(b.control, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, serviceworker.StopAllWorkers, cdp.Empty{}); err != nil {
		return err
	}
	for ctx.Err() == nil {
		if w, err := b.worker(); err != nil || w == nil {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return errors.New(b.Name + ": the service worker did not stop")
}

// Worker attaches to the running service worker; cancel detaches.
func (b *Browser) Worker() (context.Context, context.CancelFunc, error) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		w, err := b.worker()
		if err != nil {
			return nil, nil, err
		}
		if w == nil {
			continue
		}
		wctx, cancelW := chromedp.NewContext(b.ctx, chromedp.WithTargetID(w.TargetID), chromedp.WithDetachOnCancel())
		ctx, cancel := context.WithTimeout(wctx, 60*time.Second)
		if err := chromedp.Do(ctx); err != nil {
			cancel()
			cancelW()
			return nil, nil, errors.New(b.Name + ": attach to the service worker: " + err.Error())
		}
		return ctx, func() { cancel(); cancelW() }, nil
	}
	return nil, nil, errors.New(b.Name + ": no running service worker")
}

// WebRequestOnly writes an extension that holds the webRequest permission and
// host permissions but registers no listener: the floor every capture design
// pays (browser-testing.md measured 1.13×). It returns the directory.
func WebRequestOnly() (string, error) {
	dir, err := os.MkdirTemp("", "authdoctor-bench-webrequest-")
	if err != nil {
		return "", err
	}
	manifest := `{"manifest_version": 3, "name": "webRequest floor", "version": "1",
"permissions": ["webRequest"], "host_permissions": ["<all_urls>"],
"background": {"service_worker": "worker.js"}}`
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(manifest), 0o644); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "worker.js"), []byte("// no listener on purpose\n"), 0o644)
}

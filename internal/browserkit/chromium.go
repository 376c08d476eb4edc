// Package browserkit is the one kit that drives a real Chromium for the
// browser tests (e2e), the demo (cmd/demo), the benchmarks (bench/browser)
// and the HAR recorder: it starts Debian's Chromium with the flags that work
// on a closed network (NewAllocator), optionally with the unpacked extension
// and a control tab on one of its pages (Launch, Chromium), and, with the lab
// beside it, runs scenarios in tabs and reads the popup for them (StartRig,
// Rig, Tab, Popup).
package browserkit

import (
	"context"
	"errors"
	"os"
	"os/exec"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/chromedp"
)

// Options says how to start the browser.
type Options struct {
	// Name names the browser in errors and progress lines (Launch only).
	Name string
	// Extension is the absolute path of an unpacked extension to load ("" for none).
	Extension string
	// Headful shows a window (needs a display); the default is headless.
	Headful bool
	// UserDataDir is a fresh profile directory; "" makes a temporary one.
	UserDataDir string
	Flags       []chromedp.ExecAllocatorOption
}

// Path finds the browser: $CHROMIUM, then /usr/bin/chromium, then PATH.
func Path() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium not found: install it (apt-get install -y chromium) or set $CHROMIUM")
}

// NewAllocator returns a chromedp allocator context for a new browser process.
// Cancel it to kill the browser.
func NewAllocator(parent context.Context, o Options) (context.Context, context.CancelFunc, error) {
	exe, err := Path()
	if err != nil {
		return nil, nil, err
	}
	dir := o.UserDataDir
	cleanup := func() {}
	if dir == "" {
		dir, err = os.MkdirTemp("", "authdoctor-chromium-")
		if err != nil {
			return nil, nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
	}
	// chromedp.DefaultExecAllocatorOptions carries --disable-extensions, which
	// would keep the extension from starting, so the list is spelled out here.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dir),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("host-resolver-rules", lab.HostRules),
		chromedp.Flag("ignore-certificate-errors", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
	}
	if !o.Headful {
		opts = append(opts, chromedp.Flag("headless", "new"), chromedp.Flag("hide-scrollbars", true), chromedp.Flag("mute-audio", true))
	}
	if o.Extension != "" {
		opts = append(opts,
			chromedp.Flag("disable-extensions-except", o.Extension),
			chromedp.Flag("load-extension", o.Extension))
	}
	opts = append(opts, o.Flags...)
	ctx, cancel := chromedp.NewExecAllocator(parent, opts...)
	return ctx, func() { cancel(); cleanup() }, nil
}

package e2e

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExtensionSmoke is the extension's own quick check in a real Chromium:
// the unpacked repo root loads, the worker boots Go, a top-level 401 gets a
// "401" badge on its tab (re-applied after the error page commits), and the
// popup contract holds: popup.html?tab=N shows [data-finding] elements and
// the [data-action="clear-site-data"] button.
func TestExtensionSmoke(t *testing.T) {
	if _, err := browserkit.Path(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "extension", "authdoctor.wasm")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("run `make build` first: ", err)
		}
		t.Skip("run `make build` first: ", err)
	}
	port := smokeServer(t)

	actx, cancelAlloc, err := browserkit.NewAllocator(context.Background(), browserkit.Options{Extension: root})
	require.NoError(t, err)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	require.NoError(t, chromedp.Do(browser))
	ctx, cancel := context.WithTimeout(browser, 60*time.Second)
	defer cancel()

	id := smokeExtensionID(ctx, t)
	ext := "chrome-extension://" + id + "/"

	// The failing page, in its own tab.
	page, cancelPage := chromedp.NewContext(browser)
	defer cancelPage()
	pageURL := "http://app.test:" + port + "/private"
	// The navigation ends in an error page (a 401 Bearer has no prompt, the
	// body is shown); either way the request has completed.
	_ = chromedp.Do(page, chromedp.Navigate(pageURL))

	control, cancelControl := chromedp.NewContext(browser)
	defer cancelControl()
	require.NoError(t, chromedp.Do(control, chromedp.Navigate(ext+"manifest.json")))
	eval := func(expr string) (string, error) {
		c, cancel := context.WithTimeout(control, 10*time.Second)
		defer cancel()
		return chromedp.Run(c, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	}
	tabID, err := eval(`chrome.tabs.query({url: "http://app.test/*"}).then(ts => String(ts.length === 1 ? ts[0].id : -ts.length))`)
	require.NoError(t, err)
	require.NotContains(t, tabID, "-", "exactly one tab on the failing page")

	t.Run("badge", func(t *testing.T) {
		var badge string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if badge, err = eval(`chrome.action.getBadgeText({tabId: ` + tabID + `})`); err == nil && badge != "" {
				break
			}
		}
		require.NoError(t, err)
		assert.Equal(t, "401", badge)
	})

	t.Run("worker boots Go and diagnoses", func(t *testing.T) {
		out, err := eval(`chrome.runtime.sendMessage({type: "diagnose", tabId: ` + tabID + `}).then(r => JSON.stringify({
			ok: r.ok, loaded: r.engine.loaded, version: r.engine.version, failures: r.failures.length,
			status: r.failures[0] && r.failures[0].response.status,
			report: r.report && r.report.version}))`)
		require.NoError(t, err)
		assert.Contains(t, out, `"ok":true`)
		assert.Contains(t, out, `"loaded":true`)
		assert.Contains(t, out, `"version":"authdoctor `)
		assert.Contains(t, out, `"failures":1`)
		assert.Contains(t, out, `"status":401`)
		assert.Contains(t, out, `"report":1`)
	})

	t.Run("popup contract", func(t *testing.T) {
		popup, cancelPopup := chromedp.NewContext(browser)
		defer cancelPopup()
		c, cancel := context.WithTimeout(popup, 20*time.Second)
		defer cancel()
		require.NoError(t, chromedp.Do(c,
			chromedp.Navigate(ext+"extension/popup.html?tab="+tabID),
			chromedp.WaitVisible(chromedp.CSS(`[data-action="clear-site-data"]:enabled`)),
			chromedp.WaitReady(chromedp.CSS(`[data-finding]`))))
		ids, err := chromedp.Run(c, chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-finding]")].map(e => e.dataset.finding)`))
		require.NoError(t, err)
		t.Logf("findings in rank order: %v", ids)
		require.NotEmpty(t, ids, "a 401 is always explained by at least one finding")
		summary, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(`#failure-summary`)))
		require.NoError(t, err)
		assert.Contains(t, summary, "401 GET http://app.test:"+port+"/private")
		label, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(`[data-action="clear-site-data"]`)))
		require.NoError(t, err)
		assert.Equal(t, "Clear site data for app.test:"+port, label)
	})
}

// smokeServer answers /private with a 401 Bearer challenge; it returns the port.
func smokeServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/private" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="smoke", error="invalid_token"`)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte("<title>denied</title>denied"))
			return
		}
		w.Write([]byte("<title>ok</title>ok"))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// smokeExtensionID reads the extension's id from its service worker target.
func smokeExtensionID(ctx context.Context, t *testing.T) string {
	for {
		targets, err := chromedp.Targets(ctx)
		require.NoError(t, err)
		for _, tg := range targets {
			if rest, ok := strings.CutPrefix(tg.URL, "chrome-extension://"); ok && tg.Type == "service_worker" {
				id, _, _ := strings.Cut(rest, "/")
				return id
			}
		}
		select {
		case <-ctx.Done():
			t.Fatal("the extension's service worker never appeared (manifest error?)")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

package browser

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/authdoctor/authdoctor/internal/browserkit"
)

// The browsers are started by browserkit.Launch (one Chromium with the
// extension or without, its control tab and its service worker); this
// package only measures them.

// ext evaluates expr (awaiting a promise) in b's control extension page,
// within 20 s.
func ext[T any](b *browserkit.Chromium, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return browserkit.ExtEval[T](ctx, b, expr)
}

// stopWorker stops b's service worker and waits until it is gone, within 10 s.
func stopWorker(b *browserkit.Chromium) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return b.StopWorker(ctx)
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

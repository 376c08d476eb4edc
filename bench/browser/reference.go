package browser

import (
	"os"
	"path/filepath"
)

// Reference writes the floor the popup and boot figures are compared with:
// an extension whose worker answers messages without doing anything and
// whose popup.html is one static [data-finding] element (the time any
// extension page takes to show something), with wasm as its
// extension/authdoctor.wasm (a syscall/js hello world: what loading any Go
// program costs) and the repository's wasm_exec.js. It returns the directory.
func Reference(root string, wasm []byte) (string, error) {
	dir, err := os.MkdirTemp("", "authdoctor-bench-reference-")
	if err != nil {
		return "", err
	}
	exec, err := os.ReadFile(filepath.Join(root, "extension", "wasm_exec.js"))
	if err != nil {
		return dir, err
	}
	files := map[string][]byte{
		"manifest.json": []byte(`{"manifest_version": 3, "name": "bench reference", "version": "1",
"background": {"service_worker": "extension/worker.js"},
"content_security_policy": {"extension_pages": "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'"}}`),
		"extension/worker.js": []byte(`importScripts('wasm_exec.js');
chrome.runtime.onMessage.addListener((msg, sender, reply) => { reply({ ok: true }); });
`),
		"extension/popup.html":      []byte(`<!doctype html><meta charset="utf-8"><title>reference</title><ol><li data-finding="reference">reference</li></ol>`),
		"extension/wasm_exec.js":    exec,
		"extension/authdoctor.wasm": wasm,
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return dir, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return dir, err
		}
	}
	return dir, nil
}

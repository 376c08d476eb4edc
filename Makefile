# Auth Doctor — every entry point a developer or CI needs.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM      := extension/authdoctor.wasm
WASM_EXEC := extension/wasm_exec.js
# Short bounded fuzzing in `make test` (a count, not a time: a time-bounded
# run can end inside a slow input and report "context deadline exceeded");
# `make fuzz` runs long.
FUZZTIME  ?= 2000x
LONGFUZZ  ?= 10m
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# The one version string (internal/version), stamped into the wasm and the CLI.
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS   := -s -w -X github.com/authdoctor/authdoctor/internal/version.Version=$(VERSION)

.PHONY: build test jstest unit wasmtest fuzz-smoke fuzz browser demo bench bench-check dist lint record-har clean

build: $(WASM) $(WASM_EXEC)

$(WASM): FORCE
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='$(LDFLAGS)' -o $@ ./wasm

$(WASM_EXEC): $(GOROOT)/lib/wasm/wasm_exec.js
	cp $< $@

FORCE:

# Everything: lint first, then engine, CLI, lab, the wasm bridge under Node,
# bounded fuzzing, and the real-Chromium tests (they need `make build` first
# for the extension). CI (.ci/run) runs this target.
test: lint build jstest unit wasmtest fuzz-smoke

# The extension's pure parts (capture pre-filter, bounds, snapshots, clear
# plan, popup render) under node --test; no browser.
jstest:
	node --test extension/test/

# The browser suite runs verbose so CI's log shows the differential results
# ("CORS a/b agree", "cookies c/d agree"); go test hides a passing package's output.
unit:
	$(GO) test -count=1 -timeout 25m $$($(GO) list ./... | grep -v '/e2e$$')
	$(GO) test -count=1 -timeout 25m -v ./e2e/

wasmtest:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/...

fuzz-smoke:
	@./scripts/fuzz.sh $(FUZZTIME)

fuzz:
	@./scripts/fuzz.sh $(LONGFUZZ)

demo: build
	$(GO) run ./cmd/demo

# Re-records testdata/har/<scenario>.har from headless Chromium (no extension).
record-har:
	$(GO) run ./internal/harrec/cmd -out testdata/har

# One table of every figure measured side by side on this machine (engine,
# wasm under Node, the extension in headless Chromium), written into
# BENCHMARKS.md; about 10 minutes. bench-check also fails on a missed budget.
bench: build
	$(GO) run ./bench/cmd/bench

bench-check: build
	$(GO) run ./bench/cmd/bench -check

dist: build
	rm -rf dist && mkdir -p dist
	zip -qr dist/authdoctor-extension.zip manifest.json extension -x '*_test.*' 'extension/test/*' 'extension/package.json'
	$(GO) build -trimpath -ldflags='$(LDFLAGS)' -o dist/authdoctor ./cmd/authdoctor

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt: files above need formatting'; exit 1; }
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...
	$(GO) run $(STATICCHECK) ./...

clean:
	rm -rf $(WASM) $(WASM_EXEC) dist demo-out

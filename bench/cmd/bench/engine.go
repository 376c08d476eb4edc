package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/bench"
	"github.com/authdoctor/authdoctor/bench/engine"
)

// benchCount is go test -count for the engine benchmarks: enough for a
// median and for benchstat.
const benchCount = 5

func (r *run) engine() error {
	dir, err := r.harDir()
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "test", "-run=^$", "-bench=10k$", "-benchmem", "-count="+strconv.Itoa(benchCount), "./bench/engine/")
	cmd.Dir = r.root
	cmd.Env = append(os.Environ(), "AUTHDOCTOR_HAR_DIR="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return errors.New("go test -bench: " + err.Error() + "\n" + string(out))
	}
	raw := filepath.Join(os.TempDir(), "authdoctor-bench-engine.txt")
	if err := os.WriteFile(raw, out, 0o644); err == nil {
		fmt.Fprintln(os.Stderr, "bench: raw engine benchmark output (for benchstat) in "+raw)
	}
	wall, cpu := parseBench(string(out))
	for _, b := range []struct{ name, figure string }{
		{"HAR10k", "engine: 10,000-entry HAR → report, native (CLI path)"},
		{"Diagnose10k", "engine: the rules alone on those 10,000 entries, native"},
	} {
		if len(cpu[b.name]) == 0 {
			return errors.New("no result for Benchmark" + b.name + " (is testdata/har empty?)\n" + string(out))
		}
		c := cpu[b.name].Median()
		r.add(row{figure: b.figure, absolute: bench.Fmt(c, 1) + " ms CPU", spread: cpu[b.name].Spread(1),
			relative: "wall " + bench.Fmt(wall[b.name].Median(), 1) + " ms", budget: "≤ 50 ms", met: verdict(c <= 50)})
	}

	// The wasm build on the very input the native Snapshot10k benchmark read.
	harJSON, err := engine.Replicate(dir, engine.Entries)
	if err != nil {
		return err
	}
	snap, err := engine.Snapshot(harJSON)
	if err != nil {
		return err
	}
	snapFile := filepath.Join(os.TempDir(), "authdoctor-bench-snapshot.json")
	if err := os.WriteFile(snapFile, snap, 0o644); err != nil {
		return err
	}
	defer os.Remove(snapFile)
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return errors.New("go env GOROOT: " + err.Error())
	}
	node := exec.Command("node", filepath.Join(r.root, "bench", "engine", "wasm_node.js"),
		filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"),
		filepath.Join(r.root, "extension", "authdoctor.wasm"), snapFile, strconv.Itoa(benchCount))
	node.Stderr = os.Stderr
	nout, err := node.Output()
	if err != nil {
		return errors.New("node wasm_node.js: " + err.Error())
	}
	var w struct {
		InstantiateMs, StartMs float64
		WallMs, CPUMs          []float64
		Failures               int
	}
	if err := json.Unmarshal(nout, &w); err != nil {
		return errors.New("node wasm_node.js: " + err.Error() + ": " + string(nout))
	}
	native := cpu["Snapshot10k"].Median()
	wasmCPU := bench.Sample(w.CPUMs).Median()
	r.add(row{figure: "engine: snapshot → report, native (the bridge's work)", absolute: bench.Fmt(native, 1) + " ms CPU",
		spread: cpu["Snapshot10k"].Spread(1), relative: "wall " + bench.Fmt(wall["Snapshot10k"].Median(), 1) + " ms"})
	r.add(row{figure: "engine: snapshot → report, wasm under Node " + r.node, absolute: bench.Fmt(wasmCPU, 1) + " ms CPU",
		spread:   bench.Sample(w.CPUMs).Spread(1),
		relative: bench.Fmt(wasmCPU/native, 2) + "× native (" + strconv.Itoa(w.Failures) + " failures explained)",
		budget:   "≤ 3× native", met: verdict(wasmCPU <= 3*native)})
	return r.engineWasmNoBridge(dir, goroot, wall)
}

// engineWasmNoBridge runs the same benchmarks compiled to js/wasm by go test
// under Node: Go's wasm code against native on the same code, with no
// JavaScript bridge, so the bridge's share of the wasm/native ratio shows.
func (r *run) engineWasmNoBridge(dir string, goroot []byte, native map[string]bench.Sample) error {
	cmd := exec.Command("go", "test", "-run=^$", "-bench=(Snapshot|Diagnose)10k$", "-benchmem", "-count=3",
		"-exec="+filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec"), "./bench/engine/")
	cmd.Dir = r.root
	cmd.Env = append(os.Environ(), "AUTHDOCTOR_HAR_DIR="+dir, "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return errors.New("go test -bench under js/wasm: " + err.Error() + "\n" + string(out))
	}
	wasm, _ := parseBench(string(out))
	var parts []string
	for _, name := range []string{"Snapshot10k", "Diagnose10k"} {
		if len(wasm[name]) == 0 || len(native[name]) == 0 {
			return errors.New("no js/wasm result for Benchmark" + name + "\n" + string(out))
		}
		parts = append(parts, name+" "+bench.Fmt(wasm[name].Median(), 0)+" ms = "+bench.Fmt(wasm[name].Median()/native[name].Median(), 2)+"× native")
	}
	r.add(row{figure: "engine: the same Go benchmarks compiled to js/wasm, under Node by go test (no JavaScript bridge), wall",
		absolute: bench.Fmt(wasm["Snapshot10k"].Median(), 1) + " ms", spread: wasm["Snapshot10k"].Spread(1),
		relative: strings.Join(parts, "; ") + " (native wall)"})
	return nil
}

// harDir is testdata/har when it has recordings, else a cache recorded once
// with `make record-har`'s command (about 3 minutes of headless Chromium).
func (r *run) harDir() (string, error) {
	dir := engine.HARDir(r.root)
	if hars, _ := filepath.Glob(filepath.Join(dir, "*.har")); len(hars) > 0 {
		return dir, nil
	}
	cache := filepath.Join(os.TempDir(), "authdoctor-bench-har")
	if hars, _ := filepath.Glob(filepath.Join(cache, "*.har")); len(hars) > 0 {
		fmt.Fprintln(os.Stderr, "bench: "+dir+" has no HAR; using the recording cached in "+cache)
		return cache, nil
	}
	fmt.Fprintln(os.Stderr, "bench: "+dir+" has no HAR; recording the lab into "+cache+" (once)")
	cmd := exec.Command("go", "run", "./internal/harrec/cmd", "-out", cache)
	cmd.Dir = r.root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(cache)
		return "", errors.New("record the lab's HAR files: " + err.Error())
	}
	return cache, nil
}

// parseBench reads `go test -bench` output: per benchmark (name without
// "Benchmark" and the -N suffix), wall and CPU milliseconds per op.
func parseBench(out string) (wall, cpu map[string]bench.Sample) {
	wall, cpu = map[string]bench.Sample{}, map[string]bench.Sample{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i]
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				wall[name] = append(wall[name], v/1e6)
			case "cpu-ns/op":
				cpu[name] = append(cpu[name], v/1e6)
			}
		}
	}
	return wall, cpu
}

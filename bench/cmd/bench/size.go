package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/authdoctor/authdoctor/bench"
)

// helloMain is the size reference: the smallest program that publishes a
// function to JavaScript through syscall/js.
const helloMain = `package main

import "syscall/js"

func main() {
	js.Global().Set("hello", js.FuncOf(func(js.Value, []js.Value) any { return "hi" }))
	select {}
}
`

// engineMain is the engine with the bridge's work but without safejs: what
// the wasm would weigh if it used syscall/js directly.
const engineMain = `package main

import (
	"syscall/js"

	"github.com/authdoctor/authdoctor/diagnose"
)

func main() {
	js.Global().Set("authdoctor", js.FuncOf(func(_ js.Value, args []js.Value) any {
		s, err := diagnose.DecodeSnapshot([]byte(args[0].String()))
		if err != nil {
			return string(diagnose.EncodeError(err))
		}
		return string(diagnose.EncodeReport(diagnose.Diagnose(s)))
	}))
	select {}
}
`

// mb is the decimal megabyte the budgets are written in.
const mb = 1e6

func (r *run) sizes() error {
	wasm, err := os.ReadFile(filepath.Join(r.root, "extension", "authdoctor.wasm"))
	if err != nil {
		return errors.New("run `make build` first: " + err.Error())
	}
	hello, err := r.helloWasm()
	if err != nil {
		return err
	}
	raw, gz := float64(len(wasm)), float64(gzipLen(wasm))
	r.add(row{figure: "wasm size, raw", absolute: bench.Fmt(raw/mb, 2) + " MB",
		relative: bench.Fmt(raw/float64(len(hello)), 2) + "× hello world (" + bench.Fmt(float64(len(hello))/mb, 2) + " MB)",
		budget:   "≤ 2.5 MB", met: verdict(raw <= 2.5*mb)})
	r.add(row{figure: "wasm size, gzip -9", absolute: bench.Fmt(gz/mb, 2) + " MB",
		relative: bench.Fmt(gz/float64(gzipLen(hello)), 2) + "× hello world (" + bench.Fmt(float64(gzipLen(hello))/mb, 2) + " MB)"})
	if eng, err := r.buildWasm("engine", engineMain, true); err == nil {
		r.add(row{figure: "wasm size, engine without safejs", absolute: bench.Fmt(float64(len(eng))/mb, 2) + " MB",
			relative: "safejs + bridge add " + bench.Fmt((raw-float64(len(eng)))/mb, 2) + " MB"})
	} else {
		r.add(row{figure: "wasm size, engine without safejs", absolute: "not built: " + err.Error()})
	}
	return nil
}

// helloWasm is the hello-world reference, built once per run.
func (r *run) helloWasm() ([]byte, error) {
	if r.hello == nil {
		b, err := r.buildWasm("hello", helloMain, false)
		if err != nil {
			return nil, err
		}
		r.hello = b
	}
	return r.hello, nil
}

// buildWasm builds main.go in a scratch module with the project's flags
// (Makefile: -trimpath -ldflags='-s -w'); withEngine points the module at
// this repository.
func (r *run) buildWasm(name, src string, withEngine bool) ([]byte, error) {
	dir, err := os.MkdirTemp("", "authdoctor-bench-"+name+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	mod := "module bench" + name + "\n\ngo 1.26\n"
	if withEngine {
		mod += "\nrequire github.com/authdoctor/authdoctor v0.0.0\n\nreplace github.com/authdoctor/authdoctor => " + r.root + "\n"
		sum, err := os.ReadFile(filepath.Join(r.root, "go.sum"))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, name+".wasm")
	cmd := exec.Command("go", "build", "-mod=mod", "-trimpath", "-ldflags=-s -w", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, errors.New("build " + name + ": " + err.Error() + ": " + string(bytes.TrimSpace(msg)))
	}
	return os.ReadFile(out)
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

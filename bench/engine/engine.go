// Package engine builds the engine-throughput workload: a HAR of lab-recorded
// entries (testdata/har) replicated to a fixed size, and the same data as a
// wire snapshot for the wasm build.
package engine

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/har"
)

// Entries is the size of the throughput workload.
const Entries = 10000

// HARDir is where the lab-recorded HAR files are: $AUTHDOCTOR_HAR_DIR, else
// testdata/har under root.
func HARDir(root string) string {
	if d := os.Getenv("AUTHDOCTOR_HAR_DIR"); d != "" {
		return d
	}
	return filepath.Join(root, "testdata", "har")
}

// Replicate reads every *.har in dir and returns one HAR whose n entries
// cycle through all of theirs, in file-name order.
func Replicate(dir string, n int) ([]byte, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.har"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var pool []json.RawMessage
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var h struct {
			Log struct {
				Entries []json.RawMessage `json:"entries"`
			} `json:"log"`
		}
		if err := json.Unmarshal(data, &h); err != nil {
			return nil, errors.New(f + ": " + err.Error())
		}
		pool = append(pool, h.Log.Entries...)
	}
	if len(pool) == 0 {
		return nil, errors.New("no HAR entries in " + dir + " (run `make record-har`)")
	}
	out := struct {
		Log struct {
			Version string            `json:"version"`
			Creator map[string]string `json:"creator"`
			Entries []json.RawMessage `json:"entries"`
		} `json:"log"`
	}{}
	out.Log.Version = "1.2"
	out.Log.Creator = map[string]string{"name": "authdoctor bench", "version": "1"}
	out.Log.Entries = make([]json.RawMessage, n)
	for i := range n {
		out.Log.Entries[i] = pool[i%len(pool)]
	}
	return json.Marshal(out)
}

// Snapshot converts a HAR to the wire snapshot the wasm build takes, so the
// native and wasm runs diagnose the very same input.
func Snapshot(harJSON []byte) ([]byte, error) {
	res, err := har.Parse(harJSON, har.Options{})
	if err != nil {
		return nil, err
	}
	return diagnose.EncodeSnapshot(res.Snapshot), nil
}

// Root finds the repository root (the directory with go.mod) above dir.
func Root(dir string) (string, error) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above " + dir)
		}
		dir = parent
	}
}

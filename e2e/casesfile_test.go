package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// The differential matrices are generated, then checked in as data so a
// reviewer sees every case; these helpers keep file and generator equal.

func encodeCases[T any](cases []T) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(cases); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func loadCases[T any](t *testing.T, path string) []T {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []T
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// syncCasesFile rewrites path from generated when update is set, fails when
// the checked-in file differs from the generator, and returns the file's cases.
func syncCasesFile[T any](t *testing.T, path string, generated []T, update bool, regenerate string) []T {
	t.Helper()
	want := encodeCases(generated)
	if update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run %s", path, regenerate)
	}
	return loadCases[T](t, path)
}

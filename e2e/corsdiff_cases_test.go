package e2e

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/authdoctor/authdoctor/e2e/internal/gencors"
)

//go:generate go test -run TestCorsCasesFile -update-cors .

var updateCors = flag.Bool("update-cors", false, "rewrite testdata/cors_cases.json from the generator")

const corsCasesFile = "testdata/cors_cases.json"

func encodeCorsCases(cases []gencors.Case) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(cases); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func loadCorsCases(t *testing.T) []gencors.Case {
	t.Helper()
	b, err := os.ReadFile(corsCasesFile)
	if err != nil {
		t.Fatal(err)
	}
	var cases []gencors.Case
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestCorsCasesFile keeps the checked-in matrix equal to what the generator
// makes (go generate rewrites it), and big enough to mean something.
func TestCorsCasesFile(t *testing.T) {
	want := encodeCorsCases(gencors.Generate())
	if *updateCors {
		if err := os.WriteFile(corsCasesFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(corsCasesFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go generate ./e2e/ (go test -run TestCorsCasesFile -update-cors ./e2e/)", corsCasesFile)
	}
	cases := loadCorsCases(t)
	if len(cases) < 300 {
		t.Fatalf("the matrix has %d cases, want at least 300", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.ID] {
			t.Fatalf("duplicate case id %s", c.ID)
		}
		seen[c.ID] = true
	}
}

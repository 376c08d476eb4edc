package e2e

import (
	"flag"
	"testing"

	"github.com/authdoctor/authdoctor/e2e/internal/gencors"
)

//go:generate go test -run TestCorsCasesFile -update-cors .

var updateCors = flag.Bool("update-cors", false, "rewrite testdata/cors_cases.json from the generator")

const corsCasesFile = "testdata/cors_cases.json"

func loadCorsCases(t *testing.T) []gencors.Case {
	t.Helper()
	return loadCases[gencors.Case](t, corsCasesFile)
}

// TestCorsCasesFile keeps the checked-in matrix equal to what the generator
// makes (go generate rewrites it), and big enough to mean something.
func TestCorsCasesFile(t *testing.T) {
	cases := syncCasesFile(t, corsCasesFile, gencors.Generate(), *updateCors, "go generate ./e2e/ (go test -run TestCorsCasesFile -update-cors ./e2e/)")
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

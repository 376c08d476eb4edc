package e2e

import (
	"flag"
	"testing"

	"github.com/authdoctor/authdoctor/e2e/internal/gencookie"
)

//go:generate go test -run TestCookieCasesFile -update-cookies .

var updateCookies = flag.Bool("update-cookies", false, "rewrite testdata/cookie_cases.json from the generator")

const cookieCasesFile = "testdata/cookie_cases.json"

func loadCookieCases(t *testing.T) []gencookie.Case {
	t.Helper()
	return loadCases[gencookie.Case](t, cookieCasesFile)
}

// TestCookieCasesFile keeps the checked-in matrix equal to what the
// generator makes (go generate rewrites it), and big enough to mean something.
func TestCookieCasesFile(t *testing.T) {
	cases := syncCasesFile(t, cookieCasesFile, gencookie.Generate(), *updateCookies, "go test -run TestCookieCasesFile -update-cookies ./e2e/")
	kinds := map[string]int{}
	ids := map[string]bool{}
	for _, c := range cases {
		kinds[c.Kind]++
		if ids[c.ID] {
			t.Fatalf("duplicate case id %s", c.ID)
		}
		ids[c.ID] = true
	}
	if len(cases) < 200 || kinds["set"] < 100 || kinds["send"] < 100 {
		t.Fatalf("matrix too small: %v", kinds)
	}
}

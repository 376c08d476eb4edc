package e2e

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/authdoctor/authdoctor/e2e/internal/gencookie"
)

//go:generate go test -run TestCookieCasesFile -update-cookies .

var updateCookies = flag.Bool("update-cookies", false, "rewrite testdata/cookie_cases.json from the generator")

const cookieCasesFile = "testdata/cookie_cases.json"

func encodeCookieCases(cases []gencookie.Case) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(cases); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func loadCookieCases(t *testing.T) []gencookie.Case {
	t.Helper()
	b, err := os.ReadFile(cookieCasesFile)
	if err != nil {
		t.Fatal(err)
	}
	var cases []gencookie.Case
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestCookieCasesFile keeps the checked-in matrix equal to what the
// generator makes (go generate rewrites it), and big enough to mean something.
func TestCookieCasesFile(t *testing.T) {
	want := encodeCookieCases(gencookie.Generate())
	if *updateCookies {
		if err := os.WriteFile(cookieCasesFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(cookieCasesFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go test -run TestCookieCasesFile -update-cookies ./e2e/", cookieCasesFile)
	}
	cases := loadCookieCases(t)
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

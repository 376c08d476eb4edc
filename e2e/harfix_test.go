package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/har"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The HAR fixtures are recorded from the lab by `make record-har`; these
// tests need no browser.
const harDir = "../testdata/har"

func labScenarios(t *testing.T) []lab.Scenario {
	t.Helper()
	l := lab.New(lab.Options{})
	require.NoError(t, l.Start())
	t.Cleanup(func() { l.Close() })
	s := l.Scenarios()
	require.NotEmpty(t, s)
	return s
}

// diagnoseHAR is `authdoctor diagnose FILE.har --json`, in process.
func diagnoseHAR(t *testing.T, path string) diagnose.Report {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err, "fixture missing: run `make record-har`")
	defer f.Close()
	res, err := har.Read(f, har.Options{})
	require.NoError(t, err)
	return diagnose.Diagnose(res.Snapshot)
}

// describe renders a report for failure messages: each failure with its
// ranked finding ids.
func describe(r diagnose.Report) string {
	var b strings.Builder
	for _, f := range r.Failures {
		b.WriteString("  " + f.Method + " " + f.URL)
		if f.Status != 0 {
			b.WriteString(" " + strconv.Itoa(f.Status))
		}
		if f.Error != "" {
			b.WriteString(" " + f.Error)
		}
		b.WriteString(":")
		for _, fd := range f.Findings {
			b.WriteString(" " + string(fd.ID) + "(" + fd.Severity.String() + ")")
		}
		b.WriteString("\n")
	}
	if len(r.Failures) == 0 {
		b.WriteString("  (no failure)\n")
	}
	for _, p := range r.Problems {
		b.WriteString("  problem: " + p + "\n")
	}
	return b.String()
}

// notReproducible are the scenarios the lab marks as not reproducible in one
// browser: Chromium rejects the first two inside the page before any request
// exists (nothing reaches webRequest, DevTools or a HAR), and one host
// cannot answer from two addresses under --host-resolver-rules.
var notReproducible = []string{"ip-changed", "cors-disallowed-by-mode", "cors-no-cors-redirect-mode-not-follow"}

// TestHARFixturesNameTheCause feeds each scenario's recorded HAR to the
// engine: the newest failure's first finding is the scenario's cause, and a
// healthy scenario yields no cause or likely finding at all.
func TestHARFixturesNameTheCause(t *testing.T) {
	for _, s := range labScenarios(t) {
		t.Run(s.Name, func(t *testing.T) {
			rep := diagnoseHAR(t, filepath.Join(harDir, s.Name+".har"))
			if !s.Reproducible {
				// The marking is checked, not skipped: the scenario says why,
				// and its HAR indeed cannot show the cause (if Chromium ever
				// lets it through, this fails and the mark must go).
				assert.Contains(t, notReproducible, s.Name, "scenario marked not reproducible without being expected to be")
				assert.Contains(t, s.Description, "Not reproducible", "a scenario marked not reproducible must say why")
				for _, f := range rep.Failures {
					for _, fd := range f.Findings {
						assert.NotEqual(t, s.Cause, fd.ID, "marked not reproducible, yet its HAR shows the cause on %s %s; report:\n%s", f.Method, f.URL, describe(rep))
					}
				}
				return
			}
			assert.NotContains(t, notReproducible, s.Name, "scenario expected to be marked not reproducible")
			if s.Cause == "" {
				for _, f := range rep.Failures {
					for _, fd := range f.Findings {
						assert.False(t, fd.Severity == diagnose.Cause || fd.Severity == diagnose.Likely,
							"healthy scenario, yet %s is %s on %s %s; report:\n%s", fd.ID, fd.Severity, f.Method, f.URL, describe(rep))
					}
				}
				return
			}
			require.NotEmpty(t, rep.Failures, "no failure found; report:\n%s", describe(rep))
			require.NotEmpty(t, rep.Failures[0].Findings, "the newest failure has no finding; report:\n%s", describe(rep))
			assert.Equal(t, s.Cause, rep.Failures[0].Findings[0].ID, "first finding of the newest failure; report:\n%s", describe(rep))
		})
	}
}

// TestHARFixturesAreCurrent: every scenario has a fixture recorded from its
// own entry page, and no fixture is left from a scenario that is gone.
func TestHARFixturesAreCurrent(t *testing.T) {
	scenarios := labScenarios(t)
	files, err := filepath.Glob(filepath.Join(harDir, "*.har"))
	require.NoError(t, err)
	var have []string
	for _, f := range files {
		have = append(have, strings.TrimSuffix(filepath.Base(f), ".har"))
	}
	var want []string
	for _, s := range scenarios {
		want = append(want, s.Name)
	}
	for _, name := range want {
		assert.Contains(t, have, name, "scenario %s has no fixture: run `make record-har`", name)
	}
	for _, name := range have {
		assert.Contains(t, want, name, "fixture %s.har has no scenario: run `make record-har` (it removes stale fixtures)", name)
	}
	for _, s := range scenarios {
		if !slices.Contains(have, s.Name) {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(harDir, s.Name+".har"))
			require.NoError(t, err)
			defer f.Close()
			res, err := har.Read(f, har.Options{})
			require.NoError(t, err)
			require.NotEmpty(t, res.Snapshot.Exchanges)
			assert.Contains(t, res.Snapshot.Exchanges[0].Request.URL, "/s/"+s.Name+"/",
				"the fixture does not start at the scenario's entry page (recorded from another lab version?)")
		})
	}
}

package e2e

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScenariosInBrowser runs every reproducible lab scenario in the one
// browser: the badge marks the failing tab and the popup ranks the
// scenario's cause first; healthy scenarios get neither. Scenarios run on
// scenarioWorkers tab pairs at once; each is then checked in its subtest.
func TestScenariosInBrowser(t *testing.T) {
	rig := browserRig(t)
	// Scenarios marked not reproducible run too: the extension must indeed
	// see nothing of them (the mark's evidence), and they must say why.
	scenarios := rig.Lab.Scenarios()
	require.NotEmpty(t, Reproducible(scenarios), "the lab has no reproducible scenario")
	if only := os.Getenv(onlyEnv); only != "" {
		// Running one scenario's subtest still plays them all; this plays
		// only those named (comma-separated), for debugging.
		names := strings.Split(only, ",")
		scenarios = slices.DeleteFunc(scenarios, func(s lab.Scenario) bool { return !slices.Contains(names, s.Name) })
	}
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	err := rig.DiagnoseAll(ctx, scenarios, scenarioWorkers, false, func(d Diagnosis) {
		t.Run(d.Scenario.Name, func(t *testing.T) {
			require.NoError(t, d.Err, "popup:\n%s", d.View.Describe())
			if !d.Scenario.Reproducible {
				assert.Contains(t, notReproducible, d.Scenario.Name, "scenario marked not reproducible without being expected to be")
				assert.Contains(t, d.Scenario.Description, "Not reproducible", "a scenario marked not reproducible must say why")
				assert.Empty(t, d.Badge, "marked not reproducible, yet the extension badged the tab; popup:\n%s", d.View.Describe())
				assert.NotEqual(t, string(d.Scenario.Cause), d.View.First(), "marked not reproducible, yet the popup names the cause")
				return
			}
			assert.NotContains(t, notReproducible, d.Scenario.Name, "scenario expected to be marked not reproducible")
			assert.Empty(t, d.Mismatch(), "badge %q, popup:\n%s", d.Badge, d.View.Describe())
			if d.Snapshot != "" {
				t.Log("worker record and report:\n" + d.Snapshot)
			}
			if d.Scenario.Cause != "" && len(d.View.Findings) > 0 {
				assert.NotEmpty(t, d.View.Findings[0].Title, "the first finding has no title")
			}
		})
	})
	require.NoError(t, err)
}

// onlyEnv limits TestScenariosInBrowser to the named scenarios.
const onlyEnv = "AUTHDOCTOR_E2E_ONLY"

// scenarioWorkers is how many scenarios run at once. One: scenarios share
// the lab hosts' cookie jars (app.test, api.test), and a session cookie one
// scenario leaves behind changes what the engine says about another.
const scenarioWorkers = 1

// TestDiagnosisSurvivesWorkerRestart stops the extension's service worker
// between the failure and the popup: the record lives in
// chrome.storage.session, so the woken worker still diagnoses the tab.
func TestDiagnosisSurvivesWorkerRestart(t *testing.T) {
	rig := browserRig(t)
	for _, s := range restartSamples(Reproducible(rig.Lab.Scenarios())) {
		t.Run(s.Name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			tab, tabID, err := rig.RunScenario(ctx, s)
			defer tab.Cancel()
			require.NoError(t, err)
			// Let the worker record the failure before it is stopped.
			popup, before, err := rig.OpenPopup(ctx, tabID, 10*time.Second)
			popup.Cancel()
			require.NoError(t, err)
			require.Equal(t, string(s.Cause), before.First(), "before the restart:\n%s", before.Describe())

			require.NoError(t, rig.RestartWorker(ctx))
			require.NoError(t, waitNoWorker(ctx, rig, 5*time.Second), "the worker did not stop")

			// The woken worker may still be booting: poll the popup.
			var view PopupView
			deadline := time.Now().Add(15 * time.Second)
			for {
				popup, v, err := rig.OpenPopup(ctx, tabID, 10*time.Second)
				popup.Cancel()
				view = v
				if err == nil && v.First() == string(s.Cause) || time.Now().After(deadline) {
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			assert.Equal(t, string(s.Cause), view.First(), "after a worker restart:\n%s", view.Describe())
		})
	}
}

// restartSamples picks one auth and one CORS scenario: the restart costs a
// worker boot, and the stored record is the same mechanism for all.
func restartSamples(all []lab.Scenario) []lab.Scenario {
	var auth, cors *lab.Scenario
	for i, s := range all {
		switch {
		case s.Cause == "":
		case strings.HasPrefix(string(s.Cause), "cors-") && cors == nil:
			cors = &all[i]
		case !strings.HasPrefix(string(s.Cause), "cors-") && auth == nil:
			auth = &all[i]
		}
	}
	var out []lab.Scenario
	for _, s := range []*lab.Scenario{auth, cors} {
		if s != nil {
			out = append(out, *s)
		}
	}
	return out
}

func waitNoWorker(ctx context.Context, rig *Rig, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		c, cancel := joinContext(rig.Browser, ctx)
		ts, err := chromedp.Targets(c)
		cancel()
		if err != nil {
			return err
		}
		alive := false
		for _, ti := range ts {
			if ti.Type == "service_worker" && strings.HasPrefix(ti.URL, rig.ExtensionURL("")) {
				alive = true
			}
		}
		if !alive {
			return nil
		}
		if time.Now().After(deadline) {
			return context.DeadlineExceeded
		}
		time.Sleep(50 * time.Millisecond)
	}
}

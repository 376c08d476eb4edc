// Package e2e drives the real extension in a real Chromium against the lab.
// It holds tests only: the rig they share with cmd/demo and bench (one lab,
// one browser with the unpacked extension, a control tab for chrome.* calls,
// scenario tabs and the popup) is internal/browserkit. The names below let
// the tests call it unqualified.
package e2e

import (
	"context"

	"github.com/authdoctor/authdoctor/internal/browserkit"
)

type (
	Rig           = browserkit.Rig
	RigOptions    = browserkit.RigOptions
	Tab           = browserkit.Tab
	Popup         = browserkit.Popup
	PopupView     = browserkit.PopupView
	Diagnosis     = browserkit.Diagnosis
	BrowserCookie = browserkit.BrowserCookie
)

var (
	StartRig      = browserkit.StartRig
	FindRoot      = browserkit.FindRoot
	CheckBuilt    = browserkit.CheckBuilt
	Succeeded     = browserkit.Succeeded
	ClearingFixes = browserkit.ClearingFixes
	Reproducible  = browserkit.Reproducible
	joinContext   = browserkit.JoinContext
)

const ScenarioWait = browserkit.ScenarioWait

// Eval evaluates expr in the tab, awaiting a promise.
func Eval[T any](ctx context.Context, t *Tab, expr string) (T, error) {
	return browserkit.Eval[T](ctx, t, expr)
}

// ExtEval evaluates expr (awaiting a promise) in the rig's control extension page.
func ExtEval[T any](ctx context.Context, r *Rig, expr string) (T, error) {
	return browserkit.ExtEval[T](ctx, r.Chromium, expr)
}

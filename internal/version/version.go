// Package version is the one name of this build, shared by the CLI
// (`authdoctor version`) and the wasm engine (the popup shows it, the worker
// logs it), so a bug report says which engine produced a diagnosis.
package version

import (
	"strconv"

	"github.com/authdoctor/authdoctor/diagnose"
)

// Version is stamped at link time by the Makefile's build and dist targets
// (-ldflags "-X github.com/authdoctor/authdoctor/internal/version.Version=…",
// from git describe); any other build says "devel".
var Version = "devel"

// String names the build and the report format it speaks, e.g.
// "authdoctor v0.1.0-3-g3f2a9c1 report/1".
func String() string {
	return "authdoctor " + Version + " report/" + strconv.Itoa(diagnose.ReportVersion)
}

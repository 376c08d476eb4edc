package main

import (
	"runtime/debug"
	"strconv"

	"github.com/authdoctor/authdoctor/diagnose"
)

// Version names this build and the report format it speaks, e.g.
// "authdoctor v0.1.0 (3f2a9c1) report/1"; the popup shows it and the worker
// logs it, so a bug report says which engine produced a diagnosis.
func Version() string {
	return guard(func() string {
		return "authdoctor " + buildVersion() + " report/" + strconv.Itoa(diagnose.ReportVersion)
	})
}

// buildVersion reads what the go command stamped into the binary: the module
// version (a tag, or a pseudo-version that already names the commit), else the
// VCS revision, else "devel".
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 7 {
			return s.Value[:7]
		}
	}
	return "devel"
}

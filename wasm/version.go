package main

import "github.com/authdoctor/authdoctor/internal/version"

// Version names this build and the report format it speaks (the one string
// of internal/version, e.g. "authdoctor v0.1.0 report/1"); the popup shows it
// and the worker logs it, so a bug report says which engine produced a
// diagnosis.
func Version() string {
	return guard(version.String)
}

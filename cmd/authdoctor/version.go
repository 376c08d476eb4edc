package main

import "github.com/authdoctor/authdoctor/internal/version"

// versionLine is what `authdoctor version` prints: the build's one version
// string (internal/version), the same the extension's engine reports.
func versionLine() string {
	return version.String() + "\n"
}

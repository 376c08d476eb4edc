package main

import (
	"runtime"
	"runtime/debug"
	"strconv"

	"github.com/authdoctor/authdoctor/diagnose"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); without
// it the module version or VCS revision from the build info is used.
var version = ""

func versionLine() string {
	v := version
	if v == "" {
		v = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok {
			if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
				v = bi.Main.Version
			}
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v += " (" + s.Value[:12] + ")"
				}
			}
		}
	}
	return "authdoctor " + v + " (report format " + strconv.Itoa(diagnose.ReportVersion) + ", " + runtime.Version() + ")\n"
}

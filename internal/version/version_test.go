package version

import (
	"strconv"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose"
)

func TestString(t *testing.T) {
	defer func(v string) { Version = v }(Version)
	if got, want := String(), "authdoctor devel report/"+strconv.Itoa(diagnose.ReportVersion); got != want {
		t.Errorf("String() = %q, want %q (unstamped)", got, want)
	}
	Version = "v1.2.3"
	if got, want := String(), "authdoctor v1.2.3 report/"+strconv.Itoa(diagnose.ReportVersion); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

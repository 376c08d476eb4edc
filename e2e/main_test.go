package e2e

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/authdoctor/authdoctor/internal/browserkit"
)

// The package shares one lab and one Chromium with the extension, started by
// the first test that asks for it (browserRig) and stopped after all tests.
// Tests that need no browser (harfix_test.go) never start it.
var shared struct {
	once sync.Once
	rig  *Rig
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.rig != nil {
		shared.rig.Close()
	}
	os.Exit(code)
}

// needChromium skips the test when there is no browser, unless $CI is set:
// then a missing browser is a failure.
func needChromium(t testing.TB) {
	t.Helper()
	if _, err := browserkit.Path(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but", err)
		}
		t.Skip(err)
	}
}

// browserRig returns the package's lab + browser + extension. A rig that
// cannot start (extension not built, manifest broken) fails the test with
// the reason; it is not a skip.
func browserRig(t testing.TB) *Rig {
	t.Helper()
	needChromium(t)
	shared.once.Do(func() {
		shared.rig, shared.err = StartRig(context.Background(), RigOptions{})
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.rig
}

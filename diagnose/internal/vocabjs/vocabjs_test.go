package vocabjs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedFilesAreCurrent fails when the engine's vocabulary changed
// and the extension's copy was not regenerated.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	for name, want := range Files() {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join("..", "..", "..", filepath.FromSlash(name)))
			require.NoError(t, err, "run `go generate ./diagnose`")
			assert.Equal(t, string(want), string(got), "%s is out of date with the engine: run `go generate ./diagnose`", name)
		})
	}
}

// TestCasesVaryTheVerdict guards the cases file's use: a file whose cases
// the engine all reports (or none) could not catch a pre-filter that drops
// failures or one that records everything.
func TestCasesVaryTheVerdict(t *testing.T) {
	var fails, healthy, uncovered int
	for _, c := range AllCases() {
		switch {
		case c.EngineFails:
			fails++
			assert.True(t, c.Covered, "%s: the engine reports it but the vocabulary would not record it", c.Name)
		case c.Covered:
			healthy++
		default:
			uncovered++
		}
	}
	assert.Greater(t, fails, 50)
	assert.Greater(t, uncovered, 50)
}

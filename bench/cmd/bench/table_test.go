package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseBench(t *testing.T) {
	out := `goos: linux
BenchmarkHAR10k-2        	       3	1592519709 ns/op	  12.05 MB/s	 884652000 cpu-ns/op	137415973 B/op	 1289260 allocs/op
BenchmarkHAR10k-2        	       3	1000000000 ns/op	  12.05 MB/s	 500000000 cpu-ns/op	137415973 B/op	 1289260 allocs/op
BenchmarkDiagnose10k     	       5	 348165399 ns/op	 164263400 cpu-ns/op
PASS`
	wall, cpu := parseBench(out)
	assert.Equal(t, []float64{1592.519709, 1000}, []float64(wall["HAR10k"]))
	assert.Equal(t, []float64{884.652, 500}, []float64(cpu["HAR10k"]))
	assert.Equal(t, []float64{164.2634}, []float64(cpu["Diagnose10k"]))
	assert.Len(t, wall, 2)
}

func TestWriteSection(t *testing.T) {
	t.Run("replaces only the marked section", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "B.md")
		require.NoError(t, os.WriteFile(p, []byte("# T\nprose\n"+beginMark+"\nold\n"+endMark+"\nmore prose\n"), 0o644))
		require.NoError(t, writeSection(p, "new\n"))
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Equal(t, "# T\nprose\n"+beginMark+"\nnew\n"+endMark+"\nmore prose\n", string(got))
	})
	t.Run("creates a missing file", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "B.md")
		require.NoError(t, writeSection(p, "t\n"))
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Contains(t, string(got), beginMark+"\nt\n"+endMark)
	})
	t.Run("refuses a file without markers", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "B.md")
		require.NoError(t, os.WriteFile(p, []byte("hand-written\n"), 0o644))
		assert.Error(t, writeSection(p, "t\n"))
	})
}

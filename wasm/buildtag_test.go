//go:build !js

package main

import (
	"bufio"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsOnly says whether a file can only build for js/wasm: its name says so, or
// it imports syscall/js or safejs.
func jsOnly(t *testing.T, path string) bool {
	base := filepath.Base(path)
	if strings.HasSuffix(base, "_js.go") || strings.HasSuffix(base, "_js_test.go") || strings.HasSuffix(base, "_wasm.go") {
		return true
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	require.NoError(t, err)
	for _, imp := range f.Imports {
		if p := strings.Trim(imp.Path.Value, `"`); p == "syscall/js" || p == "github.com/hack-pad/safejs" {
			return true
		}
	}
	return false
}

// buildTag returns the file's //go:build expression, "" when it has none.
func buildTag(t *testing.T, path string) string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "//") {
			return ""
		}
		if constraint.IsGoBuild(line) {
			expr, err := constraint.Parse(line)
			require.NoError(t, err, path)
			return expr.String()
		}
	}
	return ""
}

func TestJSFilesCarryBuildTag(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var js []string
	for _, f := range files {
		if !jsOnly(t, f) {
			continue
		}
		js = append(js, f)
		t.Run(f, func(t *testing.T) {
			assert.Equal(t, "js && wasm", buildTag(t, f), "%s touches JS and must start with //go:build js && wasm", f)
		})
	}
	assert.Contains(t, js, "main_js.go", "the walk must see the bridge")
}

// TestImportGraph keeps the wasm small: nothing the project compiles into it
// may pull the heavy packages. fmt, reflect and os come in through safejs
// itself (its error wrapping) and are tolerated only from there.
func TestImportGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	deps := func(pkgs ...string) []string {
		cmd := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		require.NoError(t, err)
		return strings.Fields(string(out))
	}
	ours := deps(".")
	// safejs is carried patched (third_party/safejs/PATCH.md) so that none
	// of these reaches the wasm at all.
	forbidden := []string{"fmt", "net/url", "net/http", "encoding/json", "reflect", "regexp", "sort",
		"golang.org/x/net/publicsuffix", "text/template", "log", "os"}
	for _, p := range forbidden {
		t.Run(p, func(t *testing.T) {
			assert.NotContains(t, ours, p, "%s is in the wasm import graph", p)
		})
	}
	t.Run("no project package imports a forbidden package", func(t *testing.T) {
		cmd := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}: {{join .Imports " "}}`, ".")
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		require.NoError(t, err)
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			pkg, imports, _ := strings.Cut(line, ": ")
			if !strings.HasPrefix(pkg, "github.com/authdoctor/") {
				continue
			}
			for _, imp := range strings.Fields(imports) {
				assert.NotContains(t, forbidden, imp, "%s imports %s", pkg, imp)
			}
		}
	})
}

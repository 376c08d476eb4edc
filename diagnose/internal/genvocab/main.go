// Command genvocab writes the extension's generated vocabulary files (see
// diagnose/internal/vocabjs) under the repository root given by -out.
package main

import (
	"flag"
	"os"
	"path/filepath"
	"sort"

	"github.com/authdoctor/authdoctor/diagnose/internal/vocabjs"
)

func main() {
	out := flag.String("out", ".", "the repository root")
	flag.Parse()
	files := vocabjs.Files()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	os.Stderr.WriteString("genvocab: " + err.Error() + "\n")
	os.Exit(1)
}

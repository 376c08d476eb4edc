// Command bench runs every Auth Doctor benchmark on this machine in one go
// (`make bench`), prints one table and writes it into BENCHMARKS.md; with
// -check (`make bench-check`) it exits 1 when a budget is missed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	out := flag.String("out", "BENCHMARKS.md", "file whose table section is rewritten (\"\" for none)")
	check := flag.Bool("check", false, "exit 1 when a budget is missed")
	skip := flag.String("skip", "", "comma-separated parts to skip: size, engine, browser (all of the next), capture, popup, flood")
	rounds := flag.Int("rounds", 7, "alternating rounds per capture-overhead figure")
	runs := flag.Int("runs", 15, "repetitions of each popup and boot figure")
	flag.Parse()

	root, err := os.Getwd()
	if err != nil {
		fail(err)
	}
	if _, err := os.Stat(filepath.Join(root, "manifest.json")); err != nil {
		fail(fmt.Errorf("run from the repository root (make bench): %w", err))
	}
	started := time.Now()
	r := &run{root: root, skip: strings.Split(*skip, ","), rounds: *rounds, runs: *runs}
	r.machine()
	for _, part := range []struct {
		name string
		f    func() error
	}{{"size", r.sizes}, {"engine", r.engine}, {"browser", r.browser}} {
		if r.skipped(part.name) {
			continue
		}
		t := time.Now()
		fmt.Fprintf(os.Stderr, "bench: %s...\n", part.name)
		if err := part.f(); err != nil {
			fail(fmt.Errorf("%s: %w", part.name, err))
		}
		fmt.Fprintf(os.Stderr, "bench: %s done in %s\n", part.name, time.Since(t).Round(time.Second))
	}
	r.loadAfter = loadAvg()
	r.took = time.Since(started)
	table := r.markdown()
	fmt.Print(table)
	if *out != "" {
		if err := writeSection(*out, table); err != nil {
			fail(err)
		}
	}
	if missed := r.missed(); *check && len(missed) > 0 {
		fmt.Fprintln(os.Stderr, "bench-check: budgets missed: "+strings.Join(missed, "; "))
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(2)
}

func (r *run) skipped(part string) bool {
	for _, s := range r.skip {
		if s == part {
			return true
		}
	}
	return false
}

package main

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// run collects the rows of one `make bench`.
type run struct {
	root           string
	skip           []string
	rounds, runs   int
	rows           []row
	cpu, goVersion string
	chromium, node string
	loadBefore     string
	loadAfter      string
	took           time.Duration
	// hello is the syscall/js hello world, built once for size and boot.
	hello []byte
}

// row is one figure: the absolute value and the relative one (ratio or
// count) measured side by side in this run, and its budget.
type row struct {
	figure   string
	absolute string // median or single value, with unit
	spread   string // interquartile range and n, "" for a single value
	relative string // ratio or count
	budget   string
	// met is nil for a figure without a budget.
	met *bool
}

func (r *run) add(w row) { r.rows = append(r.rows, w) }

func verdict(ok bool) *bool { return &ok }

// machine records what the table was measured on.
func (r *run) machine() {
	r.goVersion = runtime.Version()
	r.cpu = "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				r.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	r.chromium = command("chromium", "--version")
	r.node = command("node", "--version")
	r.loadBefore = loadAvg()
}

func command(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "not found"
	}
	// Debian's chromium wrapper prints a harmless shell warning first.
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// loadAvg is the 1-minute load average: other work on the machine inflates
// wall-clock figures, so the table says how busy it was.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func (r *run) missed() []string {
	var out []string
	for _, w := range r.rows {
		if w.met != nil && !*w.met {
			out = append(out, w.figure+" "+w.absolute+" "+w.relative+" (budget "+w.budget+")")
		}
	}
	return out
}

func (r *run) markdown() string {
	var b strings.Builder
	b.WriteString("Measured " + time.Now().UTC().Format("2006-01-02 15:04 UTC") + " by `make bench` in " + r.took.Round(time.Second).String() +
		" on " + strconv.Itoa(runtime.NumCPU()) + " × " + r.cpu + "; " + r.goVersion + ", " + r.chromium + " (headless), Node " + r.node +
		"; load average " + r.loadBefore + " before, " + r.loadAfter + " after.\n\n")
	b.WriteString("| figure | absolute (median) | spread (p25–p75, n) | ratio / count | budget | met |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, w := range r.rows {
		met := "—"
		if w.met != nil {
			met = "yes"
			if !*w.met {
				met = "**no**"
			}
		}
		b.WriteString("| " + strings.Join([]string{w.figure, w.absolute, w.spread, w.relative, w.budget, met}, " | ") + " |\n")
	}
	return b.String()
}

// The table lives between these markers in BENCHMARKS.md; the prose around
// it (what was changed, why a budget is missed) is written by hand.
const (
	beginMark = "<!-- bench:begin (written by make bench) -->"
	endMark   = "<!-- bench:end -->"
)

func writeSection(path, table string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data = []byte("# Benchmarks\n\n" + beginMark + "\n" + endMark + "\n")
	} else if err != nil {
		return err
	}
	s := string(data)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	if i < 0 || j < i {
		return errors.New(path + ": no " + beginMark + " … " + endMark + " section")
	}
	s = s[:i+len(beginMark)] + "\n" + table + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}

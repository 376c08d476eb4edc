// Command demo (`make demo`, after `make build`) starts the lab and a
// Chromium with the Auth Doctor extension.
//
// With a display ($DISPLAY or $WAYLAND_DISPLAY) it is interactive: a visible
// browser on the lab's index page, until Ctrl-C. Without one (or with
// -headless) it visits every scenario, opens the popup for that tab, prints
// the diagnosis as the popup shows it, saves a PNG of the popup under
// demo-out/, and exits non-zero when a scenario's first finding is not its
// expected cause (or a healthy scenario shows a cause) — after printing all.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/authdoctor/authdoctor/lab"
)

func main() {
	headless := flag.Bool("headless", false, "run the scripted tour even when a display is available")
	out := flag.String("out", "demo-out", "directory for the popup screenshots")
	only := flag.String("only", "", "comma-separated scenario names (default: all)")
	parallel := flag.Int("parallel", 1, "scenarios run at once in the scripted tour")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	display := os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
	var err error
	if display && !*headless {
		err = interactive(ctx)
	} else {
		err = tour(ctx, *out, *only, *parallel)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func interactive(ctx context.Context) error {
	rig, err := browserkit.StartRig(ctx, browserkit.RigOptions{Headful: true})
	if err != nil {
		return err
	}
	defer rig.Close()
	index := rig.Lab.URL("app.test", true, "/")
	tab, err := rig.OpenTab(ctx, index)
	if err != nil {
		return err
	}
	defer tab.Cancel()
	fmt.Println("Auth Doctor demo")
	fmt.Println("  lab:       ", index, "(http port", rig.Lab.HTTPPort(), ", https port", rig.Lab.HTTPSPort(), ")")
	fmt.Println("  extension: ", rig.ExtensionID)
	fmt.Println("Open a scenario, then click the Auth Doctor toolbar icon. Ctrl-C quits.")
	<-ctx.Done()
	return nil
}

func tour(ctx context.Context, out, only string, parallel int) error {
	start := time.Now()
	rig, err := browserkit.StartRig(ctx, browserkit.RigOptions{})
	if err != nil {
		return err
	}
	defer rig.Close()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	scenarios := rig.Lab.Scenarios()
	if only != "" {
		want := strings.Split(only, ",")
		scenarios = slices.DeleteFunc(scenarios, func(s lab.Scenario) bool { return !slices.Contains(want, s.Name) })
	}
	fmt.Printf("Auth Doctor demo: %d scenarios, extension %s, lab https port %d\n\n", len(scenarios), rig.ExtensionID, rig.Lab.HTTPSPort())
	var skipped []lab.Scenario
	for _, s := range scenarios {
		if !s.Reproducible {
			skipped = append(skipped, s)
		}
	}
	failed := 0
	runErr := rig.DiagnoseAll(ctx, browserkit.Reproducible(scenarios), parallel, true, func(d browserkit.Diagnosis) {
		shot := ""
		if len(d.Screenshot) > 0 {
			shot = filepath.Join(out, d.Scenario.Name+".png")
			if err := os.WriteFile(shot, d.Screenshot, 0o644); err != nil && d.Err == nil {
				d.Err = err
			}
		}
		if d.Err != nil || d.Mismatch() != "" {
			failed++
		}
		printDiagnosis(d, shot)
	})
	for _, s := range skipped {
		fmt.Printf("n/a  %s (expected: %s)\n  not reproducible in one browser: %s\n", s.Name, want(s), s.Description)
	}
	n := len(scenarios) - len(skipped)
	fmt.Printf("\n%d scenarios run, %d as expected, %d not, %d not reproducible; %s; screenshots in %s/\n",
		n, n-failed, failed, len(skipped), time.Since(start).Round(time.Millisecond), out)
	if runErr != nil {
		return runErr
	}
	if failed > 0 {
		return fmt.Errorf("%d scenario(s) not diagnosed as expected", failed)
	}
	return nil
}

func want(s lab.Scenario) string {
	if s.Cause == "" {
		return "healthy"
	}
	return string(s.Cause)
}

func printDiagnosis(d browserkit.Diagnosis, shot string) {
	mark := "ok  "
	if d.Err != nil || d.Mismatch() != "" {
		mark = "FAIL"
	}
	fmt.Printf("%s %s (expected: %s, %s)\n", mark, d.Scenario.Name, want(d.Scenario), d.Took.Round(time.Millisecond))
	if d.Badge != "" {
		fmt.Printf("  badge: %q\n", d.Badge)
	}
	fmt.Print(d.View.Describe())
	if shot != "" {
		fmt.Println("  screenshot:", shot)
	}
	if d.Err != nil {
		fmt.Println("  error:", d.Err)
	}
	if m := d.Mismatch(); m != "" {
		fmt.Println("  MISMATCH:", m)
	}
}

// Command cmd (run as `make record-har`, or `go run ./internal/harrec/cmd`)
// visits every lab scenario in headless Chromium, without the extension, and
// writes what the browser saw as testdata/har/<scenario>.har. Each scenario
// runs in a fresh browser context, so no cookie or cache leaks between them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/authdoctor/authdoctor/internal/harrec"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

func main() {
	out := flag.String("out", "testdata/har", "directory for the .har files")
	only := flag.String("only", "", "comma-separated scenario names (default: all)")
	parallel := flag.Int("parallel", 3, "scenarios recorded at once")
	wait := flag.Duration("wait", 20*time.Second, "how long a scenario may take to set its done title")
	flag.Parse()
	if err := run(*out, *only, *parallel, *wait); err != nil {
		fmt.Fprintln(os.Stderr, "record-har:", err)
		os.Exit(1)
	}
}

func run(out, only string, parallel int, wait time.Duration) error {
	l := lab.New(lab.Options{})
	if err := l.Start(); err != nil {
		return err
	}
	defer l.Close()
	scenarios := l.Scenarios()
	if only != "" {
		want := strings.Split(only, ",")
		scenarios = slices.DeleteFunc(scenarios, func(s lab.Scenario) bool { return !slices.Contains(want, s.Name) })
	}
	if len(scenarios) == 0 {
		return errors.New("no scenario to record")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	actx, cancel, err := browserkit.NewAllocator(context.Background(), browserkit.Options{})
	if err != nil {
		return err
	}
	defer cancel()
	bctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	if err := chromedp.Do(bctx); err != nil {
		return err
	}

	start := time.Now()
	var mu sync.Mutex
	var problems []string
	sem := make(chan struct{}, max(parallel, 1))
	var wg sync.WaitGroup
	for _, s := range scenarios {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			t0 := time.Now()
			msg, err := record(bctx, s, filepath.Join(out, s.Name+".har"), wait)
			msg += " in " + time.Since(t0).Round(10*time.Millisecond).String()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				problems = append(problems, s.Name+": "+err.Error())
				fmt.Printf("%-40s FAILED %v\n", s.Name, err)
				return
			}
			fmt.Printf("%-40s %s\n", s.Name, msg)
		})
	}
	wg.Wait()
	if only == "" {
		removeStale(out, scenarios)
	}
	fmt.Printf("recorded %d scenarios in %s\n", len(scenarios)-len(problems), time.Since(start).Round(time.Millisecond))
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// record runs one scenario in its own browser context and writes its HAR.
// A scenario that never reports done is still written (what happened may be
// the point), but reported as a problem.
func record(bctx context.Context, s lab.Scenario, path string, wait time.Duration) (string, error) {
	rec := harrec.New()
	tctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext(), rec.Option())
	defer cancel()
	ctx, cancel2 := context.WithTimeout(tctx, wait+10*time.Second)
	defer cancel2()
	if err := rec.Identify(ctx); err != nil {
		return "", err
	}
	if err := harrec.CancelAuthPrompts(ctx); err != nil {
		return "", err
	}
	// page.Navigate returns once loading starts: chromedp.Navigate would wait
	// for a load event that a page answered by a 401 Basic challenge may
	// never fire in headless Chromium. The done title is the real signal.
	res, navErr := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: s.EntryURL})
	if navErr == nil && res.ErrorText != "" {
		navErr = errors.New(res.ErrorText)
	}
	doneErr := waitTitle(ctx, "done:"+s.Name, wait)
	// The last loadingFinished/Failed events trail the title change.
	time.Sleep(300 * time.Millisecond)
	if err := rec.CaptureJar(ctx); err != nil {
		return "", err
	}
	h := rec.HAR()
	if err := h.WriteFile(path); err != nil {
		return "", err
	}
	msg := fmt.Sprintf("%d entries", len(h.Log.Entries))
	if doneErr != nil {
		if navErr != nil {
			doneErr = fmt.Errorf("%w (navigation: %v)", doneErr, navErr)
		}
		return "", fmt.Errorf("written but incomplete: %w", doneErr)
	}
	return msg, nil
}

func waitTitle(ctx context.Context, want string, within time.Duration) error {
	deadline := time.Now().Add(within)
	last := ""
	for time.Now().Before(deadline) {
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		title, err := chromedp.Run(c, chromedp.Title())
		cancel()
		if err == nil {
			if title == want {
				return nil
			}
			last = title
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("title %q after %s, want %q", last, within, want)
}

// removeStale deletes fixtures of scenarios that no longer exist.
func removeStale(dir string, scenarios []lab.Scenario) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.har"))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".har")
		if !slices.ContainsFunc(scenarios, func(s lab.Scenario) bool { return s.Name == name }) {
			os.Remove(f)
			fmt.Println("removed stale", f)
		}
	}
}

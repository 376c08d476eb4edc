package browserkit

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// ScenarioWait bounds how long a scenario page may take to set its done title
// (a fetch waiting for a Basic prompt is aborted by the page after 5 s).
const ScenarioWait = 20 * time.Second

// RunScenario opens the scenario's entry page in a new tab, waits for its
// "done:<name>" title and returns the tab with its chrome.tabs id.
func (r *Rig) RunScenario(ctx context.Context, s lab.Scenario) (*Tab, int, error) {
	tab, err := r.OpenTab(ctx, "about:blank")
	if err != nil {
		return tab, 0, err
	}
	_ = tab.Start(ctx, s.EntryURL) // a navigation error can be the scenario itself
	title := "done:" + s.Name
	if err := tab.WaitTitle(ctx, title, ScenarioWait); err != nil {
		return tab, 0, err
	}
	id, err := r.TabID(ctx, title)
	return tab, id, err
}

// Outcome is the last line the scenario page printed (the last request's
// result, e.g. "step 2: GET https://api.test:…/me -> 200 OK ok").
func (t *Tab) Outcome(ctx context.Context) (string, error) {
	out, err := Eval[string](ctx, t, `(document.getElementById("out")||{textContent:""}).textContent`)
	if err != nil {
		return "", err
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1], nil
}

var successLine = regexp.MustCompile(` -> 2\d\d `)

// Succeeded says whether a page outcome line reports a 2xx response.
func Succeeded(outcome string) bool { return successLine.MatchString(outcome + " ") }

// ClearingFixes says whether the finding's one action is a clear of site
// data, cookies or cache: then clearing must make the page work again.
func ClearingFixes(id diagnose.ID) bool {
	e, ok := diagnose.Lookup(id)
	if !ok {
		return false
	}
	switch e.Action {
	case diagnose.ActionClearSiteData, diagnose.ActionClearCookies, diagnose.ActionClearCache:
		return true
	}
	return false
}

// Reproducible keeps the scenarios a single browser can show.
func Reproducible(all []lab.Scenario) []lab.Scenario {
	var out []lab.Scenario
	for _, s := range all {
		if s.Reproducible {
			out = append(out, s)
		}
	}
	return out
}

// Diagnosis is what the extension showed for one scenario run.
type Diagnosis struct {
	Scenario lab.Scenario
	TabID    int
	// Badge is the badge text on the scenario's tab, read after the popup
	// rendered (so the worker has handled the tab's events).
	Badge      string
	View       PopupView
	Screenshot []byte // PNG of the popup, when asked for
	Took       time.Duration
	Err        error
	// Snapshot is the worker's answer to {type:"diagnose"} (the stored
	// failures and the engine's report) as JSON, read only when the
	// environment sets DumpSnapshotEnv: the first thing to look at when a
	// diagnosis is wrong.
	Snapshot string
}

// DumpSnapshotEnv, when set in the environment, makes Runner.Diagnose read
// the worker's record and report for the tab into Diagnosis.Snapshot.
const DumpSnapshotEnv = "AUTHDOCTOR_E2E_DUMP"

// Mismatch says how the diagnosis differs from the scenario's claim: the
// cause must be the first finding and the tab badged; a healthy scenario
// must show no cause/likely finding and no badge. "" when it matches.
func (d Diagnosis) Mismatch() string {
	s := d.Scenario
	var why []string
	if s.Cause == "" {
		if ser := d.View.Serious(); len(ser) > 0 {
			why = append(why, "healthy, but the popup shows "+strings.Join(ser, ", "))
		}
		if d.Badge != "" {
			why = append(why, "healthy, but the tab has badge "+strconv.Quote(d.Badge))
		}
	} else {
		if d.View.First() != string(s.Cause) {
			first := d.View.First()
			if first == "" {
				first = "(none)"
			}
			why = append(why, "first finding "+first+", want "+string(s.Cause))
		}
		if d.Badge == "" {
			why = append(why, "no badge on the failing tab")
		}
	}
	return strings.Join(why, "; ")
}

// Runner runs scenarios one after another in one scenario tab and one popup
// tab: opening a tab costs far more than navigating one.
type Runner struct {
	rig   *Rig
	tab   *Tab
	popup *Popup
}

// NewRunner opens the runner's two tabs.
func (r *Rig) NewRunner(ctx context.Context) (*Runner, error) {
	tab, err := r.OpenTab(ctx, "about:blank")
	if err != nil {
		tab.Cancel()
		return nil, err
	}
	ptab, err := r.OpenTab(ctx, "about:blank")
	if err != nil {
		tab.Cancel()
		ptab.Cancel()
		return nil, err
	}
	return &Runner{rig: r, tab: tab, popup: &Popup{Tab: ptab}}, nil
}

// Close closes the runner's tabs.
func (n *Runner) Close() {
	n.tab.Cancel()
	n.popup.Cancel()
}

// Diagnose runs s in the runner's tab, shows the popup for it and reads it.
// With fresh, the browser's cookies and HTTP cache are emptied first, so the
// scenario starts from nothing as it would in a new profile (only safe when
// no other scenario runs at the same time).
func (n *Runner) Diagnose(ctx context.Context, s lab.Scenario, screenshot, fresh bool) (d Diagnosis) {
	start := time.Now()
	d.Scenario = s
	defer func() { d.Took = time.Since(start) }()
	ctx, cancel := context.WithTimeout(ctx, ScenarioWait+30*time.Second)
	defer cancel()
	if fresh {
		if d.Err = n.rig.Forget(ctx, n.tab); d.Err != nil {
			return d
		}
	}
	_ = n.tab.Start(ctx, s.EntryURL) // a navigation error can be the scenario itself
	title := "done:" + s.Name
	if d.Err = n.tab.WaitTitle(ctx, title, ScenarioWait); d.Err != nil {
		return d
	}
	if d.TabID, d.Err = n.rig.TabID(ctx, title); d.Err != nil {
		return d
	}
	if d.View, d.Err = n.rig.ShowPopup(ctx, n.popup, d.TabID, 10*time.Second); d.Err != nil {
		return d
	}
	if d.Badge, d.Err = n.rig.Badge(ctx, d.TabID); d.Err != nil {
		return d
	}
	if os.Getenv(DumpSnapshotEnv) != "" {
		d.Snapshot, _ = ExtEval[string](ctx, n.rig.Chromium, `chrome.runtime.sendMessage({type: "diagnose", tabId: `+strconv.Itoa(d.TabID)+`}).then(r => JSON.stringify(r, null, 1))`)
	}
	if screenshot {
		d.Screenshot, d.Err = n.popup.Screenshot(ctx)
	}
	return d
}

// DiagnoseAll runs every scenario on `parallel` runners and calls each with
// the results in scenario order, as soon as each one and those before it
// are done. With one runner every scenario starts from an empty cookie jar
// and cache: scenarios share the lab's hosts, and a cookie one leaves
// behind changes what the engine says about the next.
func (r *Rig) DiagnoseAll(ctx context.Context, scenarios []lab.Scenario, parallel int, screenshot bool, each func(Diagnosis)) error {
	parallel = max(1, min(parallel, len(scenarios)))
	results := make([]Diagnosis, len(scenarios))
	done := make([]chan struct{}, len(scenarios))
	for i := range done {
		done[i] = make(chan struct{})
	}
	next := make(chan int, len(scenarios))
	for i := range scenarios {
		next <- i
	}
	close(next)
	errs := make(chan error, parallel)
	for range parallel {
		go func() {
			n, err := r.NewRunner(ctx)
			if err != nil {
				errs <- err
				for i := range next {
					results[i] = Diagnosis{Scenario: scenarios[i], Err: err}
					close(done[i])
				}
				return
			}
			defer n.Close()
			for i := range next {
				results[i] = n.Diagnose(ctx, scenarios[i], screenshot, parallel == 1)
				close(done[i])
			}
		}()
	}
	for i := range scenarios {
		<-done[i]
		each(results[i])
	}
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// Forget empties the browser's cookie jar and HTTP cache (through tab, any
// page tab will do).
func (b *Chromium) Forget(ctx context.Context, tab *Tab) error {
	c, cancel := JoinContext(b.Browser, ctx)
	defer cancel()
	if _, err := chromedp.CallBrowser(c, storage.ClearCookies, storage.ClearCookiesParams{}); err != nil {
		return err
	}
	c2, cancel2 := JoinContext(tab.Ctx, ctx)
	defer cancel2()
	_, err := chromedp.Call(c2, network.ClearBrowserCache, cdp.Empty{})
	return err
}

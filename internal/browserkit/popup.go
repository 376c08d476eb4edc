package browserkit

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// PopupFinding is one `[data-finding]` element of the popup, as shown.
type PopupFinding struct {
	ID       string   `json:"id"`
	Severity string   `json:"severity"`
	Title    string   `json:"title"`
	Evidence []string `json:"evidence"`
}

// PopupView is what the popup shows for one tab.
type PopupView struct {
	// Status is the popup's status line ("One failed request on this page.").
	Status string `json:"status"`
	// Failure is the summary of the selected failed request.
	Failure  string         `json:"failure"`
	Findings []PopupFinding `json:"findings"`
	// Engine is the engine version the popup shows ("" when not loaded).
	Engine string `json:"engine"`
}

// First is the id of the top-ranked finding, "" when there is none.
func (v PopupView) First() string {
	if len(v.Findings) == 0 {
		return ""
	}
	return v.Findings[0].ID
}

// Serious lists the ids of findings ranked cause or likely.
func (v PopupView) Serious() []string {
	var out []string
	for _, f := range v.Findings {
		if f.Severity == "cause" || f.Severity == "likely" {
			out = append(out, f.ID)
		}
	}
	return out
}

// readPopup reads the popup DOM. The contract: each finding is an element
// with data-finding="<id>", in rank order. The rest (severity class, h2
// title with a .sev prefix, ul.evidence) is extension/popup.js's markup.
const readPopup = `(() => {
  const text = el => (el ? el.textContent : "").replace(/\s+/g, " ").trim();
  const byId = id => document.getElementById(id);
  const findings = [...document.querySelectorAll("[data-finding]")].map(f => {
    const h = f.querySelector("h2,h3");
    const sev = f.querySelector(".sev");
    const title = text(h).slice(text(sev).length).trim();
    const sevClass = [...f.classList].find(c => c.startsWith("sev-"));
    const ev = [...f.querySelectorAll(".evidence li, [data-evidence] li")].map(text).filter(Boolean);
    return {id: f.getAttribute("data-finding"), severity: sevClass ? sevClass.slice(4) : "", title, evidence: ev};
  });
  return {status: text(byId("status")), failure: text(byId("failure-summary")), findings, engine: text(byId("engine"))};
})()`

// popupSettled is true once popup.js has rendered the worker's answer.
const popupSettled = `(() => { const m = document.getElementById("main"); return !!m && m.getAttribute("aria-busy") === "false"; })()`

// Popup is a tab showing the popup page.
type Popup struct {
	*Tab
	TabID int
}

// OpenPopup opens popup.html?tab=tabID in a new tab; see ShowPopup.
func (b *Chromium) OpenPopup(ctx context.Context, tabID int, within time.Duration) (*Popup, PopupView, error) {
	tctx, cancel := chromedp.NewContext(b.Browser)
	p := &Popup{Tab: &Tab{Ctx: tctx, Cancel: cancel}}
	if err := chromedp.Do(tctx); err != nil {
		return p, PopupView{}, err
	}
	v, err := b.ShowPopup(ctx, p, tabID, within)
	return p, v, err
}

// ShowPopup loads popup.html?tab=tabID in p (at a popup's size) and waits
// until it has rendered the worker's answer; the view is returned either way.
func (b *Chromium) ShowPopup(ctx context.Context, p *Popup, tabID int, within time.Duration) (PopupView, error) {
	p.TabID = tabID
	c, cancel := JoinContext(p.Ctx, ctx)
	defer cancel()
	c, cancel2 := context.WithTimeout(c, within+navWait)
	defer cancel2()
	if err := chromedp.Do(c, chromedp.EmulateViewport(420, 640), chromedp.Navigate(b.PopupURL(tabID))); err != nil {
		return PopupView{}, errors.New("browserkit: open popup: " + err.Error())
	}
	deadline := time.Now().Add(within)
	var waitErr error
	for {
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](popupSettled))
		if err == nil && ok {
			break
		}
		if time.Now().After(deadline) || c.Err() != nil {
			waitErr = errors.New("browserkit: the popup for tab " + strconv.Itoa(tabID) + " did not render within " + within.String() + " (#main still aria-busy)")
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	v, err := p.View(ctx)
	if waitErr != nil {
		return v, waitErr
	}
	return v, err
}

// View reads the popup as it is now.
func (p *Popup) View(ctx context.Context) (PopupView, error) {
	return Eval[PopupView](ctx, p.Tab, readPopup)
}

// Screenshot is a PNG of the popup page.
func (p *Popup) Screenshot(ctx context.Context) ([]byte, error) {
	c, cancel := JoinContext(p.Ctx, ctx)
	defer cancel()
	return chromedp.Run(c, chromedp.FullScreenshot(100))
}

// Click clicks the first element matching css.
func (p *Popup) Click(ctx context.Context, css string) error {
	c, cancel := JoinContext(p.Ctx, ctx)
	defer cancel()
	return chromedp.Do(c, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
}

// WaitFor waits until css matches an element and returns its text.
func (p *Popup) WaitFor(ctx context.Context, css string) (string, error) {
	c, cancel := JoinContext(p.Ctx, ctx)
	defer cancel()
	return chromedp.Run(c, chromedp.TextContent(chromedp.CSS(css)))
}

// Attr reads an attribute of the first element matching css ("" if absent).
func (p *Popup) Attr(ctx context.Context, css, name string) (string, error) {
	return Eval[string](ctx, p.Tab, `(document.querySelector(`+strconv.Quote(css)+`)||{getAttribute:()=>""}).getAttribute(`+strconv.Quote(name)+`)||""`)
}

// Describe is the popup view as the demo prints it: the status, the failed
// request, then each finding (the first with its evidence).
func (v PopupView) Describe() string {
	var b strings.Builder
	b.WriteString("  popup: " + v.Status + "\n")
	if v.Failure != "" {
		b.WriteString("  request: " + v.Failure + "\n")
	}
	for i, f := range v.Findings {
		b.WriteString("  " + strconv.Itoa(i+1) + ". [" + f.Severity + "] " + f.ID + " — " + f.Title + "\n")
		if i == 0 {
			for _, e := range f.Evidence {
				b.WriteString("       · " + e + "\n")
			}
		}
	}
	return b.String()
}

package browserkit

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Tab is a page tab opened by OpenTab or NewTab; Cancel closes it.
type Tab struct {
	Ctx    context.Context
	Cancel context.CancelFunc
}

// OpenTab opens a new tab on url and waits for its load (errors are
// returned with the tab still open: an error page can be what a scenario is
// about).
func (b *Chromium) OpenTab(ctx context.Context, url string) (*Tab, error) {
	tctx, cancel := chromedp.NewContext(b.Browser)
	t := &Tab{Ctx: tctx, Cancel: cancel}
	if err := chromedp.Do(tctx); err != nil { // the tab itself, outside ctx's deadline
		return t, err
	}
	return t, t.Navigate(ctx, url)
}

// NewTab is a new tab, created by its first action, whose context ends
// after within: for callers that drive chromedp on Tab.Ctx themselves.
func (b *Chromium) NewTab(within time.Duration) *Tab {
	tctx, cancelTab := chromedp.NewContext(b.Browser)
	ctx, cancel := context.WithTimeout(tctx, within)
	return &Tab{Ctx: ctx, Cancel: func() { cancel(); cancelTab() }}
}

// Start begins loading url and returns without waiting for the load: a page
// answered by a 401 Basic challenge may never fire one in headless Chromium,
// which would hang chromedp.Navigate. Wait on the page's title instead.
func (t *Tab) Start(ctx context.Context, url string) error {
	c, cancel := JoinContext(t.Ctx, ctx)
	defer cancel()
	res, err := chromedp.Call(c, page.Navigate, page.NavigateParams{URL: url})
	if err != nil {
		return err
	}
	if res.ErrorText != "" {
		return errors.New(res.ErrorText)
	}
	return nil
}

// WaitTitle polls the tab's title until it is want. It reads document.title
// from the protocol rather than with chromedp.Poll, which needs animation
// frames a background tab does not get and dies with a navigation.
func (t *Tab) WaitTitle(ctx context.Context, want string, within time.Duration) error {
	deadline := time.Now().Add(within)
	last := ""
	for {
		c, cancel := JoinContext(t.Ctx, ctx)
		c, cancel2 := context.WithTimeout(c, 2*time.Second)
		title, err := chromedp.Run(c, chromedp.Title())
		cancel2()
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
		if time.Now().After(deadline) {
			return errors.New("browserkit: title still " + strconv.Quote(last) + " after " + within.String() + ", want " + strconv.Quote(want))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Eval evaluates expr in the tab, awaiting a promise.
func Eval[T any](ctx context.Context, t *Tab, expr string) (T, error) {
	c, cancel := JoinContext(t.Ctx, ctx)
	defer cancel()
	return chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// Reload reloads the tab and waits for the load.
func (t *Tab) Reload(ctx context.Context) error {
	c, cancel := JoinContext(t.Ctx, ctx)
	defer cancel()
	return chromedp.Do(c, chromedp.Reload())
}

// Navigate loads url in the tab and waits for the load, at most navWait.
func (t *Tab) Navigate(ctx context.Context, url string) error {
	c, cancel := JoinContext(t.Ctx, ctx)
	defer cancel()
	c, cancel2 := context.WithTimeout(c, navWait)
	defer cancel2()
	return chromedp.Do(c, chromedp.Navigate(url))
}

// navWait bounds a navigation that waits for its load event.
const navWait = 15 * time.Second

package harrec

import (
	"context"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// CancelAuthPrompts makes the tab of ctx answer every HTTP auth challenge
// of a fetch or XHR as a user who dismissed the prompt would. Headless
// Chromium otherwise waits for a prompt that never shows: the request hangs
// until the page aborts it, and the protocol reports no response at all —
// no 401, no WWW-Authenticate — so a HAR could not show the challenge.
// Cancelling lets the 401 through to the page and into the HAR.
func CancelAuthPrompts(ctx context.Context) error {
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	auth := chromedp.Events(ctx, fetch.AuthRequired)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
	}()
	go func() {
		for ev, err := range auth {
			if err != nil {
				return
			}
			chromedp.Call(ctx, fetch.ContinueWithAuth, fetch.ContinueWithAuthParams{RequestID: ev.RequestID,
				AuthChallengeResponse: &fetch.AuthChallengeResponse{Response: fetch.AuthChallengeResponseResponseCancelAuth}})
		}
	}()
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{
			{URLPattern: "*", ResourceType: network.ResourceTypeFetch},
			{URLPattern: "*", ResourceType: network.ResourceTypeXHR},
		},
		HandleAuthRequests: new(true),
	})
	return err
}

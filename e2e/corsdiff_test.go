package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/authdoctor/authdoctor/diagnose/cors"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/e2e/internal/gencors"
	"github.com/authdoctor/authdoctor/lab"
)

// corsPlay is one case made concrete against the running lab.
type corsPlay struct {
	c     gencors.Case
	page  string // page origin
	url   string // first URL
	input cors.Input
}

func corsdiffHost(schemeHost string) (host string, secure bool) {
	secure = strings.HasPrefix(schemeHost, "https://")
	_, host, _ = strings.Cut(schemeHost, "://")
	return host, secure
}

// corsdiffPrepare builds the lab URLs (last leg first, since each redirect
// points at the next) and the engine input for the same headers.
func corsdiffPrepare(l *lab.Lab, c gencors.Case) corsPlay {
	ph, ps := corsdiffHost(c.Page)
	page := l.Origin(ph, ps)
	repl := strings.NewReplacer(gencors.PhOrigin, page, gencors.PhUpper, strings.ToUpper(page),
		gencors.PhOther, l.Origin("other.test", false))
	fill := func(r *gencors.Reply) *lab.Reply {
		if r == nil {
			return nil
		}
		out := &lab.Reply{Status: r.Status, Body: "ok"}
		for _, kv := range r.Headers {
			out.Headers = append(out.Headers, [2]string{kv[0], repl.Replace(kv[1])})
		}
		return out
	}
	toResp := func(r *lab.Reply, status int) *cors.Response {
		if r == nil {
			return &cors.Response{Status: 404}
		}
		if status == 0 {
			status = r.Status
		}
		if status == 0 {
			status = 200
		}
		resp := &cors.Response{Status: status}
		for _, kv := range r.Headers {
			resp.Headers = append(resp.Headers, header.Field{Name: kv[0], Value: kv[1]})
		}
		return resp
	}
	legs := make([]cors.Leg, len(c.Legs))
	next := ""
	for i := len(c.Legs) - 1; i >= 0; i-- {
		lg := c.Legs[i]
		th, ts := corsdiffHost(lg.Target)
		s := lab.Script{ID: c.ID + "-" + strconv.Itoa(i), Preflight: fill(lg.Preflight), Actual: fill(lg.Actual)}
		if lg.Redirect != 0 {
			s.Redirect = &lab.Redirect{Status: lg.Redirect, Location: next}
			if s.Actual == nil {
				s.Actual = &lab.Reply{}
			}
		}
		u := l.ScriptURL(th, ts, s)
		if lg.Userinfo {
			scheme, rest, _ := strings.Cut(u, "://")
			u = scheme + "://user:secret@" + rest
		}
		legs[i].URL = u
		legs[i].Preflight = toResp(s.Preflight, 0)
		if lg.Redirect != 0 {
			r := toResp(s.Actual, lg.Redirect)
			r.Headers = append(r.Headers, header.Field{Name: "Location", Value: next})
			legs[i].Response = r
		} else {
			legs[i].Response = toResp(s.Actual, 0)
		}
		next = u
	}
	var hs header.Headers
	for _, kv := range c.Headers {
		hs = append(hs, header.Field{Name: kv[0], Value: kv[1]})
	}
	req := cors.Request{Method: cors.NormalizeMethod(c.Method), URL: next, Origin: page, Headers: hs}
	switch c.Credentials {
	case "omit":
		req.Credentials = cors.CredentialsOmit
	case "include":
		req.Credentials = cors.CredentialsInclude
	}
	switch c.Mode {
	case "no-cors":
		req.Mode = cors.ModeNoCors
	case "same-origin":
		req.Mode = cors.ModeSameOrigin
	}
	return corsPlay{c: c, page: page, url: next, input: cors.Input{Request: req, Legs: legs}}
}

// corsOutcome is what the browser did with one case.
type corsOutcome struct {
	ok        bool
	js        string
	corsError string
	errorText string
}

const corsdiffJS = `(async (cases) => {
  const out = {};
  let next = 0;
  const one = async (c) => {
    const t0 = performance.now();
    try {
      const r = await fetch(c.url, {...c.init, signal: AbortSignal.timeout(20000)});
      await r.arrayBuffer().catch(() => {});
      out[c.id] = "ok:" + r.status + ":" + r.type + ":" + Math.round(performance.now() - t0) + "ms";
    } catch (e) {
      out[c.id] = "err:" + e.name + ": " + e.message + ":" + Math.round(performance.now() - t0) + "ms";
    }
  };
  // A few fetches in flight at a time: with all of them at once, Chromium's
  // six-sockets-per-host pool stalls redirected requests for ~20 s.
  await Promise.all(Array.from({length: %d}, async () => {
    while (next < cases.length) await one(cases[next++]);
  }));
  return JSON.stringify(out);
})(%s)`

// corsdiffRunPage plays every case of one page origin in one tab, all at
// once, and reads Chromium's own CORS reason from Network.loadingFailed.
// opts configure the tab (e.g. a HAR recorder's listener).
func corsdiffRunPage(t *testing.T, bctx context.Context, page string, plays []corsPlay, opts ...chromedp.ContextOption) map[string]corsOutcome {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx, opts...)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, 90*time.Second)
	defer cancel2()
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"/page")); err != nil {
		t.Fatal(err)
	}
	byURL := map[string]string{}
	for _, p := range plays {
		byURL[p.url] = p.c.ID
	}
	var mu sync.Mutex
	reqCase := map[network.RequestID]string{}
	corsErr := map[string]string{}
	errText := map[string]string{}
	failed := map[string]bool{}
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.Type == network.ResourceTypePreflight || ev.RedirectResponse != nil {
				return
			}
			if id, ok := byURL[ev.Request.URL]; ok {
				reqCase[ev.RequestID] = id
			}
		case *network.EventLoadingFailed:
			id, ok := reqCase[ev.RequestID]
			if !ok {
				return
			}
			failed[id] = true
			errText[id] = ev.ErrorText
			if ev.CorsErrorStatus != nil {
				corsErr[id] = string(ev.CorsErrorStatus.CorsError)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	type jsCase struct {
		ID   string         `json:"id"`
		URL  string         `json:"url"`
		Init map[string]any `json:"init"`
	}
	var list []jsCase
	for _, p := range plays {
		init := map[string]any{"method": p.c.Method, "headers": p.c.Headers}
		if p.c.Headers == nil {
			init["headers"] = [][2]string{}
		}
		if p.c.Credentials != "" {
			init["credentials"] = p.c.Credentials
		}
		if p.c.Mode != "" {
			init["mode"] = p.c.Mode
		}
		list = append(list, jsCase{ID: p.c.ID, URL: p.url, Init: init})
	}
	arg, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(corsdiffJS, corsdiffInFlight, arg), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var js map[string]string
	if err := json.Unmarshal([]byte(raw), &js); err != nil {
		t.Fatal(err)
	}
	// loadingFailed may arrive after the promise settles: wait for every
	// failed fetch to have its event (bounded).
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		missing := 0
		for _, p := range plays {
			if strings.HasPrefix(js[p.c.ID], "err:") && !failed[p.c.ID] {
				missing++
			}
		}
		mu.Unlock()
		if missing == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	out := map[string]corsOutcome{}
	for _, p := range plays {
		r := js[p.c.ID]
		out[p.c.ID] = corsOutcome{ok: strings.HasPrefix(r, "ok:"), js: r, corsError: corsErr[p.c.ID], errorText: errText[p.c.ID]}
	}
	return out
}

const (
	corsdiffBatch    = 200
	corsdiffInFlight = 12
)

// TestCorsDifferential plays the whole matrix in real Chromium and checks
// the engine names the same CORS outcome for the same headers.
func TestCorsDifferential(t *testing.T) {
	cases := loadCorsCases(t)
	rig := browserRig(t)
	bctx, l := rig.Browser, rig.Lab

	var pages []string
	byPage := map[string][]corsPlay{}
	only := os.Getenv("CORSDIFF_ONLY") // a name prefix, to replay part of the matrix while debugging
	for _, c := range cases {
		if !strings.HasPrefix(c.Name, only) {
			continue
		}
		p := corsdiffPrepare(l, c)
		if _, ok := byPage[p.page]; !ok {
			pages = append(pages, p.page)
		}
		byPage[p.page] = append(byPage[p.page], p)
	}
	agree, total := 0, 0
	for _, page := range pages {
		// Batches keep Chromium's six-connections-per-host pool from
		// starving the redirect cases (which then time out).
		all := byPage[page]
		for start := 0; start < len(all); start += corsdiffBatch {
			plays := all[start:min(start+corsdiffBatch, len(all))]
			got := corsdiffRunPage(t, bctx, page, plays)
			for _, p := range plays {
				total++
				b := got[p.c.ID]
				v := cors.Evaluate(p.input)
				engine := "ok"
				switch {
				case v.Unknown != "":
					engine = "unknown(" + v.Unknown + ")"
				case v.NetworkError != "":
					engine = "failed-without-cors-error"
				case v.Error != cors.ErrNone:
					engine = v.Error.String()
				}
				browser := "ok"
				if !b.ok {
					browser = b.corsError
					if browser == "" {
						browser = "failed-without-cors-error"
					}
				}
				if os.Getenv("CORSDIFF_SLOW") != "" {
					t.Logf("%s %s %s", p.c.ID, p.c.Name, b.js)
				}
				if engine == browser {
					agree++
					continue
				}
				t.Errorf("%s %s: chromium %s [%s %s], engine %s (%s)", p.c.ID, p.c.Name, browser, b.js, b.errorText, engine, v.Detail)
			}
		}
	}
	line := "CORS " + strconv.Itoa(agree) + "/" + strconv.Itoa(total) + " agree"
	fmt.Println(line)
	t.Log(line)
	if agree != total {
		t.Fatalf("%s: every case must agree", line)
	}
}

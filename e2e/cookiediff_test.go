package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/e2e/internal/gencookie"
	"github.com/authdoctor/authdoctor/internal/chromium"
	"github.com/authdoctor/authdoctor/lab"
)

// cookiediffBrowser starts a Chromium with a fresh profile (the jar must
// start empty), skipping when it is missing (failing under CI).
func cookiediffBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := chromium.Path(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	actx, cancel, err := chromium.NewAllocator(context.Background(), chromium.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// cookiediffAbs puts the lab's port into a port-less scheme://host[/path].
func cookiediffAbs(l *lab.Lab, u string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	host, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	return l.URL(host, scheme == "https", path)
}

// cookiediffScriptURL is the /script URL of the request's URL answering
// with the Set-Cookie lines.
func cookiediffScriptURL(l *lab.Lab, req gencookie.Request, id string, lines []string) string {
	hs := [][2]string{}
	for _, line := range lines {
		hs = append(hs, [2]string{"Set-Cookie", line})
	}
	if req.Page != "" {
		hs = append(hs, [2]string{"Access-Control-Allow-Origin", cookiediffAbs(l, req.Page)},
			[2]string{"Access-Control-Allow-Credentials", "true"})
	}
	s := lab.Script{ID: id, Actual: &lab.Reply{Status: 200, Headers: hs, Body: "ok"}}
	return cookiediffAbs(l, req.URL) + "?r=" + lab.EncodeScript(s)
}

// cookiediffPlay makes the request as the case says and waits until the lab
// has recorded it. It returns when the request was made.
func cookiediffPlay(bctx context.Context, l *lab.Lab, req gencookie.Request, id, url string) (time.Time, error) {
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, 30*time.Second)
	defer cancel2()
	if req.Page != "" {
		if err := chromedp.Do(ctx, chromedp.Navigate(cookiediffAbs(l, req.Page)+"/page")); err != nil {
			return time.Time{}, err
		}
	}
	at := time.Now()
	u, _ := json.Marshal(url)
	var js string
	switch {
	case req.Page == "":
		// A navigation the user typed: no initiator.
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			return time.Time{}, err
		}
	case req.How == "fetch":
		init := map[string]any{"method": req.Method, "credentials": req.Credentials}
		if req.Method == "POST" {
			init["body"] = "x"
		}
		ib, _ := json.Marshal(init)
		js = fmt.Sprintf(`fetch(%s, %s).then(r => r.text()).then(() => "ok", e => "err:" + e)`, u, ib)
	case req.How == "navigate":
		js = fmt.Sprintf(`(location.href = %s, "ok")`, u)
	case req.How == "form":
		js = fmt.Sprintf(`(() => { const f = document.createElement("form"); f.method = "POST"; f.action = %s;
			const i = document.createElement("input"); i.name = "x"; i.value = "1"; f.appendChild(i);
			document.body.appendChild(f); f.submit(); return "ok"; })()`, u)
	}
	if js != "" {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise)); err != nil {
			return time.Time{}, err
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(l.Log(id)) == 0 {
		if time.Now().After(deadline) {
			return time.Time{}, fmt.Errorf("request %s never reached the lab", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Let the browser finish storing the response's cookies.
	time.Sleep(100 * time.Millisecond)
	return at, nil
}

// cookiediffPlayAll plays requests in parallel tabs; at[i] is when play i
// was made.
func cookiediffPlayAll(t *testing.T, bctx context.Context, l *lab.Lab, reqs []gencookie.Request, ids, urls []string) []time.Time {
	t.Helper()
	at := make([]time.Time, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 6)
	for i := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			at[i], errs[i] = cookiediffPlay(bctx, l, reqs[i], ids[i], urls[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return at
}

// cookiediffEngineRequest is the engine's view of the case's request.
func cookiediffEngineRequest(l *lab.Lab, req gencookie.Request, url string, now time.Time) cookie.Request {
	r := cookie.Request{URL: url, Method: req.Method, Now: now}
	if req.Page != "" {
		r.Initiator = cookiediffAbs(l, req.Page)
	}
	switch req.How {
	case "fetch":
		switch req.Credentials {
		case "include":
			r.Credentials = cookie.CredentialsInclude
		case "same-origin":
			r.Credentials = cookie.CredentialsSameOrigin
		case "omit":
			r.Credentials = cookie.CredentialsOmit
		}
	default:
		r.MainFrame = true
	}
	return r
}

func cookiediffGroupKey(r gencookie.Request) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// TestCookieDifferential plays every case of the matrix in real Chromium and
// checks the engine decides the same: which Set-Cookie lines were stored
// (and where), and which stored cookies went with which request.
func TestCookieDifferential(t *testing.T) {
	cases := loadCookieCases(t)
	bctx := cookiediffBrowser(t)
	l := lab.New(lab.Options{})
	if err := l.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })

	// 1. Store the cookies of the send cases, one same-origin fetch per setup origin.
	setupAt := map[string]time.Time{}
	setupLines := map[string][]string{}
	var setupOrigins []string
	for _, c := range cases {
		if c.Kind != "send" {
			continue
		}
		if _, ok := setupLines[c.Setup]; !ok {
			setupOrigins = append(setupOrigins, c.Setup)
		}
		if !slices.Contains(setupLines[c.Setup], c.Line) {
			setupLines[c.Setup] = append(setupLines[c.Setup], c.Line)
		}
	}
	{
		var reqs []gencookie.Request
		var ids, urls []string
		for i, o := range setupOrigins {
			req := gencookie.Request{Page: o, URL: o + "/script", How: "fetch", Method: "GET", Credentials: "include"}
			id := fmt.Sprintf("cookiediff-setup-%d", i)
			reqs, ids, urls = append(reqs, req), append(ids, id), append(urls, cookiediffScriptURL(l, req, id, setupLines[o]))
		}
		for i, at := range cookiediffPlayAll(t, bctx, l, reqs, ids, urls) {
			setupAt[setupOrigins[i]] = at
		}
	}

	type group struct {
		req   gencookie.Request
		cases []gencookie.Case
	}
	groupsOf := func(kind string) []*group {
		var gs []*group
		byKey := map[string]*group{}
		for _, c := range cases {
			if c.Kind != kind {
				continue
			}
			k := cookiediffGroupKey(c.Request)
			g := byKey[k]
			if g == nil {
				g = &group{req: c.Request}
				byKey[k] = g
				gs = append(gs, g)
			}
			g.cases = append(g.cases, c)
		}
		return gs
	}
	// A verdict compares what happened; detail explains the engine's answer.
	type verdict struct {
		c               gencookie.Case
		browser, engine string
		detail          string
	}
	var verdicts []verdict
	// This Chromium blocks third-party cookies by default (a cross-site
	// SameSite=None; Secure cookie is neither stored nor sent), so the
	// engine is told so, as the extension's snapshot would tell it.
	const thirdParty = cookie.ThirdPartyBlockedByUser
	engineReq := func(req gencookie.Request, url string, at time.Time) cookie.Request {
		r := cookiediffEngineRequest(l, req, url, at)
		r.ThirdParty = thirdParty
		return r
	}
	play := func(kind string, lines func(*group) []string) ([]*group, []string, []time.Time) {
		gs := groupsOf(kind)
		var reqs []gencookie.Request
		var ids, urls []string
		for gi, g := range gs {
			id := fmt.Sprintf("cookiediff-%s-%d", kind, gi)
			reqs, ids = append(reqs, g.req), append(ids, id)
			urls = append(urls, cookiediffScriptURL(l, g.req, id, lines(g)))
		}
		return gs, ids, cookiediffPlayAll(t, bctx, l, reqs, ids, urls)
	}

	// 2. Play the send cases, one request per context; the cookies with
	// Max-Age=1 must have expired first. They go before the set cases so the
	// jar stays under Chromium's per-site cookie limit while they run.
	for _, at := range setupAt {
		if d := time.Until(at.Add(1500 * time.Millisecond)); d > 0 {
			time.Sleep(d)
		}
	}
	sendGroups, sendIDs, sendAt := play("send", func(*group) []string { return nil })
	for gi, g := range sendGroups {
		id := sendIDs[gi]
		recs := l.Log(id)
		url := ""
		if len(recs) > 0 {
			url = recs[0].URL
		}
		got := map[string]bool{}
		for _, rec := range recs {
			for _, h := range rec.Headers {
				if strings.EqualFold(h[0], "Cookie") {
					for _, rc := range cookie.ParseCookieHeader(h[1]) {
						got[rc.Name] = true
					}
				}
			}
		}
		for _, c := range g.cases {
			setupReq := gencookie.Request{Page: c.Setup, URL: c.Setup + "/script", How: "fetch", Method: "GET", Credentials: "include"}
			jar, _ := cookie.Store(nil, []string{c.Line}, engineReq(setupReq, cookiediffAbs(l, setupReq.URL), setupAt[c.Setup]))
			sent, results := cookie.CookiesFor(jar, engineReq(g.req, url, sendAt[gi]))
			engine := "not sent"
			for _, s := range sent {
				if s.Name == c.Cookie {
					engine = "sent"
				}
			}
			detail := "never stored"
			if len(results) > 0 {
				r := results[0]
				detail = fmt.Sprintf("reasons %v expired %v nocreds %v otherpartition %v", r.Reasons, r.Expired, r.NoCredentials, r.OtherPartition)
			}
			browser := "not sent"
			if got[c.Cookie] {
				browser = "sent"
			}
			verdicts = append(verdicts, verdict{c, browser, engine, detail})
		}
	}

	// 3. Play the set cases, one request per context carrying all its lines.
	setEngine := map[string]cookie.SetResult{}
	setGroups, setIDs, setAt := play("set", func(g *group) []string {
		var lines []string
		for _, c := range g.cases {
			lines = append(lines, c.Line)
		}
		return lines
	})
	for gi, g := range setGroups {
		url := ""
		if recs := l.Log(setIDs[gi]); len(recs) > 0 {
			url = recs[0].URL
		}
		for _, c := range g.cases {
			_, res := cookie.Store(nil, []string{c.Line}, engineReq(g.req, url, setAt[gi]))
			setEngine[c.ID] = res[0]
		}
	}

	// 4. Read the browser's jar for the set cases.
	res, err := chromedp.Call(bctx, storage.GetCookies, storage.GetCookiesParams{})
	if err != nil {
		t.Fatal(err)
	}
	jar := map[string]*network.Cookie{}
	for _, ck := range res.Cookies {
		key := ck.Name
		if key == "" {
			key = "=" + ck.Value
		}
		jar[key] = ck
	}
	for _, c := range cases {
		if c.Kind != "set" {
			continue
		}
		browser := "not stored"
		if ck := jar[c.Cookie]; ck != nil {
			browser = "stored at " + ck.Domain + ck.Path
		}
		r := setEngine[c.ID]
		engine := "not stored"
		if r.Stored() {
			d := r.Cookie.Domain
			if !r.Cookie.HostOnly {
				d = "." + d
			}
			engine = "stored at " + d + r.Cookie.Path
		}
		verdicts = append(verdicts, verdict{c, browser, engine, fmt.Sprintf("reasons %v", r.Reasons)})
	}

	agree := 0
	var bad []string
	for _, v := range verdicts {
		if v.browser == v.engine {
			agree++
			continue
		}
		bad = append(bad, fmt.Sprintf("%s %s [%q]: chromium %s, engine %s (%s)", v.c.ID, v.c.Name, cookiediffShort(v.c.Line), v.browser, v.engine, v.detail))
	}
	sort.Strings(bad)
	positive := 0
	for _, v := range verdicts {
		if v.browser == "sent" || strings.HasPrefix(v.browser, "stored") {
			positive++
		}
	}
	t.Logf("chromium stored or sent in %d of %d cases", positive, len(verdicts))
	fmt.Printf("cookies %d/%d agree\n", agree, len(verdicts))
	for _, b := range bad {
		t.Error(b)
	}
	if len(verdicts) != len(cases) {
		t.Fatalf("%d verdicts for %d cases", len(verdicts), len(cases))
	}
}

func cookiediffShort(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

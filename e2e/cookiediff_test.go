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
	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/authdoctor/authdoctor/lab"
)

// cookiediffBrowser starts a Chromium with a fresh profile (the jar must
// start empty), skipping when it is missing (failing under CI).
func cookiediffBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := browserkit.Path(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	actx, cancel, err := browserkit.NewAllocator(context.Background(), browserkit.Options{})
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

// cookiediffSeen is what Chromium's DevTools said about one played request.
type cookiediffSeen struct {
	at time.Time
	// sendReasons has an entry for every cookie Chromium associated with the
	// request (Network.requestWillBeSentExtraInfo.associatedCookies), keyed
	// like gencookie.Case.Cookie; an empty list means the cookie was sent.
	sendReasons map[string][]string
	// setReasons has an entry for every Set-Cookie line Chromium refused
	// (Network.responseReceivedExtraInfo.blockedCookies), keyed by the line.
	setReasons map[string][]string
	// exempted lists lines Chromium stored only thanks to an exemption.
	exempted []string
}

// cookiediffPlay makes the request as the case says, waits until the lab
// has recorded it and Chromium has reported its cookies, and returns when
// the request was made and what DevTools said.
func cookiediffPlay(bctx context.Context, l *lab.Lab, req gencookie.Request, id, url string) (cookiediffSeen, error) {
	seen := cookiediffSeen{sendReasons: map[string][]string{}, setReasons: map[string][]string{}}
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, 30*time.Second)
	defer cancel2()
	if req.Page != "" {
		if err := chromedp.Do(ctx, chromedp.Navigate(cookiediffAbs(l, req.Page)+"/page")); err != nil {
			return seen, err
		}
	}
	// The ExtraInfo events carry only a request id; requestWillBeSent ties
	// it to the case's URL (unique per play). They may come in any order.
	var mu sync.Mutex
	ids := map[network.RequestID]bool{}
	sendInfo := map[network.RequestID]*network.EventRequestWillBeSentExtraInfo{}
	setInfo := map[network.RequestID]*network.EventResponseReceivedExtraInfo{}
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.Request.URL == url && ev.Type != network.ResourceTypePreflight {
				ids[ev.RequestID] = true
			}
		case *network.EventRequestWillBeSentExtraInfo:
			sendInfo[ev.RequestID] = ev
		case *network.EventResponseReceivedExtraInfo:
			setInfo[ev.RequestID] = ev
		}
	}); err != nil {
		return seen, err
	}
	seen.at = time.Now()
	u, _ := json.Marshal(url)
	var js string
	switch {
	case req.Page == "":
		// A navigation the user typed: no initiator.
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			return seen, err
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
			return seen, err
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		var got *network.EventRequestWillBeSentExtraInfo
		var gotSet *network.EventResponseReceivedExtraInfo
		for rid := range ids {
			if sendInfo[rid] != nil && setInfo[rid] != nil {
				got, gotSet = sendInfo[rid], setInfo[rid]
			}
		}
		mu.Unlock()
		if got != nil && len(l.Log(id)) > 0 {
			for _, ac := range got.AssociatedCookies {
				key := ac.Cookie.Name
				if key == "" {
					key = "=" + ac.Cookie.Value
				}
				rs := []string{}
				for _, r := range ac.BlockedReasons {
					rs = append(rs, string(r))
				}
				seen.sendReasons[key] = rs
			}
			for _, bc := range gotSet.BlockedCookies {
				rs := []string{}
				for _, r := range bc.BlockedReasons {
					rs = append(rs, string(r))
				}
				seen.setReasons[bc.CookieLine] = rs
			}
			for _, ex := range gotSet.ExemptedCookies {
				seen.exempted = append(seen.exempted, ex.CookieLine+" ("+string(ex.ExemptionReason)+")")
			}
			break
		}
		if time.Now().After(deadline) {
			return seen, fmt.Errorf("request %s: no lab record or no DevTools cookie report", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Let the browser finish storing the response's cookies.
	time.Sleep(100 * time.Millisecond)
	return seen, nil
}

// cookiediffPlayAll plays requests in parallel tabs, in order of the
// arguments' indexes.
func cookiediffPlayAll(t *testing.T, bctx context.Context, l *lab.Lab, reqs []gencookie.Request, ids, urls []string) []cookiediffSeen {
	t.Helper()
	seen := make([]cookiediffSeen, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 6)
	for i := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			seen[i], errs[i] = cookiediffPlay(bctx, l, reqs[i], ids[i], urls[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return seen
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

// cookiediffReasonsAgree is the reason rule of the differential test.
// browser is the list Chromium's DevTools gave for one cookie or Set-Cookie
// line (blockedReasons), engine the engine's Reasons, primary first. They
// agree when they hold the same set of reasons: order is free (Chromium
// lists them in the order of its protocol mapping, the engine puts the one
// to explain first), but the engine may neither leave out a reason Chromium
// gives nor add one it does not. Both empty means stored or sent.
func cookiediffReasonsAgree(browser, engine []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(browser)), slices.Sorted(slices.Values(engine)))
}

func cookiediffNames[T ~uint8](rs []T, name func(T) string) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, name(r))
	}
	return out
}

// TestCookieDifferential plays every case of the matrix in real Chromium and
// checks the engine decides the same: which Set-Cookie lines were stored
// (and where), which stored cookies went with which request, and why not,
// in Chromium's own DevTools reason names (see cookiediffReasonsAgree).
// COOKIEDIFF_VERBOSE=1 logs every verdict, agreeing or not.
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
		for i, seen := range cookiediffPlayAll(t, bctx, l, reqs, ids, urls) {
			setupAt[setupOrigins[i]] = seen.at
			for line, rs := range seen.setReasons {
				t.Errorf("setup line %q refused by chromium: %v", line, rs)
			}
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
	// A verdict compares what happened (browser, engine) and why
	// (browserWhy, engineWhy: DevTools reason names). A nil list means the
	// cookie or line is not reported at all: not associated with the request,
	// or a line that was not refused. An empty one means reported without a
	// named reason (sent; or refused for a reason DevTools has no name for).
	type verdict struct {
		c                     gencookie.Case
		browser, engine       string
		browserWhy, engineWhy []string
		detail                string
	}
	var verdicts []verdict
	// This Chromium blocks third-party cookies by default, and DevTools names
	// the reason UserPreferences (the "block third-party cookies" setting),
	// not ThirdPartyPhaseout, so the engine is told so, as the extension's
	// snapshot would tell it.
	const thirdParty = cookie.ThirdPartyBlockedByUser
	engineReq := func(req gencookie.Request, url string, at time.Time) cookie.Request {
		r := cookiediffEngineRequest(l, req, url, at)
		r.ThirdParty = thirdParty
		return r
	}
	play := func(kind string, lines func(*group) []string) ([]*group, []string, []cookiediffSeen) {
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
	sendGroups, sendIDs, sendSeen := play("send", func(*group) []string { return nil })
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
			sent, results := cookie.CookiesFor(jar, engineReq(g.req, url, sendSeen[gi].at))
			engine := "not sent"
			for _, s := range sent {
				if s.Name == c.Cookie {
					engine = "sent"
				}
			}
			// Chromium leaves out of associatedCookies what it never
			// looked at: cookies no longer (or never) in the jar, every
			// cookie of a request without credentials, and partitioned
			// cookies of another partition.
			var engineWhy []string
			detail := "never stored"
			if len(results) > 0 {
				r := results[0]
				detail = fmt.Sprintf("expired %v nocreds %v otherpartition %v", r.Expired, r.NoCredentials, r.OtherPartition)
				if !r.Expired && !r.NoCredentials && !r.OtherPartition {
					engineWhy = cookiediffNames(r.Reasons, cookie.BlockedReason.String)
				}
			}
			browser := "not sent"
			if got[c.Cookie] {
				browser = "sent"
			}
			browserWhy, listed := sendSeen[gi].sendReasons[c.Cookie]
			if !listed {
				browserWhy = nil
			}
			verdicts = append(verdicts, verdict{c, browser, engine, browserWhy, engineWhy, detail})
		}
	}

	// 3. Play the set cases, one request per context carrying all its lines.
	setEngine := map[string]cookie.SetResult{}
	setGroups, setIDs, setSeen := play("set", func(g *group) []string {
		var lines []string
		for _, c := range g.cases {
			lines = append(lines, c.Line)
		}
		return lines
	})
	setWhy := map[string][]string{}
	for gi, g := range setGroups {
		url := ""
		if recs := l.Log(setIDs[gi]); len(recs) > 0 {
			url = recs[0].URL
		}
		for _, ex := range setSeen[gi].exempted {
			t.Errorf("chromium stored %s by exemption; the engine has no exemptions", ex)
		}
		for _, c := range g.cases {
			_, res := cookie.Store(nil, []string{c.Line}, engineReq(g.req, url, setSeen[gi].at))
			setEngine[c.ID] = res[0]
			if rs, ok := setSeen[gi].setReasons[c.Line]; ok {
				setWhy[c.ID] = rs
			}
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
		// DevTools leaves out a refused line it has no reason name for
		// (SetInvalidPartitioned), so the engine's list does too.
		var engineWhy []string
		for _, why := range r.Reasons {
			if why != cookie.SetInvalidPartitioned {
				engineWhy = append(engineWhy, why.String())
			}
		}
		verdicts = append(verdicts, verdict{c, browser, engine, setWhy[c.ID], engineWhy, ""})
	}

	agree := 0
	var bad []string
	for _, v := range verdicts {
		listedAlike := (v.browserWhy == nil) == (v.engineWhy == nil)
		line := fmt.Sprintf("%s %s [%q]: chromium %s %s, engine %s %s %s", v.c.ID, v.c.Name, cookiediffShort(v.c.Line),
			v.browser, cookiediffWhy(v.browserWhy), v.engine, cookiediffWhy(v.engineWhy), v.detail)
		if os.Getenv("COOKIEDIFF_VERBOSE") != "" {
			t.Log(line)
		}
		if v.browser == v.engine && listedAlike && cookiediffReasonsAgree(v.browserWhy, v.engineWhy) {
			agree++
			continue
		}
		bad = append(bad, line)
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

func cookiediffWhy(rs []string) string {
	if rs == nil {
		return "(unreported)"
	}
	return fmt.Sprint(rs)
}

func cookiediffShort(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

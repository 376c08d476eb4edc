package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/cors"
	"github.com/authdoctor/authdoctor/diagnose/har"
	"github.com/authdoctor/authdoctor/internal/harrec"
)

// The issue's done criterion: a HAR of a CORS failure, fed to `authdoctor
// diagnose`, names the reason Chromium gave. TestCorsHAR records HARs in
// Chromium while it plays part of the CORS matrix, takes Chromium's answer
// out of them (harrec writes it as _corsError; DevTools' own export does
// not), and checks the report's first finding for each request.

// corsharPerError is how many cases of each CorsError are played.
const corsharPerError = 3

// corsharSelect picks, for every CorsError the matrix produces, up to
// corsharPerError cases, spreading them over the matrix's sections and
// credentials modes. The engine's verdict picks them: the differential test
// keeps it equal to Chromium's, and the test checks it again below.
func corsharSelect(plays []corsPlay) (picked []corsPlay, occurs map[cors.CorsError]int) {
	occurs = map[cors.CorsError]int{}
	type key struct {
		err           cors.CorsError
		section, cred string
	}
	seen := map[key]bool{}
	count := map[cors.CorsError]int{}
	var rest []corsPlay
	for _, p := range plays {
		e := cors.Evaluate(p.input).Error
		if e == cors.ErrNone {
			continue
		}
		occurs[e]++
		section, _, _ := strings.Cut(p.c.Name, "/")
		k := key{e, section, p.c.Credentials}
		if count[e] < corsharPerError && !seen[k] {
			seen[k] = true
			count[e]++
			picked = append(picked, p)
			continue
		}
		rest = append(rest, p)
	}
	// Errors that live in one section only get their other cases from it.
	for _, p := range rest {
		if e := cors.Evaluate(p.input).Error; count[e] < min(corsharPerError, occurs[e]) {
			count[e]++
			picked = append(picked, p)
		}
	}
	return picked, occurs
}

// corsharChromium is what Chromium said about one case, read from the HAR.
type corsharChromium struct {
	corsError string
	entries   int // hops recorded for the request
}

// corsharAnswers reads Chromium's CORS reason per case from the recorded
// HAR (the last hop of the request that started at the case's URL) and
// reports whether every failed case has its loadingFailed recorded.
func corsharAnswers(h *harrec.HAR, plays []corsPlay, browser map[string]corsOutcome) (map[string]corsharChromium, bool) {
	byReq := map[string][]*harrec.Entry{}
	var order []string
	for i := range h.Log.Entries {
		e := &h.Log.Entries[i]
		if e.ResourceType == "preflight" {
			continue
		}
		if _, ok := byReq[e.RequestID]; !ok {
			order = append(order, e.RequestID)
		}
		byReq[e.RequestID] = append(byReq[e.RequestID], e)
	}
	byURL := map[string]string{}
	for _, p := range plays {
		byURL[p.url] = p.c.ID
	}
	out := map[string]corsharChromium{}
	for _, id := range order {
		hops := byReq[id]
		cid, ok := byURL[hops[0].Request.URL]
		if !ok {
			continue
		}
		last := hops[len(hops)-1]
		out[cid] = corsharChromium{corsError: last.Response.CORSError, entries: len(hops)}
	}
	complete := true
	for _, p := range plays {
		if b := browser[p.c.ID]; !b.ok && b.corsError != "" && out[p.c.ID].corsError == "" {
			complete = false
		}
	}
	return out, complete
}

// corsharStrip removes Chromium's answer: what is left is what DevTools'
// "Save all as HAR" or the extension has (net::ERR_FAILED and the headers).
func corsharStrip(h *harrec.HAR) {
	for i := range h.Log.Entries {
		r := &h.Log.Entries[i].Response
		r.CORSError, r.CORSErrorParameter, r.FailureText = "", "", ""
	}
}

// corsharDiagnose reads the HAR file as `authdoctor diagnose` does and
// returns, per chain-start URL, the finding IDs of its failure in rank order.
func corsharDiagnose(t *testing.T, path string) map[string][]diagnose.ID {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := har.Read(f, har.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := diagnose.Diagnose(res.Snapshot)
	start := map[string]string{}
	for _, ex := range res.Snapshot.Exchanges {
		u := ex.Request.URL
		if len(ex.Redirects) > 0 {
			u = ex.Redirects[0].URL
		}
		start[ex.ID] = u
	}
	out := map[string][]diagnose.ID{}
	for _, fl := range rep.Failures {
		ids := []diagnose.ID{}
		for _, g := range fl.Findings {
			ids = append(ids, g.ID)
		}
		out[start[fl.ExchangeID]] = ids
	}
	return out
}

// TestCorsHAR plays a subset of the CORS matrix (every CorsError it
// produces, up to three cases each; CORSHAR_ALL=1 plays all of it), records
// one HAR per page, strips Chromium's answer and checks the engine names it.
// CORSHAR_KEEP=dir keeps the stripped HARs.
func TestCorsHAR(t *testing.T) {
	cases := loadCorsCases(t)
	rig := browserRig(t)
	bctx, l := rig.Browser, rig.Lab

	var all []corsPlay
	for _, c := range cases {
		// URLs of their own: the differential test may have run in this
		// browser, and a 301 it cached would reach the HAR as a request
		// with no response at all (the cache answers, nothing is recorded).
		c.ID = "h" + c.ID
		all = append(all, corsdiffPrepare(l, c))
	}
	plays, occurs := corsharSelect(all)
	if os.Getenv("CORSHAR_ALL") != "" {
		plays = all
	}
	dir := os.Getenv("CORSHAR_KEEP")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var pages []string
	byPage := map[string][]corsPlay{}
	for _, p := range plays {
		if _, ok := byPage[p.page]; !ok {
			pages = append(pages, p.page)
		}
		byPage[p.page] = append(byPage[p.page], p)
	}

	checked, agree := 0, 0
	perError := map[string]int{}
	for n, page := range pages {
		for start := 0; start < len(byPage[page]); start += corsdiffBatch {
			batch := byPage[page][start:min(start+corsdiffBatch, len(byPage[page]))]
			rec := harrec.New()
			browser := corsdiffRunPage(t, bctx, page, batch, rec.Option())
			// The recorder is its own listener: give it the same bounded
			// time to see every loadingFailed.
			var h *harrec.HAR
			var chromium map[string]corsharChromium
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				h = rec.HAR()
				var complete bool
				if chromium, complete = corsharAnswers(h, batch, browser); complete || time.Now().After(deadline) {
					break
				}
			}
			corsharStrip(h)
			path := filepath.Join(dir, "cors-"+strconv.Itoa(n)+"-"+strconv.Itoa(start)+".har")
			if err := h.WriteFile(path); err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(path); err != nil || strings.Contains(string(b), "_corsError") || strings.Contains(string(b), "_failureText") {
				t.Fatalf("%s still carries Chromium's answer (or cannot be read: %v)", path, err)
			}
			report := corsharDiagnose(t, path)

			for _, p := range batch {
				b := browser[p.c.ID]
				got := chromium[p.c.ID]
				if b.ok || b.corsError == "" {
					continue // passed, or failed without a CORS reason: nothing to name
				}
				if got.corsError != b.corsError {
					t.Errorf("%s %s: the HAR recorded %q, DevTools said %q", p.c.ID, p.c.Name, got.corsError, b.corsError)
					continue
				}
				if v := cors.Evaluate(p.input); v.Error.String() != b.corsError {
					t.Errorf("%s %s: Chromium %s, engine on the lab's headers %s (the differential test should fail too)", p.c.ID, p.c.Name, b.corsError, v.Error)
				}
				checked++
				perError[b.corsError]++
				want := diagnose.ID(cors.ParseCorsError(b.corsError).ID())
				ids := report[p.url]
				if len(ids) > 0 && ids[0] == want {
					agree++
					continue
				}
				t.Errorf("%s %s: Chromium %s, HAR report %v (%s)", p.c.ID, p.c.Name, want, ids, filepath.Base(path))
			}
		}
	}
	line := "CORS HAR " + strconv.Itoa(agree) + "/" + strconv.Itoa(checked) + " name Chromium's reason (" + strconv.Itoa(len(perError)) + " distinct CorsErrors)"
	fmt.Println(line)
	t.Log(line)
	for e, n := range occurs {
		if want := min(2, n); perError[e.String()] < want {
			t.Errorf("%s occurs %d times in the matrix but only %d HAR cases checked it", e, n, perError[e.String()])
		}
	}
	if checked == 0 || agree != checked {
		t.Fatalf("%s: every case must agree", line)
	}
	if testing.Verbose() {
		names := make([]string, 0, len(perError))
		for e, n := range perError {
			names = append(names, e+"×"+strconv.Itoa(n))
		}
		slices.Sort(names)
		t.Log(strings.Join(names, " "))
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/authdoctor/authdoctor/bench"
	"github.com/authdoctor/authdoctor/bench/browser"
	"github.com/authdoctor/authdoctor/internal/browserkit"
)

// captureRequests is the size of the capture-overhead page.
const captureRequests = 2000

// captureTime bounds the rounds of one capture figure: on a busy machine a
// run takes ten times as long, and make bench must stay near 12 minutes.
const captureTime = 240 * time.Second

// mixes are the capture-overhead pages ("-skip capture" leaves them out).
func (r *run) mixes() []struct {
	name, kinds string
	rounds      int
} {
	if r.skipped("capture") {
		return nil
	}
	return []struct {
		name, kinds string
		rounds      int
	}{
		{"2,000 requests: fetch, XHR, images, preflighted CORS, 5 % 401", browser.CaptureMix, r.rounds},
		{"2,000 images (ordinary browsing: types not captured)", browser.OrdinaryMix, max(r.rounds/2, 3)},
	}
}

func (r *run) browser() error {
	if _, err := os.Stat(filepath.Join(r.root, "extension", "authdoctor.wasm")); err != nil {
		return errors.New("run `make build` first: " + err.Error())
	}
	browser.Progress = func(s string) { fmt.Fprintln(os.Stderr, "  "+s) }
	srv, err := browser.StartServer()
	if err != nil {
		return err
	}
	defer srv.Close()
	floor, err := browser.WebRequestOnly()
	if err != nil {
		return err
	}
	defer os.RemoveAll(floor)

	// Three browsers side by side; every round runs the page once in each.
	var bs []*browserkit.Chromium
	defer func() {
		for _, b := range bs {
			b.Close()
		}
	}()
	for _, v := range []struct{ name, dir string }{{"no extension", ""}, {"webRequest only", floor}, {"Auth Doctor", r.root}} {
		b, err := browserkit.Launch(context.Background(), browserkit.Options{Name: v.name, Extension: v.dir})
		if err != nil {
			return err
		}
		bs = append(bs, b)
	}
	none, perm, full := bs[0], bs[1], bs[2]
	for _, mix := range r.mixes() {
		s, err := browser.Alternate(bs, srv, captureRequests, mix.kinds, mix.rounds, captureTime)
		if err != nil {
			return err
		}
		ratio := browser.Ratios(s[2], s[0]).Median()
		floorRatio := browser.Ratios(s[1], s[0]).Median()
		vsFloor := browser.Ratios(s[2], s[1]).Median()
		r.add(row{figure: "capture overhead, " + mix.name, absolute: bench.Fmt(s[2].Median(), 0) + " ms with Auth Doctor, " +
			bench.Fmt(s[0].Median(), 0) + " ms without", spread: browser.Ratios(s[2], s[0]).Spread(2) + " of the ratio",
			relative: bench.Fmt(ratio, 2) + "× none; webRequest-only floor " + bench.Fmt(floorRatio, 2) + "×; " + bench.Fmt(vsFloor, 2) + "× the floor",
			budget:   "≤ 1.25× (goal 1.05×)", met: verdict(ratio <= 1.25)})
	}
	none.Close()
	perm.Close()
	bs = bs[2:]

	if r.skipped("popup") {
		return r.flood(full, srv)
	}
	tabID, closeTab, err := browser.FailedTab(full, srv)
	if err != nil {
		return err
	}
	defer closeTab()
	d, err := browser.Diagnosis(full, tabID, r.runs)
	if err != nil {
		return err
	}
	r.add(row{figure: "time to diagnosis, cold (worker stopped, popup → first [data-finding])", absolute: bench.Fmt(d.Cold.Median(), 0) + " ms",
		spread: d.Cold.Spread(0), relative: bench.Fmt(d.Cold.Median()/d.Warm.Median(), 2) + "× warm; the stored diagnosis, no worker needed",
		budget: "≤ 150 ms", met: verdict(d.Cold.Median() <= 150)})
	r.add(row{figure: "time to diagnosis, warm (worker and Go running)", absolute: bench.Fmt(d.Warm.Median(), 0) + " ms",
		spread: d.Warm.Spread(0), budget: "≤ 30 ms", met: verdict(d.Warm.Median() <= 30)})
	r.add(row{figure: "time to diagnosis on demand, cold (no stored diagnosis, worker stopped: wake, load Go, diagnose)",
		absolute: bench.Fmt(d.OnDemandCold.Median(), 0) + " ms", spread: d.OnDemandCold.Spread(0),
		relative: bench.Fmt(d.OnDemandCold.Median()/d.Cold.Median(), 1) + "× the stored path"})
	r.add(row{figure: "time to diagnosis on demand, warm (no stored diagnosis, worker and Go running)",
		absolute: bench.Fmt(d.OnDemandWarm.Median(), 0) + " ms", spread: d.OnDemandWarm.Spread(0),
		relative: bench.Fmt(d.OnDemandWarm.Median()/d.Warm.Median(), 1) + "× the stored path"})

	boot, err := browser.WasmBoot(full, r.runs, "authdoctor")
	if err != nil {
		return err
	}
	total := boot.Instantiate.Plus(boot.Start)

	// The floor: an extension page that is one static [data-finding], and a
	// syscall/js hello world booted the same way.
	hello, err := r.helloWasm()
	if err != nil {
		return err
	}
	dir, err := browser.Reference(r.root, hello)
	defer os.RemoveAll(dir)
	if err != nil {
		return err
	}
	ref, err := browserkit.Launch(context.Background(), browserkit.Options{Name: "reference", Extension: dir})
	if err != nil {
		return err
	}
	defer ref.Close()
	var page bench.Sample
	for range r.runs + 1 {
		ms, err := browser.TimeToDiagnosis(ref, 0)
		if err != nil {
			return err
		}
		page = append(page, ms)
	}
	page = page[1:] // the first pays for the extension's first page
	refBoot, err := browser.WasmBoot(ref, r.runs, "hello")
	if err != nil {
		return err
	}
	refTotal := refBoot.Instantiate.Plus(refBoot.Start)

	r.add(row{figure: "floor: an extension page that is one static [data-finding], navigation → in the DOM", absolute: bench.Fmt(page.Median(), 0) + " ms",
		spread: page.Spread(0), relative: "warm popup " + bench.Fmt(d.Warm.Median()/page.Median(), 2) + "× this"})
	r.add(row{figure: "wasm boot in the service worker (instantiateStreaming + go.run)", absolute: bench.Fmt(total.Median(), 0) + " ms",
		spread: total.Spread(0), relative: "instantiate " + bench.Fmt(boot.Instantiate.Median(), 0) + " ms (reading the file alone " +
			bench.Fmt(boot.Read.Median(), 0) + " ms) + Go start " + bench.Fmt(boot.Start.Median(), 0) + " ms; " +
			bench.Fmt(total.Median()/refTotal.Median(), 2) + "× hello world",
		budget: "≤ 80 ms", met: verdict(total.Median() <= 80)})
	r.add(row{figure: "floor: syscall/js hello world booted the same way", absolute: bench.Fmt(refTotal.Median(), 0) + " ms",
		spread: refTotal.Spread(0), relative: "instantiate " + bench.Fmt(refBoot.Instantiate.Median(), 0) + " ms (reading alone " +
			bench.Fmt(refBoot.Read.Median(), 0) + " ms) + Go start " + bench.Fmt(refBoot.Start.Median(), 0) + " ms"})

	return r.flood(full, srv)
}

func (r *run) flood(full *browserkit.Chromium, srv *browser.Server) error {
	if r.skipped("flood") {
		return nil
	}
	f, err := browser.Flood(full, srv, 10000, 20)
	if err != nil {
		return err
	}
	r.add(row{figure: "memory under flood: 10,000 requests in one tab, 20 of them 401, twice", absolute: bench.Fmt(float64(f.RecordBytes)/1024, 1) +
		" KiB record, " + bench.Fmt(f.HeapBytes/mb, 1) + " MB worker JS heap",
		relative: strconv.Itoa(f.Held) + " failures held, " + strconv.Itoa(f.Lost) + " 401 lost; after a 2nd flood " +
			bench.Fmt(float64(f.RecordBytesAgain)/1024, 1) + " KiB, " + strconv.Itoa(f.HeldAgain) + " held, " +
			strconv.Itoa(f.LostAgain) + " lost, " + strconv.Itoa(f.StaleAgain) + " stale",
		budget: "record ≤ 1 MB, bounded, no lost 401",
		met:    verdict(max(f.RecordBytes, f.RecordBytesAgain) <= mb && f.Lost == 0 && f.LostAgain == 0)})
	return nil
}

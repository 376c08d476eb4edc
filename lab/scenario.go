package lab

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose"
)

// Scenario is one reproducible failure (or a healthy baseline) served by the
// lab. URLs in it are absolute and use the running lab's ports.
type Scenario struct {
	// Name is the slug: the entry page is /s/<Name>/.
	Name string
	// Cause is the finding Auth Doctor should rank first for the failing
	// request; "" for a healthy scenario.
	Cause diagnose.ID
	Title string
	// Description says what is broken and how the page shows it; for a
	// scenario that cannot be reproduced in one browser it says why.
	Description string
	// Reproducible is false when a single browser on loopback cannot show
	// the failure; the entry page then only explains it.
	Reproducible bool
	// EntryURL is the page to open. It runs Setup (when there is one, the
	// URL carries setup=1), then Steps, prints each outcome as text and sets
	// document.title to "done:<Name>" at the end.
	EntryURL string
	// Setup plants the broken state (a stale cookie, an expired token, cached
	// credentials) once: only a page opened through EntryURL runs it. When it
	// is done the page replaces its URL with the plain one (history.
	// replaceState), so a reload — e.g. after Auth Doctor cleared the site's
	// data — runs Steps alone, as a real app's page would.
	Setup []Step
	// Steps is what the app's page does on every load: typically "sign in
	// unless a session/token is remembered, then call the API". A navigate
	// step continues the plan on the page it lands on; the last fetch is the
	// failing (or healthy) request.
	Steps []Step
	// Checks are what the lab's endpoints answer to a plain HTTP client (no
	// browser rules applied), in order: the server side of the claim.
	Checks []Check
}

// StepKind says how a page makes a request.
type StepKind string

const (
	StepFetch    StepKind = "fetch"
	StepNavigate StepKind = "navigate"
	// StepStore makes no request: it writes Body into localStorage[Save]
	// (a setup step planting what the app remembers, e.g. a stale token).
	StepStore StepKind = "store"
)

// Step is one request a scenario page makes. For fetch steps the fields map
// onto fetch()'s init (empty means fetch's default). Save, Unless and
// BearerFrom are the app's memory, kept in the page origin's localStorage
// (which clearing the site's data empties).
type Step struct {
	Kind        StepKind    `json:"kind"`
	URL         string      `json:"url"`
	Method      string      `json:"method,omitempty"`
	Headers     [][2]string `json:"headers,omitempty"`
	Body        string      `json:"body,omitempty"`
	Credentials string      `json:"credentials,omitempty"` // omit | same-origin | include
	Mode        string      `json:"mode,omitempty"`        // cors | no-cors | same-origin
	Redirect    string      `json:"redirect,omitempty"`    // follow | manual | error
	// TimeoutMS aborts the fetch: a 401 Basic challenge never resolves in
	// headless Chromium (it waits for a prompt). 0 means 5000.
	TimeoutMS int    `json:"timeoutMs,omitempty"`
	Note      string `json:"note,omitempty"`
	// Unless skips the step when localStorage has this key: "sign in unless
	// already signed in".
	Unless string `json:"unless,omitempty"`
	// Save is the localStorage key the step writes: a fetch stores its 2xx
	// answer (the access_token of a JSON body, else the text), a navigation
	// stores "1" before leaving, a store step stores Body.
	Save string `json:"save,omitempty"`
	// BearerFrom sends Authorization: Bearer <localStorage value of this
	// key> (no header when the key is absent).
	BearerFrom string `json:"bearerFrom,omitempty"`
}

// Check is one request a test can replay with a plain client, and what the
// lab answers to it.
type Check struct {
	Method  string
	URL     string
	Headers [][2]string
	Status  int
	// Has lists headers that must be present with exactly this value (among
	// possibly several values of that name).
	Has [][2]string
	// Lacks lists headers that must be absent.
	Lacks []string
}

// scenarioState is the lab-side memory some scenarios need (rotated
// passwords, session generations, hit counters), keyed by scenario and
// guarded by Lab.mu.
type scenarioState struct {
	counters map[string]int
	edge     map[string]edgeEntry
}

func (l *Lab) counter(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sc.counters[key]
}

func (l *Lab) bump(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.sc.counters == nil {
		l.sc.counters = map[string]int{}
	}
	l.sc.counters[key]++
	return l.sc.counters[key]
}

// def is a scenario's definition; Scenarios resolves it for a running lab.
type def struct {
	name, title, desc string
	cause             diagnose.ID
	notReproducible   bool
	entryHost         string
	entryHTTP         bool // entry page over plain http (default https)
	setup             func(l *Lab) []Step
	steps             func(l *Lab) []Step
	checks            func(l *Lab) []Check
	// serve answers the scenario's own paths (sub is the path after
	// /s/<name>/); it returns false to fall back to the step page.
	serve func(l *Lab, w http.ResponseWriter, r *http.Request, sub string) bool
}

var defs []def

func register(ds ...def) { defs = append(defs, ds...) }

func findDef(name string) (def, bool) {
	for _, d := range defs {
		if d.name == name {
			return d, true
		}
	}
	return def{}, false
}

// Scenarios lists every scenario, healthy ones first, then auth and cookie
// failures, then CORS. Call it after Start (URLs carry the ports).
func (l *Lab) Scenarios() []Scenario {
	out := make([]Scenario, 0, len(defs))
	for _, d := range defs {
		out = append(out, l.resolve(d))
	}
	return out
}

// Scenario returns the named scenario.
func (l *Lab) Scenario(name string) (Scenario, bool) {
	d, ok := findDef(name)
	if !ok {
		return Scenario{}, false
	}
	return l.resolve(d), true
}

func (l *Lab) resolve(d def) Scenario {
	host := d.entryHost
	if host == "" {
		host = "app.test"
	}
	s := Scenario{
		Name: d.name, Cause: d.cause, Title: d.title, Description: d.desc,
		Reproducible: !d.notReproducible,
		EntryURL:     l.URL(host, !d.entryHTTP, "/s/"+d.name+"/"),
	}
	if d.setup != nil {
		s.Setup = d.setup(l)
	}
	if len(s.Setup) > 0 {
		s.EntryURL += "?setup=1"
	}
	if d.steps != nil {
		s.Steps = d.steps(l)
	}
	// A page's plan is Setup then Steps; "at" counts across both.
	for i := range s.Setup {
		if s.Setup[i].Kind == StepNavigate {
			s.Setup[i].URL = withAt(s.Setup[i].URL, i+1)
		}
	}
	for i := range s.Steps {
		if s.Steps[i].Kind == StepNavigate {
			s.Steps[i].URL = withAt(s.Steps[i].URL, len(s.Setup)+i+1)
		}
	}
	if d.checks != nil {
		s.Checks = d.checks(l)
	}
	return s
}

// withAt makes a navigation land on the page that continues at step i.
func withAt(u string, i int) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + "at=" + strconv.Itoa(i)
}

func (l *Lab) serveScenario(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/s/")
	name, sub, _ := strings.Cut(rest, "/")
	d, ok := findDef(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if !strings.HasSuffix(rest, "/") && sub == "" {
		http.Redirect(w, r, "/s/"+url.PathEscape(name)+"/", http.StatusMovedPermanently)
		return
	}
	if d.serve != nil && d.serve(l, w, r, sub) {
		return
	}
	if sub != "" {
		http.NotFound(w, r)
		return
	}
	l.servePage(w, r, d)
}

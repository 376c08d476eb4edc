package diagnose

import (
	"slices"
	"strings"
)

//go:generate go run ./internal/genvocab -out ..

// BlockMarker is a response header that marks an explicit block by a
// security layer: the header is present and, when Contains is set, its
// value contains that text (case-insensitive).
type BlockMarker struct {
	Header   string // lower case
	Contains string // lower case; "" means any value
}

// Vocabulary is what a capture must record for the engine to see every
// failure Diagnose can report. The extension's pre-filter is generated from
// it (extension/vocab.js): the engine stays the only judge, and the filter
// only keeps the worker from sending it every request.
type Vocabulary struct {
	// Statuses are failures (or may be) whatever else the exchange shows.
	Statuses []int
	// Markers make any status from MarkerMinStatus on a possible failure.
	Markers         []BlockMarker
	MarkerMinStatus int
	// Errors are the net:: errors (with the prefix) that may be failures.
	Errors []string
	// MinRedirects: an exchange that followed at least this many
	// redirects may be a login loop.
	MinRedirects int
	// AuthChallenge: an exchange the browser was challenged for
	// (webRequest.onAuthRequired) may be a failure whatever its status.
	AuthChallenge bool
	// StoppedRedirects: an exchange whose final response is a 3xx with a
	// Location (the redirect was not followed: CORS may have stopped it)
	// may be a failure.
	StoppedRedirects bool
	// ChallengeStatuses are the statuses of a challenge the browser may
	// answer by itself: a request re-sent (or completed otherwise) after one
	// was authenticated by the browser (Exchange.BrowserAuthenticated),
	// with an Authorization webRequest never shows.
	ChallengeStatuses []int
}

// challengeStatuses: 401 asks for WWW-Authenticate credentials, 407 for
// Proxy-Authenticate ones (view.go reads the header pair by status).
var challengeStatuses = []int{401, 407}

// Record returns the vocabulary, from the tables the rules themselves use.
func Record() Vocabulary {
	v := Vocabulary{
		Statuses:        []int{401, 403, 407},
		Markers:         slices.Clone(blockMarkers),
		MarkerMinStatus: blockMinStatus,
		Errors:          []string{"net::ERR_FAILED"},
		MinRedirects:    minLoopHops,
		AuthChallenge:   true,
		// candidate() keeps these for the CORS rules.
		StoppedRedirects:  true,
		ChallengeStatuses: slices.Clone(challengeStatuses),
	}
	for _, s := range wafStatuses {
		if !slices.Contains(v.Statuses, s) {
			v.Statuses = append(v.Statuses, s)
		}
	}
	slices.Sort(v.Statuses)
	for e := range authNetErrors {
		v.Errors = append(v.Errors, "net::"+e)
	}
	slices.Sort(v.Errors)
	return v
}

// Covers says whether a capture following v records e: the Go twin of the
// extension's worthRecording, which the tests hold to the same cases.
func (v Vocabulary) Covers(e *Exchange) bool {
	if e.AuthChallenge != nil && v.AuthChallenge {
		return true
	}
	if slices.Contains(v.Errors, e.Error) {
		return true
	}
	if len(e.Redirects) >= v.MinRedirects && v.MinRedirects > 0 {
		return true
	}
	r := e.Response
	if r == nil {
		return false
	}
	if slices.Contains(v.Statuses, r.Status) {
		return true
	}
	if v.StoppedRedirects && r.Status >= 300 && r.Status < 400 && r.Headers.Has("Location") {
		return true
	}
	if r.Status >= v.MarkerMinStatus {
		for _, m := range v.Markers {
			for _, val := range r.Headers.Values(m.Header) {
				if strings.Contains(strings.ToLower(val), m.Contains) {
					return true
				}
			}
		}
	}
	return false
}

package diagnose

import (
	"slices"
	"strconv"
	"time"
)

// Diagnose explains every failed exchange of s. It is deterministic: the
// same snapshot always gives the same report.
//
// An exchange is failed when it got 401 or 407; 403 with a challenge, with
// credentials sent, or from a firewall; failed CORS (a cross-origin fetch
// that ended in net::ERR_FAILED, or whose preflight failed — reported even
// when no finding explains it); a network error
// about authentication or redirects; or a login redirect loop. Healthy
// exchanges are not reported at all, so they never get a finding or an
// action that clears data.
//
// Failures come newest first (by response, else request time; input order
// breaks ties, later first). Findings are ranked: severity first (cause,
// likely, possible, info), then rule order (Catalog order).
func Diagnose(s Snapshot) Report {
	a := newAnalysis(&s)
	r := Report{Version: ReportVersion, Problems: slices.Clone(s.Problems)}
	type dated struct {
		f   Failure
		at  time.Time
		idx int
	}
	var out []dated
	for i := range s.Exchanges {
		if !candidate(&s.Exchanges[i]) {
			continue
		}
		x := a.view(i)
		findings := x.run()
		kind := x.kindOf(findings)
		if kind == KindUnspecified {
			continue
		}
		e := &s.Exchanges[i]
		f := Failure{ExchangeID: e.ID, URL: redactURL(e.Request.URL), Method: e.Request.Method, Error: e.Error, Findings: findings, Kind: kind}
		if e.Response != nil {
			f.Status = e.Response.Status
		}
		f.Badge = badgeFor(kind, f.Status)
		f.Action = ActionNone
		if len(findings) > 0 {
			f.Action = findings[0].Action
		}
		f.Clear = planClear(s.Page, e.Request.URL, f.Action)
		out = append(out, dated{f, x.when(), i})
	}
	slices.SortStableFunc(out, func(p, q dated) int {
		if c := q.at.Compare(p.at); c != 0 {
			return c
		}
		return q.idx - p.idx
	})
	for _, d := range out {
		r.Failures = append(r.Failures, d.f)
	}
	if len(r.Failures) > 0 {
		r.Badge = r.Failures[0].Badge
	}
	return r
}

// candidate is a cheap first cut: an exchange with none of these cannot
// fail in any way the rules explain, so they never run on it.
func candidate(e *Exchange) bool {
	if e.Error != "" || e.AuthChallenge != nil || len(e.Redirects) > 0 || e.Response == nil || e.Response.Status >= 400 {
		return true
	}
	if e.Response.Status >= 300 && e.Response.Headers.Has("Location") && corsTypes[e.Request.Type] {
		return true // a redirect the request did not follow (CORS may have stopped it)
	}
	p := e.Preflight
	return p != nil && (p.Error != "" || p.Response == nil || p.Response.Status >= 300)
}

// authNetErrors are the net:: errors that are about authentication or a
// redirect loop (the CORS one, ERR_FAILED, needs a CORS verdict).
var authNetErrors = map[string]bool{
	"ERR_INVALID_AUTH_CREDENTIALS": true,
	"ERR_MISSING_AUTH_CREDENTIALS": true,
	"ERR_UNEXPECTED_PROXY_AUTH":    true,
	"ERR_PROXY_AUTH_REQUESTED":     true,
	"ERR_PROXY_AUTH_UNSUPPORTED":   true,
	"ERR_UNSUPPORTED_AUTH_SCHEME":  true,
	"ERR_TOO_MANY_REDIRECTS":       true,
	"ERR_TOO_MANY_RETRIES":         true,
	"ERR_MALFORMED_IDENTITY":       true,
}

// supersedes lists, for a finding that fires as a cause, the findings it
// explains; those are capped at Likely so the explanation ranks above the
// symptom whatever the rule order.
var supersedes = map[ID][]ID{
	ExpiredToken:           {RejectedCredentials, MissingCredentials},
	TokenNotYetValid:       {RejectedCredentials},
	InsufficientScope:      {RejectedCredentials},
	CookieNotSent:          {MissingCredentials, StaleSessionCookie},
	CookieRejected:         {MissingCredentials, StaleSessionCookie},
	LoginRedirectLoop:      {MissingCredentials},
	CachedBasicCredentials: {MissingCredentials, RejectedCredentials},
	StaleSessionCookie:     {RejectedCredentials},
	ClockSkew:              {RejectedCredentials},
	DuplicateCookies:       {StaleSessionCookie, RejectedCredentials},
	SchemeMismatch:         {CookieNotSent, MissingCredentials},
	HostMismatch:           {CookieNotSent, MissingCredentials},
	ServerBasicAuth:        {RejectedCredentials, MissingCredentials},
	CORSVaryOriginMissing:  {CORSAllowOriginMismatch},
	Cached401Response:      {RejectedCredentials, MissingCredentials, StaleSessionCookie},
}

// maxEvidence bounds a finding's evidence lines (hostile pages set hundreds
// of cookies).
const maxEvidence = 12

// rankFindings merges repeated IDs, applies supersedes and sorts.
func rankFindings(fs []Finding) []Finding {
	merged := fs[:0:0]
	for _, f := range fs {
		if i := slices.IndexFunc(merged, func(g Finding) bool { return g.ID == f.ID }); i >= 0 {
			g := &merged[i]
			g.Severity = max(g.Severity, f.Severity)
			g.Evidence = appendNew(g.Evidence, f.Evidence...)
			g.Fixes = appendNew(g.Fixes, f.Fixes...)
			continue
		}
		merged = append(merged, f)
	}
	for i := range merged {
		if ev := merged[i].Evidence; len(ev) > maxEvidence {
			merged[i].Evidence = append(ev[:maxEvidence-1:maxEvidence-1], "… and "+strconv.Itoa(len(ev)-maxEvidence+1)+" more.")
		}
	}
	for _, f := range merged {
		if f.Severity != Cause {
			continue
		}
		for _, id := range supersedes[f.ID] {
			for i := range merged {
				if merged[i].ID == id && merged[i].Severity > Likely {
					merged[i].Severity = Likely
				}
			}
		}
	}
	slices.SortStableFunc(merged, func(p, q Finding) int {
		if p.Severity != q.Severity {
			return int(q.Severity) - int(p.Severity)
		}
		return rank(p.ID) - rank(q.ID)
	})
	return merged
}

func appendNew(dst []string, src ...string) []string {
	for _, s := range src {
		if !slices.Contains(dst, s) {
			dst = append(dst, s)
		}
	}
	return dst
}

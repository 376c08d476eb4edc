package diagnose

import "slices"

// The rule registry: every rule is a func(*view) in a rules_*.go file that
// adds findings from the catalog; run calls them all and ranks the result.

// add records a finding from the catalog with evidence; sev 0 keeps the
// catalog's default severity; extra fixes come before the catalog's.
func (x *view) add(id ID, sev Severity, evidence []string, fixes ...string) {
	e, ok := Lookup(id)
	if !ok {
		return
	}
	if sev == SeverityUnspecified {
		sev = e.Severity
	}
	x.findings = append(x.findings, Finding{
		ID: id, Severity: sev, Title: e.Title, Explanation: e.Explanation,
		Evidence: slices.Clone(evidence), Fixes: append(slices.Clone(fixes), e.Fixes...), Action: e.Action,
	})
}

// rules run in this order; ranking does not depend on it.
var rules = []func(*view){
	ruleTokens,
	ruleInsufficientScope,
	ruleStaleSession,
	ruleCachedBasic,
	ruleCached401,
	ruleCookieNotSent,
	ruleCookieRejected,
	ruleRejectedCredentials,
	ruleDuplicateCookies,
	ruleMissingCredentials,
	ruleLoginLoop,
	ruleWAF,
	ruleIPChanged,
	ruleSchemeMismatch,
	ruleHostMismatch,
	ruleClockSkew,
	ruleServerBasicAuth,
	ruleMissingWWWAuthenticate,
	ruleCORS,
}

func (x *view) run() []Finding {
	for _, r := range rules {
		r(x)
	}
	return rankFindings(x.findings)
}

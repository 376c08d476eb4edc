package diagnose

import "slices"

// Entry is the fixed text of one finding: what the popup, the CLI and
// docs/findings.md show whatever the exchange. Rules add evidence and, for
// CORS, the exact header lines to send.
type Entry struct {
	ID          ID
	Title       string
	Explanation string
	// Severity is the default; a rule lowers it when its evidence is only
	// circumstantial (it says so in the evidence lines).
	Severity Severity
	Fixes    []string
	Action   Action
	// Needs is what the rule rests on: the evidence it reads from the
	// snapshot. It is documentation for developers and for docs/findings.md.
	Needs string
}

// Catalog returns every finding in rule order, the order that breaks ties
// between findings of equal severity: the most specific explanation of a
// failed request first (a precise token or cookie problem before the generic
// "credentials refused"), then transport and server set-up, then CORS.
func Catalog() []Entry { return slices.Clone(catalog) }

// Lookup returns the catalog entry of id.
func Lookup(id ID) (Entry, bool) {
	i, ok := catalogIndex[id]
	if !ok {
		return Entry{}, false
	}
	return catalog[i], true
}

// rank is the position of id in rule order; unknown IDs sort last.
func rank(id ID) int {
	if i, ok := catalogIndex[id]; ok {
		return i
	}
	return len(catalog)
}

// catalog is every entry in rule order.
var catalog = slices.Concat(authCatalog, corsCatalog)

var catalogIndex = func() map[ID]int {
	m := make(map[ID]int, len(catalog))
	for i, e := range catalog {
		m[e.ID] = i
	}
	return m
}()

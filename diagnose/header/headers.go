// Package header holds the ordered header list shared by the whole engine and
// the parsers for the authentication, caching and site-data headers.
package header

import "strings"

// Field is one header line as seen on the wire (or as reported by the
// browser): a name and a single value. Repeated headers stay separate fields.
type Field struct {
	Name  string
	Value string
}

// Headers keeps order and repetition, because both matter for diagnosis
// (several WWW-Authenticate lines, several Access-Control-Allow-Origin lines).
type Headers []Field

// Get returns the first value of name (case-insensitive), or "".
func (h Headers) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Has reports whether at least one field is called name.
func (h Headers) Has(name string) bool {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return true
		}
	}
	return false
}

// Values returns every value of name in order.
func (h Headers) Values(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

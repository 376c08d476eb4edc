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
		if nameIs(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Has reports whether at least one field is called name.
func (h Headers) Has(name string) bool {
	for _, f := range h {
		if nameIs(f.Name, name) {
			return true
		}
	}
	return false
}

// Values returns every value of name in order.
func (h Headers) Values(name string) []string {
	var out []string
	for _, f := range h {
		if nameIs(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// nameIs is strings.EqualFold(a, b) with a shortcut for the common case of
// names that differ in their first letter: two ASCII bytes are equal under
// Unicode folding only when they are the same letter in either case, so
// their lowercase forms (c|0x20 keeps equal bytes equal) must match. The
// rules look headers up by name all the time, and in the wasm build the
// call to EqualFold for every field was a measurable part of a diagnosis.
func nameIs(a, b string) bool {
	if len(a) > 0 && len(b) > 0 && a[0] < 0x80 && b[0] < 0x80 && a[0]|0x20 != b[0]|0x20 {
		return false
	}
	return strings.EqualFold(a, b)
}

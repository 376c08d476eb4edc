package header

import "strings"

// Vary lists the request headers a cached response depends on.
type Vary struct {
	Any    bool     // "*": the response can never be reused
	Fields []string // lowercase field names, in order, without "*"
}

// ParseVary reads every Vary field value.
func ParseVary(values []string) Vary {
	var v Vary
	for _, s := range values {
		for _, e := range SplitList(s) {
			if e == "*" {
				v.Any = true
				continue
			}
			v.Fields = append(v.Fields, strings.ToLower(e))
		}
	}
	return v
}

// Has reports whether the response varies on the field name; always true
// with "*".
func (v Vary) Has(name string) bool {
	if v.Any {
		return true
	}
	for _, f := range v.Fields {
		if strings.EqualFold(f, name) {
			return true
		}
	}
	return false
}

package cookie

import "strings"

// Limits from RFC 6265bis that Chromium enforces.
const (
	MaxNameValueSize      = 4096
	MaxAttributeValueSize = 1024
)

// attr is one attribute pair of a Set-Cookie line, name lower-cased.
type attr struct{ name, value string }

// parsedLine is Chromium's ParsedCookie: the name/value pair and the last
// value of each known attribute.
type parsedLine struct {
	name, value string
	attrs       []attr
}

// get returns the value of the last attribute called name.
func (p parsedLine) get(name string) (string, bool) {
	for i := len(p.attrs) - 1; i >= 0; i-- {
		if p.attrs[i].name == name {
			return p.attrs[i].value, true
		}
	}
	return "", false
}

func (p parsedLine) has(name string) bool { _, ok := p.get(name); return ok }

func isCTL(c byte) bool { return c < 0x20 || c == 0x7f }

func validName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; isCTL(c) || c == ';' || c == '=' {
			return false
		}
	}
	return true
}

func validValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; isCTL(c) || c == ';' {
			return false
		}
	}
	return true
}

func trimWS(s string) string { return strings.Trim(s, " \t") }

// parseLine follows ParsedCookie::ParseTokenValuePairs: a line holding CR,
// LF or NUL is refused whole, the first pair without '=' is a bare value,
// control characters anywhere refuse the line, and attribute values longer
// than MaxAttributeValueSize are dropped.
func parseLine(line string) (parsedLine, SetBlockedReason) {
	var p parsedLine
	if strings.ContainsAny(line, "\r\n\x00") {
		return p, SetDisallowedCharacter
	}
	if line == "" {
		return p, SetNoCookieContent
	}
	first := true
	for rest := line; ; {
		seg, tail, more := strings.Cut(rest, ";")
		name, value, hasEq := strings.Cut(seg, "=")
		if first {
			if !hasEq {
				name, value = "", seg
			}
			name, value = trimWS(name), trimWS(value)
			if name == "" && value == "" {
				return p, SetNoCookieContent
			}
			if len(name)+len(value) > MaxNameValueSize {
				return p, SetNameValuePairExceedsMaxSize
			}
			if !validName(name) || !validValue(value) {
				return p, SetDisallowedCharacter
			}
			p.name, p.value = name, value
			first = false
		} else {
			name = trimWS(name)
			if name == "" && !hasEq && trimWS(seg) == "" {
				// An empty trailing segment ("a=b;") or "; ;": Chromium's
				// ParseToken finds no token and stops.
				if !more {
					break
				}
				rest = tail
				continue
			}
			value = trimWS(value)
			name = strings.ToLower(name)
			if !validName(name) || !validValue(value) {
				return parsedLine{}, SetDisallowedCharacter
			}
			if len(value) <= MaxAttributeValueSize {
				p.attrs = append(p.attrs, attr{name, value})
			}
		}
		if !more {
			break
		}
		rest = tail
	}
	return p, SetBlockedUnspecified
}

package cors

import (
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/header"
)

// normalizedHeader is net::HttpResponseHeaders::GetNormalizedHeader: every
// value of name, trimmed, joined with ", "; ok is false when absent. Chromium
// checks the joined string, so two Access-Control-Allow-Origin lines read as
// one value with a comma in it.
func normalizedHeader(h header.Headers, name string) (string, bool) {
	vals := h.Values(name)
	if len(vals) == 0 {
		return "", false
	}
	for i, v := range vals {
		vals[i] = strings.Trim(v, " \t")
	}
	return strings.Join(vals, ", "), true
}

// isTchar reports RFC 9110 token characters.
func isTchar(c byte) bool {
	if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTchar(s[i]) {
			return false
		}
	}
	return true
}

// splitValues is net::HttpUtil::ValuesIterator with empty values skipped:
// comma-separated, commas inside double quotes do not split, each value is
// trimmed of spaces and tabs.
func splitValues(s string) []string {
	var out []string
	start, quoted := 0, false
	emit := func(end int) {
		v := strings.Trim(s[start:end], " \t")
		if v != "" {
			out = append(out, v)
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case c == '\\' && quoted && i+1 < len(s):
			i++
		case c == ',' && !quoted:
			emit(i)
			start = i + 1
		}
	}
	emit(len(s))
	return out
}

// parseAllowList parses Access-Control-Allow-Methods or -Headers. bad is the
// first value that is not a token (Chromium then rejects the whole preflight).
func parseAllowList(value string, lower bool) (list []string, bad string, ok bool) {
	for _, v := range splitValues(value) {
		if !isToken(v) {
			return nil, v, false
		}
		if lower {
			v = strings.ToLower(v)
		}
		list = append(list, v)
	}
	return list, "", true
}

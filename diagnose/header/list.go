package header

import "strings"

// MaxValueLength bounds the header text a parser reads (summed over all
// values it is given); beyond it parsers stop with an error. Real servers
// stay far below; hostile ones must not make the engine slow.
const MaxValueLength = 64 << 10

// SplitList splits a comma-separated header value (RFC 9110 §5.6.1) into
// its elements with surrounding whitespace removed. Commas inside quoted
// strings do not split; quotes and escapes are kept, so an element can be
// passed to Unquote. Empty elements are dropped, as recipients must ignore
// them ("a, ,b" is ["a", "b"]). An unterminated quoted string runs to the end.
func SplitList(v string) []string {
	var out []string
	start := 0
	inQuote := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case c == ',' && !inQuote:
			if e := trimOWS(v[start:i]); e != "" {
				out = append(out, e)
			}
			start = i + 1
		}
	}
	if e := trimOWS(v[start:]); e != "" {
		out = append(out, e)
	}
	return out
}

// Unquote returns the content of a quoted-string with its backslash escapes
// resolved, and ok=false when s is not exactly one well-formed quoted
// string (then s is returned unchanged).
func Unquote(s string) (string, bool) {
	if len(s) < 2 || s[0] != '"' {
		return s, false
	}
	q, n, ok := readQuoted(s, 0)
	if !ok || n != len(s) {
		return s, false
	}
	return q, true
}

// readQuoted reads the quoted-string starting at s[i] == '"' and returns its
// unescaped content and the index just past the closing quote. When the
// string is unterminated it returns what was read, len(s) and false.
func readQuoted(s string, i int) (string, int, bool) {
	i++ // opening quote
	start := i
	for i < len(s) && s[i] != '"' && s[i] != '\\' {
		i++
	}
	if i < len(s) && s[i] == '"' {
		return s[start:i], i + 1, true
	}
	var b strings.Builder
	b.WriteString(s[start:i])
	for i < len(s) {
		switch s[i] {
		case '"':
			return b.String(), i + 1, true
		case '\\':
			if i+1 < len(s) {
				i++
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), len(s), false
}

func trimOWS(s string) string { return strings.Trim(s, " \t") }

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// isTchar reports the token characters of RFC 9110 §5.6.2.
func isTchar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// IsToken reports whether s is a non-empty RFC 9110 token (a method, a
// header name, an auth-scheme...).
func IsToken(s string) bool {
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

// isToken68 reports the token68 characters, '=' excluded (it may only pad).
func isToken68(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~+/", c) >= 0
}

package cookie

// RequestCookie is one name=value of a Cookie request header. The value is a
// secret, so only its length is kept.
type RequestCookie struct {
	Name     string
	ValueLen int
}

// ParseCookieHeader splits a Cookie request header as Chromium's
// ParseRequestCookieLine does (pairs separated by ';', a quoted value may
// hold ';', duplicates kept in order), except that a pair without '=' ends
// at ';' and is a name with an empty value: Chromium writes a nameless
// cookie as its bare value, and reading it as a name keeps it one entry.
func ParseCookieHeader(v string) []RequestCookie {
	var out []RequestCookie
	i, n := 0, len(v)
	for i < n {
		for i < n && v[i] == ' ' {
			i++
		}
		if i == n {
			break
		}
		start := i
		for i < n && v[i] != '=' && v[i] != ';' {
			i++
		}
		name := v[start:i]
		valueLen := 0
		if i < n && v[i] == '=' {
			i++
			vs := i
			if i < n && v[i] == '"' {
				i++
				for i < n && v[i] != '"' {
					i++
				}
				if i == n {
					// Unterminated quote: Chromium drops the rest.
					break
				}
				i++
			}
			for i < n && v[i] != ';' {
				i++
			}
			valueLen = i - vs
		}
		out = append(out, RequestCookie{Name: name, ValueLen: valueLen})
		if i < n {
			i++ // ';'
		}
	}
	return out
}

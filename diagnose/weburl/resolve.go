package weburl

import (
	"strconv"
	"strings"
)

// Resolve resolves a reference (a redirect's Location, the only relative URL
// the engine meets) against the URL that answered it: absolute,
// scheme-relative, path-absolute, path-relative, query-only or fragment-only.
// It returns the absolute text it parsed and the parsed URL.
func Resolve(base URL, ref string) (string, URL, error) {
	ref = strings.Trim(ref, " \t")
	if u, err := Parse(ref); err == nil || !base.HasAuthority || schemeEnd(ref) >= 0 {
		return ref, u, err
	}
	rel := ref
	if base.Scheme != "file" && special(base.Scheme) {
		// Special schemes read '\' as '/', in references too.
		rel = strings.ReplaceAll(rel, "\\", "/")
	}
	query := ""
	if base.RawQuery != "" {
		query = "?" + base.RawQuery
	}
	var abs string
	switch {
	case strings.HasPrefix(rel, "//"):
		abs = base.Scheme + ":" + ref
	case strings.HasPrefix(rel, "/"):
		abs = authorityPrefix(base) + ref
	case strings.HasPrefix(rel, "?"):
		abs = authorityPrefix(base) + base.Path + ref
	case strings.HasPrefix(rel, "#"):
		abs = authorityPrefix(base) + base.Path + query + ref
	default:
		dir := base.Path[:strings.LastIndexByte(base.Path, '/')+1]
		abs = authorityPrefix(base) + dir + ref
	}
	u, err := Parse(abs)
	return abs, u, err
}

// authorityPrefix is "scheme://host[:port]", the part a path-absolute
// reference keeps.
func authorityPrefix(u URL) string {
	p := u.Scheme + "://" + u.Host
	if u.Port != 0 && u.Port != DefaultPort(u.Scheme) {
		p += ":" + strconv.Itoa(u.Port)
	}
	return p
}

// WithoutUserinfo serialises an authority-based URL with no username or
// password: the only form of a parsed URL the engine ever writes out.
func (u URL) WithoutUserinfo() string {
	s := authorityPrefix(u) + u.Path
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		s += "#" + u.Fragment
	}
	return s
}

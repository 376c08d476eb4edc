package cors

import (
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/header"
)

// safelistValueMax is Chromium's per-value limit for a CORS-safelisted
// request header; safelistTotalMax is the limit for all of them together.
const (
	safelistValueMax = 128
	safelistTotalMax = 1024
)

// IsSafelistedMethod reports whether method is GET, HEAD or POST, compared
// without regard to case as Chromium does.
func IsSafelistedMethod(method string) bool {
	switch strings.ToUpper(method) {
	case "GET", "HEAD", "POST":
		return true
	}
	return false
}

// NormalizeMethod is what fetch() and XMLHttpRequest do to a method before
// sending it: the six well-known names are upper-cased, every other method
// (e.g. "patch") is sent exactly as written.
func NormalizeMethod(method string) string {
	switch u := strings.ToUpper(method); u {
	case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT":
		return u
	}
	return method
}

// IsForbiddenHeaderName reports whether a page may not set the header: the
// browser adds it itself, so it never counts for CORS (Chromium's
// net::HttpUtil::IsSafeHeader).
func IsForbiddenHeaderName(name string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "proxy-") || strings.HasPrefix(n, "sec-") {
		return true
	}
	switch n {
	case "accept-charset", "accept-encoding", "access-control-request-headers",
		"access-control-request-method", "access-control-request-private-network",
		"connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect",
		"host", "keep-alive", "origin", "referer", "te", "trailer", "transfer-encoding",
		"upgrade", "user-agent", "via":
		return true
	}
	return false
}

// notAuthorHeader reports a header that does not count for CORS because the
// page did not set it: a forbidden name, or one Chromium's network stack adds
// on the wire after the CORS decision. HARs and webRequest show the wire
// headers, so those must be told apart from what the page asked for.
func notAuthorHeader(name string) bool {
	// Priority (RFC 9218) goes on every HTTP/2 and HTTP/3 request Chromium
	// sends. A page may set it too, and would then get a preflight; the
	// wire does not say which, and the browser's is by far the common one.
	// HTTP/2 pseudo-headers (":authority") are not header names a page can use.
	return IsForbiddenHeaderName(name) || strings.EqualFold(name, "priority") || strings.HasPrefix(name, ":")
}

// chromiumSafelisted are the names Chromium treats as CORS-safelisted: the
// Fetch standard's five plus Intervention and the client hints (those a page
// can set itself, like DPR or Width, do not trigger a preflight in Chromium).
var chromiumSafelisted = []string{
	"accept", "accept-language", "content-language", "content-type", "range",
	"intervention",
	"device-memory", "dpr", "width", "viewport-width", "rtt", "downlink", "ect",
	"save-data",
}

// IsSafelistedHeader reports whether one request header is CORS-safelisted by
// its name and value alone (the 1024-byte total is checked by UnsafeHeaderNames).
func IsSafelistedHeader(name, value string) bool {
	_, ok := safelistedReason(name, value)
	return ok
}

// safelistedReason says why a header is not safelisted ("" when it is).
func safelistedReason(name, value string) (string, bool) {
	n := strings.ToLower(name)
	if len(value) > safelistValueMax {
		return "its value is longer than 128 bytes", false
	}
	if strings.HasPrefix(n, "sec-ch-") {
		// Client hints the browser adds; pages cannot set sec- headers.
		return "", true
	}
	if !slices.Contains(chromiumSafelisted, n) {
		return "it is not a CORS-safelisted header", false
	}
	switch n {
	case "accept":
		if hasUnsafeByte(value) {
			return "its value contains a byte CORS considers unsafe", false
		}
	case "accept-language", "content-language":
		for i := 0; i < len(value); i++ {
			c := value[i]
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' ||
				c == ' ' || c == '*' || c == ',' || c == '-' || c == '.' || c == ';' || c == '=') {
				return "its value contains a character other than letters, digits, space and *,-.;=", false
			}
		}
	case "content-type":
		if !IsSafelistedContentType(value) {
			return "its value is not application/x-www-form-urlencoded, multipart/form-data or text/plain", false
		}
	case "range":
		if !isSimpleRange(value) {
			return "its value is not a single bytes=N- or bytes=N-M range", false
		}
	case "device-memory", "dpr", "downlink":
		if !isDecimal(value, true) {
			return "its value is not a number", false
		}
	case "width", "viewport-width", "rtt":
		if !isDecimal(value, false) {
			return "its value is not an integer", false
		}
	case "ect":
		switch value {
		case "slow-2g", "2g", "3g", "4g":
		default:
			return "its value is not an effective connection type", false
		}
	case "save-data":
		if strings.ToLower(value) != "on" {
			return "its value is not \"on\"", false
		}
	}
	return "", true
}

// hasUnsafeByte is the Fetch standard's CORS-unsafe request-header byte test.
func hasUnsafeByte(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 && c != '\t' || c == 0x7f {
			return true
		}
		switch c {
		case '"', '(', ')', ':', '<', '>', '?', '@', '[', '\\', ']', '{', '}':
			return true
		}
	}
	return false
}

// IsSafelistedContentType reports whether a Content-Type value keeps a
// request simple: one of the three form MIME types, parameters allowed.
func IsSafelistedContentType(value string) bool {
	v := strings.ToLower(value)
	if hasUnsafeByte(v) {
		return false
	}
	mime := v
	if i := strings.IndexByte(v, ';'); i >= 0 {
		mime = v[:i]
	}
	mime = strings.Trim(mime, " \t")
	slash := strings.IndexByte(mime, '/')
	if slash <= 0 || slash == len(mime)-1 {
		return false
	}
	if !header.IsToken(mime[:slash]) || !header.IsToken(mime[slash+1:]) {
		return false
	}
	switch mime {
	case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
		return true
	}
	return false
}

// isSimpleRange accepts "bytes=N-" and "bytes=N-M" with N <= M (no spaces,
// no suffix range, one range only).
func isSimpleRange(v string) bool {
	v = strings.ToLower(v)
	rest, ok := strings.CutPrefix(v, "bytes=")
	if !ok {
		return false
	}
	first, last, ok := strings.Cut(rest, "-")
	if !ok || !isDecimal(first, false) {
		return false
	}
	if last == "" {
		return true
	}
	if !isDecimal(last, false) {
		return false
	}
	return compareDecimal(first, last) <= 0
}

// compareDecimal compares two digit strings by numeric value.
func compareDecimal(a, b string) int {
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// isDecimal matches 1*DIGIT, or with fraction 1*DIGIT ["." 1*DIGIT].
func isDecimal(v string, fraction bool) bool {
	if v == "" || v[0] < '0' || v[0] > '9' {
		return false
	}
	dot := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && fraction && !dot && i < len(v)-1:
			dot = true
		default:
			return false
		}
	}
	return true
}

// UnsafeHeaderNames lists, lower-cased and in request order, the author
// headers that require a preflight: every non-safelisted, non-forbidden name,
// plus all safelisted ones when their values add up to more than 1024 bytes.
func UnsafeHeaderNames(h header.Headers) []string {
	var unsafe, safe []string
	total := 0
	for _, f := range h {
		if notAuthorHeader(f.Name) {
			continue
		}
		n := strings.ToLower(f.Name)
		if IsSafelistedHeader(n, f.Value) {
			safe = append(safe, n)
			total += len(f.Value)
			continue
		}
		unsafe = append(unsafe, n)
	}
	if total > safelistTotalMax {
		unsafe = append(unsafe, safe...)
	}
	return unsafe
}

// NeedsPreflight says whether a cross-origin request in "cors" mode is
// preceded by an OPTIONS preflight, and why in words.
func NeedsPreflight(r Request) (bool, string) {
	switch r.Mode {
	case ModeNoCors, ModeNavigate:
		return false, "no-cors and navigation requests are never preflighted"
	}
	if !IsSafelistedMethod(r.Method) {
		return true, "the method " + r.Method + " is not GET, HEAD or POST"
	}
	total := 0
	for _, f := range r.Headers {
		if notAuthorHeader(f.Name) {
			continue
		}
		if why, ok := safelistedReason(f.Name, f.Value); !ok {
			return true, "the header " + strings.ToLower(f.Name) + " is not CORS-safelisted: " + why
		}
		total += len(f.Value)
	}
	if total > safelistTotalMax {
		return true, "the CORS-safelisted headers' values add up to more than 1024 bytes"
	}
	return false, "GET, HEAD or POST with only CORS-safelisted headers"
}

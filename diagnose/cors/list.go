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

// parseAllowList parses Access-Control-Allow-Methods or -Headers the way
// Chromium's ParseAccessControlAllowList does: net::HttpUtil::ValuesIterator
// (header.SplitList: commas inside quotes do not split, empty values are
// skipped) and every value must be a token. bad is the first value that is
// not (Chromium then rejects the whole preflight).
func parseAllowList(value string, lower bool) (list []string, bad string, ok bool) {
	for _, v := range header.SplitList(value) {
		if !header.IsToken(v) {
			return nil, v, false
		}
		if lower {
			v = strings.ToLower(v)
		}
		list = append(list, v)
	}
	return list, "", true
}

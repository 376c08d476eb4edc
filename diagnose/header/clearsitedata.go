package header

import (
	"errors"
	"strconv"
)

// ClearSiteData is what a Clear-Site-Data value asks the browser to clear
// (https://w3c.github.io/webappsec-clear-site-data/). "*" sets every flag.
type ClearSiteData struct {
	Cache             bool
	Cookies           bool
	Storage           bool
	ExecutionContexts bool
	ClientHints       bool
	// Unknown holds types the browser ignores (unquoted or unrecognised).
	Unknown []string
}

// Empty reports whether the value clears nothing at all, in which case
// Chromium ignores the header.
func (c ClearSiteData) Empty() bool {
	return !c.Cache && !c.Cookies && !c.Storage && !c.ExecutionContexts && !c.ClientHints
}

// ParseClearSiteData parses the field values. Types must be quoted strings
// ("cookies", not cookies) and are case-sensitive, as in Chromium; others are
// collected in Unknown and the first is reported as the error.
func ParseClearSiteData(values []string) (ClearSiteData, error) {
	var c ClearSiteData
	var first error
	for _, v := range values {
		if len(v) > MaxValueLength {
			return c, errors.New("header: Clear-Site-Data longer than " + strconv.Itoa(MaxValueLength) + " bytes")
		}
		for _, e := range SplitList(v) {
			q, ok := Unquote(e)
			switch {
			case !ok:
				c.Unknown = append(c.Unknown, e)
				if first == nil {
					first = errors.New("header: Clear-Site-Data: type must be a quoted string: " + strconv.Quote(truncate(e)))
				}
				continue
			case q == "cache":
				c.Cache = true
			case q == "cookies":
				c.Cookies = true
			case q == "storage":
				c.Storage = true
			case q == "executionContexts":
				c.ExecutionContexts = true
			case q == "clientHints":
				c.ClientHints = true
			case q == "*":
				c.Cache, c.Cookies, c.Storage, c.ExecutionContexts, c.ClientHints = true, true, true, true, true
			default:
				c.Unknown = append(c.Unknown, e)
				if first == nil {
					first = errors.New("header: Clear-Site-Data: unknown type " + strconv.Quote(truncate(q)))
				}
			}
		}
	}
	return c, first
}

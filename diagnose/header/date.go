package header

import (
	"errors"
	"strconv"
	"time"
)

// The three HTTP-date formats of RFC 9110 §5.6.7, preferred first.
var dateLayouts = [...]string{
	"Mon, 02 Jan 2006 15:04:05 GMT",  // IMF-fixdate
	"Monday, 02-Jan-06 15:04:05 GMT", // RFC 850 (obsolete)
	"Mon Jan _2 15:04:05 2006",       // asctime (obsolete)
}

// ParseHTTPDate parses an HTTP-date (Date, Expires, Last-Modified...) in
// any of its three formats and returns it in UTC. RFC 850 two-digit years
// follow Go's rule (69–99 → 19xx, otherwise 20xx), which agrees with
// RFC 9110's "not more than 50 years in the future" until 2049.
// Day and month names match case-insensitively, as in browsers.
// Anything else is an error; for Expires the caller should then treat the
// response as already expired (RFC 9111 §5.3).
func ParseHTTPDate(v string) (time.Time, error) {
	v = trimOWS(v)
	if len(v) <= 64 {
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, v); err == nil {
				return t.UTC(), nil
			}
		}
	}
	return time.Time{}, errors.New("header: invalid HTTP-date " + strconv.Quote(truncate(v)))
}

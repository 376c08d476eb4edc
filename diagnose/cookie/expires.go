package cookie

import (
	"strconv"
	"strings"
	"time"
)

// maxExpiry is the 400-day cap RFC 6265bis puts on Expires and Max-Age.
const maxExpiry = 400 * 24 * time.Hour

// expiryDelims are Chromium's ParseCookieExpirationTime delimiters.
const expiryDelims = "\t !\"#$%&'()*+,-./;<=>?@[\\]^_`{|}~"

var months = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// farPast stands for base::Time::Min(): a date every cookie is expired at.
var farPast = time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)

// parseExpires is Chromium's lenient cookie date parser. ok is false for a
// date it cannot read, which makes the cookie a session cookie.
func parseExpires(s string) (t time.Time, ok bool) {
	var day, month, year, hh, mm, ss int
	var haveDay, haveMonth, haveTime, haveYear bool
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(expiryDelims, r) }) {
		switch {
		case tok[0] < '0' || tok[0] > '9':
			if !haveMonth {
				for i, m := range months {
					if len(tok) >= 3 && strings.EqualFold(tok[:3], m) {
						month, haveMonth = i+1, true
						break
					}
				}
			}
		case strings.IndexByte(tok, ':') >= 0:
			if !haveTime {
				if h, m, sec, good := scanClock(tok); good {
					hh, mm, ss, haveTime = h, m, sec, true
				}
			}
		default:
			if !haveDay && len(tok) <= 2 {
				day, haveDay = atoiPrefix(tok), true
			} else if !haveYear && len(tok) <= 5 {
				year, haveYear = atoiPrefix(tok), true
			}
		}
	}
	if !haveDay || !haveMonth || !haveTime || !haveYear {
		return time.Time{}, false
	}
	switch {
	case year >= 70 && year <= 99:
		year += 1900
	case year >= 0 && year <= 69:
		year += 2000
	}
	if day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	if year > 30827 {
		return time.Date(30827, 12, 31, 23, 59, 59, 0, time.UTC), true
	}
	if year < 1601 {
		return farPast, true
	}
	t = time.Date(year, time.Month(month), day, hh, mm, ss, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // 31 April and the like
	}
	return t, true
}

// scanClock reads sscanf("%2u:%2u:%2u"): up to two digits per field.
func scanClock(tok string) (h, m, s int, ok bool) {
	var v [3]int
	for i := 0; i < 3; i++ {
		n := 0
		for n < 2 && n < len(tok) && tok[n] >= '0' && tok[n] <= '9' {
			n++
		}
		if n == 0 {
			return 0, 0, 0, false
		}
		v[i], _ = strconv.Atoi(tok[:n])
		tok = tok[n:]
		if i < 2 {
			if tok == "" || tok[0] != ':' {
				return 0, 0, 0, false
			}
			tok = tok[1:]
		}
	}
	return v[0], v[1], v[2], true
}

// atoiPrefix is C's atoi on a digit-led token.
func atoiPrefix(s string) int {
	n := 0
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// parseMaxAge is base::StringToInt64 as ParseExpiration uses it: a perfect
// conversion, or a saturated one on overflow; ok is false otherwise, and the
// Expires attribute is consulted instead.
func parseMaxAge(s string) (secs int64, saturated int, ok bool) {
	body := s
	neg := false
	if strings.HasPrefix(body, "-") {
		neg, body = true, body[1:]
	} else {
		body = strings.TrimPrefix(body, "+")
	}
	if body == "" {
		return 0, 0, false
	}
	for i := 0; i < len(body); i++ {
		if body[i] < '0' || body[i] > '9' {
			return 0, 0, false
		}
	}
	v, err := strconv.ParseInt(body, 10, 64)
	if err != nil {
		if neg {
			return 0, -1, false
		}
		return 0, 1, false
	}
	if neg {
		v = -v
	}
	return v, 0, true
}

// expiry computes the cookie's expiry (zero for a session cookie) from the
// parsed line, the creation time and the server's Date, capped at 400 days.
func expiry(p parsedLine, now, serverDate time.Time) time.Time {
	var exp time.Time
	found := false
	if v, has := p.get("max-age"); has {
		secs, sat, ok := parseMaxAge(v)
		switch {
		case ok && secs <= 0, sat < 0:
			exp, found = farPast, true
		case ok:
			if secs > int64(maxExpiry/time.Second) {
				exp = now.Add(maxExpiry)
			} else {
				exp = now.Add(time.Duration(secs) * time.Second)
			}
			found = true
		case sat > 0:
			exp, found = now.Add(maxExpiry), true
		}
	}
	if !found {
		v, has := p.get("expires")
		if !has || v == "" {
			return time.Time{}
		}
		t, ok := parseExpires(v)
		if !ok {
			return time.Time{}
		}
		if t.Equal(farPast) {
			return farPast
		}
		if !serverDate.IsZero() {
			t = t.Add(now.Sub(serverDate))
		}
		exp = t
	}
	if exp.After(now.Add(maxExpiry)) {
		exp = now.Add(maxExpiry)
	}
	return exp
}

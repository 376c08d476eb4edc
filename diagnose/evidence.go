package diagnose

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// show quotes attacker-controlled text (realms, Server headers, error
// descriptions) for an evidence line: short, escaped, never a secret.
func show(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) > limit {
		r := []rune(s)
		s = string(r[:limit]) + "…"
	}
	return strconv.Quote(s)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ago says how far t is from ref in words: "3h5m before" / "2m0s after".
func ago(t, ref time.Time) string {
	d := ref.Sub(t)
	word := " before"
	if d < 0 {
		d, word = -d, " after"
	}
	return span(d) + word
}

// span prints a duration at second precision, in days beyond 48 hours.
func span(d time.Duration) string {
	d = d.Round(time.Second)
	if d >= 48*time.Hour {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + " days"
	}
	return d.String()
}

// sessionLike says a cookie name looks like it carries a login session or
// token, the ones whose absence or staleness explains a 401.
func sessionLike(name string) bool {
	n := strings.ToLower(name)
	n = strings.TrimPrefix(strings.TrimPrefix(n, "__host-"), "__secure-")
	switch n {
	case "sid", "sessid", "connect.sid", "phpsessid", "jsessionid", "asp.net_sessionid", "aspxauth", ".aspxauth",
		"auth", "token", "jwt", "access_token", "id_token", "refresh_token", "remember_token":
		return true
	}
	for _, part := range []string{"session", "sess_", "auth", "token", "jwt", "login"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return strings.HasSuffix(n, "_sid") || strings.HasSuffix(n, ".sid") || strings.HasSuffix(n, "-sid")
}

// domainMatch is RFC 6265 domain-match for a jar cookie and a host.
func domainMatch(domain string, hostOnly bool, host string) bool {
	if host == domain {
		return true
	}
	return !hostOnly && strings.HasSuffix(host, "."+domain)
}

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
	return htmlSafe.Replace(strconv.Quote(s))
}

// htmlSafe escapes markup the way Go quotes other characters, so a report
// shown carelessly as HTML still shows text.
var htmlSafe = strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`)

// capList joins at most limit items, saying how many more there were.
func capList(items []string, limit int) string {
	if len(items) <= limit {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:limit], ", ") + " and " + strconv.Itoa(len(items)-limit) + " more"
}

// bare prints a name (scheme, cookie or header name, domain, path) as is
// when it is short and plain, else quoted like show: hostile names cannot
// smuggle markup, control or bidi characters into a report.
func bare(s string) string {
	if s == "" || len(s) > 64 {
		return show(s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' {
			return show(s)
		}
	}
	return s
}

func bareList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = bare(n)
	}
	return capList(out, 10)
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

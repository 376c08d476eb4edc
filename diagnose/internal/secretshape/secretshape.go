// Package secretshape recognises values that are secrets or personal data
// by their shape, whatever name they travel under: API keys (a vendor's
// prefix, or a long random-looking token), JWTs, bot tokens, e-mail
// addresses and phone numbers. It is cheap (no regexp) and conservative in
// one direction only: when unsure whether a long random string is a key, it
// says it is.
package secretshape

import "strings"

// vendorPrefixes start well-known API keys. The prefix names the kind of
// key and carries none of its secret, so it may be shown.
var vendorPrefixes = []string{
	"sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_", "whsec_", // Stripe
	"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", // GitHub
	"glpat-", "glsa_", // GitLab, Grafana
	"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-", // Slack
	"AKIA", "ASIA", // AWS access key ids
	"AIza", "ya29.", // Google
	"sk-ant-", "sk-proj-", "sk-", // Anthropic, OpenAI
	"npm_", "pypi-", "shpat_", "shpss_", "shpca_", "hf_", "SG.", "dop_v1_", "sq0atp-", "sq0csp-",
}

// minKeyRest is how many characters must follow a vendor prefix.
const minKeyRest = 16

// minRandomLen is the shortest string judged random by its mix of
// characters alone.
const minRandomLen = 20

// Key reports whether s looks like an API key or another machine
// credential: a vendor's key (prefix is then the vendor's prefix, safe to
// show), a long random-looking token, or a value already masked with '*'
// (at least 16 of them, after an optional vendor prefix).
func Key(s string) (prefix string, ok bool) {
	if p, ok := VendorKey(s); ok {
		return p, true
	}
	if len(s) >= minKeyRest && strings.Trim(s, "*") == "" {
		return "", true
	}
	return "", random(s)
}

// VendorKey reports whether s starts with a known vendor key prefix
// followed by at least 16 key characters (or '*', a masked rest).
func VendorKey(s string) (prefix string, ok bool) {
	for _, p := range vendorPrefixes {
		rest, found := strings.CutPrefix(s, p)
		if !found || len(rest) < minKeyRest {
			continue
		}
		for i := 0; i < len(rest); i++ {
			if c := rest[i]; !keyByte(c) && c != '*' {
				return "", false
			}
		}
		return p, true
	}
	return "", false
}

// Mask replaces every byte of s after its vendor prefix (all of it when it
// has none) by '*'. Mask of a Key is still a Key.
func Mask(s string) string {
	p, _ := VendorKey(s)
	return p + strings.Repeat("*", len(s)-len(p))
}

func keyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '+' || c == '/' || c == '=' || c == '~'
}

// random says s is long, made of key characters, and changes between
// letters and digits (or from lower to upper case) often, as random tokens
// do and words, names and camelCase identifiers do not: at least one
// change in four characters.
func random(s string) bool {
	if len(s) < minRandomLen {
		return false
	}
	changes, letters, digits := 0, 0, 0
	var prev byte // 'l' lower, 'u' upper, 'd' digit, 0 other
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !keyByte(c) {
			return false
		}
		var cls byte
		switch {
		case c >= 'a' && c <= 'z':
			cls, letters = 'l', letters+1
		case c >= 'A' && c <= 'Z':
			cls, letters = 'u', letters+1
		case c >= '0' && c <= '9':
			cls, digits = 'd', digits+1
		}
		if prev != 0 && cls != 0 && (prev == 'd') != (cls == 'd') || prev == 'l' && cls == 'u' {
			changes++
		}
		prev = cls
	}
	return letters > 0 && digits > 0 && changes*4 >= len(s)
}

// JWT reports whether s has the shape of a compact JWS or JWE: "eyJ" (a
// base64url JSON object) and three or five base64url parts.
func JWT(s string) bool {
	if !strings.HasPrefix(s, "eyJ") || len(s) < 16 {
		return false
	}
	dots := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			dots++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '=':
		default:
			return false
		}
	}
	return dots == 2 || dots == 4
}

// BotToken reports a Telegram-style bot token, "[bot]<digits>:<secret>":
// at least five digits, a colon, at least eight key characters.
func BotToken(s string) bool {
	s = strings.TrimPrefix(s, "bot")
	id, secret, ok := strings.Cut(s, ":")
	if !ok || len(id) < 5 || strings.Trim(id, "0123456789") != "" || len(secret) < 8 {
		return false
	}
	for i := 0; i < len(secret); i++ {
		if !keyByte(secret[i]) {
			return false
		}
	}
	return true
}

// Email reports whether s looks like an e-mail address: text, '@', and a
// domain with a dot, without spaces.
func Email(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " \t\r\n<>")
}

// Phone reports whether s looks like a phone number: 7 to 15 digits with
// only the usual separators, written either with a leading '+' or with a
// separator (a bare run of digits is more often an account number).
func Phone(s string) bool {
	t := strings.TrimPrefix(s, "+")
	digits, seps := 0, 0
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
			seps++
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15 && (len(t) < len(s) || seps > 0)
}

package diagnose

import (
	"encoding/base64"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/internal/secretshape"
)

// JWT claims hold personal data (email, name, phone_number, address, a sub
// that is an e-mail address) beside what a diagnosis needs. Redaction keeps
// only readClaims, masks every other claim's value in place (same byte
// length, so the token keeps its length and still parses), and evidence
// shows a sub only when it is not personal (personalSub).

// readClaims are the claims the rules read and show: times, issuer,
// audience, scopes, the client. "sub" is kept unless personalSub.
var readClaims = []string{"exp", "nbf", "iat", "iss", "aud", "scope", "scp", "azp", "client_id"}

// personalSub says a sub claim is personal data (an e-mail address or a
// phone number) or was masked by redaction.
func personalSub(s string) bool {
	return secretshape.Email(s) || secretshape.Phone(s) || (s != "" && strings.Trim(s, "*") == "")
}

// maskClaims takes "header.payload." of a JWT and masks the payload's
// claims other than readClaims (and a personal sub). A payload that is not
// a JSON object it can walk is masked whole ('A's, still base64url).
func maskClaims(hp string) string {
	head, rest, _ := strings.Cut(hp, ".")
	payload := strings.TrimSuffix(rest, ".")
	body := strings.TrimRight(payload, "=")
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return head + "." + strings.Repeat("A", len(payload)) + "."
	}
	masked, ok := maskPayload(raw)
	if !ok {
		return head + "." + strings.Repeat("A", len(payload)) + "."
	}
	return head + "." + base64.RawURLEncoding.EncodeToString(masked) + payload[len(body):] + "."
}

// maskPayload walks the members of a JSON object and overwrites the values
// of the claims to hide with a string of '*' of the same byte length
// (values shorter than 3 bytes — digits, {}, [] — say nothing and stay).
func maskPayload(b []byte) ([]byte, bool) {
	out := append([]byte(nil), b...)
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return out, skipSpace(b, i+1) == len(b)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		kEnd, ok := stringEnd(b, i)
		if !ok {
			return nil, false
		}
		key := string(b[i+1 : kEnd-1])
		i = skipSpace(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		vStart := skipSpace(b, i+1)
		vEnd, ok := valueEnd(b, vStart)
		if !ok {
			return nil, false
		}
		if hideClaim(key, b[vStart:vEnd]) && vEnd-vStart >= 3 {
			out[vStart] = '"'
			for j := vStart + 1; j < vEnd-1; j++ {
				out[j] = '*'
			}
			out[vEnd-1] = '"'
		}
		i = skipSpace(b, vEnd)
		if i >= len(b) {
			return nil, false
		}
		if b[i] == '}' {
			return out, skipSpace(b, i+1) == len(b)
		}
		if b[i] != ',' {
			return nil, false
		}
		i = skipSpace(b, i+1)
	}
}

// hideClaim: every claim but readClaims, and a sub that is personal (or
// written with escapes, which this walk does not decode).
func hideClaim(key string, value []byte) bool {
	for _, k := range readClaims {
		if key == k {
			return false
		}
	}
	if key != "sub" {
		return true
	}
	if len(value) < 2 || value[0] != '"' {
		return false
	}
	s := string(value[1 : len(value)-1])
	return strings.IndexByte(s, '\\') >= 0 || personalSub(s)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index after the closing quote of the string at b[i].
func stringEnd(b []byte, i int) (int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
}

// valueEnd is the index after the JSON value at b[i] (strings and nesting
// followed exactly; scalars end at a delimiter).
func valueEnd(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e, ok := stringEnd(b, j)
				if !ok {
					return 0, false
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	}
	j := i
	for j < len(b) && strings.IndexByte(",}] \t\r\n", b[j]) < 0 {
		j++
	}
	return j, j > i
}

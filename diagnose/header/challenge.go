package header

import (
	"errors"
	"strconv"
	"strings"
)

// Param is one auth-param; Name is lowercase (names are case-insensitive).
type Param struct {
	Name  string
	Value string
}

// Challenge is one challenge of a WWW-Authenticate or Proxy-Authenticate
// field (RFC 9110 §11.6.1): a scheme with either auth-params or a token68.
type Challenge struct {
	Scheme  string // as sent; compare with Is
	Params  []Param
	Token68 string
}

// Is reports whether the challenge uses scheme (case-insensitive).
func (c Challenge) Is(scheme string) bool { return strings.EqualFold(c.Scheme, scheme) }

// Param returns the value of the first parameter called name
// (case-insensitive), or "".
func (c Challenge) Param(name string) string {
	for _, p := range c.Params {
		if strings.EqualFold(p.Name, name) {
			return p.Value
		}
	}
	return ""
}

// ParseChallenges parses every challenge of the given field values in order
// (several per value, several values). Like browsers it keeps going past
// syntax errors: it returns all challenges it could make out, and an error
// describing the first problem (value index and byte offset).
func ParseChallenges(values []string) ([]Challenge, error) {
	var out []Challenge
	var first error
	total := 0
	for vi, v := range values {
		total += len(v)
		if total > MaxValueLength {
			if first == nil {
				first = errors.New("header: challenges longer than " + strconv.Itoa(MaxValueLength) + " bytes; rest ignored")
			}
			break
		}
		p := authParser{s: v, value: vi}
		out = p.challenges(out)
		if first == nil && p.err != nil {
			first = p.err
		}
	}
	return out, first
}

type authParser struct {
	s     string
	i     int
	value int
	err   error
}

func (p *authParser) fail(msg string) {
	if p.err == nil {
		p.err = errors.New("header: value " + strconv.Itoa(p.value) + ", offset " + strconv.Itoa(p.i) + ": " + msg)
	}
}

func (p *authParser) skipOWS() {
	for p.i < len(p.s) && isOWS(p.s[p.i]) {
		p.i++
	}
}

// skipSeparators skips whitespace and the commas of empty list elements.
func (p *authParser) skipSeparators() {
	for p.i < len(p.s) && (isOWS(p.s[p.i]) || p.s[p.i] == ',') {
		p.i++
	}
}

// skipElement recovers from an error by skipping to the next comma outside
// a quoted string.
func (p *authParser) skipElement() {
	for p.i < len(p.s) && p.s[p.i] != ',' {
		if p.s[p.i] == '"' {
			_, p.i, _ = readQuoted(p.s, p.i)
			continue
		}
		p.i++
	}
}

func (p *authParser) token() string {
	start := p.i
	for p.i < len(p.s) && isTchar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// describe names the character at i without echoing more of the value.
func (p *authParser) describe() string {
	if p.i >= len(p.s) {
		return "end of value"
	}
	return strconv.QuoteRune(rune(p.s[p.i]))
}

func (p *authParser) challenges(out []Challenge) []Challenge {
	for {
		p.skipSeparators()
		if p.i >= len(p.s) {
			return out
		}
		start := p.i
		scheme := p.token()
		if scheme == "" {
			p.fail("expected auth-scheme, found " + p.describe())
			p.skipElement()
			continue
		}
		p.skipOWS()
		if p.i < len(p.s) && p.s[p.i] == '=' {
			// "name=value" where a scheme should start: an auth-param
			// separated from its challenge by a comma. Keep it with the
			// previous challenge, as browsers do, but report it.
			p.i = start
			p.fail("auth-param without a challenge")
			if len(out) == 0 {
				out = append(out, Challenge{})
			}
			p.params(&out[len(out)-1])
			continue
		}
		c := Challenge{Scheme: scheme}
		if p.i > start+len(scheme) && p.i < len(p.s) && p.s[p.i] != ',' {
			if !p.token68(&c) {
				before := p.i
				p.params(&c)
				if p.i == before {
					p.fail("expected auth-param or token68 after " + strconv.Quote(scheme))
				}
			}
		} else if p.i < len(p.s) && p.s[p.i] != ',' {
			p.fail("expected space after auth-scheme, found " + p.describe())
			p.skipElement()
		}
		out = append(out, c)
	}
}

// token68 reads a token68 if the text at i is one (followed by the end or a
// comma) and reports whether it did; otherwise it consumes nothing.
func (p *authParser) token68(c *Challenge) bool {
	j := p.i
	for j < len(p.s) && isToken68(p.s[j]) {
		j++
	}
	if j == p.i {
		return false
	}
	for j < len(p.s) && p.s[j] == '=' {
		j++
	}
	end := j
	for j < len(p.s) && isOWS(p.s[j]) {
		j++
	}
	if j < len(p.s) && p.s[j] != ',' {
		return false
	}
	if p.paramFollows(j) {
		// "realm=, error=x" is a param with a missing value rather than
		// the token68 "realm=" followed by a stray param.
		return false
	}
	c.Token68 = p.s[p.i:end]
	p.i = j
	return true
}

// paramFollows reports whether the next list element after j is an
// auth-param ("token BWS =").
func (p *authParser) paramFollows(j int) bool {
	for j < len(p.s) && (isOWS(p.s[j]) || p.s[j] == ',') {
		j++
	}
	k := j
	for k < len(p.s) && isTchar(p.s[k]) {
		k++
	}
	if k == j {
		return false
	}
	for k < len(p.s) && isOWS(p.s[k]) {
		k++
	}
	return k < len(p.s) && p.s[k] == '='
}

// params reads "name=value" pairs into c until the end of the value or a
// token that starts the next challenge.
func (p *authParser) params(c *Challenge) {
	for {
		p.skipSeparators()
		if p.i >= len(p.s) {
			return
		}
		start := p.i
		name := p.token()
		if name == "" {
			p.fail("expected auth-param name, found " + p.describe())
			p.skipElement()
			continue
		}
		p.skipOWS()
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			// A token without '=' starts the next challenge.
			p.i = start
			return
		}
		p.i++ // '='
		p.skipOWS()
		var value string
		switch {
		case p.i < len(p.s) && p.s[p.i] == '"':
			var ok bool
			value, p.i, ok = readQuoted(p.s, p.i)
			if !ok {
				p.fail("unterminated quoted-string for " + strconv.Quote(strings.ToLower(name)))
			}
		default:
			value = p.token()
			if value == "" {
				p.fail("missing value for " + strconv.Quote(strings.ToLower(name)))
			}
		}
		c.Params = append(c.Params, Param{Name: strings.ToLower(name), Value: value})
		p.skipOWS()
		if p.i < len(p.s) && p.s[p.i] != ',' {
			p.fail("expected ',' after auth-param, found " + p.describe())
			p.skipElement()
		}
	}
}

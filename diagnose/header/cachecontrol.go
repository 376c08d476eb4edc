package header

import (
	"errors"
	"strconv"
	"strings"
)

// Directive is one Cache-Control directive; Name is lowercase and Value
// is unquoted ("" when the directive has no argument).
type Directive struct {
	Name     string
	Value    string
	HasValue bool
}

// CacheControl is the directives of every Cache-Control field, in order.
type CacheControl []Directive

// ParseCacheControl parses the Cache-Control field values (RFC 9111 §5.2).
// Malformed directives are skipped and the first one is reported; the rest
// is kept.
func ParseCacheControl(values []string) (CacheControl, error) {
	var cc CacheControl
	var first error
	total := 0
	for _, v := range values {
		total += len(v)
		if total > MaxValueLength {
			return cc, errors.New("header: Cache-Control longer than " + strconv.Itoa(MaxValueLength) + " bytes; rest ignored")
		}
		for _, e := range SplitList(v) {
			name, arg, hasArg := strings.Cut(e, "=")
			name = trimOWS(name)
			arg = trimOWS(arg)
			if !IsToken(name) {
				if first == nil {
					first = errors.New("header: Cache-Control: invalid directive name " + strconv.Quote(truncate(name)))
				}
				continue
			}
			d := Directive{Name: strings.ToLower(name), HasValue: hasArg}
			if hasArg {
				if strings.HasPrefix(arg, `"`) {
					q, ok := Unquote(arg)
					if !ok && first == nil {
						first = errors.New("header: Cache-Control: malformed quoted argument of " + strconv.Quote(d.Name))
					}
					arg = q
				} else if !IsToken(arg) && first == nil {
					first = errors.New("header: Cache-Control: invalid argument of " + strconv.Quote(d.Name))
				}
				d.Value = arg
			}
			cc = append(cc, d)
		}
	}
	return cc, first
}

// Has reports whether the directive name (case-insensitive) is present.
func (cc CacheControl) Has(name string) bool {
	_, ok := cc.lookup(name)
	return ok
}

// Value returns the argument of the first directive called name.
func (cc CacheControl) Value(name string) (string, bool) {
	d, ok := cc.lookup(name)
	return d.Value, ok
}

// Seconds returns the delta-seconds argument of name (max-age, s-maxage,
// stale-while-revalidate...). ok is false when the directive is absent,
// has no or a non-numeric argument, or appears twice with different values
// (RFC 9111 §4.2.1: such a response should be treated as stale). Values
// beyond 2^31 are clamped to it (§1.2.2).
func (cc CacheControl) Seconds(name string) (secs int64, ok bool) {
	found := false
	for _, d := range cc {
		if !strings.EqualFold(d.Name, name) {
			continue
		}
		n, valid := deltaSeconds(d.Value)
		if !valid || (found && n != secs) {
			return 0, false
		}
		secs, found = n, true
	}
	return secs, found
}

func (cc CacheControl) lookup(name string) (Directive, bool) {
	for _, d := range cc {
		if strings.EqualFold(d.Name, name) {
			return d, true
		}
	}
	return Directive{}, false
}

// maxDelta is the largest delta-seconds value a cache must handle.
const maxDelta = 1 << 31

func deltaSeconds(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < maxDelta {
			n = n*10 + int64(c-'0')
		}
	}
	return min(n, maxDelta), true
}

// ParseAge parses an Age value (delta-seconds, clamped to 2^31).
func ParseAge(v string) (int64, error) {
	n, ok := deltaSeconds(trimOWS(v))
	if !ok {
		return 0, errors.New("header: Age: not a number of seconds: " + strconv.Quote(truncate(v)))
	}
	return n, nil
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

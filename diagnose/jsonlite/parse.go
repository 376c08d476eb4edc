package jsonlite

import (
	"strconv"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of arrays and objects, so hostile input cannot
// exhaust the stack.
const MaxDepth = 512

// SyntaxError describes why input is not JSON and where (a byte offset).
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return "jsonlite: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// Parse decodes one JSON text. Surrounding whitespace is allowed; anything
// else after the value is an error. On error the Value is the zero Value.
func Parse(data []byte) (Value, error) {
	p := parser{data: data}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		return Value{}, p.fail("unexpected " + p.describe() + " after top-level value")
	}
	return v, nil
}

type parser struct {
	data []byte
	pos  int
	// strs, when not nil, interns the strings read (see Scanner); recent
	// holds the last string seen for each small hash of a few of its
	// bytes, so that the names and values a text repeats over and over
	// are found without hashing them whole.
	strs   map[string]string
	recent *[256]string
}

// Interning stops at these bounds, so that hostile input cannot make the
// table itself large: longer strings, and strings once the table is full,
// are allocated each time.
const (
	maxInterned    = 4096
	maxInternTable = 1 << 16
)

// str returns b as a string: the same one for equal bytes when interning.
func (p *parser) str(b []byte) string {
	if p.strs == nil || len(b) > maxInterned {
		return string(b)
	}
	h := len(b)
	if len(b) > 0 {
		h = h*31 + int(b[0])
		h = h*31 + int(b[len(b)/2])
		h = h*31 + int(b[len(b)-1])
	}
	slot := &p.recent[h&(len(p.recent)-1)]
	if *slot == string(b) {
		return *slot
	}
	v, ok := p.strs[string(b)]
	if !ok {
		v = string(b)
		if len(p.strs) < maxInternTable {
			p.strs[v] = v
		}
	}
	*slot = v
	return v
}

func (p *parser) fail(msg string) error { return &SyntaxError{Offset: p.pos, Msg: msg} }

// describe names the byte at pos for error messages without echoing input
// beyond one quoted character.
func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	c := p.data[p.pos]
	if c >= utf8.RuneSelf {
		return "byte 0x" + strconv.FormatUint(uint64(c), 16)
	}
	return "character " + strconv.QuoteRune(rune(c))
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (Value, error) {
	if p.pos >= len(p.data) {
		return Value{}, p.fail("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.string()
		if err != nil {
			return Value{}, err
		}
		return Value{kind: String, str: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", Value{kind: Bool, b: true})
	case c == 'f':
		return p.literal("false", Value{kind: Bool})
	case c == 'n':
		return p.literal("null", Value{kind: Null})
	}
	return Value{}, p.fail("unexpected " + p.describe())
}

func (p *parser) literal(word string, v Value) (Value, error) {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return Value{}, p.fail("invalid literal, want " + word)
	}
	p.pos += len(word)
	return v, nil
}

func (p *parser) object(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.fail("nesting deeper than " + strconv.Itoa(MaxDepth))
	}
	p.pos++ // {
	members := []Member{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return Value{kind: Object, members: members}, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return Value{}, p.fail("expected member name, found " + p.describe())
		}
		key, err := p.string()
		if err != nil {
			return Value{}, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return Value{}, p.fail("expected ':' after member name, found " + p.describe())
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		members = append(members, Member{Key: key, Value: v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return Value{}, p.fail("unterminated object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return Value{kind: Object, members: members}, nil
		default:
			return Value{}, p.fail("expected ',' or '}' in object, found " + p.describe())
		}
	}
}

func (p *parser) array(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.fail("nesting deeper than " + strconv.Itoa(MaxDepth))
	}
	p.pos++ // [
	items := []Value{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return Value{kind: Array, items: items}, nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		items = append(items, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return Value{}, p.fail("unterminated array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return Value{kind: Array, items: items}, nil
		default:
			return Value{}, p.fail("expected ',' or ']' in array, found " + p.describe())
		}
	}
}

func (p *parser) number() (Value, error) {
	start := p.pos
	end, err := p.numberEnd()
	if err != nil {
		return Value{}, err
	}
	raw := string(p.data[start:end])
	// The grammar above is stricter than ParseFloat's, so its only possible
	// error is ErrRange, whose ±Inf (or 0 for underflow) result is kept, as
	// JavaScript does; Raw still has the exact text.
	f, _ := strconv.ParseFloat(raw, 64)
	return Value{kind: Number, num: f, str: raw}, nil
}

// numberEnd checks the number at pos and moves past it.
func (p *parser) numberEnd() (int, error) {
	d := p.data
	if d[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(d) && d[p.pos] == '0':
		p.pos++
	case p.pos < len(d) && d[p.pos] >= '1' && d[p.pos] <= '9':
		p.skipDigits()
	default:
		return 0, p.fail("invalid number: expected digit, found " + p.describe())
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if p.skipDigits() == 0 {
			return 0, p.fail("invalid number: expected digit after '.', found " + p.describe())
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if p.skipDigits() == 0 {
			return 0, p.fail("invalid number: expected digit in exponent, found " + p.describe())
		}
	}
	return p.pos, nil
}

func (p *parser) skipDigits() int {
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos - start
}

// string decodes the string starting at the opening quote at pos.
func (p *parser) string() (string, error) {
	p.pos++ // "
	start := p.pos
	d := p.data
	// Fast path: no escapes, ASCII only.
	for p.pos < len(d) {
		c := d[p.pos]
		if c == '"' {
			s := p.str(d[start:p.pos])
			p.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		p.pos++
	}
	buf := make([]byte, 0, p.pos-start+16)
	buf = append(buf, d[start:p.pos]...)
	for p.pos < len(d) {
		c := d[p.pos]
		switch {
		case c == '"':
			p.pos++
			return p.str(buf), nil
		case c < 0x20:
			return "", p.fail("control character " + strconv.QuoteRune(rune(c)) + " in string")
		case c == '\\':
			var err error
			buf, err = p.escape(buf)
			if err != nil {
				return "", err
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(d[p.pos:])
			if r == utf8.RuneError && size == 1 {
				buf = utf8.AppendRune(buf, utf8.RuneError)
			} else {
				buf = append(buf, d[p.pos:p.pos+size]...)
			}
			p.pos += size
		}
	}
	return "", p.fail("unterminated string")
}

// escape decodes the escape sequence at pos (a backslash) onto buf.
func (p *parser) escape(buf []byte) ([]byte, error) {
	d := p.data
	if p.pos+1 >= len(d) {
		p.pos = len(d)
		return buf, p.fail("unterminated string")
	}
	p.pos++
	c := d[p.pos]
	p.pos++
	switch c {
	case '"', '\\', '/':
		return append(buf, c), nil
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return buf, err
		}
		if r >= 0xD800 && r < 0xDC00 {
			// A high surrogate combines only with an immediately following
			// \u low surrogate; otherwise it is lone and becomes U+FFFD,
			// and whatever follows is decoded on its own.
			if p.pos+1 < len(d) && d[p.pos] == '\\' && d[p.pos+1] == 'u' {
				save := p.pos
				p.pos += 2
				r2, err := p.hex4()
				if err != nil {
					return buf, err
				}
				if r2 >= 0xDC00 && r2 < 0xE000 {
					return utf8.AppendRune(buf, 0x10000+(r-0xD800)<<10+(r2-0xDC00)), nil
				}
				p.pos = save
			}
			return utf8.AppendRune(buf, utf8.RuneError), nil
		}
		// Lone low surrogates are replaced by AppendRune itself.
		return utf8.AppendRune(buf, r), nil
	}
	p.pos--
	return buf, p.fail("invalid escape " + strconv.QuoteRune(rune(c)) + " in string")
}

func (p *parser) hex4() (rune, error) {
	if len(p.data)-p.pos < 4 {
		return 0, p.fail("invalid \\u escape: want 4 hex digits")
	}
	var r rune
	for range 4 {
		c := p.data[p.pos]
		var n byte
		switch {
		case c >= '0' && c <= '9':
			n = c - '0'
		case c >= 'a' && c <= 'f':
			n = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			n = c - 'A' + 10
		default:
			return 0, p.fail("invalid \\u escape: " + strconv.QuoteRune(rune(c)) + " is not a hex digit")
		}
		r = r<<4 | rune(n)
		p.pos++
	}
	return r, nil
}

package jsonlite

import (
	"strconv"
	"unicode/utf8"
)

// Scanner reads one JSON text front to back. It is the package's one JSON
// reader: it tokenizes and checks the input, and everything else is built
// on its calls. Parse and Value read a value whole into a Value tree, Read
// into a reusable Tree; decoders that build their own model as they go
// walk the objects and arrays they know with Object/Key and Array/Next,
// read the scalars they need (String, Number, Bool) and Skip the rest
// (still checked).
//
// Strings are interned while a Scanner from NewScanner lives: member names,
// header names and the values a long recording repeats on every request are
// allocated once, not once per occurrence.
//
// The first syntax error stops the Scanner: every later call returns a zero
// result, and Err (or End) reports it.
type Scanner struct {
	data []byte
	pos  int
	// src, when not "", is data as one string (Parse): the strings that
	// need no decoding and numbers' text are slices of it, so a Value tree
	// costs one copy of the input, not an allocation per string.
	src string
	// strs, when not nil, interns the strings read; recent holds the last
	// string seen for each small hash of a few of its bytes, so that the
	// names and values a text repeats over and over are found without
	// hashing them whole.
	strs   map[string]string
	recent *[256]string
	err    error
	// depth is the nesting of the arrays and objects being read.
	depth int
	// done says a value was just completed, so a ',' or a closing bracket
	// comes next.
	done bool
	buf  []byte
	// members and items are stacks on which Value gathers the members and
	// items of the objects and arrays it is reading, so that each gets a
	// slice of exactly its size.
	members []Member
	items   []Value
}

// NewScanner returns a Scanner positioned before the top-level value.
func NewScanner(data []byte) *Scanner {
	return &Scanner{data: data, strs: map[string]string{}, recent: new([256]string)}
}

// Reset makes s read data from the start, keeping the strings it interned.
func (s *Scanner) Reset(data []byte) {
	s.data, s.src, s.pos, s.err, s.depth, s.done = data, "", 0, nil, 0, false
}

// Interning stops at these bounds, so that hostile input cannot make the
// table itself large: longer strings, and strings once the table is full,
// are allocated each time.
const (
	maxInterned    = 4096
	maxInternTable = 1 << 16
)

// text returns data[lo:hi] as a string: a slice of src when there is one,
// else the same string for equal bytes when interning.
func (s *Scanner) text(lo, hi int) string {
	if s.src != "" {
		return s.src[lo:hi]
	}
	return s.str(s.data[lo:hi])
}

// str returns b as a string: the same one for equal bytes when interning.
func (s *Scanner) str(b []byte) string {
	if s.strs == nil || len(b) > maxInterned {
		return string(b)
	}
	h := len(b)
	if len(b) > 0 {
		h = h*31 + int(b[0])
		h = h*31 + int(b[len(b)/2])
		h = h*31 + int(b[len(b)-1])
	}
	slot := &s.recent[h&(len(s.recent)-1)]
	if *slot == string(b) {
		return *slot
	}
	v, ok := s.strs[string(b)]
	if !ok {
		v = string(b)
		if len(s.strs) < maxInternTable {
			s.strs[v] = v
		}
	}
	*slot = v
	return v
}

// Err is the first syntax error, or nil.
func (s *Scanner) Err() error { return s.err }

// End checks that nothing but whitespace follows the top-level value and
// returns the first syntax error, if any.
func (s *Scanner) End() error {
	if s.err == nil {
		s.skipSpace()
		if s.pos < len(s.data) {
			s.failed(s.fail("unexpected " + s.describe() + " after top-level value"))
		}
	}
	return s.err
}

func (s *Scanner) failed(err error) {
	if s.err == nil {
		s.err = err
	}
}

func (s *Scanner) fail(msg string) error { return &SyntaxError{Offset: s.pos, Msg: msg} }

// describe names the byte at pos for error messages without echoing input
// beyond one quoted character.
func (s *Scanner) describe() string {
	if s.pos >= len(s.data) {
		return "end of input"
	}
	c := s.data[s.pos]
	if c >= utf8.RuneSelf {
		return "byte 0x" + strconv.FormatUint(uint64(c), 16)
	}
	return "character " + strconv.QuoteRune(rune(c))
}

func (s *Scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// Kind is the kind of the next value, judged by its first byte; Invalid at
// the end of input, after an error, or before a byte no value starts with.
func (s *Scanner) Kind() Kind {
	if s.err != nil {
		return Invalid
	}
	s.skipSpace()
	if s.pos >= len(s.data) {
		return Invalid
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == '"':
		return String
	case c == '-' || (c >= '0' && c <= '9'):
		return Number
	case c == 't' || c == 'f':
		return Bool
	case c == 'n':
		return Null
	}
	return Invalid
}

// expect checks that the next value is of kind k.
func (s *Scanner) expect(k Kind) bool {
	if s.Kind() == k {
		return true
	}
	if s.err == nil {
		if s.pos >= len(s.data) {
			s.failed(s.fail("unexpected end of input"))
		} else {
			s.failed(s.fail("unexpected " + s.describe()))
		}
	}
	return false
}

// open consumes the '{' or '[' of the next value, which must be of kind k.
func (s *Scanner) open(k Kind) bool {
	return s.expect(k) && s.enter()
}

// enter consumes the '{' or '[' at pos.
func (s *Scanner) enter() bool {
	s.depth++
	if s.depth > MaxDepth {
		s.failed(s.fail("nesting deeper than " + strconv.Itoa(MaxDepth)))
		return false
	}
	s.pos++
	s.done = false
	return true
}

// Object starts reading the object that is the next value; Key then
// yields its members.
func (s *Scanner) Object() bool { return s.open(Object) }

// Array starts reading the array that is the next value; Next then says
// whether another item follows.
func (s *Scanner) Array() bool { return s.open(Array) }

// more consumes the ',' before the next item or member (true) or the
// bracket that closes the array or object being read (false).
func (s *Scanner) more(close byte) bool {
	if s.err != nil {
		return false
	}
	s.skipSpace()
	if !s.done {
		if s.pos < len(s.data) && s.data[s.pos] == close {
			s.pos++
			s.depth--
			s.done = true
			return false
		}
		return true
	}
	what := "array"
	if close == '}' {
		what = "object"
	}
	if s.pos >= len(s.data) {
		s.failed(s.fail("unterminated " + what))
		return false
	}
	switch s.data[s.pos] {
	case ',':
		s.pos++
		s.done = false
		return true
	case close:
		s.pos++
		s.depth--
		return false
	}
	s.failed(s.fail("expected ',' or '" + string(close) + "' in " + what + ", found " + s.describe()))
	return false
}

// Key reads the next member name of the object being read and the ':'
// after it; false when the object ends (its '}' is consumed) or on error.
// The member's value must be read or skipped before the next Key.
func (s *Scanner) Key() (string, bool) {
	if !s.more('}') {
		return "", false
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		s.failed(s.fail("expected member name, found " + s.describe()))
		return "", false
	}
	key, err := s.string()
	if err != nil {
		s.failed(err)
		return "", false
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != ':' {
		s.failed(s.fail("expected ':' after member name, found " + s.describe()))
		return "", false
	}
	s.pos++
	return key, true
}

// Next says whether the array being read has another item, consuming the
// ',' before it or the ']' that ends the array.
func (s *Scanner) Next() bool { return s.more(']') }

// Value reads the next value whole, as Parse does.
func (s *Scanner) Value() Value {
	var v Value
	switch k := s.Kind(); k {
	case Object:
		if !s.enter() {
			return Value{}
		}
		if s.members == nil {
			s.members = make([]Member, 0, min(16, len(s.data)/16+1))
		}
		base := len(s.members)
		for key, ok := s.Key(); ok; key, ok = s.Key() {
			m := Member{Key: key, Value: s.Value()}
			s.members = append(s.members, m)
		}
		members, ok := pop(&s.members, base, s)
		if !ok {
			return Value{}
		}
		v = Value{kind: Object, members: members}
	case Array:
		if !s.enter() {
			return Value{}
		}
		if s.items == nil {
			s.items = make([]Value, 0, min(16, len(s.data)/8+1))
		}
		base := len(s.items)
		for s.Next() {
			item := s.Value() // before reading s.items, which it may grow
			s.items = append(s.items, item)
		}
		items, ok := pop(&s.items, base, s)
		if !ok {
			return Value{}
		}
		v = Value{kind: Array, items: items}
	case String:
		str, err := s.string()
		if err != nil {
			s.failed(err)
			return Value{}
		}
		v = Value{kind: String, str: str}
	case Number:
		lo := s.pos
		hi, err := s.numberEnd()
		if err != nil {
			s.failed(err)
			return Value{}
		}
		text := s.text(lo, hi)
		// The grammar is stricter than ParseFloat's, so its only possible
		// error is ErrRange, whose ±Inf (or 0 for underflow) result is
		// kept, as JavaScript does; Raw still has the text.
		f, _ := strconv.ParseFloat(text, 64)
		v = Value{kind: Number, num: f, str: text}
	case Bool, Null:
		b := s.literal()
		if s.err != nil {
			return Value{}
		}
		v = Value{kind: k, b: b}
	default:
		s.expect(Null) // the error for no value at all
		return Value{}
	}
	s.done = true
	return v
}

// String reads the next value, which must be a string.
func (s *Scanner) String() string {
	if !s.expect(String) {
		return ""
	}
	str, err := s.string()
	s.failed(err)
	s.done = true
	return str
}

// Number reads the next value, which must be a number, and returns its
// text: a slice of the input, to be parsed, not kept.
func (s *Scanner) Number() []byte {
	if !s.expect(Number) {
		return nil
	}
	start := s.pos
	end, err := s.numberEnd()
	if err != nil {
		s.failed(err)
		return nil
	}
	s.done = true
	return s.data[start:end]
}

// Bool reads the next value, which must be true or false.
func (s *Scanner) Bool() bool {
	if !s.expect(Bool) {
		return false
	}
	b := s.literal()
	s.done = true
	return b
}

// pop ends the object or array just read, whose members or items are
// stack[base:]: it removes them from the stack and returns them in a slice
// of their own, or false after an error. The top-level value takes the
// stack itself.
func pop[T any](stack *[]T, base int, s *Scanner) ([]T, bool) {
	st := *stack
	if s.err != nil {
		clear(st[base:]) // the stack keeps no strings or slices alive
		*stack = st[:base]
		return nil, false
	}
	if s.depth == 0 {
		*stack = nil
		return st[:len(st):len(st)], true
	}
	out := make([]T, len(st)-base)
	copy(out, st[base:])
	clear(st[base:])
	*stack = st[:base]
	return out, true
}

// literal reads true, false or null at pos; true for true.
func (s *Scanner) literal() bool {
	word := "null"
	switch s.data[s.pos] {
	case 't':
		word = "true"
	case 'f':
		word = "false"
	}
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		s.failed(s.fail("invalid literal, want " + word))
		return false
	}
	s.pos += len(word)
	return word == "true"
}

// Skip reads past the next value, checking it as Value would, without
// decoding it.
func (s *Scanner) Skip() {
	switch s.Kind() {
	case Object:
		s.Object()
		for _, ok := s.Key(); ok; _, ok = s.Key() {
			s.Skip()
		}
	case Array:
		s.Array()
		for s.Next() {
			s.Skip()
		}
	case String:
		s.skipString()
	case Number:
		s.Number()
	case Bool, Null:
		s.literal()
	default:
		s.expect(Null) // the error for no value at all
		return
	}
	s.done = true
}

// skipString checks the string at pos: invalid UTF-8 is no error (Parse
// replaces it), escapes and control characters are checked.
func (s *Scanner) skipString() {
	d := s.data
	for s.pos++; s.pos < len(d); s.pos++ {
		switch c := d[s.pos]; {
		case c == '"':
			s.pos++
			return
		case c == '\\':
			var err error
			if s.buf, err = s.escape(s.buf[:0]); err != nil {
				s.failed(err)
				return
			}
			s.pos--
		case c < 0x20:
			s.failed(s.fail("control character " + strconv.QuoteRune(rune(c)) + " in string"))
			return
		}
	}
	s.failed(s.fail("unterminated string"))
}

// SkipRaw is Skip that returns the value's text (a slice of the input).
func (s *Scanner) SkipRaw() []byte {
	s.skipSpace()
	start := s.pos
	s.Skip()
	if s.err != nil {
		return nil
	}
	return s.data[start:s.pos]
}

// numberEnd checks the number at pos and moves past it.
func (s *Scanner) numberEnd() (int, error) {
	d := s.data
	if d[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(d) && d[s.pos] == '0':
		s.pos++
	case s.pos < len(d) && d[s.pos] >= '1' && d[s.pos] <= '9':
		s.skipDigits()
	default:
		return 0, s.fail("invalid number: expected digit, found " + s.describe())
	}
	if s.pos < len(d) && d[s.pos] == '.' {
		s.pos++
		if s.skipDigits() == 0 {
			return 0, s.fail("invalid number: expected digit after '.', found " + s.describe())
		}
	}
	if s.pos < len(d) && (d[s.pos] == 'e' || d[s.pos] == 'E') {
		s.pos++
		if s.pos < len(d) && (d[s.pos] == '+' || d[s.pos] == '-') {
			s.pos++
		}
		if s.skipDigits() == 0 {
			return 0, s.fail("invalid number: expected digit in exponent, found " + s.describe())
		}
	}
	return s.pos, nil
}

func (s *Scanner) skipDigits() int {
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos - start
}

// string decodes the string starting at the opening quote at pos.
func (s *Scanner) string() (string, error) {
	s.pos++ // "
	start := s.pos
	d := s.data
	// Fast path: no escapes and valid UTF-8, so the string is the input's
	// bytes as they are.
	for s.pos < len(d) {
		c := d[s.pos]
		if c == '"' {
			str := s.text(start, s.pos)
			s.pos++
			return str, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c < utf8.RuneSelf {
			s.pos++
			continue
		}
		r, size := utf8.DecodeRune(d[s.pos:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		s.pos += size
	}
	// Else the string is decoded in buf, which the next one reuses.
	buf := s.buf[:0]
	if buf == nil {
		buf = make([]byte, 0, 64)
	}
	buf = append(buf, d[start:s.pos]...)
	for s.pos < len(d) {
		c := d[s.pos]
		switch {
		case c == '"':
			s.pos++
			s.buf = buf
			return s.str(buf), nil
		case c < 0x20:
			return "", s.fail("control character " + strconv.QuoteRune(rune(c)) + " in string")
		case c == '\\':
			var err error
			buf, err = s.escape(buf)
			if err != nil {
				return "", err
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			s.pos++
		default:
			r, size := utf8.DecodeRune(d[s.pos:])
			if r == utf8.RuneError && size == 1 {
				buf = utf8.AppendRune(buf, utf8.RuneError)
			} else {
				buf = append(buf, d[s.pos:s.pos+size]...)
			}
			s.pos += size
		}
	}
	return "", s.fail("unterminated string")
}

// escape decodes the escape sequence at pos (a backslash) onto buf.
func (s *Scanner) escape(buf []byte) ([]byte, error) {
	d := s.data
	if s.pos+1 >= len(d) {
		s.pos = len(d)
		return buf, s.fail("unterminated string")
	}
	s.pos++
	c := d[s.pos]
	s.pos++
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
		r, err := s.hex4()
		if err != nil {
			return buf, err
		}
		if r >= 0xD800 && r < 0xDC00 {
			// A high surrogate combines only with an immediately following
			// \u low surrogate; otherwise it is lone and becomes U+FFFD,
			// and whatever follows is decoded on its own.
			if s.pos+1 < len(d) && d[s.pos] == '\\' && d[s.pos+1] == 'u' {
				save := s.pos
				s.pos += 2
				r2, err := s.hex4()
				if err != nil {
					return buf, err
				}
				if r2 >= 0xDC00 && r2 < 0xE000 {
					return utf8.AppendRune(buf, 0x10000+(r-0xD800)<<10+(r2-0xDC00)), nil
				}
				s.pos = save
			}
			return utf8.AppendRune(buf, utf8.RuneError), nil
		}
		// Lone low surrogates are replaced by AppendRune itself.
		return utf8.AppendRune(buf, r), nil
	}
	s.pos--
	return buf, s.fail("invalid escape " + strconv.QuoteRune(rune(c)) + " in string")
}

func (s *Scanner) hex4() (rune, error) {
	if len(s.data)-s.pos < 4 {
		return 0, s.fail("invalid \\u escape: want 4 hex digits")
	}
	var r rune
	for range 4 {
		c := s.data[s.pos]
		var n byte
		switch {
		case c >= '0' && c <= '9':
			n = c - '0'
		case c >= 'a' && c <= 'f':
			n = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			n = c - 'A' + 10
		default:
			return 0, s.fail("invalid \\u escape: " + strconv.QuoteRune(rune(c)) + " is not a hex digit")
		}
		r = r<<4 | rune(n)
		s.pos++
	}
	return r, nil
}

// Tree holds a value read by Scanner.Read: every part of it in one slice,
// which Reset lets the next value reuse, so that reading a long array item
// by item allocates nothing once the slice has grown to the largest item.
type Tree struct {
	nodes []node
	data  []byte // the input, for numbers' text
}

type node struct {
	_     [0]func() // no comparison: none is needed, and it would cost code
	kind  Kind
	b     bool
	num   float64
	str   string // the string
	key   string // the member name, for a member of an object
	lo    int    // a number's text is data[lo:hi]
	hi    int
	first int32 // first item or member, -1 if none
	next  int32 // next sibling, -1 if none
	n     int32 // number of items or members
}

// Reset forgets the value read into t; its Nodes must not be used after.
func (t *Tree) Reset() { t.nodes = t.nodes[:0] }

// Node is a value in a Tree. Its accessors behave as Value's: the zero Node
// is a missing value, and asking anything of the wrong kind yields zero.
type Node struct {
	t *Tree
	i int32
}

// Read reads the next value into t (after what t already holds).
func (s *Scanner) Read(t *Tree) Node {
	t.data = s.data
	if i := s.read(t); i >= 0 && s.err == nil {
		return Node{t, i}
	}
	return Node{}
}

func (s *Scanner) read(t *Tree) int32 {
	k := s.Kind()
	i := int32(len(t.nodes))
	t.nodes = append(t.nodes, node{kind: k, first: -1, next: -1})
	last := int32(-1)
	add := func(c int32) {
		if last < 0 {
			t.nodes[i].first = c
		} else {
			t.nodes[last].next = c
		}
		t.nodes[i].n++
		last = c
	}
	switch k {
	case Object:
		s.Object()
		for key, ok := s.Key(); ok; key, ok = s.Key() {
			c := s.read(t)
			if c < 0 {
				return -1
			}
			t.nodes[c].key = key
			add(c)
		}
		s.done = true
	case Array:
		s.Array()
		for s.Next() {
			c := s.read(t)
			if c < 0 {
				return -1
			}
			add(c)
		}
		s.done = true
	case String:
		str := s.String()
		t.nodes[i].str = str
	case Number:
		lo := s.pos
		raw := s.Number()
		// The grammar is stricter than ParseFloat's, so its only possible
		// error is ErrRange, whose ±Inf (or 0) is kept, as Parse does.
		f, _ := strconv.ParseFloat(string(raw), 64)
		n := &t.nodes[i]
		n.lo, n.hi, n.num = lo, lo+len(raw), f
	case Bool:
		b := s.Bool()
		t.nodes[i].b = b
	default:
		s.Value() // null, or the error for no value
	}
	if s.err != nil {
		return -1
	}
	return i
}

// node is not inlined: the wasm build would carry a copy of it at every
// accessor's call site.
//
//go:noinline
func (v Node) node() *node {
	if v.t == nil {
		return &missing
	}
	return &v.t.nodes[v.i]
}

// missing is the node of the zero Node; never written.
var missing = node{first: -1, next: -1}

func (v Node) Kind() Kind { return v.node().kind }

// Get returns the member key of an object; the last one when the key is
// repeated, as Value.Get.
func (v Node) Get(key string) Node {
	n := v.node()
	if n.kind != Object {
		return Node{}
	}
	found := int32(-1)
	nodes := v.t.nodes
	for c := n.first; c >= 0; c = nodes[c].next {
		if nodes[c].key == key {
			found = c
		}
	}
	if found < 0 {
		return Node{}
	}
	return Node{v.t, found}
}

// Len is the number of items or members.
func (v Node) Len() int { return int(v.node().n) }

// First is the first item or member (the zero Node when none), Next the
// one after it.
func (v Node) First() Node {
	if f := v.node().first; f >= 0 {
		return Node{v.t, f}
	}
	return Node{}
}

func (v Node) Next() Node {
	if n := v.node().next; n >= 0 {
		return Node{v.t, n}
	}
	return Node{}
}

func (v Node) Str() string { return v.node().str }

func (v Node) Bool() bool { return v.node().b }

func (v Node) Float() float64 { return v.node().num }

// Raw is a number's text.
func (v Node) Raw() string {
	if n := v.node(); n.kind == Number {
		return string(v.t.data[n.lo:n.hi])
	}
	return ""
}

package jsonlite

import "strconv"

// Scanner reads one JSON text front to back, for decoders that build their
// own model as they go instead of a Value tree of the whole input: they
// walk the objects and arrays they know, read the parts they need (Value
// decodes one part as Parse would, String, Number and Bool one scalar) and
// skip the rest (still checked). It accepts exactly what Parse accepts.
//
// Strings are interned while the Scanner lives: member names, header names
// and the values a long recording repeats on every request are allocated
// once, not once per occurrence.
//
// The first syntax error stops the Scanner: every later call returns a zero
// result, and Err (or End) reports it.
type Scanner struct {
	parser
	err error
	// depth is the nesting of the arrays and objects being read.
	depth int
	// done says a value was just completed, so a ',' or a closing bracket
	// comes next.
	done bool
	buf  []byte
}

// NewScanner returns a Scanner positioned before the top-level value.
func NewScanner(data []byte) *Scanner {
	return &Scanner{parser: parser{data: data, strs: map[string]string{}, recent: new([256]string)}}
}

// Reset makes s read data from the start, keeping the strings it interned.
func (s *Scanner) Reset(data []byte) {
	s.data, s.pos, s.err, s.depth, s.done = data, 0, nil, 0, false
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
	if !s.expect(k) {
		return false
	}
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

// Value reads the next value as Parse would.
func (s *Scanner) Value() Value {
	if s.err != nil {
		return Value{}
	}
	s.skipSpace()
	v, err := s.value(s.depth)
	if err != nil {
		s.failed(err)
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

// literal reads true, false or null at pos; true for true.
func (s *Scanner) literal() bool {
	word := "null"
	switch s.data[s.pos] {
	case 't':
		word = "true"
	case 'f':
		word = "false"
	}
	_, err := s.parser.literal(word, Value{})
	s.failed(err)
	return word == "true"
}

// Skip reads past the next value, checking it as Parse would, without
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

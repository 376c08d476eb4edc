package jsonlite

import (
	"strconv"
	"unicode/utf8"
)

// Scanner reads one JSON text front to back, for decoders that build their
// own model as they go instead of a Value tree of the whole input: members
// they do not need are skipped (still checked), and the parts they do need
// can be read into a reusable Tree one at a time. It accepts exactly what
// Parse accepts and decodes strings and numbers the same way.
//
// Strings are interned while the Scanner lives: member names, header names
// and the values a long recording repeats on every request are allocated
// once, not once per occurrence.
//
// The first syntax error stops the Scanner: every later call returns a zero
// result, and Err (or End) reports it.
type Scanner struct {
	data []byte
	pos  int
	err  error
	// depth is the nesting of the arrays and objects being read.
	depth int
	// done says a value was just completed, so a ',' or a closing bracket
	// comes next.
	done bool
	buf  []byte
	// strs interns the strings read (see intern).
	strs map[string]string
}

// NewScanner returns a Scanner positioned before the top-level value.
func NewScanner(data []byte) *Scanner {
	return &Scanner{data: data, strs: map[string]string{}}
}

// Err is the first syntax error, or nil.
func (s *Scanner) Err() error { return s.err }

// End checks that nothing but whitespace follows the top-level value and
// returns the first syntax error, if any.
func (s *Scanner) End() error {
	if s.err == nil {
		s.skipSpace()
		if s.pos < len(s.data) {
			s.fail("unexpected " + s.describe() + " after top-level value")
		}
	}
	return s.err
}

func (s *Scanner) fail(msg string) {
	if s.err == nil {
		s.err = &SyntaxError{Offset: s.pos, Msg: msg}
	}
}

// failP records an error of the parser used for one value at its position.
func (s *Scanner) failP(err error) {
	if s.err == nil {
		s.err = err
	}
}

func (s *Scanner) describe() string {
	p := parser{data: s.data, pos: s.pos}
	return p.describe()
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

// open consumes the '{' or '[' at pos.
func (s *Scanner) open() bool {
	s.depth++
	if s.depth > MaxDepth {
		s.fail("nesting deeper than " + strconv.Itoa(MaxDepth))
		return false
	}
	s.pos++
	s.done = false
	return true
}

// Object starts reading the object that is the next value (Kind must be
// Object); Key then yields its members.
func (s *Scanner) Object() bool {
	if s.Kind() != Object {
		s.valueError()
		return false
	}
	return s.open()
}

// Key reads the next member name of the object being read and the ':'
// after it; false when the object ends (its '}' is consumed) or on error.
// The member's value must be read or skipped before the next Key.
func (s *Scanner) Key() (string, bool) {
	if s.err != nil {
		return "", false
	}
	s.skipSpace()
	if s.done {
		if s.pos >= len(s.data) {
			s.fail("unterminated object")
			return "", false
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
			s.skipSpace()
		case '}':
			s.pos++
			s.depth--
			return "", false
		default:
			s.fail("expected ',' or '}' in object, found " + s.describe())
			return "", false
		}
	} else if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		s.done = true
		return "", false
	}
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		s.fail("expected member name, found " + s.describe())
		return "", false
	}
	key := s.str()
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != ':' {
		s.fail("expected ':' after member name, found " + s.describe())
		return "", false
	}
	s.pos++
	s.done = false
	return key, s.err == nil
}

// Array starts reading the array that is the next value (Kind must be
// Array); Next then says whether another item follows.
func (s *Scanner) Array() bool {
	if s.Kind() != Array {
		s.valueError()
		return false
	}
	return s.open()
}

// Next says whether the array being read has another item, consuming the
// ',' before it or the ']' that ends the array.
func (s *Scanner) Next() bool {
	if s.err != nil {
		return false
	}
	s.skipSpace()
	if s.done {
		if s.pos >= len(s.data) {
			s.fail("unterminated array")
			return false
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
			s.done = false
			return true
		case ']':
			s.pos++
			s.depth--
			return false
		}
		s.fail("expected ',' or ']' in array, found " + s.describe())
		return false
	}
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		s.done = true
		return false
	}
	return true
}

// valueError reports the byte at pos as no JSON value.
func (s *Scanner) valueError() {
	s.skipSpace()
	if s.pos >= len(s.data) {
		s.fail("unexpected end of input")
		return
	}
	s.fail("unexpected " + s.describe())
}

// String reads the next value, which must be a string.
func (s *Scanner) String() string {
	if s.Kind() != String {
		s.valueError()
		return ""
	}
	str := s.str()
	s.done = true
	return str
}

// Number reads the next value, which must be a number, and returns its
// text: a slice of the input, to be parsed, not kept.
func (s *Scanner) Number() []byte {
	if s.Kind() != Number {
		s.valueError()
		return nil
	}
	lo, hi := s.number()
	s.done = true
	return s.data[lo:hi]
}

// Bool reads the next value, which must be true or false.
func (s *Scanner) Bool() bool {
	if s.Kind() != Bool {
		s.valueError()
		return false
	}
	b := s.literal().b
	s.done = true
	return b
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

// Interning stops at these bounds, so that hostile input cannot make the
// table itself large: longer strings, and strings once the table is full,
// are allocated each time.
const (
	maxInterned    = 4096
	maxInternTable = 1 << 16
)

// intern returns b as a string, the same one for equal bytes.
func (s *Scanner) intern(b []byte) string {
	if len(b) > maxInterned {
		return string(b)
	}
	if v, ok := s.strs[string(b)]; ok {
		return v
	}
	v := string(b)
	if len(s.strs) < maxInternTable {
		s.strs[v] = v
	}
	return v
}

// str decodes the string at pos: when it has no escapes and is valid
// UTF-8, its bytes as they are, else decoded as Parse does.
func (s *Scanner) str() string {
	start := s.pos + 1
	d := s.data
	ascii := true
	for i := start; i < len(d); i++ {
		c := d[i]
		if c == '"' {
			if ascii || utf8.Valid(d[start:i]) {
				s.pos = i + 1
				return s.intern(d[start:i])
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	p := parser{data: d, pos: s.pos}
	str, err := p.string()
	s.pos = p.pos
	if err != nil {
		s.failP(err)
		return ""
	}
	return str
}

// number checks the number at pos and returns where its text is.
func (s *Scanner) number() (lo, hi int) {
	p := parser{data: s.data, pos: s.pos}
	end, err := p.numberEnd()
	if err != nil {
		s.pos = p.pos
		s.failP(err)
		return 0, 0
	}
	lo, s.pos = s.pos, end
	return lo, end
}

// Skip reads past the next value, checking it as Parse would.
func (s *Scanner) Skip() {
	switch s.Kind() {
	case Object:
		if !s.open() {
			return
		}
		for _, ok := s.Key(); ok; _, ok = s.Key() {
			s.Skip()
		}
	case Array:
		if !s.open() {
			return
		}
		for s.Next() {
			s.Skip()
		}
	case String:
		s.skipString()
	case Number:
		p := parser{data: s.data, pos: s.pos}
		end, err := p.numberEnd()
		s.pos = p.pos
		if err != nil {
			s.failP(err)
			return
		}
		s.pos = end
	case Bool, Null:
		s.literal()
	default:
		s.valueError()
		return
	}
	s.done = true
}

// skipString checks the string at pos without decoding it: invalid UTF-8
// is no error (Parse replaces it), escapes and control characters are
// checked.
func (s *Scanner) skipString() {
	d := s.data
	for i := s.pos + 1; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			s.pos = i + 1
			return
		case c == '\\':
			p := parser{data: d, pos: i}
			var err error
			s.buf, err = p.escape(s.buf[:0])
			if err != nil {
				s.pos = p.pos
				s.failP(err)
				return
			}
			i = p.pos - 1
		case c < 0x20:
			s.pos = i
			s.fail("control character " + strconv.QuoteRune(rune(c)) + " in string")
			return
		}
	}
	s.pos = len(d)
	s.fail("unterminated string")
}

// literal reads true, false or null at pos.
func (s *Scanner) literal() Value {
	p := parser{data: s.data, pos: s.pos}
	var v Value
	var err error
	switch s.data[s.pos] {
	case 't':
		v, err = p.literal("true", Value{kind: Bool, b: true})
	case 'f':
		v, err = p.literal("false", Value{kind: Bool})
	default:
		v, err = p.literal("null", Value{kind: Null})
	}
	s.pos = p.pos
	if err != nil {
		s.failP(err)
	}
	return v
}

// Tree holds values read by Scanner.Value. Reset lets one Tree serve many
// values in turn (one per array item, say) without allocating again.
type Tree struct {
	nodes []node
	data  []byte // the input of the numbers' text
}

type node struct {
	kind  Kind
	b     bool
	num   float64
	str   string // the string
	lo    int    // a number's text is data[lo:hi]
	hi    int
	key   string // the member name, for a member of an object
	first int32  // first child, or -1
	next  int32  // next sibling, or -1
	n     int32  // number of children
}

// Reset forgets every value read into t; Nodes of them must not be used
// after.
func (t *Tree) Reset() { t.nodes = t.nodes[:0] }

// Node is one value in a Tree. Its accessors behave as Value's do: the
// zero Node is a missing value, and asking it anything yields zero results.
type Node struct {
	t *Tree
	i int32
}

// Value reads the next value into t.
func (s *Scanner) Value(t *Tree) Node {
	t.data = s.data
	i := s.read(t)
	if s.err != nil || i < 0 {
		return Node{}
	}
	return Node{t, i}
}

func (s *Scanner) read(t *Tree) int32 {
	k := s.Kind()
	i := int32(len(t.nodes))
	t.nodes = append(t.nodes, node{kind: k, first: -1, next: -1})
	switch k {
	case Object:
		if !s.open() {
			return -1
		}
		last := int32(-1)
		for key, ok := s.Key(); ok; key, ok = s.Key() {
			c := s.read(t)
			if c < 0 {
				return -1
			}
			t.nodes[c].key = key
			t.link(i, last, c)
			last = c
		}
	case Array:
		if !s.open() {
			return -1
		}
		last := int32(-1)
		for s.Next() {
			c := s.read(t)
			if c < 0 {
				return -1
			}
			t.link(i, last, c)
			last = c
		}
	case String:
		t.nodes[i].str = s.str()
	case Number:
		lo, hi := s.number()
		// The grammar is stricter than ParseFloat's, so its only possible
		// error is ErrRange, whose ±Inf (or 0) is kept, as Parse does.
		f, _ := strconv.ParseFloat(string(s.data[lo:hi]), 64)
		n := &t.nodes[i]
		n.lo, n.hi, n.num = lo, hi, f
	case Bool, Null:
		t.nodes[i].b = s.literal().b
	default:
		s.valueError()
		return -1
	}
	s.done = true
	if s.err != nil {
		return -1
	}
	return i
}

func (t *Tree) link(parent, last, c int32) {
	if last < 0 {
		t.nodes[parent].first = c
	} else {
		t.nodes[last].next = c
	}
	t.nodes[parent].n++
}

func (v Node) node() *node {
	if v.t == nil {
		return &missing
	}
	return &v.t.nodes[v.i]
}

var missing = node{first: -1, next: -1}

func (v Node) Kind() Kind { return v.node().kind }

func (v Node) Exists() bool { return v.t != nil }

func (v Node) IsNull() bool { return v.node().kind == Null }

// Get returns the member key of an object; the last one when the key is
// repeated, as Value.Get.
func (v Node) Get(key string) Node {
	n := v.node()
	if n.kind != Object {
		return Node{}
	}
	found := Node{}
	for c := n.first; c >= 0; c = v.t.nodes[c].next {
		if v.t.nodes[c].key == key {
			found = Node{v.t, c}
		}
	}
	return found
}

// Len is the number of items or members.
func (v Node) Len() int { return int(v.node().n) }

// First is the first item or member (check Exists), Next the one after it.
func (v Node) First() Node {
	if n := v.node(); n.first >= 0 && (n.kind == Array || n.kind == Object) {
		return Node{v.t, n.first}
	}
	return Node{}
}

func (v Node) Next() Node {
	if n := v.node(); v.t != nil && n.next >= 0 {
		return Node{v.t, n.next}
	}
	return Node{}
}

// Key is the member name of a member of an object.
func (v Node) Key() string { return v.node().key }

func (v Node) Str() string {
	if n := v.node(); n.kind == String {
		return n.str
	}
	return ""
}

func (v Node) Bool() bool { n := v.node(); return n.kind == Bool && n.b }

func (v Node) Float() float64 {
	if n := v.node(); n.kind == Number {
		return n.num
	}
	return 0
}

// Raw is a number's source text.
func (v Node) Raw() string {
	if n := v.node(); n.kind == Number {
		return string(v.t.data[n.lo:n.hi])
	}
	return ""
}

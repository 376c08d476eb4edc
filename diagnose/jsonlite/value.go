package jsonlite

import (
	"math"
	"strconv"
)

// Kind is the JSON type of a Value. The zero value, Invalid, is what a lookup
// returns when there is nothing there.
type Kind uint8

const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "bool"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid"
}

// Member is one name/value pair of an object, in document order.
type Member struct {
	Key   string
	Value Value
}

// Value is one JSON value. The zero Value has Kind Invalid and means "absent".
type Value struct {
	kind    Kind
	b       bool
	num     float64
	str     string // the string, or a number's source text
	items   []Value
	members []Member
}

// NullValue returns a JSON null.
func NullValue() Value { return Value{kind: Null} }

// BoolValue returns a JSON true or false.
func BoolValue(b bool) Value { return Value{kind: Bool, b: b} }

// NumberValue returns a JSON number. NaN and infinities have no JSON form and
// are encoded as null.
func NumberValue(f float64) Value { return Value{kind: Number, num: f} }

// StringValue returns a JSON string.
func StringValue(s string) Value { return Value{kind: String, str: s} }

// ArrayValue returns a JSON array of items.
func ArrayValue(items ...Value) Value { return Value{kind: Array, items: items} }

// ObjectValue returns a JSON object with members in the given order.
func ObjectValue(members ...Member) Value { return Value{kind: Object, members: members} }

// Kind reports the JSON type of v.
func (v Value) Kind() Kind { return v.kind }

// Exists reports whether v is present (any kind but Invalid, null included).
func (v Value) Exists() bool { return v.kind != Invalid }

// IsNull reports whether v is a JSON null.
func (v Value) IsNull() bool { return v.kind == Null }

// Get returns the value of the member named key, or the zero Value when v is
// not an object or has no such member. With duplicate names the last one
// wins, as in JavaScript's JSON.parse and encoding/json.
func (v Value) Get(key string) Value {
	for i := len(v.members) - 1; i >= 0; i-- {
		if v.members[i].Key == key {
			return v.members[i].Value
		}
	}
	return Value{}
}

// Index returns the i-th item of an array, or the zero Value.
func (v Value) Index(i int) Value {
	if i < 0 || i >= len(v.items) {
		return Value{}
	}
	return v.items[i]
}

// Len is the number of items of an array or members of an object, else 0.
func (v Value) Len() int {
	switch v.kind {
	case Array:
		return len(v.items)
	case Object:
		return len(v.members)
	}
	return 0
}

// Items returns the items of an array (nil for other kinds). The slice is
// shared with v; do not modify it.
func (v Value) Items() []Value { return v.items }

// Members returns the members of an object in document order (nil for other
// kinds). The slice is shared with v; do not modify it.
func (v Value) Members() []Member { return v.members }

// Str returns the string of a String value, else "".
func (v Value) Str() string {
	if v.kind != String {
		return ""
	}
	return v.str
}

// Bool returns the boolean of a Bool value, else false.
func (v Value) Bool() bool { return v.kind == Bool && v.b }

// Float returns the number of a Number value, else 0. Numbers too large for
// float64 are ±Inf.
func (v Value) Float() float64 {
	if v.kind != Number {
		return 0
	}
	return v.num
}

// Int returns the number truncated toward zero and clamped to the int64
// range, else 0. Integers written exactly in the source keep full precision.
func (v Value) Int() int64 {
	if v.kind != Number {
		return 0
	}
	if v.str != "" {
		if i, err := strconv.ParseInt(v.str, 10, 64); err == nil {
			return i
		}
	}
	f := math.Trunc(v.num)
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// Raw returns a parsed number's source text ("" for other kinds and for
// numbers built with NumberValue).
func (v Value) Raw() string {
	if v.kind != Number {
		return ""
	}
	return v.str
}

package jsonlite

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var parseCases = []struct {
	name string
	in   string
	want Value
	err  string // substring of the error; "" means success
	off  int    // error offset when err != ""
}{
	{name: "null", in: "null", want: NullValue()},
	{name: "true", in: " true ", want: BoolValue(true)},
	{name: "false", in: "\t\r\nfalse\n", want: BoolValue(false)},
	{name: "zero", in: "0", want: Value{kind: Number, str: "0"}},
	{name: "negative zero", in: "-0", want: Value{kind: Number, num: math.Copysign(0, -1), str: "-0"}},
	{name: "float exp", in: "-12.5e+2", want: Value{kind: Number, num: -1250, str: "-12.5e+2"}},
	{name: "huge number is +Inf, raw kept", in: "1e400", want: Value{kind: Number, num: math.Inf(1), str: "1e400"}},
	{name: "string plain", in: `"abc"`, want: StringValue("abc")},
	{name: "string escapes", in: `"a\"b\\c\/d\b\f\n\r\t"`, want: StringValue("a\"b\\c/d\b\f\n\r\t")},
	{name: "unicode escape", in: `"\u00e9\u20AC"`, want: StringValue("é€")},
	{name: "surrogate pair", in: `"\ud83d\ude00"`, want: StringValue("😀")},
	{name: "lone high surrogate", in: `"\ud83dx"`, want: StringValue("\uFFFDx")},
	{name: "high surrogate then non-low escape", in: `"\ud83d\u0041"`, want: StringValue("\uFFFDA")},
	{name: "two high surrogates", in: `"\ud83d\ud83d\ude00"`, want: StringValue("\uFFFD😀")},
	{name: "lone low surrogate", in: `"\ude00"`, want: StringValue("\uFFFD")},
	{name: "invalid utf8 replaced per byte", in: "\"a\xff\xfeb\"", want: StringValue("a\uFFFD\uFFFDb")},
	{name: "truncated utf8", in: "\"\xe2\x82\"", want: StringValue("\uFFFD\uFFFD")},
	{name: "raw utf8 kept", in: `"日本"`, want: StringValue("日本")},
	{name: "empty array", in: "[]", want: ArrayValue()},
	{name: "empty object", in: "{ }", want: ObjectValue()},
	{name: "nested", in: `{"a":[1,{"b":null}],"c":"d"}`, want: ObjectValue(
		Member{"a", ArrayValue(Value{kind: Number, num: 1, str: "1"}, ObjectValue(Member{"b", NullValue()}))},
		Member{"c", StringValue("d")},
	)},
	{name: "duplicate keys kept in order", in: `{"k":1,"k":2}`, want: ObjectValue(
		Member{"k", Value{kind: Number, num: 1, str: "1"}},
		Member{"k", Value{kind: Number, num: 2, str: "2"}},
	)},

	{name: "empty input", in: "", err: "unexpected end of input", off: 0},
	{name: "only spaces", in: "   ", err: "unexpected end of input", off: 3},
	{name: "trailing garbage", in: "{} x", err: "after top-level value", off: 3},
	{name: "two values", in: "1 2", err: "after top-level value", off: 2},
	{name: "leading zero", in: "01", err: "after top-level value", off: 1},
	{name: "plus sign", in: "+1", err: "unexpected character '+'", off: 0},
	{name: "bare minus", in: "-", err: "expected digit", off: 1},
	{name: "dot without digits", in: "1.", err: "after '.'", off: 2},
	{name: "leading dot", in: ".5", err: "unexpected", off: 0},
	{name: "exponent without digits", in: "1e+", err: "exponent", off: 3},
	{name: "NaN", in: "NaN", err: "unexpected", off: 0},
	{name: "Infinity", in: "-Infinity", err: "expected digit", off: 1},
	{name: "single quotes", in: "'a'", err: "unexpected", off: 0},
	{name: "unterminated string", in: `"abc`, err: "unterminated string", off: 4},
	{name: "unterminated escape", in: `"abc\`, err: "unterminated string", off: 5},
	{name: "control char in string", in: "\"a\nb\"", err: "control character", off: 2},
	{name: "bad escape", in: `"\x41"`, err: "invalid escape 'x'", off: 2},
	{name: "short unicode escape", in: `"\u12"`, err: "4 hex digits", off: 3},
	{name: "non-hex unicode escape", in: `"\u12G4"`, err: "not a hex digit", off: 5},
	{name: "surrogate then bad escape", in: `"\ud83d\uZZZZ"`, err: "not a hex digit", off: 9},
	{name: "trailing comma array", in: "[1,]", err: "unexpected character ']'", off: 3},
	{name: "trailing comma object", in: `{"a":1,}`, err: "expected member name", off: 7},
	{name: "missing colon", in: `{"a" 1}`, err: "expected ':'", off: 5},
	{name: "unquoted key", in: `{a:1}`, err: "expected member name", off: 1},
	{name: "unterminated array", in: "[1", err: "unterminated array", off: 2},
	{name: "unterminated object", in: `{"a":1`, err: "unterminated object", off: 6},
	{name: "missing comma", in: "[1 2]", err: "expected ',' or ']'", off: 3},
	{name: "truncated literal", in: "tru", err: "want true", off: 0},
	{name: "wrong literal", in: "nul1", err: "want null", off: 0},
	{name: "BOM", in: "\xef\xbb\xbf{}", err: "byte 0xef", off: 0},
	{name: "comment", in: "// x\n{}", err: "unexpected character '/'", off: 0},
	{name: "too deep", in: strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), err: "nesting deeper than 512", off: MaxDepth},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse([]byte(tc.in))
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				var se *SyntaxError
				require.ErrorAs(t, err, &se)
				assert.Equal(t, tc.off, se.Offset)
				assert.False(t, got.Exists())
				return
			}
			require.NoError(t, err)
			assert.True(t, equal(tc.want, got), "got %#v", got)
		})
	}
}

func TestParseMaxDepthAccepted(t *testing.T) {
	in := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	v, err := Parse([]byte(in))
	require.NoError(t, err)
	depth := 0
	for v.Kind() == Array {
		depth++
		v = v.Index(0)
	}
	assert.Equal(t, MaxDepth, depth)
}

func TestAccessors(t *testing.T) {
	v, err := Parse([]byte(`{"s":"x","n":-3.9,"big":9007199254740993,"huge":1e300,"t":true,"a":[1,"two"],"o":{"k":"v"},"z":null,"dup":1,"dup":2}`))
	require.NoError(t, err)

	t.Run("object", func(t *testing.T) {
		assert.Equal(t, Object, v.Kind())
		assert.Equal(t, 10, v.Len())
		assert.Len(t, v.Members(), 10)
		assert.Equal(t, "s", v.Members()[0].Key)
		assert.Nil(t, v.Items())
	})
	t.Run("string", func(t *testing.T) {
		assert.Equal(t, "x", v.Get("s").Str())
		assert.Equal(t, "", v.Get("n").Str())
		assert.Equal(t, 0, v.Get("s").Len())
	})
	t.Run("numbers", func(t *testing.T) {
		assert.Equal(t, -3.9, v.Get("n").Float())
		assert.Equal(t, int64(-3), v.Get("n").Int())
		assert.Equal(t, "-3.9", v.Get("n").Raw())
		assert.Equal(t, int64(9007199254740993), v.Get("big").Int(), "exact integers keep precision")
		assert.Equal(t, int64(math.MaxInt64), v.Get("huge").Int(), "clamped")
		assert.Equal(t, 0.0, v.Get("s").Float())
		assert.Equal(t, int64(0), v.Get("s").Int())
		assert.Equal(t, "", v.Get("s").Raw())
		assert.Equal(t, int64(math.MinInt64), NumberValue(-1e300).Int())
		assert.Equal(t, int64(0), NumberValue(math.NaN()).Int())
	})
	t.Run("bool", func(t *testing.T) {
		assert.True(t, v.Get("t").Bool())
		assert.False(t, v.Get("s").Bool())
	})
	t.Run("array", func(t *testing.T) {
		a := v.Get("a")
		assert.Equal(t, Array, a.Kind())
		assert.Equal(t, 2, a.Len())
		assert.Equal(t, "two", a.Index(1).Str())
		assert.False(t, a.Index(2).Exists())
		assert.False(t, a.Index(-1).Exists())
		assert.Len(t, a.Items(), 2)
		assert.False(t, a.Get("0").Exists(), "arrays have no members")
	})
	t.Run("null exists", func(t *testing.T) {
		assert.True(t, v.Get("z").Exists())
		assert.True(t, v.Get("z").IsNull())
	})
	t.Run("missing", func(t *testing.T) {
		m := v.Get("nope")
		assert.Equal(t, Invalid, m.Kind())
		assert.False(t, m.Exists())
		assert.False(t, m.IsNull())
		assert.False(t, m.Get("deeper").Index(3).Get("x").Exists(), "chains never panic")
	})
	t.Run("duplicate last wins", func(t *testing.T) {
		assert.Equal(t, int64(2), v.Get("dup").Int())
	})
	t.Run("nested", func(t *testing.T) {
		assert.Equal(t, "v", v.Get("o").Get("k").Str())
	})
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Invalid: "invalid", Null: "null", Bool: "bool", Number: "number", String: "string", Array: "array", Object: "object", Kind(99): "invalid"} {
		assert.Equal(t, want, k.String())
	}
}

// TestAgreesWithEncodingJSON checks acceptance and decoded content against
// the standard library on every table input.
func TestAgreesWithEncodingJSON(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			compareStd(t, []byte(tc.in))
		})
	}
}

func compareStd(t testing.TB, data []byte) {
	got, err := Parse(data)
	if err != nil && strings.Contains(err.Error(), "nesting deeper") {
		return // encoding/json allows deeper nesting
	}
	require.Equal(t, json.Valid(data), err == nil, "acceptance differs from encoding/json (err=%v)", err)
	if err != nil {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var std any
	require.NoError(t, dec.Decode(&std))
	require.True(t, sameAsStd(got, std), "decoded value differs from encoding/json")
}

func sameAsStd(v Value, std any) bool {
	switch s := std.(type) {
	case nil:
		return v.Kind() == Null
	case bool:
		return v.Kind() == Bool && v.Bool() == s
	case json.Number:
		return v.Kind() == Number && v.Raw() == string(s)
	case string:
		return v.Kind() == String && v.Str() == s
	case []any:
		if v.Kind() != Array || v.Len() != len(s) {
			return false
		}
		for i := range s {
			if !sameAsStd(v.Index(i), s[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		if v.Kind() != Object {
			return false
		}
		for k, sv := range s {
			if !sameAsStd(v.Get(k), sv) {
				return false
			}
		}
		for _, m := range v.Members() {
			if _, ok := s[m.Key]; !ok {
				return false
			}
		}
		return true
	}
	return false
}

// equal compares trees exactly, including number source text.
func equal(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case Bool:
		return a.b == b.b
	case Number:
		return a.str == b.str && (a.num == b.num || (math.IsNaN(a.num) && math.IsNaN(b.num))) && math.Signbit(a.num) == math.Signbit(b.num)
	case String:
		return a.str == b.str
	case Array:
		if len(a.items) != len(b.items) {
			return false
		}
		for i := range a.items {
			if !equal(a.items[i], b.items[i]) {
				return false
			}
		}
	case Object:
		if len(a.members) != len(b.members) {
			return false
		}
		for i := range a.members {
			if a.members[i].Key != b.members[i].Key || !equal(a.members[i].Value, b.members[i].Value) {
				return false
			}
		}
	}
	return true
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.in))
	}
	for _, tc := range stringCases {
		f.Add(AppendString(nil, tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		compareStd(t, data)
		v, err := Parse(data)
		if err != nil {
			return
		}
		enc := AppendValue(nil, v)
		v2, err := Parse(enc)
		require.NoError(t, err, "re-parsing our own output")
		require.True(t, equal(v, v2), "round trip changed the value")
		require.Equal(t, enc, AppendValue(nil, v2), "encoding is not stable")
		require.True(t, json.Valid(enc), "our output must be valid for encoding/json")
	})
}

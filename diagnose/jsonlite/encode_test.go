package jsonlite

import (
	"encoding/json"
	"math"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var stringCases = []struct {
	name string
	in   string
	want string
}{
	{name: "empty", in: "", want: `""`},
	{name: "plain", in: "hello", want: `"hello"`},
	{name: "quote and backslash", in: `a"b\c`, want: `"a\"b\\c"`},
	{name: "short escapes", in: "\n\r\t\b\f", want: `"\n\r\t\b\f"`},
	{name: "other controls", in: "\x00\x1f", want: `"\u0000\u001f"`},
	{name: "DEL kept", in: "\x7f", want: "\"\x7f\""},
	{name: "html", in: "<script>&</script>", want: `"\u003cscript\u003e\u0026\u003c/script\u003e"`},
	{name: "line separators", in: "a\u2028b\u2029c", want: `"a\u2028b\u2029c"`},
	{name: "non-ascii kept", in: "é日😀", want: `"é日😀"`},
	{name: "invalid utf8", in: "a\xffb\xc3", want: `"a\ufffdb\ufffd"`},
	{name: "surrogate bytes", in: "\xed\xa0\x80", want: `"\ufffd\ufffd\ufffd"`},
}

func TestAppendString(t *testing.T) {
	for _, tc := range stringCases {
		t.Run(tc.name, func(t *testing.T) {
			got := AppendString([]byte("x"), tc.in)
			assert.Equal(t, "x"+tc.want, string(got))
			if utf8.ValidString(tc.in) {
				std, err := json.Marshal(tc.in)
				require.NoError(t, err)
				assert.Equal(t, string(std), string(got[1:]), "agrees with encoding/json")
			}
		})
	}
}

func TestAppendFloat(t *testing.T) {
	cases := []struct {
		name string
		in   float64
		want string
	}{
		{"zero", 0, "0"},
		{"negative zero", math.Copysign(0, -1), "-0"},
		{"integer", 1764210000000, "1764210000000"},
		{"fraction", 1764209999000.5, "1764209999000.5"},
		{"small", 0.000001, "0.000001"},
		{"smaller", 1e-7, "1e-7"},
		{"large", 1e20, "100000000000000000000"},
		{"larger", 1e21, "1e+21"},
		{"nan", math.NaN(), "null"},
		{"inf", math.Inf(-1), "null"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, string(AppendFloat(nil, tc.in)))
			if !math.IsNaN(tc.in) && !math.IsInf(tc.in, 0) {
				std, err := json.Marshal(tc.in)
				require.NoError(t, err)
				assert.Equal(t, string(std), tc.want, "agrees with encoding/json")
			}
		})
	}
}

func TestAppendValue(t *testing.T) {
	cases := []struct {
		name string
		in   Value
		want string
	}{
		{"invalid is null", Value{}, "null"},
		{"null", NullValue(), "null"},
		{"bool", BoolValue(true), "true"},
		{"built number", NumberValue(2.5), "2.5"},
		{"string", StringValue("<"), `"\u003c"`},
		{"empty array", ArrayValue(), "[]"},
		{"empty object", ObjectValue(), "{}"},
		{"tree", ObjectValue(Member{"a", ArrayValue(NumberValue(1), NullValue())}, Member{"b", ObjectValue()}), `{"a":[1,null],"b":{}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, string(AppendValue(nil, tc.in)))
		})
	}
	t.Run("parsed numbers keep their text", func(t *testing.T) {
		v, err := Parse([]byte(`[1.50, -0, 1E400, 12345678901234567890]`))
		require.NoError(t, err)
		assert.Equal(t, `[1.50,-0,1E400,12345678901234567890]`, string(AppendValue(nil, v)))
	})
}

func TestWriter(t *testing.T) {
	t.Run("report shape", func(t *testing.T) {
		var w Writer
		w.BeginObject()
		w.Key("version")
		w.Int(1)
		w.Key("failures")
		w.BeginArray()
		w.BeginObject()
		w.Key("id")
		w.String("x")
		w.Key("evidence")
		w.Strings(nil)
		w.Key("fixes")
		w.Strings([]string{"a", "b"})
		w.Key("ok")
		w.Bool(false)
		w.Key("t")
		w.Float(0.5)
		w.Key("n")
		w.Null()
		w.Key("v")
		w.Value(ArrayValue(StringValue("q")))
		w.EndObject()
		w.BeginObject()
		w.EndObject()
		w.EndArray()
		w.EndObject()
		want := `{"version":1,"failures":[{"id":"x","evidence":[],"fixes":["a","b"],"ok":false,"t":0.5,"n":null,"v":["q"]},{}]}`
		assert.Equal(t, want, string(w.Bytes()))
		assert.True(t, json.Valid(w.Bytes()))
	})
	t.Run("top-level scalars and reset", func(t *testing.T) {
		var w Writer
		w.String("a")
		assert.Equal(t, `"a"`, string(w.Bytes()))
		w.Reset()
		w.BeginArray()
		w.Int(1)
		w.Int(2)
		w.BeginArray()
		w.EndArray()
		w.EndArray()
		assert.Equal(t, `[1,2,[]]`, string(w.Bytes()))
	})
}

func FuzzAppendString(f *testing.F) {
	for _, tc := range stringCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := AppendString(nil, s)
		require.True(t, utf8.Valid(enc))
		v, err := Parse(enc)
		require.NoError(t, err)
		require.Equal(t, String, v.Kind())
		if utf8.ValidString(s) {
			require.Equal(t, s, v.Str())
			std, err := json.Marshal(s)
			require.NoError(t, err)
			require.Equal(t, string(std), string(enc))
		} else {
			require.Equal(t, []rune(s), []rune(v.Str()), "invalid bytes decode to U+FFFD one for one")
		}
	})
}

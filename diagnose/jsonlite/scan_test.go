package jsonlite

import (
	"bytes"
	"strconv"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walk reads the next value piece by piece (Object/Key, Array/Next and the
// scalar readers), or with Value from depth whole on, and rebuilds it.
func walk(s *Scanner, depth, whole int) Value {
	if depth >= whole {
		return s.Value()
	}
	switch s.Kind() {
	case Object:
		if !s.Object() {
			return Value{}
		}
		var members []Member
		for k, ok := s.Key(); ok; k, ok = s.Key() {
			members = append(members, Member{k, walk(s, depth+1, whole)})
		}
		return ObjectValue(members...)
	case Array:
		if !s.Array() {
			return Value{}
		}
		var items []Value
		for s.Next() {
			items = append(items, walk(s, depth+1, whole))
		}
		return ArrayValue(items...)
	case String:
		return StringValue(s.String())
	case Number:
		raw := string(s.Number())
		f, _ := strconv.ParseFloat(raw, 64)
		return Value{kind: Number, num: f, str: raw}
	case Bool:
		return BoolValue(s.Bool())
	}
	return s.Value() // null, or the error for no value
}

// nodeValue rebuilds a Node as a Value.
func nodeValue(n Node) Value {
	switch n.Kind() {
	case Object:
		var members []Member
		for c := n.First(); c.Kind() != Invalid; c = c.Next() {
			members = append(members, Member{c.node().key, nodeValue(c)})
		}
		if len(members) != n.Len() {
			return Value{}
		}
		return ObjectValue(members...)
	case Array:
		var items []Value
		for c := n.First(); c.Kind() != Invalid; c = c.Next() {
			items = append(items, nodeValue(c))
		}
		if len(items) != n.Len() {
			return Value{}
		}
		return ArrayValue(items...)
	case String:
		return StringValue(n.Str())
	case Number:
		return Value{kind: Number, num: n.Float(), str: n.Raw()}
	case Bool:
		return BoolValue(n.Bool())
	case Null:
		return NullValue()
	}
	return Value{}
}

// compareScanner checks that reading data with a Scanner, piece by piece,
// whole or skipped, agrees with Parse: the same values, the same errors.
func compareScanner(t testing.TB, data []byte) {
	want, wantErr := Parse(data)
	for _, whole := range []int{0, 1, 2, MaxDepth + 2} {
		s := NewScanner(data)
		got := walk(s, 0, whole)
		err := s.End()
		if wantErr != nil {
			require.Error(t, err)
			require.Equal(t, wantErr.Error(), err.Error(), "read whole from depth %d", whole)
			continue
		}
		require.NoError(t, err)
		require.True(t, equal(want, got), "read whole from depth %d: got %#v", whole, got)
	}

	var tree Tree
	tree.nodes = append(tree.nodes, node{kind: Null}) // Read appends after what a Tree holds
	s := NewScanner(data)
	n := s.Read(&tree)
	err := s.End()
	if wantErr != nil {
		require.Error(t, err)
		require.Equal(t, wantErr.Error(), err.Error(), "Read")
	} else {
		require.NoError(t, err)
		require.True(t, equal(want, nodeValue(n)), "Read")
		for _, m := range want.Members() {
			require.True(t, equal(want.Get(m.Key), nodeValue(n.Get(m.Key))), "Get(%q)", m.Key)
		}
	}

	s = NewScanner(data)
	s.Skip()
	err = s.End()
	if wantErr != nil {
		require.Error(t, err)
		assert.Equal(t, wantErr.Error(), err.Error(), "skip")
	} else {
		require.NoError(t, err)
	}
	s = NewScanner(data)
	raw := s.SkipRaw()
	if wantErr == nil {
		require.NoError(t, s.End())
		assert.Equal(t, string(bytes.TrimSpace(data)), string(raw))
	}
}

func TestScannerAgreesWithParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) { compareScanner(t, []byte(tc.in)) })
	}
	for _, in := range []string{
		`{"a":{"b":[1,2,{"c":"d"}]},"e":"\u00e9x","f":"日本","a":2}`,
		"\"a\xffb\"", `[[],{},[{}],""]`, `{"a" : 1 , "b" : [ 1 , 2 ] }`, `{"a":1,}`, `[1,]`, `{"a":1 "b":2}`,
	} {
		t.Run(in, func(t *testing.T) { compareScanner(t, []byte(in)) })
	}
}

func TestScannerMembers(t *testing.T) {
	s := NewScanner([]byte(`{"keep":{"x":"y"},"skip":[1,{"z":true}],"s":"v","n":-1.5e2,"keep":"last"}`))
	require.True(t, s.Object())
	var got []string
	for key, ok := s.Key(); ok; key, ok = s.Key() {
		switch key {
		case "keep":
			got = append(got, key+"="+s.Value().Kind().String())
		case "s":
			got = append(got, key+"="+s.String())
		default:
			s.Skip()
			got = append(got, key)
		}
	}
	require.NoError(t, s.End())
	assert.Equal(t, []string{"keep=object", "skip", "s=v", "n", "keep=string"}, got)
}

func TestScannerInterns(t *testing.T) {
	s := NewScanner([]byte(`["a long repeated value","a long repeated value"]`))
	require.True(t, s.Array())
	require.True(t, s.Next())
	a := s.String()
	require.True(t, s.Next())
	b := s.String()
	assert.Equal(t, a, b)
	assert.Same(t, unsafe.StringData(a), unsafe.StringData(b), "one allocation for both")
}

func TestScannerScalars(t *testing.T) {
	s := NewScanner([]byte(` [ "a\u00e9" , -1.5e2 , true , false , {"x" : [1, "y"]} , 7 ] `))
	require.True(t, s.Array())
	require.True(t, s.Next())
	assert.Equal(t, "aé", s.String())
	require.True(t, s.Next())
	assert.Equal(t, "-1.5e2", string(s.Number()))
	require.True(t, s.Next())
	assert.True(t, s.Bool())
	require.True(t, s.Next())
	assert.False(t, s.Bool())
	require.True(t, s.Next())
	assert.Equal(t, `{"x" : [1, "y"]}`, string(s.SkipRaw()))
	require.True(t, s.Next())
	assert.Equal(t, "", s.String(), "a number is no string")
	assert.Error(t, s.Err())
	assert.False(t, s.Next(), "stopped at the first error")
}

func FuzzScanner(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		compareScanner(t, data)
	})
}

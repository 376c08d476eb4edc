package jsonlite

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameAsValue says a Node read by a Scanner holds what Parse's Value does.
func sameAsValue(n Node, v Value) bool {
	if n.Kind() != v.Kind() {
		return false
	}
	switch v.Kind() {
	case Bool:
		return n.Bool() == v.Bool()
	case Number:
		return n.Raw() == v.Raw() && (n.Float() == v.Float() || n.Float() != n.Float() && v.Float() != v.Float())
	case String:
		return n.Str() == v.Str()
	case Array:
		if n.Len() != v.Len() {
			return false
		}
		c := n.First()
		for _, it := range v.Items() {
			if !sameAsValue(c, it) {
				return false
			}
			c = c.Next()
		}
		return !c.Exists()
	case Object:
		if n.Len() != v.Len() {
			return false
		}
		c := n.First()
		for _, m := range v.Members() {
			if c.Key() != m.Key || !sameAsValue(c, m.Value) {
				return false
			}
			c = c.Next()
		}
		return !c.Exists()
	}
	return true
}

// compareScanner checks that reading data with a Scanner, whole or
// skipped, agrees with Parse: the same values, the same errors.
func compareScanner(t testing.TB, data []byte) {
	want, wantErr := Parse(data)

	s := NewScanner(data)
	var tree Tree
	got := s.Value(&tree)
	err := s.End()
	if wantErr != nil {
		require.Error(t, err)
		assert.Equal(t, wantErr.Error(), err.Error(), "read")
		assert.False(t, got.Exists() && s.Err() == nil)
	} else {
		require.NoError(t, err)
		require.True(t, sameAsValue(got, want), "read value differs from Parse")
		for _, m := range want.Members() {
			require.True(t, sameAsValue(got.Get(m.Key), want.Get(m.Key)), "Get(%q)", m.Key)
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
	var tree Tree
	require.True(t, s.Object())
	var got []string
	for key, ok := s.Key(); ok; key, ok = s.Key() {
		switch key {
		case "keep":
			tree.Reset()
			v := s.Value(&tree)
			got = append(got, key+"="+v.Kind().String())
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

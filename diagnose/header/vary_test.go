package header

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var varyCases = []struct {
	name   string
	values []string
	want   Vary
}{
	{"none", nil, Vary{}},
	{"origin", []string{"Origin"}, Vary{Fields: []string{"origin"}}},
	{"list across fields", []string{"Accept-Encoding, Origin", "cookie"}, Vary{Fields: []string{"accept-encoding", "origin", "cookie"}}},
	{"star", []string{"*"}, Vary{Any: true}},
	{"star among fields", []string{"Origin, *"}, Vary{Any: true, Fields: []string{"origin"}}},
	{"empty elements", []string{" , ,Origin,"}, Vary{Fields: []string{"origin"}}},
}

func TestParseVary(t *testing.T) {
	for _, tc := range varyCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ParseVary(tc.values))
		})
	}
	t.Run("Has", func(t *testing.T) {
		v := ParseVary([]string{"Accept-Encoding, Origin"})
		assert.True(t, v.Has("origin"))
		assert.True(t, v.Has("ORIGIN"))
		assert.False(t, v.Has("Cookie"))
		assert.True(t, ParseVary([]string{"*"}).Has("Cookie"))
		assert.False(t, ParseVary(nil).Has("Origin"))
	})
}

func FuzzParseVary(f *testing.F) {
	for _, tc := range varyCases {
		for _, v := range tc.values {
			f.Add(v)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := ParseVary([]string{s})
		for _, name := range v.Fields {
			assert.NotEqual(t, "*", name)
			assert.True(t, v.Has(name))
		}
	})
}

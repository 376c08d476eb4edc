package cors

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/authdoctor/authdoctor/diagnose/header"
)

func TestParseAllowList(t *testing.T) {
	cases := []struct {
		name, in string
		lower    bool
		want     []string
		ok       bool
	}{
		{"empty", "", false, nil, true},
		{"one", "PUT", false, []string{"PUT"}, true},
		{"list with spaces", " GET , PUT ", false, []string{"GET", "PUT"}, true},
		{"empty items skipped", ",PUT,,", false, []string{"PUT"}, true},
		{"space inside", "PUT DELETE", false, nil, false},
		{"quoted", `"PUT"`, false, nil, false},
		{"semicolon", "x-a;", true, nil, false},
		{"lower-cased", "X-Custom, Authorization", true, []string{"x-custom", "authorization"}, true},
		{"star", "*", false, []string{"*"}, true},
		{"quoted comma does not split", `"a,b"`, false, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, ok := parseAllowList(c.in, c.lower)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.want, got)
		})
	}
}

func FuzzParseAllowList(f *testing.F) {
	for _, s := range []string{"", "PUT", " GET , PUT ", ",PUT,,", "PUT DELETE", `"PUT"`, "x-a;", `"a,b"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, bad, ok := parseAllowList(s, true)
		if ok {
			for _, v := range list {
				if !header.IsToken(v) {
					t.Fatalf("non-token %q accepted from %q", v, s)
				}
			}
		} else if bad == "" {
			t.Fatalf("rejected %q without naming the bad value", s)
		}
	})
}

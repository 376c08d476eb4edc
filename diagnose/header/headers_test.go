package header

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

var nameCases = [][2]string{
	{"Cookie", "cookie"}, {"Cookie", "Accept"}, {"", ""}, {"", "a"}, {"a", ""}, {"@x", "`x"}, {"[", "{"},
	{"\u212Aey", "key"}, {"Key", "\u212Aey"}, {"\u017Fid", "Sid"}, {"x-A", "X-a"}, {"WWW-Authenticate", "www-authenticate"},
}

func TestNameIsEqualFold(t *testing.T) {
	for _, c := range nameCases {
		t.Run(c[0]+"|"+c[1], func(t *testing.T) {
			assert.Equal(t, strings.EqualFold(c[0], c[1]), nameIs(c[0], c[1]))
		})
	}
	h := Headers{{"Set-Cookie", "a=1"}, {"\u212Aeep-Alive", "x"}, {"set-cookie", "b=2"}}
	assert.Equal(t, []string{"a=1", "b=2"}, h.Values("SET-COOKIE"))
	assert.Equal(t, "x", h.Get("keep-alive"))
	assert.False(t, h.Has("Cookie"))
}

func FuzzNameIs(f *testing.F) {
	for _, c := range nameCases {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if nameIs(a, b) != strings.EqualFold(a, b) {
			t.Fatalf("nameIs(%q, %q) differs from strings.EqualFold", a, b)
		}
	})
}

package header

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var splitCases = []struct {
	name string
	in   string
	want []string
}{
	{"empty", "", nil},
	{"only commas and spaces", " , ,\t,", nil},
	{"simple", "GET, POST,PUT", []string{"GET", "POST", "PUT"}},
	{"empty elements dropped", "a,,b, ,c,", []string{"a", "b", "c"}},
	{"tabs trimmed", "\ta\t,\tb", []string{"a", "b"}},
	{"quoted comma", `"a,b", c`, []string{`"a,b"`, "c"}},
	{"escaped quote inside", `"a\",b", c`, []string{`"a\",b"`, "c"}},
	{"param with quoted comma", `text/html; q="0,5", x`, []string{`text/html; q="0,5"`, "x"}},
	{"unterminated quote runs to end", `a, "b, c`, []string{"a", `"b, c`}},
	{"trailing backslash in quote", `"a\`, []string{`"a\`}},
	{"inner spaces kept", "x-a b, c", []string{"x-a b", "c"}},
}

func TestSplitList(t *testing.T) {
	for _, tc := range splitCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, SplitList(tc.in))
		})
	}
}

func TestUnquote(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
		ok   bool
	}{
		{"plain", `"abc"`, "abc", true},
		{"empty", `""`, "", true},
		{"escapes", `"a\"b\\c\d"`, `a"b\cd`, true},
		{"not quoted", `abc`, "abc", false},
		{"unterminated", `"abc`, `"abc`, false},
		{"trailing text", `"a"b`, `"a"b`, false},
		{"lone quote", `"`, `"`, false},
		{"escaped closing quote", `"a\"`, `"a\"`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Unquote(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.ok, ok)
		})
	}
}

func TestIsToken(t *testing.T) {
	for _, s := range []string{"GET", "x-custom", "Bearer", "a!#$%&'*+-.^_`|~9"} {
		assert.True(t, IsToken(s), s)
	}
	for _, s := range []string{"", "a b", "a,b", `"a"`, "a:b", "é", "a/b", "a=b"} {
		assert.False(t, IsToken(s), s)
	}
}

func FuzzSplitList(f *testing.F) {
	for _, tc := range splitCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range SplitList(s) {
			assert.NotEmpty(t, e)
			assert.Equal(t, trimOWS(e), e)
			// Splitting an element again gives it back when it has no
			// unquoted comma (elements never do).
			assert.Equal(t, []string{e}, SplitList(e))
		}
	})
}

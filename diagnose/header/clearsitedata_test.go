package header

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

var clearSiteDataCases = []struct {
	name   string
	values []string
	want   ClearSiteData
	err    string
}{
	{name: "cookies", values: []string{`"cookies"`}, want: ClearSiteData{Cookies: true}},
	{name: "several", values: []string{`"cache", "storage"`, `"executionContexts","clientHints"`},
		want: ClearSiteData{Cache: true, Storage: true, ExecutionContexts: true, ClientHints: true}},
	{name: "wildcard", values: []string{`"*"`},
		want: ClearSiteData{Cache: true, Cookies: true, Storage: true, ExecutionContexts: true, ClientHints: true}},
	{name: "unquoted ignored", values: []string{`cookies, "cache"`},
		want: ClearSiteData{Cache: true, Unknown: []string{"cookies"}}, err: "must be a quoted string"},
	{name: "case-sensitive", values: []string{`"Cookies"`},
		want: ClearSiteData{Unknown: []string{`"Cookies"`}}, err: `unknown type "Cookies"`},
	{name: "unknown type", values: []string{`"cookies", "everything"`},
		want: ClearSiteData{Cookies: true, Unknown: []string{`"everything"`}}, err: `unknown type "everything"`},
	{name: "empty", values: []string{""}, want: ClearSiteData{}},
	{name: "too long", values: []string{strings.Repeat(" ", MaxValueLength+1)}, want: ClearSiteData{}, err: "longer than"},
}

func TestParseClearSiteData(t *testing.T) {
	for _, tc := range clearSiteDataCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseClearSiteData(tc.values)
			assert.Equal(t, tc.want, got)
			assertErr(t, err, tc.err)
		})
	}
	t.Run("Empty", func(t *testing.T) {
		assert.True(t, ClearSiteData{Unknown: []string{"x"}}.Empty())
		assert.False(t, ClearSiteData{ClientHints: true}.Empty())
	})
}

func FuzzParseClearSiteData(f *testing.F) {
	for _, tc := range clearSiteDataCases {
		if len(tc.values) == 1 && len(tc.values[0]) < 1000 {
			f.Add(tc.values[0])
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClearSiteData([]string{s})
		if len(c.Unknown) > 0 {
			assert.Error(t, err)
		}
	})
}

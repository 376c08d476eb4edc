package header

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

var dateCases = []struct {
	name string
	in   string
	want time.Time // zero: error expected
}{
	{"imf-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
	{"rfc 850", "Sunday, 06-Nov-94 08:49:37 GMT", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
	{"rfc 850 recent", "Thursday, 27-Nov-25 02:20:00 GMT", time.Date(2025, 11, 27, 2, 20, 0, 0, time.UTC)},
	{"asctime", "Sun Nov  6 08:49:37 1994", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
	{"asctime two-digit day", "Thu Nov 27 02:20:00 2025", time.Date(2025, 11, 27, 2, 20, 0, 0, time.UTC)},
	{"surrounding spaces", "  Sun, 06 Nov 1994 08:49:37 GMT ", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
	{"zero", "0", time.Time{}},
	{"minus one", "-1", time.Time{}},
	{"empty", "", time.Time{}},
	{"not GMT", "Sun, 06 Nov 1994 08:49:37 PST", time.Time{}},
	{"numeric offset", "Sun, 06 Nov 1994 08:49:37 +0000", time.Time{}},
	{"iso 8601", "1994-11-06T08:49:37Z", time.Time{}},
	{"bad day", "Sun, 32 Nov 1994 08:49:37 GMT", time.Time{}},
	{"bad weekday name", "Xyz, 06 Nov 1994 08:49:37 GMT", time.Time{}},
	{"lowercase names accepted, as browsers do", "sun, 06 nov 1994 08:49:37 GMT", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
}

func TestParseHTTPDate(t *testing.T) {
	for _, tc := range dateCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseHTTPDate(tc.in)
			if tc.want.IsZero() {
				assert.Error(t, err)
				assert.True(t, got.IsZero())
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}

func FuzzParseHTTPDate(f *testing.F) {
	for _, tc := range dateCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseHTTPDate(s)
		if err == nil {
			// Every date it accepts re-serialises as IMF-fixdate and parses back.
			back, err := ParseHTTPDate(d.Format(dateLayouts[0]))
			assert.NoError(t, err)
			assert.Equal(t, d, back)
		}
	})
}

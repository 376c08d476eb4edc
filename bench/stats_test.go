package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSample(t *testing.T) {
	tests := []struct {
		name        string
		s           Sample
		median, p25 float64
		spread      string
	}{
		{name: "empty", s: nil, spread: "0–0 (n=0)"},
		{name: "one", s: Sample{3}, median: 3, p25: 3, spread: "3–3 (n=1)"},
		{name: "odd unsorted", s: Sample{5, 1, 3}, median: 3, p25: 2, spread: "2–4 (n=3)"},
		{name: "even", s: Sample{4, 1, 2, 3}, median: 2.5, p25: 1.75, spread: "2–3 (n=4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.median, tt.s.Median(), 1e-9)
			assert.InDelta(t, tt.p25, tt.s.Quantile(0.25), 1e-9)
			assert.Equal(t, tt.spread, tt.s.Spread(0))
		})
	}
}

func TestSamplePlus(t *testing.T) {
	tests := []struct {
		name string
		a, b Sample
		want Sample
	}{
		{name: "same runs", a: Sample{1, 2, 3}, b: Sample{10, 20, 30}, want: Sample{11, 22, 33}},
		{name: "shorter second", a: Sample{1, 2, 3}, b: Sample{5}, want: Sample{6}},
		{name: "empty", a: nil, b: Sample{1}, want: Sample{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.a.Plus(tt.b))
		})
	}
}

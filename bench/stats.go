// Package bench runs Auth Doctor's benchmarks and budgets (`make bench`):
// the engine through testing.B, the wasm build under Node, the extension in
// headless Chromium (bench/browser), and prints one table.
package bench

import (
	"slices"
	"strconv"
)

// Sample is repeated measurements of one figure.
type Sample []float64

// Median is the middle value (the mean of the two middle ones for an even
// count); 0 for no value.
func (s Sample) Median() float64 { return s.Quantile(0.5) }

// Quantile interpolates linearly between the sorted values.
func (s Sample) Quantile(q float64) float64 {
	if len(s) == 0 {
		return 0
	}
	v := slices.Sorted(slices.Values(s))
	pos := q * float64(len(v)-1)
	i := int(pos)
	if i+1 >= len(v) {
		return v[len(v)-1]
	}
	return v[i] + (pos-float64(i))*(v[i+1]-v[i])
}

// Plus is the run-by-run sum of two phases measured in the same runs (as
// many as the shorter has).
func (s Sample) Plus(o Sample) Sample {
	out := make(Sample, min(len(s), len(o)))
	for i := range out {
		out[i] = s[i] + o[i]
	}
	return out
}

// Spread is "p25–p75 (n=N)", the interquartile range quoted beside a median.
func (s Sample) Spread(digits int) string {
	return Fmt(s.Quantile(0.25), digits) + "–" + Fmt(s.Quantile(0.75), digits) + " (n=" + strconv.Itoa(len(s)) + ")"
}

// Fmt prints f with digits decimals.
func Fmt(f float64, digits int) string { return strconv.FormatFloat(f, 'f', digits, 64) }

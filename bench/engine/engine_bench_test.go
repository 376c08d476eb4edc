package engine

import (
	"os"
	"sync"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/har"
)

var workload = sync.OnceValues(func() ([]byte, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, err := Root(wd)
	if err != nil {
		return nil, err
	}
	return Replicate(HARDir(root), Entries)
})

// loop runs op under b.Loop and reports cpu-ns/op.
func loop(b *testing.B, op func()) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		op()
	}
	if start >= 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

func load(b *testing.B) []byte {
	data, err := workload()
	if err != nil {
		b.Skip(err)
	}
	return data
}

// BenchmarkHAR10k is the CLI's path: read the HAR, diagnose, encode the report.
func BenchmarkHAR10k(b *testing.B) {
	data := load(b)
	b.SetBytes(int64(len(data)))
	loop(b, func() {
		res, err := har.Parse(data, har.Options{})
		if err != nil {
			b.Fatal(err)
		}
		diagnose.EncodeReport(diagnose.Diagnose(res.Snapshot))
	})
}

// BenchmarkSnapshot10k is the wasm entry point's work, natively: decode the
// wire snapshot, diagnose, encode the report (wasm/engine.go diagnoseJSON).
func BenchmarkSnapshot10k(b *testing.B) {
	snap, err := Snapshot(load(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(snap)))
	loop(b, func() {
		s, err := diagnose.DecodeSnapshot(snap)
		if err != nil {
			b.Fatal(err)
		}
		diagnose.EncodeReport(diagnose.Diagnose(s))
	})
}

// BenchmarkDiagnose10k is the rules alone on the converted snapshot.
func BenchmarkDiagnose10k(b *testing.B) {
	res, err := har.Parse(load(b), har.Options{})
	if err != nil {
		b.Fatal(err)
	}
	loop(b, func() { diagnose.Diagnose(res.Snapshot) })
}

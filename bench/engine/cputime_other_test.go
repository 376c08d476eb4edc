//go:build !unix

package engine

import "time"

// cpuTime is unknown here (js/wasm under Node has no getrusage): -1, and the
// benchmarks report wall time only. Under Node the program runs on one
// thread, so its wall time is its CPU time unless the machine is busy.
func cpuTime() time.Duration { return -1 }

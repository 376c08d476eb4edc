//go:build unix

package engine

import (
	"syscall"
	"time"
)

// cpuTime is the process's user+system CPU time so far. The benchmarks
// report it per op beside the wall time: on a shared 2-core machine the wall
// time also counts waiting for a core, the CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

//go:build unix

package corpus

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user and system) this process has used so far,
// every thread counted, or 0 where the system does not say. Benchmarks
// report it besides wall time: on a busy machine it is the steadier figure.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

//go:build !unix

package corpus

import "time"

// CPUTime is the CPU time this process has used so far; 0: unknown here.
func CPUTime() time.Duration { return 0 }

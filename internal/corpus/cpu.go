package corpus

import "testing"

// ReportCPU starts counting the process's CPU time (every goroutine, the
// garbage collector's too); the function it returns reports it per
// operation as cpu-ns/op, the steadier figure on a busy machine:
//
//	defer corpus.ReportCPU(b)()
func ReportCPU(b *testing.B) func() {
	start := CPUTime()
	return func() {
		if start > 0 && b.N > 0 {
			b.ReportMetric(float64((CPUTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

package corpus

import (
	"strings"
	"testing"
)

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

// MiddleStep returns the path of the step file halfway through the guide
// that Options write: the one edit benchmarks change.
func MiddleStep(o Options) string {
	o = o.normalized()
	n := 0
	for _, f := range Files(o) {
		if strings.HasPrefix(f.Path, "content/") && !strings.HasSuffix(f.Path, "_index.md") {
			if n++; n == o.Steps/2 {
				return f.Path
			}
		}
	}
	return ""
}

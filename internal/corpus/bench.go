package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
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

// EditMiddleStep prepares edits of the MiddleStep of the site o wrote in
// dir: edit rewrites it with a new last line each time it is called (with
// title set, its title instead), and the file is put back when the
// benchmark ends.
func EditMiddleStep(b *testing.B, dir string, o Options, title bool) (file string, edit func()) {
	file = MiddleStep(o)
	path := filepath.Join(dir, filepath.FromSlash(file))
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(path, orig, 0o644) })
	n := 0
	return file, func() {
		n++
		data := fmt.Appendf(bytes.Clone(orig), "\nEdited %d times.\n", n)
		if title {
			data = bytes.Replace(orig, []byte("title = \""), fmt.Appendf(nil, "title = \"Edited %d times: ", n), 1)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// EditLoop is a benchmark of what follows an edit: for each iteration it
// runs edit, untimed, then rebuild; allocations and CPU time are reported.
func EditLoop(b *testing.B, edit, rebuild func()) {
	b.ReportAllocs()
	b.ResetTimer()
	defer ReportCPU(b)()
	for b.Loop() {
		b.StopTimer()
		edit()
		b.StartTimer()
		rebuild()
	}
}

// Run runs a package's tests and benchmarks, then removes the corpora the
// cache wrote: a benchmark file's TestMain is os.Exit(sites.Run(m)).
func (c *Cache) Run(m *testing.M) int {
	code := m.Run()
	if err := c.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	return code
}

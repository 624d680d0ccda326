package guide_test

// Benchmarks of loading a guide. They run only with -bench; the generated
// corpora are written once per test binary and removed by TestMain.
//
//	go test ./internal/guide -run '^$' -bench . -benchmem

import (
	"os"
	"testing"

	"prereq/internal/corpus"
	"prereq/internal/dirfs"
	"prereq/internal/guide"
)

var sites corpus.Cache

func TestMain(m *testing.M) { os.Exit(sites.Run(m)) }

func benchLoad(b *testing.B, dir string, steps int) {
	fsys := dirfs.New(dir)
	b.ReportAllocs()
	b.ResetTimer()
	defer corpus.ReportCPU(b)()
	for b.Loop() {
		if _, errs := guide.Load(fsys, "content"); errs != nil {
			b.Fatal(errs)
		}
	}
	if steps > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(steps), "ns/step")
	}
}

func generated(b *testing.B, o corpus.Options) string {
	b.Helper()
	dir, err := sites.Site(o)
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLoadKakao loads the repository's own guide.
func BenchmarkLoadKakao(b *testing.B) { benchLoad(b, "../..", 0) }

// BenchmarkLoad1k and BenchmarkLoad10k load generated guides of 1,000 and
// 10,000 steps with guide.Load: read, split front matter, decode TOML,
// compile conditions, parse Markdown, check ids and after.
func BenchmarkLoad1k(b *testing.B) {
	benchLoad(b, generated(b, corpus.Options{Steps: 1000, Seed: 1}), 1000)
}

func BenchmarkLoad10k(b *testing.B) {
	benchLoad(b, generated(b, corpus.Options{Steps: 10000, Seed: 1}), 10000)
}

// BenchmarkReloadOneStep10k is the loader's part of a live-preview rebuild:
// a Loader that has loaded 10,000 steps is told one file changed and loads
// again. Writing the file is not timed.
func BenchmarkReloadOneStep10k(b *testing.B) {
	o := corpus.Options{Steps: 10000, Seed: 3} // a site of its own: it is edited
	dir := generated(b, o)
	file, edit := corpus.EditMiddleStep(b, dir, o, false)
	l := guide.NewLoader(dirfs.New(dir), "content")
	if _, errs := l.Load(); errs != nil {
		b.Fatal(errs)
	}
	corpus.EditLoop(b, edit, func() {
		l.Invalidate(file)
		if _, errs := l.Load(); errs != nil {
			b.Fatal(errs)
		}
	})
}

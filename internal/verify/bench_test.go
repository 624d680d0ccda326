package verify

// Benchmarks of check -matrix on the shipped guide and on generated ones:
//
//	go test ./internal/verify -run '^$' -bench . -benchmem

import (
	"testing"
	"testing/fstest"

	"prereq/internal/corpus"
	"prereq/internal/guide"
)

// generated loads a guide that internal/corpus writes.
func generated(b testing.TB, o corpus.Options) *guide.Guide {
	b.Helper()
	files := fstest.MapFS{}
	for _, f := range corpus.Files(o) {
		files[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	g, errs := guide.Load(files, "content")
	if errs != nil {
		b.Fatal(errs)
	}
	return g
}

func benchCheck(b *testing.B, g *guide.Guide) {
	b.ReportAllocs()
	defer corpus.ReportCPU(b)()
	var rep *Report
	for b.Loop() {
		rep = Check(g, Options{})
	}
	b.ReportMetric(float64(rep.Combinations), "combinations")
	b.ReportMetric(float64(len(rep.Findings)), "findings")
}

// BenchmarkCheckKakao checks the shipped guide: every combination.
func BenchmarkCheckKakao(b *testing.B) { benchCheck(b, loadKakao(b)) }

// BenchmarkCheck1k checks a generated guide of 1,000 steps and a dozen
// facts: more combinations than the bound, so a pairwise set.
func BenchmarkCheck1k(b *testing.B) {
	benchCheck(b, generated(b, corpus.Options{Steps: 1000, Seed: 1, MoreFacts: true}))
}

// BenchmarkCheck1kSixFacts checks a generated guide of 1,000 steps and six
// facts: every combination.
func BenchmarkCheck1kSixFacts(b *testing.B) {
	benchCheck(b, generated(b, corpus.Options{Steps: 1000, Seed: 1}))
}

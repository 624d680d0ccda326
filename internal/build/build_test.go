package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
)

// TestBuildMatchesRender checks that a build, which renders bodies while it
// loads them, writes the same bytes as loading first and rendering after,
// as serve and many-partner builds do.
func TestBuildMatchesRender(t *testing.T) {
	gen := t.TempDir()
	if err := corpus.Write(gen, corpus.Options{Steps: 60, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../..", gen} {
		for _, minify := range []bool{false, true} {
			out := filepath.Join(t.TempDir(), "public")
			o := build.Options{SiteDir: dir, OutDir: out, Minify: minify}
			if errs := build.Build(o); errs != nil {
				t.Fatal(errs)
			}
			in, errs := build.Load(o)
			if errs != nil {
				t.Fatal(errs)
			}
			want, err := build.Render(in, minify)
			if err != nil {
				t.Fatal(err)
			}
			for name, data := range want {
				got, err := os.ReadFile(filepath.Join(out, name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, data) {
					t.Errorf("%s minify=%v: built %s differs from a render after loading", dir, minify, name)
				}
			}
		}
	}
}

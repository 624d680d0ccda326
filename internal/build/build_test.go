package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"prereq/internal/build"
	"prereq/internal/checklisttest"
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
			if errs := build.Build(t.Context(), o); errs != nil {
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
				if name == "checklist.json" {
					checklisttest.Check(t, name, data)
				}
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

// TestSameOnAnyNumberOfCores builds the same sites with one worker and with
// more workers than cores: every output file must be the same bytes, for one
// site file and for many partners.
func TestSameOnAnyNumberOfCores(t *testing.T) {
	gen := t.TempDir()
	if err := corpus.Write(gen, corpus.Options{Steps: 300, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	partners := t.TempDir()
	if err := os.CopyFS(filepath.Join(partners, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	if err := corpus.Partners(partners, 20); err != nil {
		t.Fatal(err)
	}
	sites := []build.Options{
		{SiteDir: "../.."},
		{SiteDir: gen},
		{SiteDir: partners, SiteFile: filepath.Join(partners, "partners")},
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, o := range sites {
		for _, minify := range []bool{false, true} {
			o.Minify = minify
			var outs []map[string][]byte
			for _, procs := range []int{1, 8} {
				runtime.GOMAXPROCS(procs)
				o.OutDir = filepath.Join(t.TempDir(), "public")
				if errs := build.Build(t.Context(), o); errs != nil {
					t.Fatal(errs)
				}
				outs = append(outs, readTree(t, o.OutDir))
			}
			if len(outs[0]) < 3 {
				t.Fatalf("%s: only %d files written", o.SiteDir, len(outs[0]))
			}
			for name, serial := range outs[0] {
				if !bytes.Equal(serial, outs[1][name]) {
					t.Errorf("%s minify=%v: %s differs between 1 and 8 workers", o.SiteDir, minify, name)
				}
			}
			if len(outs[0]) != len(outs[1]) {
				t.Errorf("%s: %d files with 1 worker, %d with 8", o.SiteDir, len(outs[0]), len(outs[1]))
			}
		}
	}
}

// readTree reads every file below dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := corpus.ReadTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

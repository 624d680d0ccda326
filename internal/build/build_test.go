package build_test

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
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
			if got := readTree(t, out); len(got) != len(want)+1 { // and the mark
				t.Errorf("%s minify=%v: built %d files, a render has %d", dir, minify, len(got)-1, len(want))
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

// TestBuildFailingLate fails a build after it wrote its first outputs (the
// guide page's template fails when it runs, after index.html is written):
// the output folder is as it was, and nothing is left beside it.
func TestBuildFailingLate(t *testing.T) {
	files := maps.Clone(guideFiles)
	files["site.toml"] = "[service]\nname = \"S\"\n"
	dir := writeSite(t, files)
	parent := t.TempDir()
	o := build.Options{SiteDir: dir, OutDir: filepath.Join(parent, "public")}
	if errs := build.Build(t.Context(), o); errs != nil {
		t.Fatal(errs)
	}
	before := readTree(t, o.OutDir)
	broken := "<!DOCTYPE html>\n<html lang=\"{{.Lang}}\"><head><title>{{.Title}}</title></head><body>{{index .Sections 5}}</body></html>\n"
	if err := corpus.WriteTree(dir, map[string]string{"templates/guide.html": broken}); err != nil {
		t.Fatal(err)
	}
	errs := build.Build(t.Context(), o)
	if errs == nil || !strings.Contains(errs.Error(), "templates/guide.html") {
		t.Fatalf("build with a failing guide.html: %v, want an error in templates/guide.html", errs)
	}
	if after := readTree(t, o.OutDir); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("the output folder changed")
	}
	if left := beside(t, parent); !slices.Equal(left, []string{".public.lock", "public"}) {
		t.Errorf("left beside the output: %q", left)
	}
}

// TestSameOnAnyNumberOfCores builds the same sites with one worker and with
// more workers than cores: every output file must be the same bytes, for one
// site file and for many partners. The generated guide and the partners are
// a few times as many as the eight workers, enough for each to have a share.
func TestSameOnAnyNumberOfCores(t *testing.T) {
	gen := t.TempDir()
	if err := corpus.Write(gen, corpus.Options{Steps: 120, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	partners := t.TempDir()
	if err := os.CopyFS(filepath.Join(partners, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	if err := corpus.Partners(partners, 12); err != nil {
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

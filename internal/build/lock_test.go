package build_test

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
)

// TestConcurrentBuildsOneOutput runs two builds of different sites into
// the same output folder at once, again and again: both succeed (the
// second waits for the first), the output is wholly one site's, and nothing
// is left beside it but the lock file.
func TestConcurrentBuildsOneOutput(t *testing.T) {
	sites := make([]string, 2)
	for i := range sites {
		files := maps.Clone(guideFiles)
		files["site.toml"] = fmt.Sprintf("[service]\nname = \"Service %d\"\n", i)
		sites[i] = writeSite(t, files)
	}
	// A partners build as well: its many files (three a partner) take a
	// while to write.
	many := t.TempDir()
	if err := os.CopyFS(filepath.Join(many, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	if err := corpus.Partners(many, 20); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	opts := []build.Options{
		{SiteDir: sites[0], OutDir: out},
		{SiteDir: sites[1], OutDir: out},
		{SiteDir: many, SiteFile: filepath.Join(many, "partners"), OutDir: out},
	}
	// What each build writes alone.
	want := make([]map[string][]byte, len(opts))
	for i, o := range opts {
		o.OutDir = filepath.Join(t.TempDir(), "alone")
		if errs := build.Build(t.Context(), o); errs != nil {
			t.Fatal(errs)
		}
		want[i] = readTree(t, o.OutDir)
	}
	for round := range 8 {
		pair := []build.Options{opts[round%2], opts[(round+1)%3]}
		var wg sync.WaitGroup
		errs := make([]error, len(pair))
		for i, o := range pair {
			wg.Go(func() {
				if e := build.Build(t.Context(), o); e != nil {
					errs[i] = e
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, build %d: %v", round, i, err)
			}
		}
		got := readTree(t, out)
		if !slices.ContainsFunc(want, func(w map[string][]byte) bool { return maps.EqualFunc(w, got, bytes.Equal) }) {
			t.Fatalf("round %d: the output is no one build's whole output (%d files)", round, len(got))
		}
		if left := beside(t, parent); !slices.Equal(left, []string{".public.lock", "public"}) {
			t.Fatalf("round %d: left beside the output: %q", round, left)
		}
	}
}

// TestLeftoversSwept stands in for builds killed while they wrote: the
// next build removes the folders they left (each carries prereq's mark),
// and nothing else.
func TestLeftoversSwept(t *testing.T) {
	dir := writeSite(t, maps.Clone(guideFiles))
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("[service]\nname = \"S\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	mk := func(name string, files ...string) {
		for _, f := range append([]string{"x"}, files...) {
			p := filepath.Join(parent, name, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("left"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk(".public.new-1", build.MarkFile)                      // killed while writing
	mk(".public.new-2", build.MarkFile, "a/index.html")      // with subfolders
	mk(".public.new-3.old", build.MarkFile, "index.html")    // killed between the two renames
	mk(".public.new-mine")                                   // no mark: not prereq's
	mk(".public.new-4", build.MarkFile+"-not", "index.html") // no mark either
	mk(".other.new-5", build.MarkFile)                       // another output's: its build sweeps it
	mk("public.new-6", build.MarkFile)                       // not hidden: no leftover of prereq's
	mk(".public.newer", build.MarkFile)                      // another prefix
	o := build.Options{SiteDir: dir, OutDir: filepath.Join(parent, "public")}
	if errs := build.Build(t.Context(), o); errs != nil {
		t.Fatal(errs)
	}
	got := beside(t, parent)
	want := []string{".other.new-5", ".public.lock", ".public.new-4", ".public.new-mine", ".public.newer", "public", "public.new-6"}
	if !slices.Equal(got, want) {
		t.Errorf("beside the output after a build:\n%q\nwant\n%q", got, want)
	}
}

// beside lists the names in dir, sorted.
func beside(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

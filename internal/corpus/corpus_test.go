package corpus_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/plan"
)

// tree reads every file under dir, by slash-separated relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := corpus.ReadTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(t *testing.T, a, b string) {
	t.Helper()
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for p, data := range ta {
		if !bytes.Equal(data, tb[p]) {
			t.Errorf("%s differs between two writes", p)
		}
	}
}

func TestWriteDeterministicAndValid(t *testing.T) {
	o := corpus.Options{Steps: 50, Sections: 4, Seed: 7}
	a, b := t.TempDir(), t.TempDir()
	if err := corpus.Write(a, o); err != nil {
		t.Fatal(err)
	}
	if err := corpus.Write(b, o); err != nil {
		t.Fatal(err)
	}
	sameTree(t, a, b)

	if errs := build.Check(t.Context(), build.Options{SiteDir: a}); errs != nil {
		t.Fatalf("generated site has errors:\n%v", errs)
	}
	in, errs := build.Load(build.Options{SiteDir: a})
	if errs != nil {
		t.Fatal(errs)
	}
	p, errs := plan.Make(in.Guide, in.Site)
	if errs != nil {
		t.Fatal(errs)
	}
	if got := p.Counts.Todo + p.Counts.Skipped; got != 50 {
		t.Errorf("%d steps, want 50", got)
	}
	if len(p.Sections) != 4 {
		t.Errorf("%d sections, want 4", len(p.Sections))
	}
	// Conditions come out both ways, and roles, waits and after are used.
	if p.Counts.Skipped == 0 || p.Counts.Todo == 0 {
		t.Errorf("counts %+v: want steps both to do and skipped", p.Counts)
	}
	var when, after, role int
	for _, s := range in.Guide.Sections {
		for _, st := range s.Steps {
			if st.When != nil {
				when++
			}
			if len(st.After) > 0 {
				after++
			}
			if st.Role != "" {
				role++
			}
		}
	}
	if when < 5 || after < 3 || role < 1 {
		t.Errorf("when %d, after %d, role %d of 50 steps: too few", when, after, role)
	}
	for p, data := range tree(t, a) {
		if !strings.HasSuffix(p, ".md") || strings.HasSuffix(p, "_index.md") {
			continue
		}
		_, body, _ := strings.Cut(strings.TrimPrefix(string(data), "+++\n"), "+++\n")
		if n := len(body); n < 1000 || n > 3500 {
			t.Errorf("%s: body of %d bytes, want 1-3 KB", p, n)
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	a := corpus.Files(corpus.Options{Steps: 10, Seed: 1})
	b := corpus.Files(corpus.Options{Steps: 10, Seed: 2})
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	same := 0
	for i := range a {
		if bytes.Equal(a[i].Data, b[i].Data) {
			same++
		}
	}
	if same > 1 { // site.toml is the same
		t.Errorf("%d of %d files are the same for two seeds", same, len(a))
	}
}

func TestPartners(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := corpus.Partners(dir, 30); err != nil {
			t.Fatal(err)
		}
	}
	sameTree(t, a, b)
	files, err := filepath.Glob(filepath.Join(a, "partners", "p*.toml"))
	if err != nil || len(files) != 30 {
		t.Fatalf("%d partner files (%v), want 30", len(files), err)
	}
	// Each is a valid site file for the repository's Kakao guide (loaded
	// once, with the folder of partners).
	in, errs := build.Load(build.Options{SiteDir: "../..", SiteFile: filepath.Join(a, "partners")})
	if errs != nil {
		t.Fatal(errs)
	}
	if len(in.Partners) != len(files) {
		t.Fatalf("%d partners loaded, want %d", len(in.Partners), len(files))
	}
	seen := map[int]bool{}
	for _, site := range in.Partners {
		p, errs := plan.Make(in.Guide, site)
		if errs != nil {
			t.Fatal(errs)
		}
		seen[p.Counts.Todo] = true
	}
	if len(seen) < 3 {
		t.Errorf("partners' plans have only %d distinct todo counts: facts do not vary enough", len(seen))
	}
}

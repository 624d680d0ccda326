package guide

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"prereq/internal/diag"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name, src  string
		toml, body string
		bodyLine   int
		err        error
	}{
		{"plain", "+++\ntitle = \"x\"\n+++\nBody\n", "title = \"x\"\n", "Body\n", 4, nil},
		{"crlf", "+++\r\ntitle = \"x\"\r\n+++\r\nBody\r\n", "title = \"x\"\r\n", "Body\r\n", 4, nil},
		{"bom", "\uFEFF+++\na = 1\n+++\n", "a = 1\n", "", 4, nil},
		{"empty front matter", "+++\n+++\nB", "", "B", 3, nil},
		{"no trailing newline", "+++\na = 1\n+++", "a = 1\n", "", 4, nil},
		{"plus signs in body", "+++\na = 1\n+++\n+++\n", "a = 1\n", "+++\n", 4, nil},
		{"missing", "title = \"x\"\n", "", "", 0, errNoFrontMatter},
		{"indented delimiter", " +++\n+++\n", "", "", 0, errNoFrontMatter},
		{"unclosed", "+++\ntitle = \"x\"\n", "", "", 0, errUnclosed},
		{"empty file", "", "", "", 0, errNoFrontMatter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, err := splitFrontMatter([]byte(tt.src))
			if err != tt.err {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if string(fm.toml) != tt.toml || string(fm.body) != tt.body || fm.bodyLine != tt.bodyLine {
				t.Errorf("got toml %q body %q line %d", fm.toml, fm.body, fm.bodyLine)
			}
		})
	}
}

func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range []string{"+++\na = 1\n+++\nbody", "+++\r\n+++\r\n", "\uFEFF+++\n", "+++", "x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, err := splitFrontMatter(src)
		if err != nil || len(fm.body) == 0 {
			return
		}
		// The body's first line number counts the lines before it.
		before := len(src) - len(fm.body)
		if got := strings.Count(string(src[:before]), "\n") + 1; got != fm.bodyLine {
			t.Errorf("bodyLine %d, want %d", fm.bodyLine, got)
		}
	})
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte("+++\ntitle = \"S\"\nwhen = \"a\"\n+++\nbody {{ a }}\n::: note\nx\n:::\n"))
	f.Add([]byte("+++\ntitle = \"S\"\nafter = [\"s\"]\n+++\n"))
	f.Add([]byte("+++\n[x\n+++\n"))
	f.Fuzz(func(t *testing.T, step []byte) {
		fsys := fstest.MapFS{
			"content/_index.md":       {Data: []byte("+++\ntitle = \"G\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = true\n+++\n")},
			"content/01-s/_index.md":  {Data: []byte("+++\ntitle = \"S\"\n+++\n")},
			"content/01-s/01-step.md": {Data: step},
		}
		g, errs := Load(fsys, "content")
		for _, e := range errs {
			if e.Path == "" || e.Msg == "" {
				t.Errorf("error without place or message: %#v", e)
			}
		}
		if g == nil && errs == nil {
			t.Error("no guide and no error")
		}
	})
}

func TestLoaderRereadsOnlyInvalidated(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":      {Data: []byte("+++\ntitle = \"G\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = true\n+++\n")},
		"content/01-s/_index.md": {Data: []byte("+++\ntitle = \"S\"\n+++\n")},
		"content/01-s/01-x.md":   {Data: []byte("+++\ntitle = \"X\"\n+++\n")},
		"content/01-s/02-y.md":   {Data: []byte("+++\ntitle = \"Y\"\n+++\n")},
	}
	l := NewLoader(fsys, "content")
	g1, errs := l.Load()
	if errs != nil {
		t.Fatal(errs)
	}
	fsys["content/01-s/01-x.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"X2\"\n+++\n")}
	fsys["content/01-s/02-y.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Y2\"\n+++\n")}
	l.Invalidate("content/01-s/01-x.md")
	g2, _ := l.Load()
	if got := g2.Step("x").Title; got != "X2" {
		t.Errorf("invalidated step title %q, want X2", got)
	}
	if g2.Step("y") != g1.Step("y") {
		t.Error("a step not invalidated was read again")
	}
	// A new file is found, a removed one is gone.
	fsys["content/01-s/03-z.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Z\"\n+++\n")}
	delete(fsys, "content/01-s/01-x.md")
	g3, _ := l.Load()
	if g3.Step("z") == nil || g3.Step("x") != nil {
		t.Errorf("steps = %v", g3.StepIDs())
	}
	// A schema change re-reads everything: conditions compile against it.
	fsys["content/01-s/02-y.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Y3\"\nwhen = \"b\"\n+++\n")}
	fsys["content/_index.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"G\"\n[facts.b]\ntype = \"bool\"\nquestion = \"B?\"\n+++\n")}
	l.Invalidate("content/_index.md")
	g4, errs := l.Load()
	if errs != nil || g4.Step("y").Title != "Y3" {
		t.Errorf("after schema change: %v %q", errs, g4.Step("y").Title)
	}
}

func TestOrderAndIDs(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":           {Data: []byte("+++\ntitle = \"G\"\n+++\n")},
		"content/10-late/_index.md":   {Data: []byte("+++\ntitle = \"Late\"\nweight = -1\n+++\n")},
		"content/02_early/_index.md":  {Data: []byte("+++\ntitle = \"Early\"\n+++\n")},
		"content/02_early/b.md":       {Data: []byte("+++\ntitle = \"B\"\n+++\n")},
		"content/02_early/a.md":       {Data: []byte("+++\ntitle = \"A\"\nweight = 5\n+++\n")},
		"content/02_early/3-c.md":     {Data: []byte("+++\ntitle = \"C\"\nid = \"custom\"\n+++\n")},
		"content/02_early/.hidden.md": {Data: []byte("junk")},
		"content/02_early/b.md~":      {Data: []byte("junk")},
		"content/02_early/image.png":  {Data: []byte("png")},
	}
	g, errs := Load(fsys, "content")
	if errs != nil {
		t.Fatal(errs)
	}
	var got []string
	for _, s := range g.Sections {
		got = append(got, s.ID)
		for _, st := range s.Steps {
			got = append(got, st.ID)
		}
	}
	if want := "late early custom b a"; strings.Join(got, " ") != want {
		t.Errorf("order %q, want %q", strings.Join(got, " "), want)
	}
}

// TestLoaderRescans checks that what changes the folders is seen whether or
// not the loader was told: new files, removed files, new sections.
func TestLoaderRescans(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":      {Data: []byte("+++\ntitle = \"G\"\n+++\n")},
		"content/01-s/_index.md": {Data: []byte("+++\ntitle = \"S\"\n+++\n")},
		"content/01-s/01-x.md":   {Data: []byte("+++\ntitle = \"X\"\n+++\n")},
	}
	l := NewLoader(fsys, "content")
	if _, errs := l.Load(); errs != nil {
		t.Fatal(errs)
	}
	// An edit to a known file reuses the layout and sees the edit.
	fsys["content/01-s/01-x.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"X2\"\n+++\n")}
	l.Invalidate("content/01-s/01-x.md")
	if g, _ := l.Load(); g.Step("x").Title != "X2" {
		t.Error("edit not seen")
	}
	// A new file, invalidated: found.
	fsys["content/01-s/02-y.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Y\"\n+++\n")}
	l.Invalidate("content/01-s/02-y.md")
	if g, _ := l.Load(); g.Step("y") == nil {
		t.Error("new file not found")
	}
	// A removed file, invalidated: gone.
	delete(fsys, "content/01-s/01-x.md")
	l.Invalidate("content/01-s/01-x.md")
	if g, _ := l.Load(); g.Step("x") != nil {
		t.Error("removed file still there")
	}
	// A new section folder, invalidated as a folder: found.
	fsys["content/02-t/_index.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"T\"\n+++\n")}
	fsys["content/02-t/01-z.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Z\"\n+++\n")}
	l.Invalidate("content/02-t")
	if g, _ := l.Load(); g.Step("z") == nil || len(g.Sections) != 2 {
		t.Error("new section not found")
	}
}

// TestLoaderChecksAgain checks that the guide-wide checks (ids, after,
// cycles) are redone whenever an edit could change their outcome, and that
// their messages follow the file.
func TestLoaderChecksAgain(t *testing.T) {
	step := func(title, front string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\n" + front + "+++\nBody.\n")}
	}
	fsys := fstest.MapFS{
		"content/_index.md":      {Data: []byte("+++\ntitle = \"G\"\n+++\n")},
		"content/01-s/_index.md": {Data: []byte("+++\ntitle = \"S\"\n+++\n")},
		"content/01-s/01-x.md":   step("X", ""),
		"content/01-s/02-y.md":   step("Y", ""),
	}
	l := NewLoader(fsys, "content")
	load := func(edit string, f *fstest.MapFile) string {
		t.Helper()
		if f == nil {
			delete(fsys, edit)
		} else {
			fsys[edit] = f
		}
		l.Invalidate(edit)
		_, errs := l.Load()
		return errs.Error()
	}
	if _, errs := l.Load(); errs != nil {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		what, file string
		f          *fstest.MapFile
		want       string // "" for no error
	}{
		{"after names an unknown step", "content/01-s/02-y.md", step("Y", "after = [\"xx\"]\n"), "content/01-s/02-y.md:3:10: after names unknown step xx"},
		{"only the title changes: same error", "content/01-s/02-y.md", step("Y2", "after = [\"xx\"]\n"), "content/01-s/02-y.md:3:10: after names unknown step xx"},
		{"the after line moves", "content/01-s/02-y.md", step("Y", "weight = 1\nafter = [\"xx\"]\n"), "content/01-s/02-y.md:4:10: after names unknown step xx"},
		{"a new step gives it the id", "content/01-s/03-xx.md", step("XX", ""), ""},
		{"the step goes", "content/01-s/03-xx.md", nil, "after names unknown step xx"},
		{"fixed", "content/01-s/02-y.md", step("Y", "after = [\"x\"]\n"), ""},
		{"a cycle", "content/01-s/01-x.md", step("X", "after = [\"y\"]\n"), "cycle"},
		{"body edit keeps it", "content/01-s/01-x.md", &fstest.MapFile{Data: []byte("+++\ntitle = \"X\"\nafter = [\"y\"]\n+++\nOther body.\n")}, "cycle"},
		{"an id change breaks it", "content/01-s/01-x.md", step("X", "id = \"x2\"\n"), "after names unknown step x"},
		{"a duplicate id", "content/01-s/01-x.md", step("X", "id = \"y\"\n"), "duplicate step id y"},
	} {
		got := load(tc.file, tc.f)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: errors %q, want %q", tc.what, got, tc.want)
		}
	}
}

// TestLoaderVersion checks that a guide keeps its Version across loads
// exactly while only the text of step bodies changes.
func TestLoaderVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":      {Data: []byte("+++\ntitle = \"G\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = true\n+++\nIntro.\n")},
		"content/01-s/_index.md": {Data: []byte("+++\ntitle = \"S\"\n+++\nSection body.\n")},
		"content/01-s/01-x.md":   {Data: []byte("+++\ntitle = \"X\"\nwhen = \"a\"\n+++\nBody.\n")},
	}
	l := NewLoader(fsys, "content")
	g, errs := l.Load()
	if errs != nil || g.Version == nil {
		t.Fatalf("first load: version %v, %v", g.Version, errs)
	}
	for _, tc := range []struct {
		what, file, data string
		same             bool
	}{
		{"a step's body", "content/01-s/01-x.md", "+++\ntitle = \"X\"\nwhen = \"a\"\n+++\nOther body.\n", true},
		{"the same again", "content/01-s/01-x.md", "+++\ntitle = \"X\"\nwhen = \"a\"\n+++\nOther body.\n", true},
		{"a step's title", "content/01-s/01-x.md", "+++\ntitle = \"X2\"\nwhen = \"a\"\n+++\nOther body.\n", false},
		{"a step's condition", "content/01-s/01-x.md", "+++\ntitle = \"X2\"\nwhen = \"not a\"\n+++\nOther body.\n", false},
		{"a section's body", "content/01-s/_index.md", "+++\ntitle = \"S\"\n+++\nNew section body.\n", false},
		{"the intro", "content/_index.md", "+++\ntitle = \"G\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = true\n+++\nNew intro.\n", false},
		{"a new step", "content/01-s/02-y.md", "+++\ntitle = \"Y\"\n+++\n", false},
		{"a step in error", "content/01-s/02-y.md", "+++\ntitle = 3\n+++\n", false},
	} {
		fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.data)}
		l.Invalidate(tc.file)
		before := g.Version
		g, _ = l.Load()
		if (g.Version == before) != tc.same {
			t.Errorf("%s: version kept = %v, want %v", tc.what, g.Version == before, tc.same)
		}
	}
	before := g.Version
	delete(fsys, "content/01-s/02-y.md")
	if g, _ = l.Load(); g.Version == before {
		t.Error("a removed step kept the version")
	}
	if g2, _ := NewLoader(fsys, "content").Load(); g2.Version == g.Version {
		t.Error("two loaders gave the same version")
	}
}

// TestLoaderMatchesFreshLoad edits a small guide at random, a file at a
// time, and checks after each edit that a Loader told of it gives the same
// guide and the same errors as loading afresh: whatever it keeps between
// loads (parsed files, the folder scan, the guide-wide checks) must never
// show.
func TestLoaderMatchesFreshLoad(t *testing.T) {
	front := func(lines ...string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\n" + strings.Join(lines, "\n") + "\n+++\nBody {{ service.name }}.\n")}
	}
	variants := map[string][]*fstest.MapFile{
		"content/01-s/01-x.md": {front(`title = "X"`), front(`title = "X2"`, `after = ["y"]`), front(`title = "X"`, `id = "y"`),
			front(`title = "X"`, `after = ["nope"]`), front(`title = "X"`, `required = true`, `after = ["nope"]`), front(`title = 3`), nil},
		"content/01-s/02-y.md": {front(`title = "Y"`), front(`title = "Y"`, `after = ["x"]`), front(`title = "Y"`, `weight = -1`),
			front(`title = "Y"`, `when = "a"`), front(`title = "Y"`, `when = "b"`), nil},
		"content/02-t/_index.md": {front(`title = "T"`), front(`title = "T"`, `id = "s"`), front(`title = ""`), nil},
		"content/02-t/01-z.md":   {front(`title = "Z"`), front(`title = "Z"`, `after = ["x", "y"]`), front(`title = "Z"`, `id = "x"`), nil},
		"content/_index.md": {{Data: []byte("+++\ntitle = \"G\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = true\n+++\n")},
			{Data: []byte("+++\ntitle = \"G2\"\n[facts.b]\ntype = \"bool\"\nquestion = \"B?\"\ndefault = true\n+++\n")},
			{Data: []byte("+++\ntitle = \"G3\"\nlanguage = \"ko\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = true\n+++\n")}},
		// Translations: paired, edited, in error, orphaned, into the
		// guide's own language (when _index.md says ko).
		"content/01-s/01-x.ko.md":   {front(`title = "엑스"`), front(`title = "엑스2"`, `wait = "3일"`), front(`title = "엑스"`, `id = "z"`), nil},
		"content/01-s/02-y.en.md":   {front(`title = "Why"`), front(`title = "Why"`, `where = "there"`), nil},
		"content/01-s/03-w.ko.md":   {front(`title = "W"`), nil},
		"content/02-t/_index.ko.md": {front(`title = "티"`), front(`title = "티"`, `skip_reason = "없음"`), nil},
		"content/_index.ko.md": {front(`title = "지"`, `[facts.a]`, `question = "에이?"`), front(`title = "지"`, `[facts.b]`, `question = "비?"`),
			front(`title = "지"`, `[facts.a]`, `type = "bool"`), nil},
	}
	fsys := fstest.MapFS{"content/01-s/_index.md": front(`title = "S"`)}
	files := slices.Sorted(maps.Keys(variants))
	for _, f := range files {
		fsys[f] = variants[f][0]
	}
	digest := func(g *Guide, errs diag.List) string {
		var b strings.Builder
		if g != nil {
			fmt.Fprintf(&b, "%s %s|", g.Title, g.Language)
			for _, lang := range slices.Sorted(maps.Keys(g.Translations)) {
				tr := g.Translations[lang]
				fmt.Fprintf(&b, "{%s %s %s %v %v}", lang, tr.File, tr.Title, tr.Questions, tr.Intro != nil)
			}
			text := func(texts map[string]*Text) {
				for _, lang := range slices.Sorted(maps.Keys(texts)) {
					tr := texts[lang]
					fmt.Fprintf(&b, "{%s %s %q %q %q %q %v}", lang, tr.File, tr.Title, tr.SkipReason, tr.Where, tr.Wait, tr.Body != nil)
				}
			}
			for _, s := range g.Sections {
				fmt.Fprintf(&b, "[%s %s]", s.ID, s.Title)
				text(s.Translations)
				for _, st := range s.Steps {
					fmt.Fprintf(&b, "(%s %s %v %d)", st.ID, st.Title, st.After, st.Weight)
					text(st.Translations)
				}
			}
			fmt.Fprintf(&b, "|%v|%s", g.Languages(), g.Untranslated("ko"))
		}
		return b.String() + "\n" + errs.Error()
	}
	l := NewLoader(fsys, "content")
	l.Load()
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 400 {
		f := files[r.IntN(len(files))]
		v := variants[f][r.IntN(len(variants[f]))]
		if v == nil {
			delete(fsys, f)
		} else {
			fsys[f] = v
		}
		l.Invalidate(f)
		got := digest(l.Load())
		want := digest(Load(fsys, "content"))
		if got != want {
			t.Fatalf("edit %d (%s): the loader's guide differs from a fresh load\n--- loader\n%s\n--- fresh\n%s", i, f, got, want)
		}
	}
}

package markdown

import (
	"slices"
	"strings"
	"testing"

	"prereq/internal/diag"
)

// testTargets resolves cross-references for the case files: anchor
// ("step-a") to title and whether it is skipped.
type testTargets map[string]testTarget

type testTarget struct {
	title   string
	skipped bool
}

func (tt testTargets) Resolve(kind RefKind, id string) (string, bool, bool) {
	t, ok := tt[string(kind)+"-"+id]
	return t.title, t.skipped, ok
}

// withTargets adds the targets of a case header ("step-a=Alpha;
// section-s=Ess") to res.
func withTargets(res Resolver, val string, skipped bool) Resolver {
	tt, _ := res.(testTargets)
	if tt == nil {
		tt = testTargets{}
	}
	for anchor, title := range pairs(val) {
		tt[anchor] = testTarget{title, skipped}
	}
	return tt
}

func TestParseRef(t *testing.T) {
	for _, c := range []struct {
		dest string
		kind RefKind
		id   string
		ok   bool
	}{
		{"#step-register-app", StepRef, "register-app", true},
		{"#section-channel", SectionRef, "channel", true},
		{"#step-", StepRef, "", true},
		{"#skipped", "", "", false},
		{"#steps", "", "", false},
		{"step-x", "", "", false},
		{"index.html#step-x", "", "", false},
	} {
		kind, id, ok := ParseRef(c.dest)
		if kind != c.kind || id != c.id || ok != c.ok {
			t.Errorf("ParseRef(%q) = %q, %q, %v; want %q, %q, %v", c.dest, kind, id, ok, c.kind, c.id, c.ok)
		}
	}
}

// TestRefs checks what Doc.Refs lists: each reference once, in order,
// placed at its link in the file, with the `::: when` blocks around it.
func TestRefs(t *testing.T) {
	src := "Intro [](#step-a) and [text *b*](#section-b).\n" +
		"\n" +
		"::: when has_channel\n" +
		"- see [x](#step-c)\n" +
		"  ::: when existing_app\n" +
		"  - [y][ref]\n" +
		"  :::\n" +
		":::\n" +
		"\n" +
		"`[not](#step-code)` [other](#skipped) ![image](#step-img)\n" +
		"\n" +
		"[ref]: #step-d\n"
	doc, errs := NewParser(testSchema()).Parse("f.md", 5, []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	type ref struct {
		anchor string
		pos    diag.Pos
		when   string
	}
	var got []ref
	for _, r := range doc.Refs() {
		var when []string
		for _, c := range r.When {
			when = append(when, c.Source)
		}
		got = append(got, ref{r.Anchor(), r.Pos, strings.Join(when, " / ")})
	}
	want := []ref{
		{"step-a", diag.Pos{Path: "f.md", Line: 5, Col: 7}, ""},
		{"section-b", diag.Pos{Path: "f.md", Line: 5, Col: 23}, ""},
		{"step-c", diag.Pos{Path: "f.md", Line: 8, Col: 7}, "has_channel"},
		{"step-d", diag.Pos{Path: "f.md", Line: 10, Col: 5}, "has_channel / existing_app"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Refs:\n got %v\nwant %v", got, want)
	}
	var none *Doc
	if none.Refs() != nil {
		t.Error("a nil Doc has refs")
	}
}

// TestFreezeKeepsRefs: a body with cross-references is not frozen, since
// they are resolved only once the guide is planned.
func TestFreezeKeepsRefs(t *testing.T) {
	p := NewParser(testSchema())
	with, _ := p.Parse("f.md", 1, []byte("See [](#step-a).\n"))
	without, _ := p.Parse("f.md", 1, []byte("See the step.\n"))
	r := NewRenderer(Options{Facts: testFacts()})
	for _, d := range []*Doc{with, without} {
		if err := r.Freeze(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, frozen := with.Frozen(); frozen {
		t.Error("a body with a cross-reference was frozen")
	}
	if _, frozen := without.Frozen(); !frozen {
		t.Error("a body without cross-references was not frozen")
	}
	var out strings.Builder
	r = NewRenderer(Options{Facts: testFacts(), Refs: testTargets{"step-a": {"Alpha", false}}})
	if err := r.Render(&out, with); err != nil {
		t.Fatal(err)
	}
	if want := `<p>See <a class="xref" href="#step-a">Alpha</a>.</p>` + "\n"; out.String() != want {
		t.Errorf("rendered %q, want %q", out.String(), want)
	}
}

func TestSplitRefs(t *testing.T) {
	span := func(text string, off int) Span { return Span{Text: text, Off: off} }
	ref := func(text string, kind RefKind, id string, off int) Span {
		return Span{Text: text, Ref: &Ref{Kind: kind, ID: id}, Off: off}
	}
	for _, c := range []struct {
		in   string
		want []Span
	}{
		{"", []Span{span("", 0)}},
		{"Already done.", []Span{span("Already done.", 0)}},
		{"skip to [](#section-channel).", []Span{span("skip to ", 0), ref("", SectionRef, "channel", 8), span(".", 28)}},
		{"[see it](#step-a)", []Span{ref("see it", StepRef, "a", 0)}},
		{"[a](#step-a)[b](#step-b)", []Span{ref("a", StepRef, "a", 0), ref("b", StepRef, "b", 12)}},
		// Not references: other links, brackets without a destination,
		// nested brackets, spaces in the destination.
		{"[x](https://a.example) [y] [[z]](#step-z) [w](#step-w x) [v] (#step-v)", []Span{span("[x](https://a.example) [y] [[z]](#step-z) [w](#step-w x) [v] (#step-v)", 0)}},
		{"[y] [z](#step-z)", []Span{span("[y] ", 0), ref("z", StepRef, "z", 4)}},
		{"[unclosed](#step-a", []Span{span("[unclosed](#step-a", 0)}},
	} {
		got := SplitRefs(c.in)
		if !slices.EqualFunc(got, c.want, func(a, b Span) bool {
			return a.Text == b.Text && a.Off == b.Off && (a.Ref == nil) == (b.Ref == nil) && (a.Ref == nil || a.Ref.Anchor() == b.Ref.Anchor())
		}) {
			t.Errorf("SplitRefs(%q):\n got %+v\nwant %+v", c.in, got, c.want)
		}
	}
}

// FuzzSplitRefs: the spans of any text are in order, cover it, and hold
// its text where they are plain.
func FuzzSplitRefs(f *testing.F) {
	for _, s := range []string{"skip to [](#section-channel).", "[a](#step-a)[b](#step-b)", "[[z]](#step-z) [w](#step-", "]([#step-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spans := SplitRefs(s)
		if len(spans) == 0 {
			t.Fatalf("%q: no spans", s)
		}
		end := 0
		for _, sp := range spans {
			if sp.Off < end || sp.Off > len(s) {
				t.Fatalf("%q: span at %d after %d", s, sp.Off, end)
			}
			if sp.Ref == nil {
				if sp.Off != end || !strings.HasPrefix(s[sp.Off:], sp.Text) {
					t.Fatalf("%q: text span %+v", s, sp)
				}
				end = sp.Off + len(sp.Text)
				continue
			}
			dest := "](#" + sp.Ref.Anchor() + ")"
			if !strings.HasPrefix(s[sp.Off:], "["+sp.Text+dest) {
				t.Fatalf("%q: reference span %+v", s, sp)
			}
			end = sp.Off + len(sp.Text) + 1 + len(dest)
		}
		if end != len(s) {
			t.Fatalf("%q: spans end at %d", s, end)
		}
	})
}

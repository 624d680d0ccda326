package markdown

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"prereq/internal/diag"
)

// allowedTags are the only elements rendered content may produce.
var allowedTags = map[string]bool{
	"a": true, "aside": true, "blockquote": true, "br": true, "code": true,
	"del": true, "em": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "hr": true, "img": true, "li": true, "ol": true,
	"p": true, "pre": true, "span": true, "strong": true, "table": true,
	"tbody": true, "td": true, "th": true, "thead": true, "tr": true, "ul": true,
}

// checkHTML reports the first tag of out that content must not produce, or
// a dangerous link.
func checkHTML(out string) string {
	for i := strings.IndexByte(out, '<'); i >= 0; {
		rest := strings.TrimPrefix(out[i+1:], "/")
		end := strings.IndexAny(rest, " >")
		if end < 0 || !allowedTags[rest[:end]] {
			return "tag " + out[i:min(len(out), i+20)]
		}
		next := strings.IndexByte(out[i+1:], '<')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	lower := strings.ToLower(out)
	for _, bad := range []string{`href="javascript:`, `src="javascript:`, `href="vbscript:`, `<input`} {
		if strings.Contains(lower, bad) {
			return bad
		}
	}
	return ""
}

// FuzzParse parses and renders arbitrary bodies: no panic, errors inside
// the file, only safe HTML, and the same bytes every time.
func FuzzParse(f *testing.F) {
	// Seeds: testdata/fuzz/FuzzParse (every case, the benchmark body,
	// error cases, and whatever the fuzzer found).
	p := NewParser(testSchema())
	r := NewRenderer(Options{Facts: testFacts(), Service: "Acme <Shop>", HeadingOffset: 3})
	rc := NewRenderer(Options{Facts: testFacts(), Service: "Acme <Shop>", HeadingOffset: 3, Compact: true})
	const firstLine = 7
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, errs := p.Parse("f.md", firstLine, src)
		lines := firstLine + bytes.Count(src, []byte{'\n'})
		for _, e := range errs {
			if e.Path != "f.md" || e.Line < firstLine || e.Line > lines || e.Col < 1 || e.Msg == "" {
				t.Errorf("error out of the file (lines %d-%d): %v", firstLine, lines, e)
			}
		}
		var a, b bytes.Buffer
		errA := r.Render(&a, doc)
		if errA != nil {
			// Only `::: when` conditions that fail for these facts, each
			// on one line, at its place in the file.
			var l diag.List
			if !errors.As(errA, &l) {
				t.Fatalf("render: %v", errA)
			}
			for _, e := range l {
				if e.Path != "f.md" || e.Line < firstLine || e.Line > lines || e.Col < 1 ||
					!strings.HasPrefix(e.Msg, "::: when: cannot be evaluated: ") || strings.Contains(e.Msg, "\n") {
					t.Errorf("render error out of place: %v", e)
				}
			}
			return
		}
		if bad := checkHTML(a.String()); bad != "" {
			t.Errorf("unsafe output (%s):\n%s", bad, a.String())
		}
		if want, got := asGFM(src); got != want && !gfmDiffers(src) {
			t.Errorf("autolinks differ from goldmark's GFM\n--- goldmark\n%s--- prereq\n%s", want, got)
		}
		var c bytes.Buffer
		if err := rc.Render(&c, doc); err != nil || minifyHTML(t, a.Bytes()) != minifyHTML(t, c.Bytes()) {
			t.Errorf("compact output minifies differently: %v", err)
		}
		again, _ := p.Parse("f.md", firstLine, src)
		if err := r.Render(&b, again); err != nil || a.String() != b.String() {
			t.Errorf("a second parse and render differ: %v", err)
		}
	})
}

func TestCheckHTML(t *testing.T) {
	for out, want := range map[string]bool{
		"<p>a &lt;b&gt;</p>\n":                     true,
		`<aside class="x" role="note"><p>x</p>`:    true,
		`<p><input type="checkbox"></p>`:           false,
		"<div>":                                    false,
		`<a href="javascript:alert(1)">x</a>`:      false,
		`<img src="https://example.com/x" alt="">`: true,
	} {
		if ok := checkHTML(out) == ""; ok != want {
			t.Errorf("checkHTML(%q) ok = %v, want %v", out, ok, want)
		}
	}
}

func benchBody(b *testing.B) []byte {
	src, err := os.ReadFile("testdata/bench.md")
	if err != nil {
		b.Fatal(err)
	}
	return src
}

func BenchmarkParse(b *testing.B) {
	src := benchBody(b)
	p := NewParser(testSchema())
	if _, errs := p.Parse("bench.md", 1, src); errs != nil {
		b.Fatal(errs)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		p.Parse("bench.md", 1, src)
	}
}

func BenchmarkRender(b *testing.B) {
	src := benchBody(b)
	doc, errs := NewParser(testSchema()).Parse("bench.md", 1, src)
	if errs != nil {
		b.Fatal(errs)
	}
	r := NewRenderer(Options{Facts: testFacts(), Service: "Acme", HeadingOffset: 3})
	var out bytes.Buffer
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := r.Render(&out, doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewRenderer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewRenderer(Options{Facts: testFacts(), Service: "Acme", HeadingOffset: 3})
	}
}

// BenchmarkParseUncached parses with a new Parser each time, so every
// condition is compiled: the cost of a body whose conditions are all new.
func BenchmarkParseUncached(b *testing.B) {
	src := benchBody(b)
	schema := testSchema()
	b.ReportAllocs()
	for b.Loop() {
		NewParser(schema).Parse("bench.md", 1, src)
	}
}

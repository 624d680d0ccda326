package markdown

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"prereq/internal/diag"
	"prereq/internal/facts"
)

var update = flag.Bool("update", false, "rewrite the expected HTML in testdata/*.txt")

// testSchema declares the facts the test cases use.
func testSchema() *facts.Schema {
	return &facts.Schema{Facts: []*facts.Decl{
		{Name: "existing_app", Type: facts.Bool},
		{Name: "has_channel", Type: facts.Bool},
		{Name: "consent_items", Type: facts.List},
		{Name: "max_users", Type: facts.Number},
		{Name: "plan", Type: facts.String},
	}}
}

// testFacts are the values a case renders with, unless it says otherwise.
func testFacts() facts.Values {
	return facts.Values{
		"existing_app":  true,
		"has_channel":   false,
		"consent_items": []string{"account_email", "shipping_address"},
		"max_users":     float64(500),
		"plan":          "basic",
	}
}

// A case file holds cases like goldmark's own test files:
//
//	name: what the case shows
//	facts: has_channel=true; consent_items=a,b    (optional)
//	offset: 3                                      (optional HeadingOffset)
//	titles: note=참고; tip=Tipp                    (optional CalloutTitles)
//	service: Acme                                  (optional; default "Acme <Shop>")
//	compact: true                                  (optional Compact: the HTML has no
//	                                                final newline; the file shows one)
//	refs: step-a=Title A; section-s=Title S        (optional: what cross-references
//	skipped: step-b=Title B                         point at, and which are skipped)
//	skippedref: (해당 없음)                          (optional SkippedRef)
//	//- - - - - - - - -//
//	Markdown
//	//- - - - - - - - -//
//	expected HTML
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// Two blank lines separate cases. To rewrite the expected HTML from what the
// renderer produces now, run
//
//	go test ./internal/markdown -run TestCases -update
const (
	sepPart = "//- - - - - - - - -//"
	sepCase = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

type testCase struct {
	header   []string // the header lines as written
	name     string
	line     int // of the name, in the file
	markdown string
	html     string
	opts     Options
}

func readCases(t *testing.T, path string) []*testCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	var cases []*testCase
	for i := 0; i < len(lines); {
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
		if i == len(lines) {
			break
		}
		c := &testCase{line: i + 1}
		part := func(end string) string {
			var b strings.Builder
			for ; i < len(lines) && strings.TrimRight(lines[i], "\n") != end; i++ {
				b.WriteString(lines[i])
			}
			if i == len(lines) {
				t.Fatalf("%s:%d: case without %s", path, c.line, end)
			}
			i++
			return b.String()
		}
		c.header = strings.Split(strings.TrimRight(part(sepPart), "\n"), "\n")
		c.markdown = part(sepPart)
		c.html = part(sepCase)
		c.parseHeader(t, path)
		cases = append(cases, c)
	}
	return cases
}

func (c *testCase) parseHeader(t *testing.T, path string) {
	c.opts = Options{Facts: testFacts(), Service: "Acme <Shop>"}
	schema := testSchema()
	for _, h := range c.header {
		key, val, ok := strings.Cut(h, ":")
		if !ok {
			t.Fatalf("%s:%d: header line %q is not key: value", path, c.line, h)
		}
		val = strings.TrimSpace(val)
		switch key {
		case "name":
			c.name = val
		case "service":
			c.opts.Service = val
		case "offset":
			n, err := strconv.Atoi(val)
			if err != nil {
				t.Fatalf("%s:%d: offset: %v", path, c.line, err)
			}
			c.opts.HeadingOffset = n
		case "compact":
			c.opts.Compact = val == "true"
		case "refs", "skipped": // cross-reference targets, see xref_test.go
			c.opts.Refs = withTargets(c.opts.Refs, val, key == "skipped")
		case "skippedref":
			c.opts.SkippedRef = val
		case "titles":
			c.opts.CalloutTitles = map[string]string{}
			for k, v := range pairs(val) {
				c.opts.CalloutTitles[k] = v
			}
		case "facts":
			for k, v := range pairs(val) {
				d := schema.Fact(k)
				if d == nil {
					t.Fatalf("%s:%d: no fact %s in the test schema", path, c.line, k)
				}
				c.opts.Facts[k] = typed(t, d, v)
			}
		default:
			t.Fatalf("%s:%d: unknown header %q", path, c.line, key)
		}
	}
	if c.name == "" {
		t.Fatalf("%s:%d: case without a name", path, c.line)
	}
}

// pairs splits "a=1; b=2" into its pairs.
func pairs(s string) map[string]string {
	m := map[string]string{}
	for p := range strings.SplitSeq(s, ";") {
		k, v, _ := strings.Cut(p, "=")
		m[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return m
}

func typed(t *testing.T, d *facts.Decl, v string) any {
	switch d.Type {
	case facts.Bool:
		return v == "true"
	case facts.Number:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatal(err)
		}
		return f
	case facts.List:
		if v == "" {
			return []string{}
		}
		return strings.Split(v, ",")
	default:
		return v
	}
}

func writeCases(path string, cases []*testCase) error {
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for _, h := range c.header {
			b.WriteString(h + "\n")
		}
		b.WriteString(sepPart + "\n" + c.markdown + sepPart + "\n" + c.html + sepCase + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	p := NewParser(testSchema())
	for _, file := range files {
		cases := readCases(t, file)
		changed := false
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				doc, errs := p.Parse(file, c.line+len(c.header)+1, []byte(c.markdown))
				if errs != nil {
					t.Fatalf("%s:%d: parse errors:\n%v", file, c.line, errs)
				}
				var out bytes.Buffer
				if err := NewRenderer(c.opts).Render(&out, doc); err != nil {
					t.Fatalf("%s:%d: render: %v", file, c.line, err)
				}
				got := out.String()
				if c.opts.Compact {
					got += "\n" // ends the case's HTML in the file
				}
				if got != c.html {
					if *update {
						c.html, changed = got, true
						return
					}
					t.Errorf("%s:%d: %s\n--- markdown\n%s--- got\n%s--- want\n%s", file, c.line, c.name, c.markdown, got, c.html)
				}
			})
		}
		if changed {
			if err := writeCases(file, cases); err != nil {
				t.Fatal(err)
			}
			t.Logf("rewrote %s", file)
		}
	}
}

// TestCaseFileRoundTrip keeps -update from changing anything but the
// expected HTML.
func TestCaseFileRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "cases.txt")
		if err := writeCases(out, readCases(t, file)); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(out)
		if !bytes.Equal(got, want) {
			t.Errorf("%s does not survive a rewrite unchanged: keep two blank lines between cases", file)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{{
		name: "unknown block with a suggestion",
		src:  "Intro.\n\n::: noet\nbody\n:::\n",
		want: []string{"s.md:12:5: unknown block ::: noet (did you mean note?)"},
	}, {
		name: "unknown block without a suggestion",
		src:  "  ::: sidebar\nbody\n:::\n",
		want: []string{"s.md:10:7: unknown block ::: sidebar (blocks are when, note, important, caution, tip)"},
	}, {
		name: "when without a condition",
		src:  "text\n\n:::  when  \nbody\n:::\n",
		want: []string{"s.md:12:1: ::: when needs a condition"},
	}, {
		name: "unknown fact in a condition",
		src:  "::: when not has_chanel\nbody\n:::\n",
		want: []string{"s.md:10:14: unknown fact has_chanel in condition (did you mean has_channel?)"},
	}, {
		name: "condition column counts runes and indentation",
		src:  "- item\n\n   :::   when  plan == \"요금제\" and has_chanel\n   body\n   :::\n",
		want: []string{"s.md:12:34: unknown fact has_chanel in condition (did you mean has_channel?)"},
	}, {
		name: "condition that is not boolean",
		src:  "::: when consent_items\nbody\n:::\n",
		want: []string{"s.md:10:10: expected bool, but got []string"},
	}, {
		name: "condition syntax error",
		src:  "::: when has_channel and\nbody\n:::\n",
		want: []string{"s.md:10:24: unexpected token EOF"},
	}, {
		name: "block never closed",
		src:  "Intro.\n\n::: important\nOnly the Owner.\n",
		want: []string{"s.md:12:1: ::: important block is never closed"},
	}, {
		name: "inner block never closed: the one fence closes it",
		src:  "::: when has_channel\n::: tip\nbody\n:::\n",
		want: []string{"s.md:10:1: ::: when block is never closed"},
	}, {
		name: "block left open inside a fenced code block",
		src:  "::: note\n```\n:::\n",
		want: []string{"s.md:10:1: ::: note block is never closed"},
	}, {
		name: "stray closing fence",
		src:  "Text.\n\n::: note\nbody\n:::\n:::\n",
		want: []string{"s.md:15:1: ::: closes no block"},
	}, {
		name: "callout with arguments",
		src:  "::: note Read this\nbody\n:::\n",
		want: []string{`s.md:10:10: unexpected "Read this" after ::: note: a callout takes no arguments`},
	}, {
		name: "unknown fact in braces",
		src:  "Hello,\nyour plan is {{ plann }}.\n",
		want: []string{"s.md:11:14: unknown fact plann in {{ }} (did you mean plan?)"},
	}, {
		name: "unknown fact in braces after wide characters",
		src:  "요금제: {{plann}}\n",
		want: []string{"s.md:10:6: unknown fact plann in {{ }} (did you mean plan?)"},
	}, {
		name: "unknown service field",
		src:  "Hi {{ service.nmae }}.\n",
		want: []string{"s.md:10:4: {{ service.nmae }} is not a fact name: only {{ fact_name }} and {{ service.name }} are allowed (did you mean service.name?)"},
	}, {
		name: "expression in braces",
		src:  "| a |\n|---|\n| {{ max_users + 1 }} |\n",
		want: []string{"s.md:12:3: {{ max_users + 1 }} is not a fact name: only {{ fact_name }} and {{ service.name }} are allowed (did you mean max_users?)"},
	}, {
		name: "empty braces",
		src:  "> quote {{ }}\n",
		want: []string{"s.md:10:9: empty {{ }}: write a fact name or service.name inside"},
	}, {
		name: "images with no alt text, in a list and a table, after wide characters",
		src:  "- 화면: ![](screen.png)\n\n| a |\n|---|\n| ![  ](b.svg) |\n",
		want: []string{
			`s.md:10:7: the image "screen.png" has no alt text: say what it shows, ![what it shows](screen.png), in every language`,
			`s.md:14:3: the image "b.svg" has no alt text: say what it shows, ![what it shows](b.svg), in every language`,
		},
	}, {
		name: "every error at once, in order",
		src:  "{{ nope }}\n\n::: when nope\n::: cuation\n- {{ plann }}\n:::\n:::\n:::\n\n::: tip\n",
		want: []string{
			"s.md:10:1: unknown fact nope in {{ }}",
			"s.md:12:10: unknown fact nope in condition",
			"s.md:13:5: unknown block ::: cuation (did you mean caution?)",
			"s.md:14:3: unknown fact plann in {{ }} (did you mean plan?)",
			"s.md:17:1: ::: closes no block",
			"s.md:19:1: ::: tip block is never closed",
		},
	}}
	p := NewParser(testSchema())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, errs := p.Parse("s.md", 10, []byte(tt.src))
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors of\n%s\ngot:\n  %s\nwant:\n  %s", tt.src, strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			// A body with errors still renders.
			if err := NewRenderer(Options{Facts: testFacts()}).Render(new(bytes.Buffer), doc); err != nil {
				t.Errorf("render: %v", err)
			}
		})
	}
}

// TestRenderRuntimeError: `::: when` conditions that fail for the facts
// are every one an error on one line, at the failing part of the condition
// in the file (columns in characters), and the rest still renders.
func TestRenderRuntimeError(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		keeps     string // rendered all the same
	}{
		{"index out of range", "::: when consent_items[5] == \"x\"\nbody\n:::\n",
			[]string{`s.md:4:23: ::: when: cannot be evaluated: index out of range: 5 (array length is 2), with consent_items = ["account_email", "shipping_address"]`}, ""},
		{"division by zero", "Text.\n\n::: when 1 % int(max_users - 500) == 0\nbody\n:::\n",
			[]string{"s.md:6:12: ::: when: cannot be evaluated: integer divide by zero, with max_users = 500"}, "<p>Text.</p>"},
		{"type mismatch", "::: when int(plan) > 1\nbody\n:::\n",
			[]string{`s.md:4:10: ::: when: cannot be evaluated: invalid operation: int(basic), with plan = "basic"`}, ""},
		{"nil", "::: when len(has_channel ? consent_items : nil) > 0\nbody\n:::\n",
			[]string{"s.md:4:10: ::: when: cannot be evaluated: invalid argument for len (type <nil>), with has_channel = false, consent_items = [\"account_email\", \"shipping_address\"]"}, ""},
		{"Hangul before it, nested, every one", "한국어 ::: 텍스트\n\n::: note\n::: when consent_items[9] == \"한\"\nx\n:::\nkept\n:::\n\n  ::: when consent_items[7] == \"y\"\n:::\n",
			[]string{
				`s.md:7:23: ::: when: cannot be evaluated: index out of range: 9 (array length is 2), with consent_items = ["account_email", "shipping_address"]`,
				`s.md:13:25: ::: when: cannot be evaluated: index out of range: 7 (array length is 2), with consent_items = ["account_email", "shipping_address"]`,
			}, "<p>kept</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, errs := NewParser(testSchema()).Parse("s.md", 4, []byte(tt.src))
			if errs != nil {
				t.Fatal(errs)
			}
			for _, compact := range []bool{false, true} {
				var out bytes.Buffer
				err := NewRenderer(Options{Facts: testFacts(), Compact: compact}).Render(&out, doc)
				var l diag.List
				if !errors.As(err, &l) {
					t.Fatalf("got %v, want a diag.List", err)
				}
				if got := strings.Split(l.Error(), "\n"); !slices.Equal(got, tt.want) {
					t.Errorf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
				if !strings.Contains(out.String(), tt.keeps) {
					t.Errorf("output %q lacks %q", out.String(), tt.keeps)
				}
			}
		})
	}
}

func TestDocFacts(t *testing.T) {
	src := "::: when has_channel and \"x\" in consent_items\n{{ plan }} {{ service.name }} {{ plan }}\n:::\n\n`{{ max_users }}` {{ nope }}\n"
	doc, _ := NewParser(testSchema()).Parse("s.md", 1, []byte(src))
	want := []string{"consent_items", "has_channel", "plan"}
	if got := doc.Facts(); !slices.Equal(got, want) {
		t.Errorf("Facts() = %v, want %v", got, want)
	}
}

func TestEmpty(t *testing.T) {
	p := NewParser(testSchema())
	for src, want := range map[string]bool{"": true, "\n  \n\t\n": true, "[ref]: https://example.com\n": true, "x": false, "::: note\n:::\n": false} {
		doc, errs := p.Parse("s.md", 1, []byte(src))
		if errs != nil {
			t.Fatal(errs)
		}
		if doc.Empty() != want {
			t.Errorf("Empty(%q) = %v, want %v", src, !want, want)
		}
		var b bytes.Buffer
		if err := NewRenderer(Options{}).Render(&b, doc); err != nil || want && b.Len() != 0 {
			t.Errorf("Render(%q) = %q, %v", src, b.String(), err)
		}
	}
}

// TestConcurrent parses in parallel with one Parser and renders one Doc
// from many Renderers at once; run with -race.
func TestConcurrent(t *testing.T) {
	src, err := os.ReadFile("testdata/bench.md")
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser(testSchema())
	shared, errs := p.Parse("bench.md", 1, src)
	if errs != nil {
		t.Fatal(errs)
	}
	var want bytes.Buffer
	if err := NewRenderer(Options{Facts: testFacts()}).Render(&want, shared); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Go(func() {
			doc, _ := p.Parse("bench.md", 1, src)
			r := NewRenderer(Options{Facts: testFacts()})
			var a, b bytes.Buffer
			_ = r.Render(&a, shared)
			_ = r.Render(&b, doc)
			if a.String() != b.String() {
				results[i] = "a fresh parse renders differently"
				return
			}
			results[i] = a.String()
		})
	}
	wg.Wait()
	for i, got := range results {
		if got != want.String() {
			t.Errorf("goroutine %d: output differs: %.200s", i, got)
		}
	}
}

// TestDeterministic renders twice with the same renderer and with a fresh
// one: same bytes.
func TestDeterministic(t *testing.T) {
	src, _ := os.ReadFile("testdata/bench.md")
	doc, _ := NewParser(testSchema()).Parse("bench.md", 1, src)
	var outs []string
	r := NewRenderer(Options{Facts: testFacts(), HeadingOffset: 3})
	for range 2 {
		for _, r := range []*Renderer{r, NewRenderer(Options{Facts: testFacts(), HeadingOffset: 3})} {
			var b bytes.Buffer
			if err := r.Render(&b, doc); err != nil {
				t.Fatal(err)
			}
			outs = append(outs, b.String())
		}
	}
	for _, o := range outs[1:] {
		if o != outs[0] {
			t.Fatal("output differs between renders")
		}
	}
}

func Example() {
	schema := &facts.Schema{Facts: []*facts.Decl{{Name: "has_channel", Type: facts.Bool}}}
	doc, errs := NewParser(schema).Parse("content/02-channel/01-create.md", 6, []byte(
		"::: when not has_channel\nCreate a channel for {{ service.name }} first.\n:::\n"))
	if errs != nil {
		fmt.Println(errs)
		return
	}
	r := NewRenderer(Options{Facts: facts.Values{"has_channel": false}, Service: "Acme"})
	_ = r.Render(os.Stdout, doc)
	// Output:
	// <p>Create a channel for Acme first.</p>
}

func TestFreeze(t *testing.T) {
	schema := &facts.Schema{Facts: []*facts.Decl{{Name: "a", Type: facts.Bool, Question: "?"}}}
	p := NewParser(schema)
	doc, errs := p.Parse("x.md", 1, []byte("# T\n\n::: when a\nShown {{ a }}.\n:::\n"))
	if errs != nil {
		t.Fatal(errs)
	}
	r := NewRenderer(Options{Facts: facts.Values{"a": true}, HeadingOffset: 2})
	var want bytes.Buffer
	if err := r.Render(&want, doc); err != nil {
		t.Fatal(err)
	}
	if err := r.Freeze(doc); err != nil {
		t.Fatal(err)
	}
	// A frozen body renders as it was rendered, whatever the renderer.
	var got bytes.Buffer
	other := NewRenderer(Options{Facts: facts.Values{"a": false}})
	if err := other.Render(&got, doc); err != nil || got.String() != want.String() || doc.Empty() {
		t.Errorf("frozen render = %q, %v; want %q", got.String(), err, want.String())
	}
	empty, _ := p.Parse("y.md", 1, []byte("\n"))
	if err := r.Freeze(empty); err != nil || !empty.Empty() {
		t.Error("a frozen empty body stays empty")
	}
}

package markdown

import (
	"bytes"
	"strings"
	"testing"

	"prereq/internal/images"
)

// svgFile is a small SVG file as the loader would hand it to a body.
func svgFile(t *testing.T) *images.File {
	t.Helper()
	f, err := images.New("content/s/screen.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200"><script>alert(1)</script></svg>`))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestImages(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		opts  Options
		want  []string // in the HTML, in order
		never []string
	}{{
		name:  "embedded, with its size, never inline",
		src:   "![The screen, parts marked A to D](screen.svg)\n",
		want:  []string{`<p><img src="data:image/svg+xml;base64,`, `" alt="The screen, parts marked A to D" width="320" height="200"></p>`},
		never: []string{"<svg", "<script", "<a "},
	}, {
		name:  "as the copy beside the outputs",
		src:   "![The screen](screen.svg)\n",
		opts:  Options{ImageLinks: true},
		want:  []string{`<img src="images/`, `.svg" alt="The screen" width="320" height="200">`},
		never: []string{"data:"},
	}, {
		name:  "inside a link: one link, the image in it",
		src:   "[![The screen](screen.svg) full size](https://example.com/big)\n",
		want:  []string{`<p><a href="https://example.com/big"><img src="data:image/svg+xml;base64,`, `alt="The screen" width="320" height="200"> full size</a></p>`},
		never: []string{`image-link`},
	}, {
		name: "inside a cross-reference",
		src:  "[![The screen](screen.svg)](#step-a)\n",
		opts: Options{Refs: testTargets{"step-a": {title: "A"}}},
		want: []string{`<a class="xref" href="#step-a"><img src="data:`, `alt="The screen" width="320" height="200"></a>`},
	}, {
		name: "alt text from markup, values and escapes, and a title",
		src:  "![The **{{ service.name }}** `screen` \"one\"](screen.svg \"A <title>\")\n",
		opts: Options{Service: "Acme & Co"},
		want: []string{`alt="The Acme &amp; Co screen &quot;one&quot;" title="A &lt;title&gt;" width="320"`},
	}}
	p := NewParser(testSchema())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, errs := p.Parse("s.md", 1, []byte(tt.src))
			if errs != nil {
				t.Fatal(errs)
			}
			for _, im := range d.Images() {
				im.File = svgFile(t)
			}
			var out bytes.Buffer
			if err := NewRenderer(tt.opts).Render(&out, d); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("no %q in order in\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.never {
				if strings.Contains(got, n) {
					t.Errorf("%q in\n%s", n, got)
				}
			}
			if msg := checkHTML(got); msg != "" {
				t.Errorf("invalid HTML: %s\n%s", msg, got)
			}
		})
	}
}

func TestDocImages(t *testing.T) {
	src := "Intro.\n\n- see ![a](pics/one%20two.png)\n\n  and ![b  c](https://x.example/b.png)\n\n![danger](javascript:alert(1))\n"
	d, errs := NewParser(testSchema()).Parse("content/s/x.md", 5, []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	var got []string
	for _, im := range d.Images() {
		got = append(got, im.Pos.String()+" "+im.Dest+" remote="+map[bool]string{true: "yes", false: "no"}[im.Remote()])
	}
	want := []string{"content/s/x.md:7:7 pics/one two.png remote=no", "content/s/x.md:9:7 https://x.example/b.png remote=yes"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Images:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

package markdown

import (
	"bytes"
	"html"
	"os"
	"testing"

	"prereq/internal/browsertest"
)

// TestHTMLValid renders every case, and the benchmark body, into a page
// shaped like the checklist (step bodies in articles under h3 titles, with
// HeadingOffset 3) and checks it with the W3C Nu HTML checker and axe-core.
// Without the tools it is skipped (it fails when CI is "true").
func TestHTMLValid(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Java VM and a browser")
	}
	p := NewParser(testSchema())
	var page bytes.Buffer
	page.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Cases</title></head>` +
		"<body><main><h1>Cases</h1>\n<section><h2>All cases</h2>\n<ol>\n")
	step := func(title string, src []byte, o Options) {
		doc, errs := p.Parse(title, 1, src)
		if errs != nil {
			t.Fatal(errs)
		}
		o.HeadingOffset = 3
		page.WriteString("<li><article><h3>" + html.EscapeString(title) + "</h3>\n")
		if err := NewRenderer(o).Render(&page, doc); err != nil {
			t.Fatal(err)
		}
		page.WriteString("</article></li>\n")
	}
	for _, c := range readCases(t, "testdata/cases.txt") {
		step(c.name, []byte(c.markdown), c.opts)
	}
	bench, err := os.ReadFile("testdata/bench.md")
	if err != nil {
		t.Fatal(err)
	}
	step("bench.md", bench, Options{Facts: testFacts(), Service: "Acme"})
	page.WriteString("</ol>\n</section></main></body></html>\n")

	// The checker's Java VM and the browser start at once.
	t.Run("Nu HTML checker", func(t *testing.T) {
		t.Parallel()
		for _, msg := range browsertest.Validate(t, page.Bytes()) {
			t.Errorf("Nu HTML checker: %s", msg)
		}
	})
	t.Run("axe-core", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		if err := os.WriteFile(dir+"/index.html", page.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx := browsertest.Browser(t)
		browsertest.Open(t, ctx, browsertest.FileURL(dir+"/index.html"))
		for _, v := range browsertest.Axe(t, ctx) {
			t.Errorf("axe: %s", v)
		}
	})
}

package markdown

import (
	"bytes"
	"html"
	"os"
	"testing"
)

// pageFile is the page of every case, which internal/render's
// TestBrowserValid checks with the W3C Nu HTML checker and axe-core, in the
// one run of each it makes for its own pages: each run starts a Java VM or
// a browser, seconds of CPU that a run here would add to the test suite.
const pageFile = "testdata/page.html"

// TestHTMLPage renders every case, and the benchmark body, into a page
// shaped like the checklist (step bodies in articles under h3 titles, with
// HeadingOffset 3) and wants it to be testdata/page.html, which -update
// rewrites.
func TestHTMLPage(t *testing.T) {
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

	if *update {
		if err := os.WriteFile(pageFile, page.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", pageFile)
		return
	}
	want, err := os.ReadFile(pageFile)
	if err != nil {
		t.Fatalf("%v (go test ./internal/markdown -run TestHTMLPage -update writes it)", err)
	}
	if !bytes.Equal(page.Bytes(), want) {
		t.Errorf("the page of every case differs from %s; after checking the cases, rewrite it with go test ./internal/markdown -run TestHTMLPage -update", pageFile)
	}
}

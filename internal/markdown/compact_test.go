package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
)

// TestCompactIsWhatAMinifierRemoves renders every case and fuzz seed plain
// and compact: compacting must remove nothing but whitespace a minifier
// removes, so both minify to the same bytes.
func TestCompactIsWhatAMinifierRemoves(t *testing.T) {
	srcs := map[string][]byte{}
	for _, c := range readCases(t, "testdata/cases.txt") {
		srcs[c.name] = []byte(c.markdown)
	}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzParse/*")
	for _, f := range seeds {
		srcs[f] = fuzzSeed(t, f)
	}
	p := NewParser(testSchema())
	plain := NewRenderer(Options{Facts: testFacts(), Service: "Acme", HeadingOffset: 3})
	compacted := NewRenderer(Options{Facts: testFacts(), Service: "Acme", HeadingOffset: 3, Compact: true})
	for name, src := range srcs {
		doc, _ := p.Parse("f.md", 1, src)
		var a, b bytes.Buffer
		if err := plain.Render(&a, doc); err != nil {
			continue // a condition that fails at run time: not this test's business
		}
		if err := compacted.Render(&b, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b.Len() > a.Len() {
			t.Errorf("%s: compact output is longer", name)
		}
		if ma, mb := minifyHTML(t, a.Bytes()), minifyHTML(t, b.Bytes()); ma != mb {
			t.Errorf("%s: compact output minifies differently\n--- plain\n%s\n--- compact\n%s", name, ma, mb)
		}
	}
}

func minifyHTML(t *testing.T, b []byte) string {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	out, err := m.Bytes("text/html", bytes.Clone(b)) // it may rewrite its input
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// fuzzSeed reads a seed file of FuzzParse: one []byte literal.
func fuzzSeed(t *testing.T, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitN(data, []byte("\n"), 3)
	lit := bytes.TrimSuffix(bytes.TrimPrefix(bytes.TrimSpace(lines[1]), []byte("[]byte(")), []byte(")"))
	s, err := strconv.Unquote(string(lit))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return []byte(s)
}

package render_test

import (
	stdhtml "html"
	"io"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// node is an element (or the document) of a page parsed for contract tests:
// enough of a DOM to find elements by attribute and read their text. The
// pages under test close every element they open, so the parser needs none
// of HTML's implied end tags.
type node struct {
	tag      string
	attrs    map[string]string
	children []*node
	text     string // for text nodes: the decoded text; tag is ""
	parent   *node
}

var voidTags = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// parseDOM parses page; a mismatched end tag fails the test.
func parseDOM(t *testing.T, page []byte) *node {
	t.Helper()
	doc := &node{tag: "#document", attrs: map[string]string{}}
	cur := doc
	var open *node // element whose start tag is being read
	l := html.NewLexer(parse.NewInputBytes(page))
	for {
		tt, data := l.Next()
		switch tt {
		case html.ErrorToken:
			if l.Err() != io.EOF {
				t.Fatalf("parsing the page: %v", l.Err())
			}
			if cur != doc {
				t.Fatalf("parsing the page: <%s> is not closed", cur.tag)
			}
			return doc
		case html.StartTagToken:
			open = &node{tag: strings.ToLower(string(l.Text())), attrs: map[string]string{}, parent: cur}
			cur.children = append(cur.children, open)
		case html.AttributeToken:
			val := string(l.AttrVal())
			if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') {
				val = val[1 : len(val)-1]
			}
			open.attrs[strings.ToLower(string(l.AttrKey()))] = stdhtml.UnescapeString(val)
		case html.StartTagCloseToken, html.StartTagVoidToken:
			if !voidTags[open.tag] && tt == html.StartTagCloseToken {
				cur = open
			}
		case html.EndTagToken:
			tag := strings.ToLower(string(l.Text()))
			if tag != cur.tag {
				t.Fatalf("parsing the page: </%s> closes <%s>", tag, cur.tag)
			}
			cur = cur.parent
		case html.TextToken:
			text := string(data)
			if cur.tag != "script" && cur.tag != "style" {
				text = stdhtml.UnescapeString(text)
			}
			cur.children = append(cur.children, &node{text: text, parent: cur})
		}
	}
}

// walk calls f on n and every element under it, in document order.
func (n *node) walk(f func(*node)) {
	if n.tag == "" {
		return
	}
	f(n)
	for _, c := range n.children {
		c.walk(f)
	}
}

// all returns the elements under n (n included) for which match is true.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	n.walk(func(e *node) {
		if match(e) {
			out = append(out, e)
		}
	})
	return out
}

// has reports whether the element has the attribute.
func (n *node) has(key string) bool {
	_, ok := n.attrs[key]
	return ok
}

// byAttr matches elements whose attribute key is val.
func byAttr(key, val string) func(*node) bool {
	return func(n *node) bool { v, ok := n.attrs[key]; return ok && v == val }
}

// byTag matches elements by tag name.
func byTag(tag string) func(*node) bool {
	return func(n *node) bool { return n.tag == tag }
}

// textContent returns the text under n with runs of white space collapsed.
func (n *node) textContent() string {
	var b strings.Builder
	var rec func(*node)
	rec = func(m *node) {
		if m.tag == "" {
			b.WriteString(m.text)
			return
		}
		for _, c := range m.children {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// within reports whether n is inside an element matching match.
func (n *node) within(match func(*node) bool) bool {
	for p := n.parent; p != nil; p = p.parent {
		if match(p) {
			return true
		}
	}
	return false
}

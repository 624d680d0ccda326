package render

import (
	"bytes"
	"html"
	"strings"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"
)

// An hnode is an element or a run of text of a step's body as the page
// rendered it: checklist.json's plain text and checklist.md's Markdown
// bodies are written from the HTML the page already holds (bodytext.go,
// bodymd.go), never by rendering the Markdown again. The HTML is the
// markdown package's, a small known subset, so a tree of it needs no more
// than a lexer: elements nest as written, void elements hold nothing.
type hnode struct {
	tag   string // lower case; "" for text
	text  string // text, entities decoded
	class string
	attrs map[string]string // href, src, alt, start, style; nil when none
	kids  []*hnode
}

// attr returns the element's attribute name, "" when it has none.
func (n *hnode) attr(name string) string { return n.attrs[name] }

// hasClass reports whether the element carries the class c.
func (n *hnode) hasClass(c string) bool {
	for _, f := range strings.Fields(n.class) {
		if f == c {
			return true
		}
	}
	return false
}

// bodyVoidTags hold no content and have no end tag.
var bodyVoidTags = map[string]bool{"br": true, "hr": true, "img": true, "input": true, "wbr": true, "col": true, "source": true}

// keptAttrs are the attributes the text and Markdown writers read.
var keptAttrs = map[string]bool{"href": true, "src": true, "alt": true, "start": true, "style": true, "title": true}

// parseBody reads a body's HTML into a tree under a root element (tag
// "body"). An end tag closes the innermost open element of its name, and
// any inside it; one that closes nothing is passed over.
func parseBody(b []byte) *hnode {
	var slab []hnode // nodes are allocated a few dozen at a time
	node := func() *hnode {
		if len(slab) == 0 {
			slab = make([]hnode, 32)
		}
		n := &slab[0]
		slab = slab[1:]
		return n
	}
	root := &hnode{tag: "body"}
	stack := []*hnode{root}
	top := func() *hnode { return stack[len(stack)-1] }
	l := htmllex.NewLexer(parse.NewInputBytes(b))
	var open *hnode // the start tag whose attributes are being read
	for {
		tt, data := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			return root
		case htmllex.TextToken:
			t := string(data)
			if bytes.IndexByte(data, '&') >= 0 {
				t = html.UnescapeString(t)
			}
			n := node()
			n.text = t
			top().kids = append(top().kids, n)
		case htmllex.StartTagToken:
			open = node()
			open.tag = tagName(l.Text())
			top().kids = append(top().kids, open)
		case htmllex.AttributeToken:
			if open == nil {
				continue
			}
			key := strings.ToLower(string(l.AttrKey()))
			val := l.AttrVal()
			if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
				val = val[1 : len(val)-1]
			}
			switch {
			case key == "class":
				open.class = html.UnescapeString(string(val))
			case keptAttrs[key]:
				if open.attrs == nil {
					open.attrs = map[string]string{}
				}
				open.attrs[key] = html.UnescapeString(string(val))
			}
		case htmllex.StartTagCloseToken, htmllex.StartTagVoidToken:
			if open != nil && !bodyVoidTags[open.tag] && tt == htmllex.StartTagCloseToken {
				stack = append(stack, open)
			}
			open = nil
		case htmllex.EndTagToken:
			name := strings.ToLower(string(l.Text()))
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].tag == name {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// tagName is a tag's name in lower case; the names bodies use cost no
// allocation.
func tagName(b []byte) string {
	if name, ok := knownTags[string(b)]; ok {
		return name
	}
	return strings.ToLower(string(b))
}

var knownTags = func() map[string]string {
	m := map[string]string{}
	for _, t := range strings.Fields("p a li ul ol code pre strong em span br h1 h2 h3 h4 h5 h6 aside table thead tbody tr td th blockquote del img hr div b i s input sup sub kbd") {
		m[t] = t
	}
	return m
}()

// blockTags are the elements that start a block of their own in the text
// and Markdown writers; anything else is inline.
var blockTags = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "pre": true, "blockquote": true, "aside": true,
	"div": true, "table": true, "thead": true, "tbody": true, "tr": true, "hr": true,
	"dl": true, "dt": true, "dd": true, "figure": true, "figcaption": true, "section": true,
}

// hidden reports what a reader of the text does not see: the words for
// screen readers beside a task item's marker, say.
func (n *hnode) hidden() bool { return n.hasClass("visually-hidden") }

// textOf is an element's text, whitespace collapsed, hidden parts left out.
func textOf(n *hnode) string {
	var b strings.Builder
	var walk func(*hnode)
	walk = func(n *hnode) {
		if n.tag == "" {
			b.WriteString(n.text)
			return
		}
		if n.hidden() {
			return
		}
		if n.tag == "img" {
			b.WriteString(n.attr("alt"))
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// descendants lists the elements named tag inside n, in document order,
// not looking inside those found.
func descendants(n *hnode, tag string) []*hnode {
	var out []*hnode
	for _, k := range n.kids {
		if k.tag == tag {
			out = append(out, k)
		} else if k.tag != "" {
			out = append(out, descendants(k, tag)...)
		}
	}
	return out
}

// rawText is an element's text as it is, whitespace kept.
func rawText(n *hnode) string {
	var b strings.Builder
	var walk func(*hnode)
	walk = func(n *hnode) {
		if n.tag == "" {
			b.WriteString(n.text)
			return
		}
		if n.tag == "br" {
			b.WriteByte('\n')
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

// blocks splits a container's children into blocks and writes each: a run
// of inline children (elements that are not blockTags, and text) is one
// paragraph, written by inline; each block child is written by block.
// Hidden inline elements are left out, and blocks written "" dropped.
func (n *hnode) blocks(inline func([]*hnode) string, block func(*hnode) string) []string {
	var out []string
	var run []*hnode
	flush := func() {
		if len(run) > 0 {
			if t := inline(run); t != "" {
				out = append(out, t)
			}
			run = run[:0]
		}
	}
	for _, k := range n.kids {
		if k.tag == "" || !blockTags[k.tag] {
			if k.tag != "" && k.hidden() {
				continue
			}
			run = append(run, k)
			continue
		}
		flush()
		if t := block(k); t != "" {
			out = append(out, t)
		}
	}
	flush()
	return out
}

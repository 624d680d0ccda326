package render

import (
	"bytes"
	"html"
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"
)

// bodyText is a step's body as plain text, for checklist.json and
// checklist.csv, from the HTML the page rendered: paragraphs, headings and
// other blocks separated by a blank line, list items one a line after "- "
// or "1. " (an item's further blocks and nested lists on the lines after,
// indented under its text), a table's rows one a line with their cells
// between " | ", preformatted text as it is, other whitespace collapsed; a
// task item's marker (☐, ☑) kept and the words for screen readers left
// out; links as their text, images as their alt text.
//
// It reads the HTML in one pass, without a tree: a many-partner build
// writes it for every partner. TestBodyTextStream holds it to treeText,
// which says the same from the body's tree.
func bodyText(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	t := &textStream{out: make([]byte, 0, len(body)/2)}
	t.push("body")
	l := htmllex.NewLexer(parse.NewInputBytes(body))
	var tag string
	var start []byte
	hidden := false
	hiddenDepth := 0
	for {
		tt, data := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			t.end()
			return string(t.out)
		case htmllex.TextToken:
			if hiddenDepth > 0 {
				continue
			}
			if bytes.IndexByte(data, '&') >= 0 {
				data = []byte(html.UnescapeString(string(data)))
			}
			t.text(data)
		case htmllex.StartTagToken:
			tag, start, hidden = tagName(l.Text()), nil, false
		case htmllex.AttributeToken:
			switch string(l.AttrKey()) {
			case "class":
				hidden = hasWord(unquote(l.AttrVal()), "visually-hidden")
			case "start":
				start = unquote(l.AttrVal())
			case "alt":
				if tag == "img" && hiddenDepth == 0 {
					t.text(unquote(l.AttrVal()))
				}
			}
		case htmllex.StartTagCloseToken, htmllex.StartTagVoidToken:
			void := tt == htmllex.StartTagVoidToken || bodyVoidTags[tag]
			switch {
			case hiddenDepth > 0:
				if !void {
					hiddenDepth++
				}
			case hidden && t.pre == 0:
				if !void {
					hiddenDepth = 1
				}
			case void:
				if tag == "br" {
					t.br()
				}
			default:
				t.open(tag, start)
			}
		case htmllex.EndTagToken:
			if hiddenDepth > 0 {
				hiddenDepth--
				continue
			}
			t.close(tagName(l.Text()))
		}
	}
}

// textStream is streamText's state.
type textStream struct {
	out    []byte
	stack  []*textBox
	indent int  // the open items' markers' width: what starts each line after their first
	bol    bool // at the start of a line (after a line break written)
	pre    int  // depth in <pre>
	cell   int  // depth in a table's cell
}

// textBox is an open element that holds blocks: what separates them,
// whether it has written any, and whether a paragraph of its inline
// content is open.
type textBox struct {
	tag     string
	sep     string // between its blocks
	written bool
	para    bool // a run of inline content is open: its text so far
	space   bool // white space seen in the open paragraph since its last text
	brs     int  // line breaks seen in the open paragraph since its last text
	marker  []byte
	list    *textBox // for an item, its list
	n       int      // for an ordered list, the next number
	ordered bool
	width   int // for an item, its marker's width once written
	cells   int // for a row, cells written
}

func (t *textStream) top() *textBox { return t.stack[len(t.stack)-1] }

func (t *textStream) push(tag string) *textBox {
	b := &textBox{tag: tag, sep: "\n\n"}
	t.stack = append(t.stack, b)
	return b
}

// begin starts a block in the innermost box: its separator, if it has
// written one before, and the markers of the items it is the first
// content of.
func (t *textStream) begin() {
	// The separators: the innermost box that has written something
	// decides, for the first box below it that has not.
	for i := len(t.stack) - 1; i >= 0; i-- {
		b := t.stack[i]
		if b.written {
			t.newline(b.sep)
			break
		}
	}
	for _, b := range t.stack {
		if !b.written {
			b.written = true
			if b.marker != nil {
				t.write(b.marker)
				b.width = len(b.marker)
				t.indent += b.width
				b.marker = nil
			}
		}
	}
}

func (t *textStream) newline(sep string) {
	t.out = append(t.out, sep...)
	t.bol = true
}

func (t *textStream) write(b []byte) {
	if t.bol {
		for range t.indent {
			t.out = append(t.out, ' ')
		}
		t.bol = false
	}
	t.out = append(t.out, b...)
}

func (t *textStream) open(tag string, start []byte) {
	if t.cell > 0 {
		if tag == "td" || tag == "th" {
			t.cell++
		}
		return
	}
	if t.pre > 0 {
		t.pre++
		return
	}
	if !blockTags[tag] && tag != "td" && tag != "th" {
		return // inline: its text joins the paragraph
	}
	t.endPara()
	parent := t.top()
	switch tag {
	case "pre":
		t.pre = 1
		t.push(tag)
		return
	case "ul", "ol":
		b := t.push(tag)
		b.sep, b.ordered, b.n = "\n", tag == "ol", 1
		if n, err := strconv.Atoi(string(start)); err == nil && tag == "ol" {
			b.n = n
		}
		return
	case "li":
		b := t.push(tag)
		b.sep = "\n"
		if parent.tag == "ul" || parent.tag == "ol" {
			b.list = parent
			if parent.ordered {
				b.marker = append(strconv.AppendInt(nil, int64(parent.n), 10), '.', ' ')
				parent.n++
			} else {
				b.marker = []byte("- ")
			}
		}
		return
	case "table", "thead", "tbody":
		b := t.push(tag)
		b.sep = "\n"
		return
	case "tr":
		t.push(tag)
		return
	case "td", "th":
		t.cell = 1
		row := t.top()
		if row.cells == 0 {
			t.begin()
		} else {
			t.write([]byte(" | "))
		}
		row.cells++
		t.push(tag).written = true
		return
	}
	t.push(tag)
}

func (t *textStream) close(tag string) {
	if t.cell > 0 {
		if tag == "td" || tag == "th" {
			t.cell--
			if t.cell == 0 {
				t.pop()
			}
		}
		return
	}
	if t.pre > 0 {
		t.pre--
		if t.pre > 0 {
			return
		}
		// The trailing line ends of preformatted text go.
		t.out = bytes.TrimRight(t.out, "\n")
		t.bol = false
		t.pop()
		return
	}
	if !blockTags[tag] {
		return
	}
	t.endPara()
	for i := len(t.stack) - 1; i > 0; i-- {
		if t.stack[i].tag == tag {
			for len(t.stack) > i {
				t.pop()
			}
			return
		}
	}
}

func (t *textStream) pop() {
	b := t.top()
	t.endPara()
	if b.marker != nil && b.list != nil { // an empty item still has its marker
		t.begin()
	}
	t.indent -= b.width
	t.stack = t.stack[:len(t.stack)-1]
}

func (t *textStream) end() {
	for len(t.stack) > 1 {
		t.pop()
	}
	t.endPara()
}

// endPara closes the open paragraph of the innermost box.
func (t *textStream) endPara() {
	b := t.top()
	b.para, b.space, b.brs = false, false, 0
}

func (t *textStream) br() {
	if t.cell > 0 {
		return
	}
	if t.pre > 0 {
		t.newline("\n")
		return
	}
	if b := t.top(); b.para {
		b.brs++
	}
}

// text writes a text token.
func (t *textStream) text(data []byte) {
	b := t.top()
	switch {
	case t.pre > 0:
		if !b.written {
			t.begin()
		}
		t.writeRaw(data)
		return
	case t.cell > 0: // a cell's text on one line, as textOf writes it
		for _, f := range bytes.FieldsFunc(data, isCollapsible) {
			at := bytes.Index(data, f)
			if b.para && (b.space || at > 0) {
				t.write([]byte{' '})
			}
			t.write(f)
			b.para, b.space = true, false
			data = data[at+len(f):]
		}
		if len(data) > 0 {
			b.space = true
		}
		return
	}
	for len(data) > 0 {
		i := bytes.IndexAny(data, " \n\t\r\f")
		if i == 0 {
			if b.para {
				b.space = true
			}
			data = data[1:]
			continue
		}
		if i < 0 {
			i = len(data)
		}
		switch {
		case !b.para:
			t.begin()
			b.para = true
		case b.brs > 0 && t.cell == 0:
			for range b.brs {
				t.newline("\n")
			}
		case b.space:
			t.write([]byte{' '})
		}
		b.space, b.brs = false, 0
		t.write(data[:i])
		data = data[i:]
	}
}

// writeRaw writes preformatted text, each line after the first indented.
func (t *textStream) writeRaw(data []byte) {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if i > 0 {
			t.newline("\n")
		}
		if len(line) > 0 {
			t.write(line)
		}
	}
}

func isCollapsible(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' }

// unquote strips an attribute value's quotes and decodes its entities.
func unquote(v []byte) []byte {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = []byte(html.UnescapeString(string(v)))
	}
	return v
}

// hasWord reports whether the space-separated list holds w.
func hasWord(list []byte, w string) bool {
	for _, f := range bytes.Fields(list) {
		if string(f) == w {
			return true
		}
	}
	return false
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

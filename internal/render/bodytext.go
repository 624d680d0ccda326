package render

import (
	"bytes"
	"html"
	"strconv"

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
// writes it for every partner. TestBodyTextStream and FuzzBodyText hold it
// to treeText, which says the same from the body's tree.
func bodyText(body []byte) string {
	var t textStream
	return string(t.convert(body))
}

// textStream is bodyText's state. One textStream converts many bodies,
// one after another, reusing its buffers and boxes, and scans text for
// white space by hand: converting the 10,000 bodies of BenchmarkRender10k
// took 0.53–0.76 s of CPU and allocated 125 MB with a fresh state per body
// (the lexer's copy of the body, the text as it grew, a box per element,
// bytes.IndexAny at every word); reused, 0.12–0.14 s and 1.4 MB.
// FuzzBodyText holds a reused one to treeText.
type textStream struct {
	out    []byte
	stack  []*textBox // open boxes; boxes past its length are kept for reuse
	indent int        // the open items' markers' width: what starts each line after their first
	bol    bool       // at the start of a line (after a line break written)
	pre    int        // depth in <pre>
	preNL  int        // line ends read in a <pre> before anything else
	cell   int        // depth in a table's cell
	in     []byte     // the body, with the NUL the lexer wants after it
	esc    []byte     // a text with its character references decoded
}

// convert returns body as plain text (see bodyText), in a buffer of t's
// that the next call reuses.
func (t *textStream) convert(body []byte) []byte {
	t.out, t.stack = t.out[:0], t.stack[:0]
	t.indent, t.bol, t.pre, t.preNL, t.cell = 0, false, 0, 0, 0
	if len(body) == 0 {
		return t.out
	}
	if t.out == nil {
		t.out = make([]byte, 0, len(body)/2)
	}
	// The lexer reads up to a NUL after the input: given one of ours, it
	// need not copy the body to add it.
	t.in = append(append(t.in[:0], body...), 0)
	l := htmllex.NewLexer(parse.NewInputBytes(t.in[:len(body)]))
	t.push("body")
	var tag string
	var start []byte
	hidden := false
	hiddenDepth := 0
	for {
		tt, data := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			t.end()
			return t.out
		case htmllex.TextToken:
			if hiddenDepth > 0 {
				continue
			}
			if bytes.IndexByte(data, '&') >= 0 {
				data = t.unescape(data)
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

// unescape returns data with its character references decoded, as
// html.UnescapeString decodes them, in a buffer of t's: the references
// the Markdown renderer writes (&amp; &lt; &gt; &quot; &#39;) by hand,
// the rest of data from the first other one by html.
func (t *textStream) unescape(data []byte) []byte {
	out := t.esc[:0]
	for {
		i := bytes.IndexByte(data, '&')
		if i < 0 {
			break
		}
		out = append(out, data[:i]...)
		data = data[i:]
		c, n := commonRef(data)
		if n == 0 {
			out = append(out, html.UnescapeString(string(data))...)
			data = nil
			break
		}
		out = append(out, c)
		data = data[n:]
	}
	t.esc = append(out, data...)
	return t.esc
}

// commonRef reads the character reference b starts with when it is one
// the Markdown renderer writes: the character, and the reference's length
// (0 for any other).
func commonRef(b []byte) (byte, int) {
	for _, r := range [...]struct {
		ref string
		c   byte
	}{{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}} {
		if bytes.HasPrefix(b, []byte(r.ref)) {
			return r.c, len(r.ref)
		}
	}
	return 0, 0
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
	marker  int  // for an item of a list, its marker yet to write: bullet or numbered
	n       int  // for an ordered list, the next number; for its item, the item's
	ordered bool
	width   int // for an item, its marker's width once written
	cells   int // for a row, cells written
}

// An item's marker, until written.
const (
	noMarker = iota
	bullet   // "- "
	numbered // "N. "
)

func (t *textStream) top() *textBox { return t.stack[len(t.stack)-1] }

func (t *textStream) push(tag string) *textBox {
	n := len(t.stack)
	if n < cap(t.stack) {
		t.stack = t.stack[:n+1]
	} else {
		t.stack = append(t.stack, nil)
	}
	b := t.stack[n]
	if b == nil {
		b = new(textBox)
		t.stack[n] = b
	}
	*b = textBox{tag: tag, sep: "\n\n"}
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
			if b.marker != noMarker {
				var buf [24]byte
				m := append(buf[:0], '-', ' ')
				if b.marker == numbered {
					m = append(strconv.AppendInt(buf[:0], int64(b.n), 10), '.', ' ')
				}
				t.write(m)
				b.width = len(m)
				t.indent += b.width
				b.marker = noMarker
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
		t.pre, t.preNL = 1, 0
		t.push(tag)
		return
	case "ul", "ol":
		ordered, n := tag == "ol", 1
		if s, err := strconv.Atoi(string(start)); err == nil && ordered {
			n = s
		}
		b := t.push(tag)
		b.sep, b.ordered, b.n = "\n", ordered, n
		return
	case "li":
		marker, n := noMarker, 0
		if parent.tag == "ul" || parent.tag == "ol" {
			marker = bullet
			if parent.ordered {
				marker, n = numbered, parent.n
				parent.n++
			}
		}
		b := t.push(tag)
		b.sep, b.marker, b.n = "\n", marker, n
		return
	case "table", "thead", "tbody":
		b := t.push(tag)
		b.sep = "\n"
		return
	case "tr":
		t.push(tag)
		return
	case "td", "th":
		// A row begins at its first text, or at its second cell: a row
		// of one empty cell is no line.
		t.cell = 1
		row := t.top()
		row.cells++
		if row.cells > 1 {
			if !row.written {
				t.begin()
			}
			t.write([]byte(" | "))
		}
		t.push(tag).written = row.written
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
	if b.marker != noMarker { // an empty item still has its marker
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
		if !t.top().written {
			t.preNL++
		} else {
			t.newline("\n")
		}
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
			// Preformatted text that is only line ends is no block
			// (its trailing line ends go): it begins at its first
			// other character.
			i := 0
			for i < len(data) && data[i] == '\n' {
				i++
			}
			t.preNL += i
			if i == len(data) {
				return
			}
			t.begin()
			for range t.preNL {
				t.newline("\n")
			}
			data = data[i:]
		}
		t.writeRaw(data)
		return
	case t.cell > 0: // a cell's text on one line, as textOf writes it
		for i := 0; i < len(data); {
			if isCollapsible(data[i]) {
				b.space = true
				i++
				continue
			}
			j := wordsEnd(data, i)
			if !b.written {
				t.begin()
			}
			if b.para && b.space {
				t.write([]byte{' '})
			}
			t.write(data[i:j])
			b.para, b.space = true, false
			i = j
		}
		return
	}
	for i := 0; i < len(data); {
		if isCollapsible(data[i]) {
			if b.para {
				b.space = true
			}
			i++
			continue
		}
		j := wordsEnd(data, i)
		switch {
		case !b.para:
			t.begin()
			b.para = true
		case b.brs > 0:
			for range b.brs {
				t.newline("\n")
			}
		case b.space:
			t.write([]byte{' '})
		}
		b.space, b.brs = false, 0
		t.write(data[i:j])
		i = j
	}
}

// wordsEnd returns where the run of words that starts at data[i] ends:
// at white space that is not one space between two words. The run is
// written as it is, its spaces already collapsed.
func wordsEnd(data []byte, i int) int {
	for i < len(data) {
		if c := data[i]; isCollapsible(c) {
			if c != ' ' || i+1 == len(data) || isCollapsible(data[i+1]) {
				break
			}
		}
		i++
	}
	return i
}

// writeRaw writes preformatted text, each line after the first indented.
func (t *textStream) writeRaw(data []byte) {
	for first := true; ; first = false {
		line, rest, found := bytes.Cut(data, []byte("\n"))
		if !first {
			t.newline("\n")
		}
		if len(line) > 0 {
			t.write(line)
		}
		if !found {
			return
		}
		data = rest
	}
}

// isCollapsible reports whether c is white space that text collapses.
func isCollapsible(c byte) bool {
	return c <= ' ' && (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f')
}

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
	for f := range bytes.FieldsSeq(list) {
		if string(f) == w {
			return true
		}
	}
	return false
}

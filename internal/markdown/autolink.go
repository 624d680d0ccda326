package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is GitHub Flavored Markdown as goldmark's extension.GFM gives it
// (tables, strikethrough, task lists, autolinks), with the same autolinks
// found another way. goldmark's autolink parser is called after every
// space of every paragraph to look for a link starting there, which costs
// a large guide a sixth of its build; autolinker is called only at the
// characters a link cannot do without (the ':' of http:, https: and ftp:,
// the '.' of www., the '@' of an address), looks back for where the link
// would start, and hands that place to goldmark's parser. The links are
// the same (TestAutolinksAsGFM and FuzzParse compare with extension.GFM),
// but for an address whose local part holds a code span or a `{{ }}`
// value, which is not linked.
var gfm goldmark.Extender = gfmExtender{}

type gfmExtender struct{}

// Extend implements goldmark.Extender.
func (gfmExtender) Extend(m goldmark.Markdown) {
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(autolinker{extension.NewLinkifyParser()}, 999), // extension.Linkify's priority
	))
}

// autolinker finds GFM's extended autolinks (see gfm).
type autolinker struct{ linkify parser.InlineParser }

// Trigger implements parser.InlineParser.
func (autolinker) Trigger() []byte { return []byte{':', '.', '@'} }

var schemes = []string{"https", "http", "ftp"}

// Parse implements parser.InlineParser. The reader stands on the trigger;
// the text before it on its line is already in parent.
func (a autolinker) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	lineNo, _ := block.Position()
	lines := parent.Lines()
	if len(line) == 0 || lineNo >= lines.Len() {
		return nil
	}
	src := block.Source()
	at := seg.Start
	head := lines.At(lineNo).Start
	switch line[0] {
	case ':':
		for _, s := range schemes {
			if start := at - len(s); start >= head && string(src[start:at]) == s {
				return a.linkAt(parent, block, pc, seg, head, start)
			}
		}
	case '.':
		if start := at - 3; start >= head && string(src[start:at]) == "www" {
			return a.linkAt(parent, block, pc, seg, head, start)
		}
	case '@':
		// goldmark's parser reads an address from a place where it was
		// called: any of them in the run of characters before the @.
		first := at
		for first > head && at-first <= 64 && isEmailChar(src[first-1]) {
			first--
		}
		for start := first; start < at; start++ {
			if util.IsPunct(src[start]) {
				continue
			}
			if n := a.linkAt(parent, block, pc, seg, head, start); n != nil {
				return n
			}
			block.SetPosition(lineNo, seg)
		}
	}
	return nil
}

// linkAt returns the link goldmark's parser finds at start, if it would
// have been called there, taking the text from start to the trigger out
// of parent; nil otherwise.
func (a autolinker) linkAt(parent ast.Node, block text.Reader, pc parser.Context, seg text.Segment, head, start int) ast.Node {
	taken, ok := tail(parent, start, seg.Start)
	if !ok || !linkifyCalledAt(block.Source(), head, start, taken.before(parent)) {
		return nil
	}
	lineNo, _ := block.Position()
	block.SetPosition(lineNo, seg.WithStart(start))
	link := a.linkify.Parse(parent, block, pc)
	if link == nil {
		return nil
	}
	for _, n := range taken.remove {
		if d, ok := n.(*parser.Delimiter); ok {
			d.Length = 0 // gone, not left as text
			pc.RemoveDelimiter(d)
			continue
		}
		parent.RemoveChild(parent, n)
	}
	if taken.cut != nil {
		taken.cut.Segment = taken.cut.Segment.WithStop(start)
	}
	return link
}

// linkifyCalledAt reports whether goldmark's parser would have called its
// autolink parser for a link starting at start, given the node that ends
// there (nil for none): at the head of a line; right after a node another
// parser made (the parser then reads on as from a line head); and after a
// ' ', or a '(', '*', '_', '~' or '`' that is not escaped (the autolink
// parser skips the first four). A tab is no such place.
func linkifyCalledAt(src []byte, head, start int, before ast.Node) bool {
	if start == head {
		return true
	}
	if _, text := before.(*ast.Text); before != nil && !text {
		return true
	}
	switch src[start-1] {
	case ' ':
		return true
	case '(', '*', '_', '~', '`':
		// A run of backquotes that opens no code span is text that its
		// parser made.
		return !escaped(src, head, start-1)
	}
	return false
}

// escaped reports whether src[i] follows an odd run of backslashes on its
// line.
func escaped(src []byte, head, i int) bool {
	n := 0
	for j := i - 1; j >= head && src[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// taken is what a link from start to the trigger replaces in parent: whole
// nodes, and a text node cut short.
type taken struct {
	remove []ast.Node
	cut    *ast.Text
}

// before returns the node that ends where the taken text starts.
func (t taken) before(parent ast.Node) ast.Node {
	switch {
	case t.cut != nil:
		return t.cut
	case len(t.remove) > 0:
		return t.remove[len(t.remove)-1].PreviousSibling()
	}
	return parent.LastChild()
}

// tail finds the nodes at the end of parent that hold the text from start
// to end: text and delimiters only, contiguous.
func tail(parent ast.Node, start, end int) (taken, bool) {
	var t taken
	for n := parent.LastChild(); n != nil && end > start; n = n.PreviousSibling() {
		var s text.Segment
		switch n := n.(type) {
		case *ast.Text:
			s = n.Segment
			if s.Stop == end && s.Start < start && !n.SoftLineBreak() && !n.HardLineBreak() {
				t.cut = n
				return t, true
			}
		case *parser.Delimiter:
			s = n.Segment
		default:
			return t, false
		}
		if s.Stop != end || s.Start < start {
			return t, false
		}
		t.remove = append(t.remove, n)
		end = s.Start
	}
	return t, end == start
}

// isEmailChar reports whether c may stand in the local part of an e-mail
// address as goldmark reads it: letters, digits and .!#$%&'*+/=?^_`{|}~-
func isEmailChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0
}

package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"prereq/internal/cond"
	"prereq/internal/diag"
)

// kindBlock is the AST node kind of a `:::` block.
var kindBlock = ast.NewNodeKind("PrereqBlock")

// blockNames lists the words that may follow `:::`, in the order messages
// name them.
var blockNames = []string{"when", "note", "important", "caution", "tip"}

// blockNode is a `:::` block: a `::: when` (Cond set when its condition
// compiled), a callout, an unknown word (already reported, rendered as its
// body alone), or a stray closing fence (reported, rendered as nothing).
type blockNode struct {
	ast.BaseBlock
	name   string     // the word after :::, as written; "" for a stray fence
	cond   *cond.Cond // for when
	at     int        // byte offset of the opening ::: in the body
	condAt int        // byte offset of a when's condition in the body
	closed bool       // its closing fence was seen
}

// Kind implements ast.Node.
func (n *blockNode) Kind() ast.NodeKind { return kindBlock }

// Dump implements ast.Node.
func (n *blockNode) Dump(source []byte, level int) {
	kv := map[string]string{"Name": n.name}
	if n.cond != nil {
		kv["When"] = n.cond.Source
	}
	ast.DumpHelper(n, source, level, kv, nil)
}

func (n *blockNode) stray() bool { return n.name == "" }

func (n *blockNode) isCallout() bool {
	switch n.name {
	case "note", "important", "caution", "tip":
		return true
	}
	return false
}

// blockParser parses `:::` blocks. It keeps no state of its own: a Parse
// call's state lives in the parser context.
type blockParser struct{}

// Trigger implements parser.BlockParser.
func (blockParser) Trigger() []byte { return []byte{':'} }

// Open implements parser.BlockParser: it opens a block on `::: word args`,
// and reports a line of colons alone, since any block it could close would
// have taken it in Continue.
func (blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) {
		return nil, parser.NoChildren
	}
	colons := countColons(line[pos:])
	if colons < 3 {
		return nil, parser.NoChildren
	}
	st := stateOf(pc)
	off := seg.Start - seg.Padding + pos // of the first colon in the body
	rest := line[pos+colons:]
	reader.AdvanceToEOL()
	if util.IsBlank(rest) {
		st.errorAt(off, 0, "::: closes no block")
		return &blockNode{at: off}, parser.NoChildren
	}

	lead := len(rest) - len(bytes.TrimLeft(rest, " \t"))
	rest = rest[lead:]
	end := bytes.IndexAny(rest, " \t\r\n")
	if end < 0 {
		end = len(rest)
	}
	word := string(rest[:end])
	wordOff := off + colons + lead
	afterWord := rest[end:]
	args := bytes.TrimSpace(afterWord)
	argsOff := wordOff + end + len(afterWord) - len(bytes.TrimLeft(afterWord, " \t"))

	n := &blockNode{name: word, at: off, condAt: argsOff}
	switch {
	case word == "when" && len(args) == 0:
		st.errorAt(off, 0, "::: when needs a condition")
	case word == "when":
		if st != nil {
			c, err := st.conds.Compile(string(args))
			if err != nil {
				st.errorAt(argsOff, err.Offset, err.Msg)
			} else if c != nil { // nil: it reads a fact declared in error
				n.cond = c
				st.read(c.Facts()...)
				st.whens = append(st.whens, c)
			}
		}
	case n.isCallout() && len(args) > 0:
		st.errorAt(argsOff, 0, fmt.Sprintf("unexpected %q after ::: %s: a callout takes no arguments", args, word))
	case !n.isCallout():
		msg := "unknown block ::: " + word
		if hint := diag.DidYouMean(word, blockNames); hint != "" {
			msg += hint
		} else {
			msg += " (blocks are " + strings.Join(blockNames, ", ") + ")"
		}
		st.errorAt(wordOff, 0, msg)
	}
	return n, parser.HasChildren
}

// Continue implements parser.BlockParser: a closing fence closes the block
// unless a block inside it is open that the fence belongs to (an inner `:::`
// block) or is text in (a fenced code block).
func (blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*blockNode)
	if n.stray() {
		return parser.Close
	}
	line, _ := reader.PeekLine()
	if isClosingFence(line, reader.LineOffset()) && !innerOpen(n, pc) {
		reader.AdvanceToEOL()
		n.closed = true
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

// Close implements parser.BlockParser.
func (blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	n := node.(*blockNode)
	if !n.closed && !n.stray() {
		stateOf(pc).errorAt(n.at, 0, "::: "+n.name+" block is never closed")
	}
}

// CanInterruptParagraph implements parser.BlockParser.
func (blockParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser: a `:::` indented four
// spaces or more is code.
func (blockParser) CanAcceptIndentedLine() bool { return false }

// innerOpen reports whether a block opened inside n is still open and would
// take a closing fence: another `:::` block, or a fenced code block.
func innerOpen(n *blockNode, pc parser.Context) bool {
	open := pc.OpenedBlocks()
	for i := len(open) - 1; i >= 0; i-- {
		switch b := open[i].Node.(type) {
		case *blockNode:
			if b == n {
				return false
			}
			if !b.stray() {
				return true
			}
		case *ast.FencedCodeBlock:
			return true
		}
	}
	return false
}

// isClosingFence reports whether line is a closing fence: up to three
// spaces, three or more colons, nothing else.
func isClosingFence(line []byte, lineOffset int) bool {
	w, pos := util.IndentWidth(line, lineOffset)
	if w > 3 || pos >= len(line) {
		return false
	}
	n := countColons(line[pos:])
	return n >= 3 && util.IsBlank(line[pos+n:])
}

func countColons(b []byte) int {
	n := 0
	for n < len(b) && b[n] == ':' {
		n++
	}
	return n
}

package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"prereq/internal/diag"
)

// kindValue is the AST node kind of a `{{ name }}` value.
var kindValue = ast.NewNodeKind("PrereqValue")

// serviceName is the one name in braces that is not a fact.
const serviceName = "service.name"

// valueNode is a `{{ name }}` in text. A name that is not declared has been
// reported; it renders as the text written.
type valueNode struct {
	ast.BaseInline
	name  string
	known bool         // a declared fact, or service.name
	raw   text.Segment // the whole {{ … }}
}

// Kind implements ast.Node.
func (n *valueNode) Kind() ast.NodeKind { return kindValue }

// Dump implements ast.Node.
func (n *valueNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.name}, nil)
}

// valueParser parses `{{ name }}`. It keeps no state of its own.
type valueParser struct{}

// Trigger implements parser.InlineParser.
func (valueParser) Trigger() []byte { return []byte{'{'} }

// Parse implements parser.InlineParser. `{{` with no `}}` after it on the
// same line, or with another `{{` before the `}}`, is left to be text.
func (valueParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[0] != '{' || line[1] != '{' || line[2] == '{' || seg.Padding != 0 {
		return nil // in {{{ the last two braces may open a value
	}
	end := closing(line)
	if end < 0 {
		return nil // text; a later {{ may open a value
	}
	length := end + 2
	name := string(bytes.TrimSpace(line[2:end]))
	n := &valueNode{name: name, raw: text.NewSegment(seg.Start, seg.Start+length)}
	block.Advance(length)

	st := stateOf(pc)
	switch {
	case st == nil:
		n.known = name == serviceName || isIdent(name)
	case name == serviceName:
		n.known = true
		st.values = true
	case name == "":
		st.errorAt(seg.Start, 0, "empty {{ }}: write a fact name or service.name inside")
	case !isIdent(name):
		st.errorAt(seg.Start, 0, fmt.Sprintf("{{ %s }} is not a fact name: only {{ fact_name }} and {{ service.name }} are allowed%s",
			name, diag.DidYouMean(name, append(st.schema.FactNames(), serviceName))))
	case st.schema.Fact(name) == nil:
		if broken, _ := st.schema.Broken(name); broken {
			break // its declaration is in error, and reported there
		}
		st.errorAt(seg.Start, 0, fmt.Sprintf("unknown fact %s in {{ }}%s",
			name, diag.DidYouMean(name, append(st.schema.FactNames(), serviceName))))
	default:
		n.known = true
		st.read(name)
		st.values = true
	}
	return n
}

// closing returns the index of the `}}` that closes the `{{` line starts
// with, or -1 when another `{{` or the end of the line comes first. Stopping
// at the next `{{` keeps a line full of braces linear.
func closing(line []byte) int {
	for i := 2; i+1 < len(line); i++ {
		switch {
		case line[i] == '}' && line[i+1] == '}':
			return i
		case line[i] == '{' && line[i+1] == '{':
			return -1
		}
	}
	return -1
}

// isIdent reports whether s is a plain identifier: a letter or _, then
// letters, digits and _.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

package markdown

import (
	"github.com/yuin/goldmark/ast"

	"prereq/internal/cond"
)

// Part is a `::: when` block or a `{{ fact }}` value of a body: the parts
// whose showing depends on a service's facts.
type Part struct {
	When *cond.Cond // a `::: when` block's condition; nil for a value
	Fact string     // a `{{ }}` value's fact; "" for a block
	// Line and Col are where the part is written in the file (a block's
	// condition, a value's opening braces); Col counts runes.
	Line, Col int
	In        int // the index of the innermost `::: when` block holding the part, or -1
}

// Outline lists the body's `::: when` blocks and `{{ fact }}` values, in
// the order they are written, without rendering anything: a tool can tell
// from it which parts a service sees (see internal/verify). Blocks whose
// condition did not compile, `{{ service.name }}` and names that are not
// facts are left out. A frozen body (see Renderer.Freeze) has no outline.
func (d *Doc) Outline() []Part {
	if d == nil || d.root == nil {
		return nil
	}
	var parts []Part
	var open []int // indexes of the enclosing when blocks
	var lines []int
	place := func(p Part, off int) Part {
		if lines == nil {
			lines = lineStarts(d.src)
		}
		line, col := position(d.src, lines, off)
		p.Line, p.Col = d.line+line-1, col
		p.In = -1
		if len(open) > 0 {
			p.In = open[len(open)-1]
		}
		return p
	}
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *blockNode:
			if n.name != "when" || n.cond == nil {
				break
			}
			if !entering {
				open = open[:len(open)-1]
				break
			}
			parts = append(parts, place(Part{When: n.cond}, n.condAt))
			open = append(open, len(parts)-1)
		case *valueNode:
			if entering && n.known && n.name != serviceName {
				parts = append(parts, place(Part{Fact: n.name}, n.raw.Start))
			}
		}
		return ast.WalkContinue, nil
	})
	return parts
}

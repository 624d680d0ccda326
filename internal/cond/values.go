package cond

import (
	"github.com/expr-lang/expr/ast"

	"prereq/internal/facts"
)

// Use is what a condition reads of one fact: the constants it compares the
// fact with. A tool that must find every outcome of a condition (see
// internal/verify) tries these values and a value on each side of them,
// instead of every value a fact could take.
type Use struct {
	Fact string
	// Consts are the literals a condition that reads the fact holds, as
	// conditions see them (string, float64 or bool): for a number or a
	// string, every literal of its type anywhere in the condition, so that
	// `seats * 2 > 100` yields 100 and 2; for a list, the strings, which
	// include the members a condition tests ("x" in list, any(list, # ==
	// "x")).
	Consts []any
	// Lengths are the numbers len(fact) is compared with.
	Lengths []float64
}

// Uses lists, for each fact the condition reads, in order of appearance,
// the constants it compares the fact with.
func (c *Cond) Uses() []Use { return c.uses }

// analysis walks a condition's tree once, keeping track of what `#` stands
// for inside a predicate, to check literals against declared values and to
// gather what the condition reads of each fact.
type analysis struct {
	schema *facts.Schema
	locals map[string]bool
	bad    *Error // the first literal that is not an allowed value

	strs, nums []any // string and number literals, in order
	lengths    map[string][]float64
}

// analyse checks the literals of tree against the facts' declared values
// and returns what the condition reads of each fact in reads.
func analyse(tree ast.Node, schema *facts.Schema, locals map[string]bool, reads []string) ([]Use, *Error) {
	a := &analysis{schema: schema, locals: locals, lengths: map[string][]float64{}}
	a.walk(tree, nil)
	if a.bad != nil {
		return nil, a.bad
	}
	uses := make([]Use, 0, len(reads))
	for _, name := range reads {
		u := Use{Fact: name, Lengths: a.lengths[name]}
		d := schema.Fact(name)
		if d == nil { // declared in error
			uses = append(uses, u)
			continue
		}
		switch d.Type {
		case facts.Number:
			u.Consts = a.nums
		case facts.String, facts.List:
			u.Consts = a.strs
		}
		uses = append(uses, u)
	}
	return uses, nil
}

// fact returns the declaration n names, if n is a fact and not a local.
func (a *analysis) fact(n ast.Node) *facts.Decl {
	id, ok := n.(*ast.IdentifierNode)
	if !ok || a.locals[id.Value] {
		return nil
	}
	return a.schema.Fact(id.Value)
}

// walk visits n and its children; pointer is the fact whose elements `#`
// stands for in n, or nil.
func (a *analysis) walk(n ast.Node, pointer *facts.Decl) {
	switch n := n.(type) {
	case nil:
	case *ast.StringNode:
		a.strs = append(a.strs, n.Value)
	case *ast.IntegerNode:
		a.nums = append(a.nums, float64(n.Value))
	case *ast.FloatNode:
		a.nums = append(a.nums, n.Value)
	case *ast.UnaryNode:
		a.walk(n.Node, pointer)
	case *ast.BinaryNode:
		a.compare(n, pointer)
		a.walk(n.Left, pointer)
		a.walk(n.Right, pointer)
	case *ast.ChainNode:
		a.walk(n.Node, pointer)
	case *ast.MemberNode:
		a.walk(n.Node, pointer)
		a.walk(n.Property, pointer)
	case *ast.SliceNode:
		a.walk(n.Node, pointer)
		a.walk(n.From, pointer)
		a.walk(n.To, pointer)
	case *ast.CallNode:
		a.walk(n.Callee, pointer)
		for _, arg := range n.Arguments {
			a.walk(arg, pointer)
		}
	case *ast.BuiltinNode:
		inner := pointer
		if len(n.Arguments) > 0 {
			if d := a.fact(n.Arguments[0]); d != nil && d.Type == facts.List {
				inner = d
			} else {
				inner = nil // # is an element of something else
			}
		}
		for i, arg := range n.Arguments {
			if _, isPredicate := arg.(*ast.PredicateNode); isPredicate && i > 0 {
				a.walk(arg, inner)
			} else {
				a.walk(arg, pointer)
			}
		}
	case *ast.PredicateNode:
		a.walk(n.Node, pointer)
	case *ast.ConditionalNode:
		a.walk(n.Cond, pointer)
		a.walk(n.Exp1, pointer)
		a.walk(n.Exp2, pointer)
	case *ast.VariableDeclaratorNode:
		a.walk(n.Value, pointer)
		a.walk(n.Expr, pointer)
	case *ast.SequenceNode:
		for _, s := range n.Nodes {
			a.walk(s, pointer)
		}
	case *ast.ArrayNode:
		for _, e := range n.Nodes {
			a.walk(e, pointer)
		}
	case *ast.MapNode:
		for _, p := range n.Pairs {
			a.walk(p, pointer)
		}
	case *ast.PairNode:
		a.walk(n.Key, pointer)
		a.walk(n.Value, pointer)
	}
}

// compare checks a comparison's literals against declared values and notes
// the lengths a list is compared with.
func (a *analysis) compare(n *ast.BinaryNode, pointer *facts.Decl) {
	switch n.Operator {
	case "==", "!=":
		a.checkSide(n.Left, n.Right, pointer)
		a.checkSide(n.Right, n.Left, pointer)
	case "in":
		if d := a.fact(n.Right); d != nil && d.Type == facts.List {
			a.checkLiteral(d, n.Left) // "x" in list
		} else if d := a.sideFact(n.Left, pointer); d != nil {
			a.checkArray(d, n.Right) // fact in ["a", "b"]
		}
	}
	switch n.Operator {
	case "==", "!=", "<", "<=", ">", ">=":
		if name, ok := a.length(n.Left); ok {
			a.noteLength(name, n.Right)
		}
		if name, ok := a.length(n.Right); ok {
			a.noteLength(name, n.Left)
		}
	}
}

// sideFact returns the declaration of the string fact n reads, directly or
// as the `#` of a predicate over a list fact.
func (a *analysis) sideFact(n ast.Node, pointer *facts.Decl) *facts.Decl {
	if p, ok := n.(*ast.PointerNode); ok && p.Name == "" && pointer != nil {
		return pointer
	}
	if d := a.fact(n); d != nil && d.Type == facts.String {
		return d
	}
	return nil
}

// checkSide checks `fact == literal`: a string fact (or `#` over a list
// fact) against a string, or a list fact against a list of strings.
func (a *analysis) checkSide(factSide, other ast.Node, pointer *facts.Decl) {
	if d := a.sideFact(factSide, pointer); d != nil {
		a.checkLiteral(d, other)
	} else if d := a.fact(factSide); d != nil && d.Type == facts.List {
		a.checkArray(d, other)
	}
}

func (a *analysis) checkArray(d *facts.Decl, n ast.Node) {
	if arr, ok := n.(*ast.ArrayNode); ok {
		for _, e := range arr.Nodes {
			a.checkLiteral(d, e)
		}
	}
}

// checkLiteral records the first string literal n that d does not allow.
func (a *analysis) checkLiteral(d *facts.Decl, n ast.Node) {
	s, ok := n.(*ast.StringNode)
	if !ok || d.Allows(s.Value) || a.bad != nil {
		return
	}
	a.bad = &Error{Offset: s.Location().From, Msg: d.NotAllowed(s.Value)}
}

// length returns the fact n measures, for n = len(fact).
func (a *analysis) length(n ast.Node) (string, bool) {
	b, ok := n.(*ast.BuiltinNode)
	if !ok || b.Name != "len" || len(b.Arguments) != 1 {
		return "", false
	}
	if d := a.fact(b.Arguments[0]); d != nil {
		return d.Name, true
	}
	return "", false
}

func (a *analysis) noteLength(name string, n ast.Node) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		a.lengths[name] = append(a.lengths[name], float64(n.Value))
	case *ast.FloatNode:
		a.lengths[name] = append(a.lengths[name], n.Value)
	}
}

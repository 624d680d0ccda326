// Package cond compiles the conditions that decide whether a section, a step
// or a `::: when` block applies to a service. Conditions are expr-lang/expr
// expressions over a guide's declared facts, type-checked at compile time
// and required to be boolean. A name that is not a declared fact is an
// error, with the closest declared name suggested, never silently false.
//
// A name the guide declares in error (a fact of unknown type, say) is no
// error of its own: the declaration is reported once, where it is written.
//
// A compiled Cond evaluates against a service's facts and explains a false
// result by naming only the facts that made it false. Errors, at compile
// time and at run time alike, are an *Error placed at a character of the
// condition, for the caller to place in its file.
package cond

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"prereq/internal/diag"
	"prereq/internal/facts"
)

// Cond is a compiled condition. It is safe for concurrent use.
type Cond struct {
	Source string
	prog   *vm.Program
	tree   ast.Node
	env    map[string]any
	facts  []string // the facts it reads, in order of appearance
	uses   []Use    // what it reads of each of them

	whyOnce sync.Once
	why     *node // explains a false result; built on first use
}

// explainer returns the condition's and/or/not structure, compiling its
// parts the first time: only conditions that turn out false need it.
func (c *Cond) explainer() *node {
	c.whyOnce.Do(func() { c.why = explainTree(c.tree, c.env) })
	return c.why
}

// Compiler compiles conditions against one schema, compiling each distinct
// source once: the same few conditions recur across a guide's files. It is
// safe for concurrent use.
type Compiler struct {
	schema *facts.Schema
	cache  sync.Map // source -> compiled
}

type compiled struct {
	c   *Cond
	err *Error
}

// NewCompiler returns a compiler for the schema's facts.
func NewCompiler(schema *facts.Schema) *Compiler { return &Compiler{schema: schema} }

// Compile is Compile with the compiler's schema, cached by source.
func (cc *Compiler) Compile(src string) (*Cond, *Error) {
	if v, ok := cc.cache.Load(src); ok {
		r := v.(compiled)
		return r.c, r.err
	}
	c, err := Compile(src, cc.schema)
	cc.cache.Store(src, compiled{c, err})
	return c, err
}

// Error is a condition that does not compile, or that fails while it is
// evaluated. Offset is the place in the condition's source, in characters
// from 0; Line and Col are the same place as a 1-based line and column of
// the source (a condition may span lines). Msg is one line and never
// repeats the source.
type Error struct {
	Offset    int
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return e.Msg }

// errorAt returns an Error at character offset off of src.
func errorAt(src string, off int, msg string) *Error {
	e := &Error{Line: 1, Col: 1, Msg: msg}
	for _, r := range src {
		if e.Offset == off {
			break
		}
		e.Offset++
		if r == '\n' {
			e.Line, e.Col = e.Line+1, 1
		} else {
			e.Col++
		}
	}
	return e
}

// node mirrors the boolean structure of a condition: and, or, not, and
// leaves that are evaluated whole.
type node struct {
	op    string // "and", "or", "not" or "" for a leaf
	prog  *vm.Program
	facts []string // facts the leaf reads, in order of appearance
	kids  []*node
	// member is the string a leaf `"x" in list` tests for (see memberTest).
	member string
}

// Compile compiles src against the schema's declared facts. It returns
// nil and no error for a condition that reads a fact declared with a type
// that is no type: it cannot be checked, and the declaration's error is
// the one to report.
func Compile(src string, schema *facts.Schema) (*Cond, *Error) {
	if strings.TrimSpace(src) == "" {
		return nil, &Error{Line: 1, Col: 1, Msg: "empty condition"}
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, fromExpr(src, err)
	}
	// Unknown names first: expr would say "unknown name", we say which fact
	// was meant. A fact declared in error is typed as declared.
	names := new(nameCollector).walk(&tree.Node)
	env := schema.Env()
	untyped := false
	for _, id := range names.ids {
		name := id.Value
		if schema.Fact(name) != nil || names.locals[name] {
			continue
		}
		if broken, typ := schema.Broken(name); broken {
			if typ == "" {
				untyped = true
			} else {
				env[name] = (&facts.Decl{Type: typ}).Zero()
			}
			continue
		}
		msg := fmt.Sprintf("unknown fact %s in condition", name)
		msg += diag.DidYouMean(name, schema.Mentioned())
		return nil, errorAt(src, id.Location().From, msg)
	}
	if untyped {
		// It reads a fact whose type is what its declaration gets wrong:
		// it cannot be type-checked, and that declaration's error stands
		// for its own.
		return nil, nil
	}
	prog, err := compile(src, env)
	if err != nil {
		return nil, fromExpr(src, err)
	}
	c := &Cond{Source: src, prog: prog, tree: tree.Node, env: env}
	for _, id := range names.ids {
		if !names.locals[id.Value] {
			c.facts = appendNew(c.facts, id.Value)
		}
	}
	// A literal compared with a fact that declares its values must be one
	// of them: `plan == "entreprise"` would otherwise be silently false.
	uses, bad := analyse(tree.Node, schema, names.locals, c.facts)
	if bad != nil {
		return nil, errorAt(src, bad.Offset, bad.Msg)
	}
	// guide.html must decide, and explain, as Run and Blame do.
	if bad := portable(prog.Node()); bad != nil {
		return nil, bad
	}
	if bad := c.portableParts(); bad != nil {
		return nil, bad
	}
	c.uses = uses
	return c, nil
}

func compile(src string, env map[string]any) (*vm.Program, error) {
	return expr.Compile(src, expr.Env(env), expr.AsBool(),
		expr.DisableBuiltin("now"), expr.DisableBuiltin("date"))
}

// Run evaluates the condition for the values, which must hold every
// declared fact with its declared type, as facts.ParseSite returns them. It
// fails only where the expression itself does for these values (a division
// by zero, an index out of range), with an *Error at the failing part whose
// message names the values of the facts the condition reads.
func (c *Cond) Run(v facts.Values) (bool, error) {
	ok, err := run(c.prog, v)
	if err == nil {
		return ok, nil
	}
	e := fromExpr(c.Source, err)
	var vals []string
	for _, name := range c.facts {
		if val, set := v[name]; set {
			vals = append(vals, name+" = "+facts.Literal(val))
		}
	}
	if len(vals) > 0 {
		e.Msg += ", with " + strings.Join(vals, ", ")
	}
	return false, e
}

// Eval is Run with an evaluation error taken as false.
func (c *Cond) Eval(v facts.Values) bool {
	ok, _ := c.Run(v)
	return ok
}

func run(p *vm.Program, v facts.Values) (bool, error) {
	out, err := expr.Run(p, map[string]any(v))
	if err != nil {
		return false, err
	}
	ok, isBool := out.(bool)
	if !isBool {
		return false, fmt.Errorf("the result is %s, not true or false", facts.Literal(out))
	}
	return ok, nil
}

// Facts lists the facts the condition reads, in order of appearance.
func (c *Cond) Facts() []string { return c.facts }

// Explain says why the condition is false for v, e.g.
// "`not existing_app` is false because existing_app = true". It returns ""
// when the condition holds.
func (c *Cond) Explain(v facts.Values) string {
	if c.Eval(v) {
		return ""
	}
	names := c.Blame(v)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " = " + facts.Literal(v[n])
	}
	src := strings.Join(strings.Fields(c.Source), " ")
	if len(parts) == 0 {
		return fmt.Sprintf("`%s` is false", src)
	}
	return fmt.Sprintf("`%s` is false because %s", src, strings.Join(parts, ", "))
}

func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		if !slices.Contains(list, n) {
			list = append(list, n)
		}
	}
	return list
}

// explainTree builds the and/or/not structure of a parsed condition, each
// part compiled on its own so that Blame can evaluate it.
func explainTree(n ast.Node, env map[string]any) *node {
	op := ""
	var kids []ast.Node
	switch n := n.(type) {
	case *ast.UnaryNode:
		if n.Operator == "not" || n.Operator == "!" {
			op, kids = "not", []ast.Node{n.Node}
		}
	case *ast.BinaryNode:
		switch n.Operator {
		case "and", "&&":
			op, kids = "and", []ast.Node{n.Left, n.Right}
		case "or", "||":
			op, kids = "or", []ast.Node{n.Left, n.Right}
		}
	}
	out := &node{op: op}
	prog, err := compile(n.String(), env)
	if err != nil {
		// A part that does not compile alone (a let variable, say): explain
		// the whole as a leaf.
		out.op = ""
		kids = nil
	}
	out.prog = prog
	for _, k := range kids {
		kn := explainTree(k, env)
		if kn.prog == nil {
			out.op, out.kids = "", nil
			break
		}
		out.kids = append(out.kids, kn)
	}
	if out.op == "" {
		out.member, _ = memberTest(n, env)
		c := new(nameCollector).walk(&n)
		for _, id := range c.ids {
			if _, ok := env[id.Value]; ok {
				out.facts = appendNew(out.facts, id.Value)
			}
		}
	}
	return out
}

// nameCollector gathers the identifiers a condition reads.
type nameCollector struct {
	ids    []*ast.IdentifierNode
	locals map[string]bool
	callee map[ast.Node]bool
}

func (c *nameCollector) Visit(n *ast.Node) {
	switch n := (*n).(type) {
	case *ast.CallNode:
		if c.callee == nil {
			c.callee = map[ast.Node]bool{}
		}
		c.callee[n.Callee] = true
	case *ast.VariableDeclaratorNode:
		if c.locals == nil {
			c.locals = map[string]bool{}
		}
		c.locals[n.Name] = true
	case *ast.IdentifierNode:
		c.ids = append(c.ids, n)
	}
}

// walk collects the identifiers of n that name values, not called functions.
func (c *nameCollector) walk(n *ast.Node) *nameCollector {
	ast.Walk(n, c) // children are visited before their parents
	c.ids = slices.DeleteFunc(c.ids, func(id *ast.IdentifierNode) bool { return c.callee[id] })
	return c
}

// fromExpr turns an error of expr about src into an Error at its place,
// with expr's message alone: not its excerpt of the source with a caret,
// which a message on one line of a file does not need.
func fromExpr(src string, err error) *Error {
	var fe *file.Error
	if !errors.As(err, &fe) {
		return &Error{Line: 1, Col: 1, Msg: oneLine(err.Error())}
	}
	return errorAt(src, max(fe.From, 0), oneLine(strings.TrimPrefix(fe.Message, "runtime error: ")))
}

// oneLine joins a message's lines.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

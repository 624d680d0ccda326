package cond

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// A condition is exported as a tree of JSON values, for the guide page's
// script (templates/guide.js) to evaluate in the reader's browser exactly
// as Run does. The tree is the program expr runs, after expr's optimizer,
// so that the script repeats what the compiled condition does and not only
// what the source says. Each node is an array whose first element names it:
//
//	["v", "fact"]                        a fact
//	["i", "12"]                          an integer (a decimal string: ints are 64-bit)
//	["f", 1.5]                           a float ("+Inf", "-Inf" and "NaN" as strings)
//	["s", "text"], ["b", true], ["nil"]  a string, a boolean, nil
//	["set", "s"|"i", [keys]]             the constant set `x in ["a", "b"]` becomes
//	["not", x], ["neg", x]               not x, -x
//	[op, left, right]                    and, or, ==, !=, <, <=, >, >=, +, -, *, /, %,
//	                                     in, contains, startsWith, endsWith
//	["arr", e1, e2, …]                   an array
//	["idx", x, i]                        x[i]
//	["slice", x, from|null, to|null]     x[from:to]
//	["?", cond, then, else]              cond ? then : else
//	["len", x], ["int", x], ["float", x] len(x), int(x), float(x) (of a number)
//	[name, list, predicate]              all, any, none, one, map
//	["filter", list, predicate, map|null]
//	["count", list, predicate, threshold|null]
//	["find", list, predicate, map|null, throws]  what filter(…)[0] becomes
//	["#"]                                the element a predicate looks at
//	["let", name, value, body]           let name = value; body (["v", name] reads it)
//	["seq", e1, e2, …]                   e1; e2; … (the last one's value)
//
// The explanation of a false result (Causes) evaluates the and/or/not
// structure of a condition part by part; the export keeps that structure
// as a Why tree around the expressions.

// Why is the and/or/not structure of a condition, as Causes walks it.
type Why struct {
	Op   string `json:"op,omitempty"` // "and", "or", "not"; "" for a leaf
	Kids []*Why `json:"k,omitempty"`
	// Expr is what the part evaluates: always set on a leaf; set on an
	// and/or/not only where expr's optimizer made the part's program
	// something other than its parts joined by the operator.
	Expr any `json:"e,omitempty"`
	// Facts are the facts a leaf reads, the ones Causes names.
	Facts []string `json:"f,omitempty"`
	// Member is the string a leaf `"x" in list` tests for (see Cause).
	Member string `json:"m,omitempty"`
	// Source is the part as expr prints it, for people (not in the JSON).
	Source string `json:"-"`
}

// Tree is a condition exported for the guide page.
type Tree struct {
	Why   *Why     `json:"w"`
	Facts []string `json:"f,omitempty"` // every fact it reads, in order of appearance
}

// Tree exports the condition for the guide page's script. It fails only
// on a program that Compile would have refused (see portable).
func (c *Cond) Tree() (*Tree, error) {
	w, err := exportWhy(c.explainer(), c.prog)
	if err != nil {
		return nil, fmt.Errorf("condition %s: %w", c.Source, err)
	}
	return &Tree{Why: w, Facts: c.facts}, nil
}

func exportWhy(n *node, prog *vm.Program) (*Why, error) {
	own, err := export(prog.Node())
	if err != nil {
		return nil, err
	}
	w := &Why{Op: n.op, Source: prog.Source().String()}
	if n.op == "" {
		w.Expr, w.Facts, w.Member = own, slices.Clone(n.facts), n.member
		return w, nil
	}
	joined := []any{n.op}
	for _, k := range n.kids {
		kw, err := exportWhy(k, k.prog)
		if err != nil {
			return nil, err
		}
		w.Kids = append(w.Kids, kw)
		ke, err := export(k.prog.Node())
		if err != nil {
			return nil, err
		}
		joined = append(joined, ke)
	}
	if !reflect.DeepEqual(own, joined) {
		w.Expr = own
	}
	return w, nil
}

// Builtins the page evaluates: those a condition may call, and those expr's
// optimizer turns some of their combinations into (find, findLast).
// expr's findLast, which filter(…)[-1] becomes, leaves a value on its
// stack and gives wrong results: it is not among them.
var portableBuiltins = []string{"len", "int", "float", "all", "any", "none", "one", "filter", "map", "count", "find"}

var binaryOps = map[string]string{
	"and": "and", "&&": "and", "or": "or", "||": "or",
	"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
	"+": "+", "-": "-", "*": "*", "/": "/", "%": "%",
	"in": "in", "contains": "contains", "startsWith": "startsWith", "endsWith": "endsWith",
}

// whatPortable is the end of the message for a condition the guide page
// cannot evaluate.
const whatPortable = "; conditions may use facts, literals, not, and, or, comparisons, in, contains, startsWith, endsWith, + - * / %, arrays, [i] and [i:j] on lists, len, int, float (of a number), all, any, none, one, filter, map, count, ?: and let"

// portable reports the first part of a compiled program (as expr's
// optimizer left it, with its types) that the guide page's script could
// not evaluate exactly as expr does, as an error at its column.
func portable(n ast.Node) *Error {
	var bad *Error
	fail := func(n ast.Node, what string) {
		if bad == nil {
			bad = &Error{Col: n.Location().From + 1, Msg: "guide.html cannot evaluate " + what + " as prereq does" + whatPortable}
		}
	}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		if n == nil || bad != nil {
			return
		}
		switch n := n.(type) {
		case *ast.IdentifierNode, *ast.IntegerNode, *ast.FloatNode, *ast.StringNode, *ast.BoolNode, *ast.NilNode, *ast.PointerNode:
			if p, ok := n.(*ast.PointerNode); ok && p.Name != "" {
				fail(n, "#"+p.Name)
			}
		case *ast.ConstantNode:
			switch n.Value.(type) {
			case map[string]struct{}, map[int]struct{}, []any:
			default:
				fail(n, "a constant of type "+fmt.Sprintf("%T", n.Value))
			}
		case *ast.UnaryNode:
			switch n.Operator {
			case "not", "!", "-", "+":
			default:
				fail(n, strconv.Quote(n.Operator))
			}
			walk(n.Node)
		case *ast.BinaryNode:
			if _, ok := binaryOps[n.Operator]; !ok {
				fail(n, strconv.Quote(n.Operator))
			}
			walk(n.Left)
			walk(n.Right)
		case *ast.ArrayNode:
			for _, e := range n.Nodes {
				walk(e)
			}
		case *ast.MemberNode:
			switch {
			case n.Optional || n.Method:
				fail(n, "?. and methods")
			case !isList(n.Node.Type()):
				fail(n, "[ ] on anything but a list")
			}
			walk(n.Node)
			walk(n.Property)
		case *ast.SliceNode:
			if !isList(n.Node.Type()) {
				fail(n, "[:] on anything but a list")
			}
			walk(n.Node)
			walk(n.From)
			walk(n.To)
		case *ast.ConditionalNode:
			walk(n.Cond)
			walk(n.Exp1)
			walk(n.Exp2)
		case *ast.BuiltinNode:
			switch {
			case n.Name == "findLast":
				fail(n, "filter(…)[-1]")
			case !slices.Contains(portableBuiltins, n.Name):
				fail(n, n.Name+"()")
			case n.Name == "float" && len(n.Arguments) == 1 && !isNumber(n.Arguments[0].Type()):
				// Go's ParseFloat reads "inf", "0x1p4"… as JavaScript does not.
				fail(n, "float() of anything but a number")
			}
			for _, a := range n.Arguments {
				walk(a)
			}
			walk(n.Map)
		case *ast.PredicateNode:
			walk(n.Node)
		case *ast.VariableDeclaratorNode:
			walk(n.Value)
			walk(n.Expr)
		case *ast.SequenceNode:
			for _, e := range n.Nodes {
				walk(e)
			}
		default:
			fail(n, describe(n))
		}
	}
	walk(n)
	return bad
}

// portableParts is portable for the parts of the condition that Causes
// evaluates one by one. A part the whole does not hold any more (expr's
// optimizer folded it away: `true or …`) is reported at column 1: its own
// columns are not the condition's.
func (c *Cond) portableParts() *Error {
	var check func(n *node) *Error
	check = func(n *node) *Error {
		for _, k := range n.kids {
			if bad := portable(k.prog.Node()); bad != nil {
				bad.Col = 1
				return bad
			}
			if bad := check(k); bad != nil {
				return bad
			}
		}
		return nil
	}
	return check(c.explainer())
}

// describe names a kind of expression for a message.
func describe(n ast.Node) string {
	switch n := n.(type) {
	case *ast.CallNode:
		return "the call " + n.Callee.String() + "()"
	case *ast.ChainNode:
		return "?."
	case *ast.MapNode, *ast.PairNode:
		return "a map {…}"
	default:
		return n.String()
	}
}

// isNumber reports whether t is a number type.
func isNumber(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// isList reports whether t is the type of a list (an array or a slice).
func isList(t reflect.Type) bool {
	return t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array)
}

// export turns a program's tree into the JSON values of the page's
// evaluator (see the comment at the top of this file).
func export(n ast.Node) (any, error) {
	list := func(op string, nodes ...ast.Node) (any, error) {
		out := []any{op}
		for _, k := range nodes {
			e, err := export(k)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	}
	switch n := n.(type) {
	case nil:
		return nil, nil
	case *ast.IdentifierNode:
		return []any{"v", n.Value}, nil
	case *ast.IntegerNode:
		return []any{"i", strconv.Itoa(n.Value)}, nil
	case *ast.FloatNode:
		return []any{"f", floatJSON(n.Value)}, nil
	case *ast.StringNode:
		return []any{"s", n.Value}, nil
	case *ast.BoolNode:
		return []any{"b", n.Value}, nil
	case *ast.NilNode:
		return []any{"nil"}, nil
	case *ast.PointerNode:
		return []any{"#"}, nil
	case *ast.ConstantNode:
		switch v := n.Value.(type) {
		case map[string]struct{}:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return []any{"set", "s", keys}, nil
		case map[int]struct{}:
			ints := make([]int, 0, len(v))
			for k := range v {
				ints = append(ints, k)
			}
			slices.Sort(ints)
			keys := make([]string, len(ints))
			for i, k := range ints {
				keys[i] = strconv.Itoa(k)
			}
			return []any{"set", "i", keys}, nil
		case []any: // an array of literals, folded
			out := []any{"arr"}
			for _, e := range v {
				switch e := e.(type) {
				case int:
					out = append(out, []any{"i", strconv.Itoa(e)})
				case float64:
					out = append(out, []any{"f", floatJSON(e)})
				case string:
					out = append(out, []any{"s", e})
				case bool:
					out = append(out, []any{"b", e})
				default:
					return nil, fmt.Errorf("guide.html cannot evaluate an array holding %T", e)
				}
			}
			return out, nil
		}
	case *ast.UnaryNode:
		switch n.Operator {
		case "not", "!":
			return list("not", n.Node)
		case "-":
			return list("neg", n.Node)
		case "+":
			return export(n.Node)
		}
	case *ast.BinaryNode:
		if op, ok := binaryOps[n.Operator]; ok {
			return list(op, n.Left, n.Right)
		}
	case *ast.ArrayNode:
		return list("arr", n.Nodes...)
	case *ast.MemberNode:
		if !n.Optional && !n.Method {
			return list("idx", n.Node, n.Property)
		}
	case *ast.SliceNode:
		return list("slice", n.Node, n.From, n.To)
	case *ast.ConditionalNode:
		return list("?", n.Cond, n.Exp1, n.Exp2)
	case *ast.PredicateNode:
		return export(n.Node)
	case *ast.VariableDeclaratorNode:
		value, err := export(n.Value)
		if err != nil {
			return nil, err
		}
		body, err := export(n.Expr)
		if err != nil {
			return nil, err
		}
		return []any{"let", n.Name, value, body}, nil
	case *ast.SequenceNode:
		return list("seq", n.Nodes...)
	case *ast.BuiltinNode:
		out, err := list(n.Name, n.Arguments...)
		if err != nil {
			return nil, err
		}
		switch n.Name {
		case "filter", "find":
			m, err := export(n.Map)
			if err != nil {
				return nil, err
			}
			out = append(out.([]any), m)
			if n.Name != "filter" {
				out = append(out.([]any), n.Throws)
			}
		case "count":
			if len(n.Arguments) == 1 { // count(list) counts its true elements
				out = append(out.([]any), nil)
			}
			var threshold any
			if n.Threshold != nil {
				threshold = strconv.Itoa(*n.Threshold)
			}
			out = append(out.([]any), threshold)
		}
		if slices.Contains(portableBuiltins, n.Name) {
			return out, nil
		}
	}
	return nil, fmt.Errorf("guide.html cannot evaluate %s", describe(n))
}

// floatJSON is a float as JSON holds it: a number, or a string for the
// values JSON has no number for.
func floatJSON(f float64) any {
	switch {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case math.IsNaN(f):
		return "NaN"
	}
	return f
}

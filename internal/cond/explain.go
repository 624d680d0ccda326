package cond

import (
	"github.com/expr-lang/expr/ast"

	"prereq/internal/facts"
)

// Cause is one fact that decided why a condition is false for a service,
// for a renderer to word with the fact's question and the service's answer.
// When the part of the condition that decided tested whether a list fact
// holds one member (`"x" in list`, `"x" not in list`), Member names it and
// Has says whether the list holds it; otherwise the fact's whole value
// decided, whatever the comparison (`a`, `not a`, `plan == "pro"`,
// `plan in ["a", "b"]`, `len(list) > 0`, `seats >= 10`).
type Cause struct {
	Fact   string
	Member string
	Has    bool
}

// Causes explains why the condition is false for v: the facts that made it
// false, in order of appearance, each cause once. For `a and b` only the
// false side is a cause, for `a or b` both sides, and for `not a` what made
// a true. It is empty when the condition holds, and when no fact decided
// it (a condition that reads no fact).
func (c *Cond) Causes(v facts.Values) []Cause {
	if c.Eval(v) {
		return nil
	}
	return c.explainer().causes(v, false)
}

// Blame returns the facts that make the condition false for v, each once:
// the facts of Causes. Empty when it holds.
func (c *Cond) Blame(v facts.Values) []string {
	var names []string
	for _, cause := range c.Causes(v) {
		names = appendNew(names, cause.Fact)
	}
	return names
}

// causes explains why n evaluates to got for v.
func (n *node) causes(v facts.Values, got bool) []Cause {
	switch n.op {
	case "not":
		return n.kids[0].causes(v, !got)
	case "and", "or":
		// "and" is false by any false side, "or" true by any true side:
		// one deciding side explains it. Otherwise every side took part.
		deciding := n.op == "and" && !got || n.op == "or" && got
		var out []Cause
		for _, k := range n.kids {
			kv, _ := run(k.prog, v)
			if deciding && kv == got {
				return k.causes(v, kv)
			}
			for _, c := range k.causes(v, kv) {
				if !containsCause(out, c) {
					out = append(out, c)
				}
			}
		}
		return out
	case "":
		if n.member != "" {
			return []Cause{{Fact: n.facts[0], Member: n.member, Has: got}}
		}
	}
	out := make([]Cause, len(n.facts))
	for i, f := range n.facts {
		out[i] = Cause{Fact: f}
	}
	return out
}

func containsCause(list []Cause, c Cause) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// memberTest reports whether a leaf of a condition is `"x" in list`, a
// string literal tested for membership in a list fact, and returns the
// literal. (`"x" not in list` parses as not("x" in list).)
func memberTest(n ast.Node, env map[string]any) (member string, ok bool) {
	b, isBinary := n.(*ast.BinaryNode)
	if !isBinary || b.Operator != "in" {
		return "", false
	}
	lit, isString := b.Left.(*ast.StringNode)
	id, isIdent := b.Right.(*ast.IdentifierNode)
	if !isString || !isIdent {
		return "", false
	}
	if _, isList := env[id.Value].([]string); !isList {
		return "", false
	}
	return lit.Value, true
}

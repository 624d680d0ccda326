package render

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"

	"prereq/internal/cond"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/plan"
)

// wording turns conditions into plain words for people, in one language,
// by the facts' questions (in that language where the guide translates
// them) and never by the condition's syntax, which `prereq explain`
// shows. It words both what a condition asks, for the guide page's flags
// ("Only if: your answer to “Does your service already use Kakao
// Login?” is no", see flagger), and why it was false for a partner's
// answers, for the reasons of skipped items ("Not needed: you answered No
// to 'Does your service already use Kakao Login?'", see reasons): the one
// place a fact's question, an answer or a list's members are put in words.
type wording struct {
	t        func(string) string // the interface text
	question func(name string) string
	schema   *facts.Schema
}

// newWording words in lang, with the interface text t.
func newWording(g *guide.Guide, lang string, t func(string) string) wording {
	return wording{t: t, schema: g.Schema, question: func(name string) string {
		if q := g.Question(name, lang); q != "" {
			return q
		}
		return name
	}}
}

// ---- Why a condition was false: the reasons of skipped items ------------

// reason words why a condition is false, as plain text: by the
// questions of the facts that decided it and the partner's answers
// ("Not needed: you answered No to 'Does …?'").
func (r wording) reason(why *plan.Why) string {
	if len(why.Facts) == 0 {
		return r.t("reasonNoFact")
	}
	clauses := make([]string, len(why.Facts))
	for i, b := range why.Facts {
		clauses[i] = r.clause(b)
	}
	return fmt.Sprintf(r.t("reasonGenerated"), strings.Join(clauses, r.t("reasonAnd")))
}

// clause words one deciding fact: what the partner answered to its
// question, or, when one member of a list decided, whether the answer
// includes it.
func (r wording) clause(b plan.Binding) string {
	q := r.question(b.Name)
	switch {
	case b.Member != "" && b.Has:
		return fmt.Sprintf(r.t("reasonHas"), q, b.Member)
	case b.Member != "":
		return fmt.Sprintf(r.t("reasonLacks"), q, b.Member)
	}
	return fmt.Sprintf(r.t("reasonAnswer"), q, r.answer(b.Value))
}

// answer words a fact's value as an answer: Yes or No, a list's members
// joined, "none" for an empty list or string.
func (r wording) answer(v any) string {
	switch v := v.(type) {
	case bool:
		if v {
			return r.t("answerYes")
		}
		return r.t("answerNo")
	case []string:
		if len(v) == 0 {
			return r.t("answerNone")
		}
	case string:
		if v == "" {
			return r.t("answerNone")
		}
	}
	return facts.Format(v)
}

// ---- What a condition asks: the guide page's flags ----------------------

// words returns the condition in plain words, as HTML.
func (f wording) words(c *cond.Cond) string {
	tree, err := c.Tree()
	if err != nil {
		return f.code(strings.Join(strings.Fields(c.Source), " "), c.Facts())
	}
	return f.why(tree.Why, "")
}

// code quotes a part of a condition that has no plain wording, as written,
// with the questions of the facts it reads.
func (f wording) code(src string, names []string) string {
	var qs []string
	for _, name := range names {
		if d := f.schema.Fact(name); d != nil {
			qs = append(qs, f.quoted(d))
		}
	}
	out := "<code>" + html.EscapeString(src) + "</code>"
	if len(qs) > 0 {
		out += " (" + html.EscapeString(f.t("flagAbout")) + " " + strings.Join(qs, ", ") + ")"
	}
	return out
}

// why words an and/or/not structure; outer is the operator around it, to
// bracket a mix of and and or.
func (f wording) why(w *cond.Why, outer string) string {
	switch w.Op {
	case "and", "or":
		parts := make([]string, len(w.Kids))
		for i, k := range w.Kids {
			parts[i] = f.why(k, w.Op)
		}
		s := strings.Join(parts, " "+html.EscapeString(f.t("flag"+w.Op))+" ")
		if outer != "" && outer != w.Op {
			s = "(" + s + ")"
		}
		return s
	case "not":
		if k := w.Kids[0]; k.Op == "" {
			if s, ok := f.expr(k.Expr, true); ok {
				return s
			}
		}
		return f.code(w.Source, leafFacts(w))
	}
	if s, ok := f.expr(w.Expr, false); ok {
		return s
	}
	return f.code(w.Source, w.Facts)
}

// leafFacts lists the facts the leaves of w read, each once.
func leafFacts(w *cond.Why) []string {
	var out []string
	var walk func(w *cond.Why)
	walk = func(w *cond.Why) {
		for _, f := range w.Facts {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
		for _, k := range w.Kids {
			walk(k)
		}
	}
	walk(w)
	return out
}

// The comparisons a flag words, and the one each becomes negated or with
// its sides swapped.
var (
	negated = map[string]string{"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
	swapped = map[string]string{"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
	cmpKeys = map[string]string{"==": "cmpEq", "!=": "cmpNe", "<": "cmpLt", "<=": "cmpLe", ">": "cmpGt", ">=": "cmpGe"}
)

// expr words one comparison of a fact with literals (negated when neg).
func (f wording) expr(e any, neg bool) (string, bool) {
	n, ok := e.([]any)
	if !ok || len(n) == 0 {
		return "", false
	}
	op, _ := n[0].(string)
	switch op {
	case "v": // a bool fact
		if d := f.fact(n); d != nil && d.Type == facts.Bool {
			return f.compared(d, "==", f.yesNo(!neg)), true
		}
	case "not":
		return f.expr(n[1], !neg)
	case "==", "!=", "<", "<=", ">", ">=":
		if neg {
			op = negated[op]
		}
		left, right := n[1], n[2]
		if f.fact(right) != nil || isLen(right) {
			left, right, op = right, left, swapped[op]
		}
		if d := f.fact(left); d != nil {
			if lit, ok := f.literal(d, right); ok && (d.Type == facts.Number || op == "==" || op == "!=") {
				return f.compared(d, op, lit), true
			}
		}
		if d := f.lenOf(left); d != nil {
			if k, ok := intLiteral(right); ok {
				return f.count(d, op, k), true
			}
		}
	case "in":
		// "x" in list
		if d := f.fact(n[2]); d != nil && d.Type == facts.List {
			if lit, ok := f.literal(d, n[1]); ok {
				key := "flagIncludes"
				if neg {
					key = "flagExcludes"
				}
				return f.tf(key, f.quoted(d), lit), true
			}
		}
		// fact in ["a", "b"]
		if d := f.fact(n[1]); d != nil && d.Type != facts.List {
			if lits, ok := f.literals(d, n[2]); ok {
				key := "flagOneOf"
				if neg {
					key = "flagNoneOf"
				}
				return f.tf(key, f.quoted(d), strings.Join(lits, " "+html.EscapeString(f.t("flagor"))+" ")), true
			}
		}
	}
	return "", false
}

// compared words `fact OP literal`.
func (f wording) compared(d *facts.Decl, op, lit string) string {
	return f.tf("flagAnswer", f.quoted(d), f.tf(cmpKeys[op], lit))
}

// count words `len(list) OP k`.
func (f wording) count(d *facts.Decl, op string, k int) string {
	switch {
	case op == ">" && k == 0, op == ">=" && k == 1, op == "!=" && k == 0:
		return f.tf("flagSome", f.quoted(d))
	case op == "==" && k == 0, op == "<" && k == 1, op == "<=" && k == 0:
		return f.tf("flagNone", f.quoted(d))
	}
	return f.tf("flagCount", f.quoted(d), f.tf(cmpKeys[op], strconv.Itoa(k)))
}

// fact returns the declaration of a ["v", name] node.
func (f wording) fact(e any) *facts.Decl {
	n, ok := e.([]any)
	if !ok || len(n) != 2 || n[0] != "v" {
		return nil
	}
	name, _ := n[1].(string)
	return f.schema.Fact(name)
}

func isLen(e any) bool {
	n, ok := e.([]any)
	return ok && len(n) == 2 && n[0] == "len"
}

// lenOf returns the list fact of a ["len", ["v", list]] node.
func (f wording) lenOf(e any) *facts.Decl {
	if !isLen(e) {
		return nil
	}
	if d := f.fact(e.([]any)[1]); d != nil && d.Type == facts.List {
		return d
	}
	return nil
}

func intLiteral(e any) (int, bool) {
	n, ok := e.([]any)
	if !ok || len(n) != 2 || n[0] != "i" {
		return 0, false
	}
	s, _ := n[1].(string)
	k := 0
	for _, c := range s {
		if c < '0' || c > '9' || k > 1<<40 {
			return 0, false
		}
		k = k*10 + int(c-'0')
	}
	return k, s != ""
}

// literal words a literal of the fact's type, as HTML: “text”, yes, 12.
func (f wording) literal(d *facts.Decl, e any) (string, bool) {
	n, ok := e.([]any)
	if !ok || len(n) != 2 {
		return "", false
	}
	switch v := n[1].(type) {
	case string:
		switch {
		case n[0] == "s" && (d.Type == facts.String || d.Type == facts.List):
			return "“" + html.EscapeString(v) + "”", true
		case n[0] == "i" && d.Type == facts.Number:
			return html.EscapeString(v), true
		}
	case float64:
		if n[0] == "f" && d.Type == facts.Number {
			return html.EscapeString(facts.Format(v)), true
		}
	case bool:
		if n[0] == "b" && d.Type == facts.Bool {
			return f.yesNo(v), true
		}
	}
	return "", false
}

// literals words an array or constant set of literals.
func (f wording) literals(d *facts.Decl, e any) ([]string, bool) {
	n, ok := e.([]any)
	if !ok || len(n) == 0 {
		return nil, false
	}
	var out []string
	switch n[0] {
	case "arr":
		for _, el := range n[1:] {
			lit, ok := f.literal(d, el)
			if !ok {
				return nil, false
			}
			out = append(out, lit)
		}
	case "set":
		keys, _ := n[2].([]string)
		kind := "s"
		if n[1] == "i" {
			kind = "i"
		}
		for _, k := range keys {
			lit, ok := f.literal(d, []any{kind, k})
			if !ok {
				return nil, false
			}
			out = append(out, lit)
		}
	}
	return out, len(out) > 0
}

func (f wording) yesNo(b bool) string {
	if b {
		return html.EscapeString(f.t("yes"))
	}
	return html.EscapeString(f.t("no"))
}

// quoted is a fact's question, quoted, as HTML.
func (f wording) quoted(d *facts.Decl) string {
	return "“" + html.EscapeString(f.question(d.Name)) + "”"
}

// tf formats the HTML-escaped interface text for key with HTML arguments:
// each %s, or %[N]s, of the text takes the next, or the Nth, argument.
func (f wording) tf(key string, args ...string) string {
	text := html.EscapeString(f.t(key))
	var b strings.Builder
	next := 0
	for {
		at := strings.IndexByte(text, '%')
		if at < 0 || at+1 >= len(text) {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:at])
		rest := text[at+1:]
		i, n := next, 0
		if rest[0] == '[' {
			if end := strings.Index(rest, "]s"); end > 0 {
				if k, err := strconv.Atoi(rest[1:end]); err == nil {
					i, n = k-1, end+2
				}
			}
		} else if rest[0] == 's' {
			n = 1
		}
		if n == 0 || i < 0 || i >= len(args) {
			b.WriteByte('%')
			text = rest
			continue
		}
		b.WriteString(args[i])
		next = i + 1
		text = rest[n:]
	}
}

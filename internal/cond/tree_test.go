package cond_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"prereq/internal/browsertest"
	"prereq/internal/cond"
	"prereq/internal/facts"
	"prereq/templates"
)

// TestTreeInGuideJS evaluates many random conditions for random facts with
// templates/guide.js's evaluator (in Node.js: the evaluator needs no page,
// and the guide page's browser tests run it in Chromium) and in Go with Run,
// and wants the same result (or a failure in both), and the same causes
// when false.
func TestTreeInGuideJS(t *testing.T) {
	script, err := templates.FS.ReadFile("guide.js")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(12, 34))
	g := &exprGen{r: r}
	type testCase struct {
		Src   string       `json:"src"`
		Tree  *cond.Tree   `json:"tree"`
		Facts facts.Values `json:"facts"`
	}
	type cause struct {
		Fact   string `json:"fact"`
		Member string `json:"member"`
		Has    bool   `json:"has"`
	}
	type result struct {
		Value  bool    `json:"value"`
		Failed bool    `json:"failed"`
		Causes []cause `json:"causes"`
	}
	const n = 5000
	var cases []testCase
	var conds []*cond.Cond
	for len(cases) < n {
		src := g.boolean(3)
		c, cerr := cond.Compile(src, treeSchema())
		if cerr != nil {
			continue
		}
		tree, err := c.Tree()
		if err != nil {
			t.Fatalf("%s: Tree: %v", src, err)
		}
		cases = append(cases, testCase{Src: src, Tree: tree, Facts: g.values()})
		conds = append(conds, c)
	}
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	// guide.js without a page defines window.prereqGuide, the evaluator,
	// and stops.
	js := `globalThis.window = globalThis;
globalThis.document = {querySelector: () => null, getElementById: () => null};
` + string(script) + `
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", d => input += d).on("end", () => {
	var g = window.prereqGuide;
	process.stdout.write(JSON.stringify(JSON.parse(input).map(function (c) {
		try {
			var v = g.decide(c.tree.w, c.facts);
			return {value: v, failed: false, causes: v ? [] : g.causes(c.tree.w, c.facts, false)};
		} catch (e) {
			if (e instanceof g.Failure) {
				return {value: false, failed: true, causes: []};
			}
			return {value: false, failed: true, causes: [{fact: "unexpected: " + (e && e.message || e)}]};
		}
	})));
});
`
	var got []result
	if err := json.Unmarshal(browsertest.Node(t, js, in), &got); err != nil {
		t.Fatalf("reading guide.js's results: %v", err)
	}
	if len(got) != len(cases) {
		t.Fatalf("guide.js gave %d results for %d conditions", len(got), len(cases))
	}
	for i, c := range cases {
		want, runErr := conds[i].Run(c.Facts)
		wantCauses := []cause{}
		if runErr == nil && !want {
			for _, c := range conds[i].Causes(c.Facts) {
				wantCauses = append(wantCauses, cause{c.Fact, c.Member, c.Has})
			}
		}
		g := got[i]
		if g.Failed != (runErr != nil) || g.Value != want || !slices.Equal(g.Causes, wantCauses) {
			t.Errorf("%s for %s:\n  guide.js: value %v failed %v causes %v\n  Go:       value %v error %v causes %v",
				c.Src, literals(c.Facts), g.Value, g.Failed, g.Causes, want, runErr, wantCauses)
		}
	}
	t.Logf("%d random conditions compared", len(cases))
}

func literals(v facts.Values) string {
	var parts []string
	for _, name := range []string{"ok", "on", "plan", "nick", "seats", "rate", "tags", "regions"} {
		parts = append(parts, name+"="+facts.Literal(v[name]))
	}
	return strings.Join(parts, " ")
}

// exprGen writes random conditions over treeSchema's facts: mostly well
// typed, of every form the page evaluates, with the edge cases of expr's
// arithmetic (integer overflow, division and modulo by zero, indexes out of
// range).
type exprGen struct {
	r     *rand.Rand
	inPtr int // > 0 inside a predicate over a list of strings: # is a string
}

func (g *exprGen) pick(options ...string) string { return options[g.r.IntN(len(options))] }

var words = []string{"a", "b", "ab", "kr", "", "é", "日本", "\U0001F600", "Z", "a\"b", "12", "-007"}

func (g *exprGen) strLit() string { return fmt.Sprintf("%q", words[g.r.IntN(len(words))]) }

func (g *exprGen) boolean(depth int) string {
	if depth <= 0 {
		return g.pick("ok", "on", "true", "false", "not ok")
	}
	d := depth - 1
	switch g.r.IntN(20) {
	case 0:
		return "not " + g.boolean(d)
	case 1:
		return "(" + g.boolean(d) + " and " + g.boolean(d) + ")"
	case 2:
		return "(" + g.boolean(d) + " or " + g.boolean(d) + ")"
	case 3, 4:
		return g.number(d) + " " + g.pick("==", "!=", "<", "<=", ">", ">=") + " " + g.number(d)
	case 5:
		return g.str(d) + " " + g.pick("==", "!=", "<", "<=", ">", ">=") + " " + g.str(d)
	case 6:
		return g.str(d) + " " + g.pick("in", "not in") + " " + g.list(d)
	case 7:
		return g.str(d) + " in [" + g.strLit() + ", " + g.strLit() + "]"
	case 8:
		return g.number(d) + " in [" + g.pick("1", "2", "0.5", "-1") + ", " + g.pick("3", "1e3", "0") + "]"
	case 9:
		return g.list(d) + " " + g.pick("==", "!=") + " " + g.list(d)
	case 10:
		return g.str(d) + " " + g.pick("contains", "startsWith", "endsWith", "not contains") + " " + g.str(d)
	case 11:
		return g.pick("all", "any", "none", "one") + "(" + g.list(d) + ", " + g.predicate(d) + ")"
	case 12:
		return "count(" + g.list(d) + ", " + g.predicate(d) + ") " + g.pick(">", ">=", "<", "<=", "==") + " " + g.pick("0", "1", "2", "3")
	case 13:
		return "(" + g.boolean(d) + " ? " + g.boolean(d) + " : " + g.boolean(d) + ")"
	case 14:
		return g.pick("ok", "on") + " == " + g.pick("ok", "on", "true", "nil")
	case 15:
		return "len(filter(" + g.list(d) + ", " + g.predicate(d) + ")) > " + g.pick("0", "1")
	case 16:
		return "filter(" + g.list(d) + ", " + g.predicate(d) + ")[" + g.pick("0", "-1") + "] == " + g.str(d)
	case 17:
		return "let x = " + g.number(d) + "; x > " + g.number(d) + " or " + g.boolean(d)
	case 18:
		return "(all(" + g.pick("tags", "regions") + ", " + g.predicate(d) + ") and all(" + g.pick("tags", "regions") + ", " + g.predicate(d) + "))"
	default:
		return g.str(d) + " " + g.pick("==", "!=") + " nil"
	}
}

func (g *exprGen) predicate(depth int) string {
	g.inPtr++
	defer func() { g.inPtr-- }()
	switch g.r.IntN(4) {
	case 0:
		return "# " + g.pick("==", "!=", "<", ">=") + " " + g.str(depth)
	case 1:
		return "# " + g.pick("startsWith", "contains") + " " + g.strLit()
	case 2:
		return "len(#) " + g.pick(">", "<", "==") + " " + g.pick("1", "2", "0")
	default:
		return g.boolean(depth)
	}
}

func (g *exprGen) number(depth int) string {
	if depth <= 0 {
		return g.pick("seats", "rate", "0", "1", "2", "7", "-3", "0.5", "1e300", "9223372036854775807", "len(tags)", "len(nick)")
	}
	d := depth - 1
	switch g.r.IntN(10) {
	case 0, 1:
		return "(" + g.number(d) + " " + g.pick("+", "-", "*", "/") + " " + g.number(d) + ")"
	case 2:
		return "(" + g.integer(d) + " % " + g.integer(d) + ")"
	case 7:
		return "float(" + g.number(d) + ")"
	case 3:
		return "-" + g.number(d)
	case 4:
		return "len(" + g.pick(g.list(d), g.str(d)) + ")"
	case 5:
		return "count(" + g.list(d) + ", " + g.predicate(d) + ")"
	case 6:
		return "(" + g.boolean(d) + " ? " + g.number(d) + " : " + g.number(d) + ")"
	default:
		return g.number(0)
	}
}

// integer writes an expression of type int, for %.
func (g *exprGen) integer(depth int) string {
	if depth <= 0 {
		return g.pick("0", "1", "2", "-1", "3", "len(tags)", "len(regions)", "9223372036854775807")
	}
	d := depth - 1
	switch g.r.IntN(4) {
	case 0:
		return "(" + g.integer(d) + " " + g.pick("+", "-", "*", "%") + " " + g.integer(d) + ")"
	case 1:
		return "len(" + g.list(d) + ")"
	case 2:
		return "int(" + g.pick(g.number(d), g.str(d), `"12"`, `"-7"`, `"9223372036854775808"`, `" 3"`) + ")"
	default:
		return g.integer(0)
	}
}

func (g *exprGen) str(depth int) string {
	if depth <= 0 {
		opts := []string{"plan", "nick", g.strLit(), g.strLit()}
		if g.inPtr > 0 {
			opts = append(opts, "#", "#")
		}
		return opts[g.r.IntN(len(opts))]
	}
	d := depth - 1
	switch g.r.IntN(8) {
	case 0:
		return "(" + g.str(d) + " + " + g.str(d) + ")"
	case 1:
		return g.list(d) + "[" + g.pick("0", "1", "-1", "-2", "5", "seats", "rate", "len(tags) - 1") + "]"
	case 2:
		return "(" + g.boolean(d) + " ? " + g.str(d) + " : " + g.str(d) + ")"
	default:
		return g.str(0)
	}
}

func (g *exprGen) list(depth int) string {
	if depth <= 0 {
		return g.pick("tags", "regions", "tags", "regions", "[]", "["+g.strLit()+"]")
	}
	d := depth - 1
	switch g.r.IntN(8) {
	case 0:
		return "[" + g.str(d) + ", " + g.str(d) + "]"
	case 1:
		return g.list(d) + "[" + g.pick("1", "0", "-1", "seats") + ":" + g.pick("", "2", "-1", "10") + "]"
	case 2:
		return "filter(" + g.list(d) + ", " + g.predicate(d) + ")"
	case 3:
		return "map(" + g.list(d) + ", # + " + g.strLit() + ")"
	default:
		return g.list(0)
	}
}

func (g *exprGen) values() facts.Values {
	strs := func() []string {
		var out []string
		for range g.r.IntN(4) {
			out = append(out, words[g.r.IntN(len(words))])
		}
		return append([]string{}, out...)
	}
	nums := []float64{0, 1, 2, -1, 0.5, 3, 1e21, 1e-7, 123456789, 9007199254740993}
	return facts.Values{
		"ok":      g.r.IntN(2) == 0,
		"on":      g.r.IntN(2) == 0,
		"plan":    words[g.r.IntN(len(words))],
		"nick":    words[g.r.IntN(len(words))],
		"seats":   nums[g.r.IntN(len(nums))],
		"rate":    nums[g.r.IntN(len(nums))],
		"tags":    strs(),
		"regions": strs(),
	}
}

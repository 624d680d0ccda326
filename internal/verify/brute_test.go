package verify

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"prereq/internal/facts"
	"prereq/internal/guide"
)

// TestAgainstBruteForce checks the values the matrix tries against many
// more, on small random guides: planned over a large fixed pool of values
// for every fact (every subset of a list's values, numbers every half from
// -1 to 6, several strings), each guide must give the same outcomes of its
// conditions, together, and the same findings, as over the few values the
// matrix picks.
func TestAgainstBruteForce(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 40
	}
	compared, findings, links := 0, 0, 0
	defer func() { t.Logf("%d random guides compared, %d findings (%d of links)", compared, findings, links) }()
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		files := randomGuide(r)
		g, errs := guide.Load(files, "content")
		if errs != nil {
			t.Fatalf("seed %d: %v\n%s", seed, errs, dump(files))
		}
		m := newModel(g)
		brute := &space{schema: g.Schema, domains: bruteDomains(g.Schema), shown: m.space.shown}
		if m.space.total(DefaultBound) > DefaultBound || brute.total(1<<16) > 1<<16 {
			continue
		}
		compared++
		want := signatures(m, brute)
		got := signatures(m, m.space)
		if !slices.Equal(got, want) {
			t.Errorf("seed %d: outcomes of the conditions and emptiness of the facts over the matrix's values\n%v\nover the brute-force pool\n%v\n%s", seed, got, want, dump(files))
			continue
		}
		fast := m.check(DefaultBound, 0, nil)
		findings += len(fast.Findings)
		for _, f := range fast.Findings {
			if strings.Contains(f.Msg, "links to") {
				links++
			}
		}
		m.space = brute
		slow := m.check(1<<20, 0, nil)
		if a, b := messages(fast), messages(slow); !slices.Equal(a, b) {
			t.Errorf("seed %d: findings\n%s\nbrute force finds\n%s\n%s", seed, strings.Join(a, "\n"), strings.Join(b, "\n"), dump(files))
		}
	}
}

// signatures returns, for every combination of s the rules allow, the
// outcome of each of the model's conditions and whether each fact is
// empty, of those a {{ }} shows: sorted, without repeats.
func signatures(m *model, s *space) []string {
	shown := map[string]bool{}
	for _, it := range m.items {
		for _, p := range it.parts {
			shown[p.Fact] = true
		}
	}
	var out []string
	for _, r := range s.all() {
		v := s.values(r)
		var b strings.Builder
		for _, c := range m.conds {
			switch ok, err := c.Run(v); {
			case err != nil:
				b.WriteByte('E')
			case ok:
				b.WriteByte('T')
			default:
				b.WriteByte('F')
			}
		}
		b.WriteByte('/')
		for _, d := range m.g.Schema.Facts {
			if !shown[d.Name] {
				continue
			}
			if isEmpty(v[d.Name]) {
				b.WriteByte('e')
			} else {
				b.WriteByte('-')
			}
		}
		out = append(out, b.String())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// messages lists findings without the combinations that show them, which
// differ between two sets of values.
func messages(r *Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Pos.String()+": "+f.Msg)
	}
	return out
}

// The brute-force pool. Its numbers are each constant a random condition
// compares a number with (0, 1, 1.5, 2 and 5, see atom), one between each
// two of them and one beyond each end: every span those constants cut the
// line into, which a denser grid (quarters from -1 to 6) only repeated, at
// three times the cost.
var (
	bruteNumbers = []any{-1.0, 0.0, 0.5, 1.0, 1.25, 1.5, 1.75, 2.0, 3.5, 5.0, 6.0}
	bruteStrings = []any{"", "p", "q", "r"}
)

func bruteDomains(s *facts.Schema) [][]any {
	out := make([][]any, len(s.Facts))
	for i, d := range s.Facts {
		switch {
		case d.Type == facts.Bool:
			out[i] = []any{false, true}
		case d.Type == facts.Number:
			out[i] = bruteNumbers
		case d.Type == facts.String && len(d.Values) > 0:
			for _, v := range d.Values {
				out[i] = append(out[i], v)
			}
		case d.Type == facts.String:
			out[i] = bruteStrings
		default:
			pool := d.Values
			if len(pool) == 0 {
				pool = []string{"p", "q", "r", "s", "t"}
			}
			for mask := 0; mask < 1<<len(pool); mask++ {
				l := []string{}
				for k, v := range pool {
					if mask&(1<<k) != 0 {
						l = append(l, v)
					}
				}
				out[i] = append(out[i], l)
			}
		}
	}
	return out
}

// fact is a fact of a random guide.
type randFact struct {
	name, typ string
	values    []string
}

// randomGuide writes a guide of two to four facts of every kind, one or two
// sections and a few steps, with conditions, `::: when` blocks, `{{ }}`
// values, `after`, links to steps and rules drawn at random.
func randomGuide(r *rand.Rand) fstest.MapFS {
	kinds := []randFact{
		{typ: "bool"}, {typ: "bool"},
		{typ: "string", values: []string{"a", "b", "c"}},
		{typ: "string"},
		{typ: "number"},
		{typ: "list", values: []string{"x", "y", "z"}},
		{typ: "list"},
	}
	var fs []randFact
	for i, k := range r.Perm(len(kinds))[:2+r.IntN(3)] {
		f := kinds[k]
		f.name = "f" + strconv.Itoa(i)
		fs = append(fs, f)
	}
	cond := func() string {
		var atoms []string
		for range 1 + r.IntN(3) {
			atoms = append(atoms, atom(r, fs[r.IntN(len(fs))]))
		}
		s := atoms[0]
		for _, a := range atoms[1:] {
			s = "(" + s + ") " + pick(r, "and", "or") + " " + a
		}
		if r.IntN(4) == 0 {
			s = "not (" + s + ")"
		}
		return s
	}
	var idx strings.Builder
	idx.WriteString("+++\ntitle = \"G\"\n")
	for _, f := range fs {
		fmt.Fprintf(&idx, "[facts.%s]\ntype = %q\nquestion = \"?\"\n", f.name, f.typ)
		if len(f.values) > 0 {
			fmt.Fprintf(&idx, "values = [%s]\n", quoteAll(f.values))
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&idx, "default = %s\n", defaultOf(f))
		}
	}
	for range r.IntN(3) {
		fmt.Fprintf(&idx, "[[rules]]\nrequire = %q\nmessage = \"m\"\n", cond())
	}
	idx.WriteString("+++\n")
	files := fstest.MapFS{"content/_index.md": {Data: []byte(idx.String())}}
	var ids []string
	for s := range 1 + r.IntN(2) {
		dir := fmt.Sprintf("content/%d-s%d/", s+1, s)
		sec := "+++\ntitle = \"S\"\n"
		if r.IntN(3) == 0 {
			sec += fmt.Sprintf("when = %q\n", cond())
		}
		files[dir+"_index.md"] = &fstest.MapFile{Data: []byte(sec + "+++\n")}
		for i := range 1 + r.IntN(4) {
			id := fmt.Sprintf("t%d-%d", s, i)
			var b strings.Builder
			b.WriteString("+++\ntitle = \"T\"\n")
			if r.IntN(2) == 0 {
				fmt.Fprintf(&b, "when = %q\n", cond())
			}
			if len(ids) > 0 && r.IntN(3) == 0 {
				fmt.Fprintf(&b, "after = [%q]\n", ids[r.IntN(len(ids))])
			}
			b.WriteString("+++\nText.\n\n")
			if r.IntN(2) == 0 {
				fmt.Fprintf(&b, "::: when %s\nInside {{ %s }}.\n:::\n\n", cond(), fs[r.IntN(len(fs))].name)
			}
			if r.IntN(3) == 0 {
				fmt.Fprintf(&b, "Shown: {{ %s }}.\n", fs[r.IntN(len(fs))].name)
			}
			if len(ids) > 0 && r.IntN(3) == 0 {
				link := fmt.Sprintf("See [](#step-%s).\n", ids[r.IntN(len(ids))])
				if r.IntN(2) == 0 {
					link = fmt.Sprintf("\n::: when %s\n%s:::\n", cond(), link)
				}
				b.WriteString(link)
			}
			files[dir+id+".md"] = &fstest.MapFile{Data: []byte(b.String())}
			ids = append(ids, id)
		}
	}
	return files
}

// atom is a comparison of one fact with constants.
func atom(r *rand.Rand, f randFact) string {
	n := f.name
	switch f.typ {
	case "bool":
		return pick(r, n, "not "+n)
	case "string":
		vals := f.values
		if len(vals) == 0 {
			vals = []string{"", "p", "q"}
		}
		v := strconv.Quote(vals[r.IntN(len(vals))])
		return pick(r, n+" == "+v, n+" != "+v, v+" == "+n, n+" in ["+v+", "+strconv.Quote(vals[r.IntN(len(vals))])+"]")
	case "number":
		c := pick(r, "0", "1", "2", "5", "1.5") // bruteNumbers holds each span these cut
		return n + " " + pick(r, ">", ">=", "<", "<=", "==", "!=") + " " + c
	default:
		vals := f.values
		if len(vals) == 0 {
			vals = []string{"p", "q"}
		}
		v := strconv.Quote(vals[r.IntN(len(vals))])
		c := pick(r, "0", "1", "2")
		return pick(r, v+" in "+n, v+" not in "+n, "len("+n+") "+pick(r, ">", ">=", "<", "==")+" "+c,
			"any("+n+", # == "+v+")")
	}
}

func defaultOf(f randFact) string {
	switch f.typ {
	case "bool":
		return "true"
	case "number":
		return "1"
	case "string":
		if len(f.values) > 0 {
			return strconv.Quote(f.values[1])
		}
		return `"p"`
	default:
		if len(f.values) > 0 {
			return "[" + strconv.Quote(f.values[0]) + "]"
		}
		return "[]"
	}
}

func quoteAll(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

func pick(r *rand.Rand, s ...string) string { return s[r.IntN(len(s))] }

func dump(files fstest.MapFS) string {
	var b strings.Builder
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(&b, "-- %s --\n%s", n, files[n].Data)
	}
	return b.String()
}

// TestPairwiseCoversEveryPair: on random guides, the pairwise rows meet the
// rules and hold every pair of values of two facts that some combination
// the rules allow holds.
func TestPairwiseCoversEveryPair(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 40
	}
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 11))
		g, errs := guide.Load(randomGuide(r), "content")
		if errs != nil {
			t.Fatal(errs)
		}
		s := newModel(g).space
		if s.total(1<<14) > 1<<14 {
			continue
		}
		type pair struct{ a, va, b, vb int }
		pairs := func(rows []row) map[pair]bool {
			out := map[pair]bool{}
			for _, r := range rows {
				for a := range r {
					for b := a + 1; b < len(r); b++ {
						out[pair{a, r[a], b, r[b]}] = true
					}
				}
			}
			return out
		}
		rows := s.pairwise()
		for _, r := range rows {
			if !g.Schema.Holds(s.values(r)) {
				t.Fatalf("seed %d: pairwise row %v breaks a rule", seed, s.values(r))
			}
		}
		got := pairs(rows)
		for p := range pairs(s.all()) {
			if !got[p] {
				t.Errorf("seed %d: no pairwise row has %s = %s and %s = %s", seed,
					g.Schema.Facts[p.a].Name, facts.Literal(s.domains[p.a][p.va]),
					g.Schema.Facts[p.b].Name, facts.Literal(s.domains[p.b][p.vb]))
			}
		}
	}
}

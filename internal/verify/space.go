package verify

import (
	"cmp"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"prereq/internal/cond"
	"prereq/internal/facts"
)

// space is the fact values worth trying: for each declared fact, a domain
// of values that together give every outcome the guide's conditions can
// have. A fact no condition reads has one value.
type space struct {
	schema  *facts.Schema
	domains [][]any         // by schema.Facts index; the first value is the default when there is one
	shown   map[string]bool // the facts a {{ }} shows
}

// reading gathers what the conditions read of one fact.
type reading struct {
	read    bool      // some condition reads it
	shown   bool      // some {{ }} shows it
	consts  []any     // literals compared with it
	lengths []float64 // numbers its length is compared with
}

// newSpace builds the domains from what the conditions read of each fact
// and which facts `{{ }}` shows.
func newSpace(schema *facts.Schema, conds []*cond.Cond, shown map[string]bool) *space {
	reads := make(map[string]*reading, len(schema.Facts))
	for _, d := range schema.Facts {
		reads[d.Name] = &reading{shown: shown[d.Name]}
	}
	for _, c := range conds {
		for _, u := range c.Uses() {
			r := reads[u.Fact]
			r.read = true
			r.consts = append(r.consts, u.Consts...)
			r.lengths = append(r.lengths, u.Lengths...)
		}
	}
	s := &space{schema: schema, domains: make([][]any, len(schema.Facts)), shown: shown}
	for i, d := range schema.Facts {
		s.domains[i] = domain(d, reads[d.Name])
	}
	return s
}

// fixed is the one value of a fact that nothing tells apart.
func fixed(d *facts.Decl) any {
	switch {
	case d.HasDefault:
		return d.Default
	case d.Type == facts.String && len(d.Values) > 0:
		return d.Values[0]
	default:
		return d.Zero()
	}
}

// empty is the empty value of a string or list fact.
func empty(d *facts.Decl) any {
	if d.Type == facts.List {
		return []string{}
	}
	return ""
}

// nonEmpty is a value of a string or list fact that is not empty.
func nonEmpty(d *facts.Decl) any {
	v := "example"
	if len(d.Values) > 0 {
		v = d.Values[0]
	}
	if d.Type == facts.List {
		return []string{v}
	}
	return v
}

// domain returns the values of d to try.
func domain(d *facts.Decl, r *reading) []any {
	if !r.read {
		// Shown only: the value itself, and the empty one if it may be
		// empty, to find a {{ }} that shows nothing.
		if r.shown && (d.Type == facts.List || d.Type == facts.String && d.Allows("")) {
			return uniq([]any{fixed(d), empty(d), nonEmpty(d)})
		}
		return []any{fixed(d)}
	}
	var out []any
	if d.HasDefault {
		out = append(out, d.Default)
	}
	switch d.Type {
	case facts.Bool:
		out = append(out, false, true)
	case facts.String:
		if len(d.Values) > 0 {
			for _, v := range d.Values {
				out = append(out, v)
			}
			break
		}
		// Each constant, and a value equal to none (the empty string
		// first: a {{ }} must cope with it).
		for _, c := range r.consts {
			if s, ok := c.(string); ok {
				out = append(out, s)
			}
		}
		out = append(out, "")
		out = append(out, unlike(out, "other"))
	case facts.Number:
		out = append(out, numbers(r.consts, fixed(d).(float64))...)
	case facts.List:
		if r.shown {
			// Whether the list is empty decides what a {{ }} shows, as if a
			// condition compared its length with 0.
			r.lengths = append(r.lengths, 0)
		}
		for _, l := range subsets(d, r) {
			out = append(out, l)
		}
	}
	return uniq(out)
}

// unlike returns base, or base with a number, that is none of vals.
func unlike(vals []any, base string) string {
	s := base
	for i := 2; slices.Contains(vals, any(s)); i++ {
		s = base + strconv.Itoa(i)
	}
	return s
}

// numbers returns each constant, a value below the least, above the
// greatest and between each two, and the default: every way a comparison
// with constants can come out.
func numbers(consts []any, def float64) []any {
	var cs []float64
	for _, c := range consts {
		if f, ok := c.(float64); ok {
			cs = append(cs, f)
		}
	}
	slices.Sort(cs)
	cs = slices.Compact(cs)
	out := []any{def}
	if len(cs) == 0 {
		return append(out, def+1)
	}
	out = append(out, cs[0]-1)
	for i, c := range cs {
		out = append(out, c)
		if i+1 < len(cs) {
			out = append(out, (c+cs[i+1])/2)
		}
	}
	return append(out, cs[len(cs)-1]+1)
}

// maxNamed is how many members a list's conditions may name before the
// subsets tried stop being every subset of them: beyond it, the empty set,
// each one alone, all, and all but each one.
const maxNamed = 6

// subsets returns lists that decide every condition on the list: each
// subset of the members conditions name, with each length the conditions
// compare len() with (and one on each side), filled with other values.
func subsets(d *facts.Decl, r *reading) [][]string {
	var named []string
	for _, c := range r.consts {
		if s, ok := c.(string); ok && d.Allows(s) && !slices.Contains(named, s) {
			named = append(named, s)
		}
	}
	var fillers []string // values no condition names
	for _, v := range d.Values {
		if !slices.Contains(named, v) {
			fillers = append(fillers, v)
		}
	}
	free := len(d.Values) == 0
	filler := func(i int) (string, bool) {
		if !free {
			if i < len(fillers) {
				return fillers[i], true
			}
			return "", false
		}
		s := "item-" + strconv.Itoa(i+1)
		for slices.Contains(named, s) {
			s += "x"
		}
		return s, true
	}
	var lens []int
	for _, l := range r.lengths {
		for _, n := range []float64{l - 1, l, l + 1} {
			if n >= 0 && n == float64(int(n)) {
				lens = append(lens, int(n))
			} else if n >= 0 {
				lens = append(lens, int(n), int(n)+1) // len(x) > 1.5
			}
		}
	}
	var memberships [][]string
	if len(named) <= maxNamed {
		for mask := 0; mask < 1<<len(named); mask++ {
			var m []string
			for i, v := range named {
				if mask&(1<<i) != 0 {
					m = append(m, v)
				}
			}
			memberships = append(memberships, m)
		}
	} else {
		memberships = append(memberships, nil, named)
		for i := range named {
			memberships = append(memberships, []string{named[i]},
				slices.Concat(named[:i], named[i+1:]))
		}
	}
	var out [][]string
	for _, m := range memberships {
		out = append(out, order(d, m))
		for _, n := range lens {
			l := slices.Clone(m)
			ok := true
			for i := 0; len(l) < n && ok; i++ {
				var v string
				if v, ok = filler(i); ok {
					l = append(l, v)
				}
			}
			if ok {
				out = append(out, order(d, l))
			}
		}
	}
	if len(out) < 2 { // read, but nothing named or measured
		if v, ok := filler(0); ok {
			out = append(out, []string{v})
		} else if len(named) > 0 {
			out = append(out, named[:1])
		}
	}
	return out
}

// order sorts a list as the fact declares its values, so that equal sets
// are equal lists.
func order(d *facts.Decl, l []string) []string {
	if l == nil {
		l = []string{}
	}
	if len(d.Values) > 0 {
		slices.SortFunc(l, func(a, b string) int {
			return cmp.Compare(slices.Index(d.Values, a), slices.Index(d.Values, b))
		})
	} else {
		slices.Sort(l)
	}
	return l
}

// uniq drops repeated values, keeping the first.
func uniq(vals []any) []any {
	var out []any
	seen := map[string]bool{}
	for _, v := range vals {
		k := facts.Literal(v)
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// total is the number of combinations of every domain, capped at limit+1.
func (s *space) total(limit int) int {
	n := 1
	for _, d := range s.domains {
		n *= len(d)
		if n > limit {
			return limit + 1
		}
	}
	return n
}

// row is one combination: an index into each fact's domain.
type row []int

// values returns the facts of a row.
func (s *space) values(r row) facts.Values {
	v := make(facts.Values, len(r))
	for i, d := range s.schema.Facts {
		v[d.Name] = s.domains[i][r[i]]
	}
	return v
}

// all returns every combination, in order, that the rules allow.
func (s *space) all() []row {
	var rows []row
	s.each(func(r row) bool {
		if s.schema.Holds(s.values(r)) {
			rows = append(rows, slices.Clone(r))
		}
		return true
	})
	return rows
}

// someLimit is how many combinations some tries at most.
const someLimit = 1 << 16

// some reports whether ok holds for the values of some combination, of
// the first someLimit.
func (s *space) some(ok func(facts.Values) bool) bool {
	found, n := false, 0
	s.each(func(r row) bool {
		found = ok(s.values(r))
		n++
		return !found && n < someLimit
	})
	return found
}

// each calls f with every combination in order, until f returns false.
// The row is reused from call to call.
func (s *space) each(f func(row) bool) {
	r := make(row, len(s.domains))
	for {
		if !f(r) {
			return
		}
		i := len(r) - 1
		for ; i >= 0; i-- {
			if r[i]++; r[i] < len(s.domains[i]) {
				break
			}
			r[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// pairwise returns combinations the rules allow in which every pair of
// values of two facts that some allowed combination holds appears at least
// once: a greedy covering array. A pair for which no allowed combination
// is found is left out.
func (s *space) pairwise() []row {
	var varied []int // facts with more than one value
	for i, d := range s.domains {
		if len(d) > 1 {
			varied = append(varied, i)
		}
	}
	// uncovered[a][b] holds, for varied facts a < b, the value pairs not yet
	// in any row: index va*len(domain b)+vb.
	type pair struct{ a, b int }
	uncovered := map[pair][]bool{}
	left := 0
	for x, a := range varied {
		for _, b := range varied[x+1:] {
			uncovered[pair{a, b}] = slices.Repeat([]bool{true}, len(s.domains[a])*len(s.domains[b]))
			left += len(s.domains[a]) * len(s.domains[b])
		}
	}
	gain := func(r row, set []bool, f, v int) int {
		n := 0
		for _, g := range varied {
			if g == f || !set[g] {
				continue
			}
			a, b, va, vb := f, g, v, r[g]
			if a > b {
				a, b, va, vb = b, a, vb, va
			}
			if uncovered[pair{a, b}][va*len(s.domains[b])+vb] {
				n++
			}
		}
		return n
	}
	cover := func(r row) int {
		n := 0
		for x, a := range varied {
			for _, b := range varied[x+1:] {
				k := r[a]*len(s.domains[b]) + r[b]
				if u := uncovered[pair{a, b}]; u[k] {
					u[k] = false
					n++
				}
			}
		}
		return n
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []row
	const tries = 24 // candidate rows per added row
	for left > 0 {
		// The first pair still uncovered seeds the next row.
		var pa, pb, va, vb int
	find:
		for x, a := range varied {
			for _, b := range varied[x+1:] {
				for k, u := range uncovered[pair{a, b}] {
					if u {
						pa, pb, va, vb = a, b, k/len(s.domains[b]), k%len(s.domains[b])
						break find
					}
				}
			}
		}
		var best row
		bestGain := -1
		for t := 0; t < tries*2 && (t < tries || best == nil); t++ {
			r := make(row, len(s.domains))
			set := make([]bool, len(s.domains))
			r[pa], r[pb], set[pa], set[pb] = va, vb, true, true
			order := slices.Clone(varied)
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, f := range order {
				if set[f] {
					continue
				}
				if t >= tries { // greedy rows broke a rule: try random ones
					r[f] = rng.IntN(len(s.domains[f]))
				} else {
					bestV, bestN := 0, -1
					for v := range s.domains[f] {
						if n := gain(r, set, f, v); n > bestN || n == bestN && rng.IntN(2) == 0 {
							bestV, bestN = v, n
						}
					}
					r[f] = bestV
				}
				set[f] = true
			}
			if !s.schema.Holds(s.values(r)) {
				continue
			}
			n := 0
			for x, a := range varied {
				for _, b := range varied[x+1:] {
					if uncovered[pair{a, b}][r[a]*len(s.domains[b])+r[b]] {
						n++
					}
				}
			}
			if n > bestGain {
				best, bestGain = r, n
			}
		}
		if best == nil {
			best = s.search(pa, va, pb, vb)
		}
		if best == nil {
			// No allowed combination found holds this pair: the rules
			// exclude it (or it is too rare to find); drop it.
			uncovered[pair{pa, pb}][va*len(s.domains[pb])+vb] = false
			left--
			continue
		}
		left -= cover(best)
		rows = append(rows, best)
	}
	if len(varied) < 2 { // no pairs: each value alone
		rows = append(rows, s.all()...)
	}
	return rows
}

// searchLimit is how many combinations search tries.
const searchLimit = 1 << 12

// search looks, in order, for a combination the rules allow with value va
// of fact a and vb of fact b, among the first searchLimit.
func (s *space) search(a, va, b, vb int) row {
	r := make(row, len(s.domains))
	r[a], r[b] = va, vb
	for n := 0; n < searchLimit; n++ {
		if s.schema.Holds(s.values(r)) {
			return r
		}
		i := len(r) - 1
		for ; i >= 0; i-- {
			if i == a || i == b {
				continue
			}
			if r[i]++; r[i] < len(s.domains[i]) {
				break
			}
			r[i] = 0
		}
		if i < 0 {
			return nil
		}
	}
	return nil
}

// query writes the values of the named facts as a query string the live
// preview accepts: ?a=true&b=x,y, in the order the facts are declared.
func (s *space) query(v facts.Values, names map[string]bool) string {
	var b strings.Builder
	for _, d := range s.schema.Facts {
		if !names[d.Name] {
			continue
		}
		if b.Len() == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(d.Name)
		b.WriteByte('=')
		b.WriteString(escape(facts.QueryText(v[d.Name])))
	}
	return b.String()
}

// escape escapes a query value, leaving the commas that separate a list's
// values as they are.
func escape(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = url.QueryEscape(p)
	}
	return strings.Join(parts, ",")
}

package verify

import (
	"prereq/internal/facts"
	"prereq/internal/guide"
)

// Combinations returns the combinations of fact values that Check plans:
// every one the guide's rules allow or, when they number more than
// o.Bound, a set that covers every pair of values of two facts. A test
// that must agree with prereq for every partner runs them (guide.html's
// browser test does).
func Combinations(g *guide.Guide, o Options) []facts.Values {
	if o.Bound <= 0 {
		o.Bound = DefaultBound
	}
	s := newModel(g).space
	rows := s.all
	if s.total(o.Bound) > o.Bound {
		rows = s.pairwise
	}
	var out []facts.Values
	for _, r := range rows() {
		out = append(out, s.values(r))
	}
	return out
}

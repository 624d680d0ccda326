package verify

import (
	"fmt"
	"slices"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/markdown"
	"prereq/internal/plan"
)

// seen records, for one thing the report may speak of, the first
// combination in which each of its outcomes happened (-1: never).
type seen struct {
	reached int // its section, step or enclosing block is shown
	on      int // it is included or shown (a value: shown empty)
	off     int // reached, and its own condition false
}

func never() seen { return seen{-1, -1, -1} }

// earliest is the first of two combinations, -1 standing for none.
func earliest(a, b int) int {
	if a < 0 || b >= 0 && b < a {
		return b
	}
	return a
}

func (s *seen) merge(o seen) {
	s.reached, s.on, s.off = earliest(s.reached, o.reached), earliest(s.on, o.on), earliest(s.off, o.off)
}

// merge adds what another tally of the same model saw.
func (t *tally) merge(o *tally) {
	for i := range t.items {
		t.items[i].merge(o.items[i])
	}
	for i := range t.parts {
		for k := range t.parts[i] {
			t.parts[i][k].merge(o.parts[i][k])
		}
	}
	for k, c := range o.refs {
		if old, ok := t.refs[k]; !ok || c < old {
			t.refs[k] = c
		}
	}
	for k, e := range o.errors {
		if old, ok := t.errAt[k]; !ok || o.errAt[k] < old {
			t.errors[k], t.errAt[k] = e, o.errAt[k]
		}
	}
}

func (s *seen) mark(field *int, combo int) {
	if *field < 0 {
		*field = combo
	}
}

// tally accumulates what happens over the combinations, keeping for each
// outcome only the first combination that shows it, so that its memory
// does not grow with the number of combinations.
type tally struct {
	m      *model
	items  []seen         // by model.items index
	parts  [][]seen       // by item, then part; parts of the intro are last
	refs   map[refKey]int // a ref to a skipped step, and the first combination with it
	errors map[string]*diag.Error
	errAt  map[string]int

	shown []string // the facts {{ }} shows

	// per combination
	state []byte  // of model.conds: 'T', 'F' or 'E' (failed: condErr)
	errs  []error // of model.conds, for 'E'
	key   []byte  // state, then whether each shown fact is empty
	open  []bool  // of the body being walked: whether each part is shown
}

type refKey struct {
	item int // in model.items
	ref  int // in its refs
}

func newTally(m *model) *tally {
	t := &tally{m: m, refs: map[refKey]int{}, errors: map[string]*diag.Error{}, errAt: map[string]int{},
		state: make([]byte, len(m.conds)), errs: make([]error, len(m.conds))}
	for _, d := range m.g.Schema.Facts {
		if m.space.shown[d.Name] {
			t.shown = append(t.shown, d.Name)
		}
	}
	t.items = make([]seen, len(m.items))
	t.parts = make([][]seen, len(m.items)+1)
	for i := range m.items {
		t.items[i] = never()
		t.parts[i] = make([]seen, len(m.items[i].parts))
	}
	t.parts[len(m.items)] = make([]seen, len(m.intro))
	for _, ps := range t.parts {
		for k := range ps {
			ps[k] = never()
		}
	}
	return t
}

// evaluate evaluates every condition for a combination and returns what
// decides its plan and findings: each condition's outcome, and whether each
// shown fact is empty.
func (t *tally) evaluate(v facts.Values) string {
	t.key = t.key[:0]
	for i, c := range t.m.conds {
		ok, err := c.Run(v)
		switch {
		case err != nil:
			t.state[i], t.errs[i] = 'E', err
		case ok:
			t.state[i] = 'T'
		default:
			t.state[i] = 'F'
		}
	}
	t.key = append(t.key, t.state...)
	for _, name := range t.shown {
		if isEmpty(v[name]) {
			t.key = append(t.key, 'e')
		} else {
			t.key = append(t.key, '-')
		}
	}
	return string(t.key)
}

// add plans the guide for one combination, which evaluate has just
// evaluated, and records what it shows.
func (t *tally) add(combo int, v facts.Values) {
	p, errs := plan.Make(t.m.g, site(v))
	for _, e := range errs {
		t.fail(combo, e)
	}
	i := 0
	skipped := func(r ref) bool {
		if r.kind == markdown.SectionRef {
			k, ok := t.m.sections[r.target]
			return ok && p.Sections[k].Status == plan.Skipped
		}
		d := p.Step(r.target)
		return d != nil && d.Status == plan.Skipped
	}
	for _, s := range p.Sections {
		t.step(combo, i, true, s.Status == plan.Todo, v)
		if s.Status == plan.Todo {
			t.refsTo(combo, i, skipped)
		}
		i++
		for _, st := range s.Steps {
			t.step(combo, i, s.Status == plan.Todo, st.Status == plan.Todo, v)
			if st.Status == plan.Todo {
				t.refsTo(combo, i, skipped)
			}
			i++
		}
	}
	t.body(combo, len(t.m.items), t.m.intro, true, v)
}

// refsTo records the refs of included item i, shown (not inside a false
// `::: when`), to a target skipped in this combination.
func (t *tally) refsTo(combo, i int, skipped func(ref) bool) {
	for r, ref := range t.m.items[i].refs {
		shown := true
		for _, c := range ref.when {
			shown = shown && t.state[t.m.index[c]] == 'T'
		}
		if !shown || !skipped(ref) {
			continue
		}
		if k := (refKey{i, r}); !has(t.refs, k) {
			t.refs[k] = combo
		}
	}
}

// step records a section or step: reached when its container is included.
func (t *tally) step(combo, i int, reached, included bool, v facts.Values) {
	if !reached {
		return
	}
	s := &t.items[i]
	s.mark(&s.reached, combo)
	if included {
		s.mark(&s.on, combo)
	} else {
		s.mark(&s.off, combo)
	}
	t.body(combo, i, t.m.items[i].parts, included, v)
}

// body records the parts of a body that is shown when shown is true.
func (t *tally) body(combo, i int, parts []part, shown bool, v facts.Values) {
	if !shown {
		return
	}
	t.open = slices.Grow(t.open[:0], len(parts))[:len(parts)]
	for k, p := range parts {
		s := &t.parts[i][k]
		t.open[k] = false
		if p.In >= 0 && !t.open[p.In] {
			continue
		}
		s.mark(&s.reached, combo)
		if p.cond < 0 {
			if isEmpty(v[p.Fact]) {
				s.mark(&s.on, combo)
			}
			continue
		}
		if t.eval(combo, p) {
			t.open[k] = true
			s.mark(&s.on, combo)
		} else {
			s.mark(&s.off, combo)
		}
	}
}

// eval returns a block's condition's outcome, which evaluate found.
func (t *tally) eval(combo int, p part) bool {
	if t.state[p.cond] == 'E' {
		t.fail(combo, &diag.Error{Pos: diag.Pos{Path: p.file, Line: p.Line, Col: p.Col}, Msg: "::: when: " + t.errs[p.cond].Error()})
	}
	return t.state[p.cond] == 'T'
}

func (t *tally) fail(combo int, e *diag.Error) {
	k := e.Error()
	if _, ok := t.errors[k]; !ok {
		t.errors[k], t.errAt[k] = e, combo
	}
}

func has[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case []string:
		return len(v) == 0
	}
	return false
}

// report turns the tally into findings.
func (t *tally) report(f *findings) {
	m := t.m
	for i, it := range m.items {
		s := t.items[i]
		if s.reached < 0 {
			continue
		}
		where := "the rules allow"
		if it.section != nil {
			where = "that includes section " + it.section.id
		}
		deciders := m.deciders(it)
		switch {
		case s.on < 0:
			f.add(it.g.WhenPos, s.reached, deciders, "%s %s is never included: its when is false in every combination %s", it.kind, it.id, where)
		case it.g.When != nil && s.off < 0:
			f.add(it.g.WhenPos, s.reached, deciders, "the when of %s %s is true in every combination %s: it never skips it", it.kind, it.id, where)
		}
		t.reportParts(f, fmt.Sprintf("%s %s", it.kind, it.id), it.parts, t.parts[i], deciders)
	}
	t.reportParts(f, "the guide's intro", m.intro, t.parts[len(m.items)], nil)
	for k, combo := range t.refs {
		it := m.items[k.item]
		ref := it.refs[k.ref]
		target := m.steps[ref.target]
		if ref.kind == markdown.SectionRef {
			target = m.items[m.sectionItems[ref.target]]
		}
		deciders := slices.Concat(m.deciders(it), ref.when, m.deciders(target))
		f.add(ref.pos, combo, deciders, "%s %s is included but %s %s %s, which is skipped", it.kind, it.id, ref.verb, ref.kind, ref.target)
	}
	for k, e := range t.errors {
		pos := e.Pos
		f.add(pos, t.errAt[k], nil, "%s", e.Msg)
	}
}

// reportParts reports the blocks and values of one body, whose container
// (a section, step or the intro) is called owner.
func (t *tally) reportParts(f *findings, owner string, parts []part, seen []seen, deciders []*cond.Cond) {
	chain := make([][]*cond.Cond, len(parts)) // the conditions that decide each part
	for k, p := range parts {
		base := deciders
		if p.In >= 0 {
			base = chain[p.In]
		}
		if p.cond >= 0 {
			chain[k] = append(slices.Clone(base), t.m.conds[p.cond])
		} else {
			chain[k] = base
		}
		s := seen[k]
		if s.reached < 0 {
			continue
		}
		pos := diag.Pos{Path: p.file, Line: p.Line, Col: p.Col}
		where := "that shows " + owner
		if p.In >= 0 {
			where = "that shows the ::: when block around it"
		}
		switch {
		case p.cond < 0 && s.on >= 0:
			f.addFacts(pos, s.on, chain[k], []string{p.Fact}, "{{ %s }} is shown empty", p.Fact)
		case p.cond < 0:
		case s.on < 0:
			f.add(pos, s.reached, chain[k], "this ::: when block is never shown: its condition is false in every combination %s", where)
		case s.off < 0:
			f.add(pos, s.reached, chain[k], "the condition of this ::: when block is true in every combination %s: it never hides anything", where)
		}
	}
}

// deciders lists the conditions that decide whether an item is included.
func (m *model) deciders(it *item) []*cond.Cond {
	var out []*cond.Cond
	if it.section != nil && it.section.g.When != nil {
		out = append(out, it.section.g.When)
	}
	if it.g.When != nil {
		out = append(out, it.g.When)
	}
	return out
}

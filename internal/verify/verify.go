// Package verify checks a guide for every partner at once. It asks cond
// which facts and constants each condition reads, builds the combinations
// of fact values that give every outcome those conditions can have and
// that the guide's [[rules]] allow, plans the guide for each (plan.Make),
// and reports what is wrong in any of them:
//
//   - a section, step or `::: when` block that no combination includes;
//   - a `when` (front matter or block) true in every combination that
//     reaches it, which never skips anything;
//   - an included step whose `after` names a step that is skipped;
//   - a `{{ fact }}` shown with an empty value;
//   - a rule that no combination meets.
//
// Each finding is placed at the thing to fix and carries one combination
// that shows it, as the query string the live preview accepts. Like plan,
// the package is pure: a Guide in, a Report out.
//
// The values tried for a fact: both for a bool; each allowed value for a
// string with `values`; for a list, each subset of the members conditions
// name with each length they compare len() with (and one on each side);
// for a number, each constant compared against, one between each two and
// one beyond either end, and the default; for a free string, each
// constant, the empty string and one more. A fact no condition reads keeps
// one value (its default), and the empty one too if a `{{ }}` shows it.
// When the combinations number more than Options.Bound, the report covers
// every pair of (fact, value) at least once instead (a greedy covering
// array) and says so.
package verify

import (
	"fmt"
	"maps"
	"slices"
	"sync"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/markdown"
	"prereq/internal/parallel"
)

// DefaultBound is the most combinations Check tries one by one; beyond it,
// it tries a set that covers every pair of fact values.
const DefaultBound = 4096

// Options tune Check.
type Options struct {
	Bound int // 0 means DefaultBound
	// Cancel, when set, is asked between combinations whether to stop:
	// when it returns true, Check returns nil (the live preview stops a
	// check of a guide that was edited meanwhile).
	Cancel func() bool
	// Workers is how many plans are made at once; 0 means one per core.
	Workers int
}

// Report is what Check found.
type Report struct {
	Combinations int        // combinations checked
	Pairwise     bool       // more than Bound: a set covering every pair instead of all
	Bound        int        // the Options' Bound
	Findings     []*Finding // sorted by position
}

// Finding is one problem, at the place to fix.
type Finding struct {
	diag.Pos
	Msg string
	// Query is a combination that shows the problem, as a query string
	// ("?has_channel=false&is_business_channel=true"): the facts that
	// decide it and those rules tie to them. "" when no combination does.
	Query string
}

// Message is the finding's message followed by its combination.
func (f *Finding) Message() string {
	if f.Query == "" {
		return f.Msg
	}
	return f.Msg + " (" + f.Query + ")"
}

// Diagnostics returns the findings as errors, for printing: one a line,
// PATH:LINE:COL: message (?query).
func (r *Report) Diagnostics() diag.List {
	var l diag.List
	for _, f := range r.Findings {
		l = append(l, &diag.Error{Pos: f.Pos, Msg: f.Message()})
	}
	return l
}

// Summary is the report's last line, and the line before it when the
// combinations were too many to try one by one.
func (r *Report) Summary() string {
	s := fmt.Sprintf("%s checked, %s", plural(r.Combinations, "combination"), plural(len(r.Findings), "finding"))
	if r.Pairwise {
		s = fmt.Sprintf("more than %d combinations of fact values: checked a set that covers every pair of values of two facts\n", r.Bound) + s
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Check verifies the guide for every combination of fact values its rules
// allow.
func Check(g *guide.Guide, o Options) *Report {
	if o.Bound <= 0 {
		o.Bound = DefaultBound
	}
	return newModel(g).check(o.Bound, o.Workers, o.Cancel)
}

// check plans the model's guide for the combinations of its space, on at
// most workers goroutines (0: one per core); nil when cancel says to stop.
func (m *model) check(bound, workers int, cancel func() bool) *Report {
	rep := &Report{Bound: bound}
	var rows []row
	if m.space.total(bound) > bound {
		rep.Pairwise = true
		rows = m.space.pairwise()
	} else {
		rows = m.space.all()
	}
	rep.Combinations = len(rows)
	f := &findings{model: m, rows: rows, seen: map[string]bool{}}
	if len(rows) == 0 {
		f.unsatisfiable()
		rep.Findings = f.sorted()
		return rep
	}
	// Combinations whose conditions all come out the same, and whose shown
	// facts are empty alike, give the same plan and the same findings:
	// only the first of them is planned.
	first := newTally(m)
	planned := map[string]bool{}
	var todo []int // indexes in rows
	for i, r := range rows {
		if key := first.evaluate(m.space.values(r)); !planned[key] {
			planned[key] = true
			todo = append(todo, i)
		}
	}
	// Plans are made on every core, each worker tallying its share; the
	// tallies keep the first combination of each outcome, so that merged
	// they are the same whoever planned what.
	var mu sync.Mutex
	var tallies []*tally
	stopped := false
	parallel.Do(len(todo), workers, func() func(int) {
		t := newTally(m)
		mu.Lock()
		tallies = append(tallies, t)
		mu.Unlock()
		return func(k int) {
			if cancel != nil && cancel() {
				mu.Lock()
				stopped = true
				mu.Unlock()
				return
			}
			i := todo[k]
			v := m.space.values(rows[i])
			t.evaluate(v)
			t.add(i, v)
		}
	})
	if stopped {
		return nil
	}
	t := first
	for _, o := range tallies {
		t.merge(o)
	}
	t.report(f)
	rep.Findings = f.sorted()
	return rep
}

// model is a guide seen as the items and parts whose showing depends on
// facts, each with the conditions that decide it.
type model struct {
	g     *guide.Guide
	space *space
	conds []*cond.Cond       // every distinct condition, rules included
	index map[*cond.Cond]int // position in conds
	items []*item            // sections, steps and their bodies' parts
	steps map[string]*item   // the steps by id
	// sections maps a section's id to its index in the guide's sections,
	// sectionItems to its index in items
	sections, sectionItems map[string]int
	langOf                 map[string]string // a translation's file -> its language
	intro                  []part
}

// item is a section or a step.
type item struct {
	kind    string // "section" or "step"
	id      string
	g       *guide.Item
	step    *guide.Step // nil for a section
	section *item       // the section of a step
	parts   []part      // of its body
	refs    []ref       // the steps and sections it names
}

// ref is a step or section that an included item names, and that must
// then be included too: an entry of a step's after list, or a
// cross-reference in its body or a translation's (a link to #step-ID or
// #section-ID), shown when the `::: when` blocks around it hold.
type ref struct {
	kind   markdown.RefKind
	target string       // the id
	pos    diag.Pos     // where the item names it
	verb   string       // how a message says it: "comes after", "links to"
	when   []*cond.Cond // the conditions of the blocks around a link
}

// refsOf lists the steps and sections an item names.
func refsOf(it *guide.Item, st *guide.Step) []ref {
	var out []ref
	if st != nil {
		for _, id := range st.After {
			out = append(out, ref{kind: markdown.StepRef, target: id, pos: st.AfterPos(), verb: "comes after"})
		}
	}
	links := func(d *markdown.Doc) {
		for _, r := range d.Refs() {
			out = append(out, ref{kind: r.Kind, target: r.ID, pos: r.Pos, verb: "links to", when: r.When})
		}
	}
	links(it.Body)
	for _, lang := range slices.Sorted(maps.Keys(it.Translations)) {
		links(it.Translations[lang].Body)
	}
	return out
}

// part is a `::: when` block or a `{{ }}` value of a body.
type part struct {
	markdown.Part
	file string // the file it is written in: the item's, or a translation's
	cond int    // index in model.conds of a block's condition; -1 for a value
}

func newModel(g *guide.Guide) *model {
	m := &model{g: g, index: map[*cond.Cond]int{}, steps: map[string]*item{}, sections: map[string]int{}, sectionItems: map[string]int{}, langOf: map[string]string{}}
	shown := map[string]bool{}
	// parts lists the blocks and values of a body and of its translations,
	// which a partner reading that language sees instead.
	parts := func(file string, d *markdown.Doc, translated func(lang string) (string, *markdown.Doc)) []part {
		var out []part
		add := func(file string, d *markdown.Doc) {
			base := len(out)
			for _, p := range d.Outline() {
				pp := part{Part: p, file: file, cond: -1}
				if p.In >= 0 {
					pp.In += base
				}
				if p.When != nil {
					pp.cond = m.addCond(p.When)
				} else {
					shown[p.Fact] = true
				}
				out = append(out, pp)
			}
		}
		add(file, d)
		for _, lang := range g.Languages() {
			if f, td := translated(lang); td != nil {
				add(f, td)
				m.langOf[f] = lang
			}
		}
		return out
	}
	itemText := func(it *guide.Item) func(string) (string, *markdown.Doc) {
		return func(lang string) (string, *markdown.Doc) {
			if t := it.Translations[lang]; t != nil {
				return t.File, t.Body
			}
			return "", nil
		}
	}
	m.intro = parts(g.File, g.Intro, func(lang string) (string, *markdown.Doc) {
		if t := g.Translations[lang]; t != nil {
			return t.File, t.Intro
		}
		return "", nil
	})
	for k, s := range g.Sections {
		sec := &item{kind: "section", id: s.ID, g: &s.Item, parts: parts(s.File, s.Body, itemText(&s.Item)), refs: refsOf(&s.Item, nil)}
		m.addCond(s.When)
		m.sections[s.ID], m.sectionItems[s.ID] = k, len(m.items)
		m.items = append(m.items, sec)
		for _, st := range s.Steps {
			m.addCond(st.When)
			it := &item{kind: "step", id: st.ID, g: &st.Item, step: st, section: sec, parts: parts(st.File, st.Body, itemText(&st.Item)), refs: refsOf(&st.Item, st)}
			m.items = append(m.items, it)
			m.steps[st.ID] = it
		}
	}
	for _, it := range m.items {
		for _, r := range it.refs {
			for _, c := range r.when {
				m.addCond(c)
			}
		}
	}
	for _, r := range g.Schema.Rules {
		if c, ok := r.Cond.(*cond.Cond); ok {
			m.addCond(c)
		}
	}
	m.space = newSpace(g.Schema, m.conds, shown)
	return m
}

func (m *model) addCond(c *cond.Cond) int {
	if c == nil {
		return -1
	}
	if i, ok := m.index[c]; ok {
		return i
	}
	m.index[c] = len(m.conds)
	m.conds = append(m.conds, c)
	return len(m.conds) - 1
}

// site is the service a combination describes.
func site(v facts.Values) *facts.Site {
	return &facts.Site{Service: "Service", Facts: v, Team: map[string]string{}}
}

package render

import (
	"strconv"
	"sync"

	"prereq/internal/markdown"
	"prereq/internal/plan"
)

// targets resolves cross-references (markdown.Resolver) against one plan:
// a step's or section's title as the plan shows it, and whether it is
// skipped. Safe for concurrent use: the steps of a page render on every
// core.
type targets struct {
	p        *plan.Plan
	once     sync.Once
	sections map[string]*plan.Section
}

func newTargets(p *plan.Plan) *targets { return &targets{p: p} }

// Resolve implements markdown.Resolver.
func (t *targets) Resolve(kind markdown.RefKind, id string) (title string, skipped, ok bool) {
	switch kind {
	case markdown.StepRef:
		if st := t.p.Step(id); st != nil {
			return st.Title, st.Status == plan.Skipped, true
		}
	case markdown.SectionRef:
		t.once.Do(func() {
			t.sections = make(map[string]*plan.Section, len(t.p.Sections))
			for _, s := range t.p.Sections {
				t.sections[s.ID] = s
			}
		})
		if s := t.sections[id]; s != nil {
			return s.Title, s.Status == plan.Skipped, true
		}
	}
	return "", false, false
}

// refContext appends to b what the rendering of refs depends on besides
// the body itself: each target's status and title, for cache keys.
func refContext(b []byte, res markdown.Resolver, refs []markdown.Ref) []byte {
	for _, r := range refs {
		title, skipped, ok := res.Resolve(r.Kind, r.ID)
		b = append(b, '|')
		b = append(b, r.Anchor()...)
		if ok {
			b = strconv.AppendBool(append(b, ':'), skipped)
			b = strconv.AppendQuote(append(b, ':'), title)
		}
	}
	return b
}

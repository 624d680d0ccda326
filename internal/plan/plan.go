// Package plan decides, for one service, which sections and steps of a guide
// it must do. Make is pure: a Guide and a Site in, a Plan out, no I/O and no
// HTML. Every section and step gets a status (todo or skipped), the reason
// when skipped, its role's label and holder, and the plan counts what is left
// to do, per role.
package plan

import (
	"slices"
	"strings"

	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/guide"
)

// Status says whether the service must do a section or step.
type Status string

// The statuses.
const (
	Todo    Status = "todo"
	Skipped Status = "skipped"
)

// Plan is a guide planned for one service.
type Plan struct {
	Guide    *guide.Guide
	Site     *facts.Site
	Title    string
	Service  string
	Language string
	Facts    facts.Values
	Sections []*Section
	Roles    []*Role // every declared role, with its todo steps
	Waits    []*Step // todo steps that start a lead time, in guide order
	Counts   Counts

	steps map[string]*Step // by id
}

// Counts sums up a plan. Roles counts todo steps only, by role id.
type Counts struct {
	Todo    int            `json:"todo"`
	Skipped int            `json:"skipped"`
	Roles   map[string]int `json:"roles"`
}

// Section is a section planned.
type Section struct {
	*guide.Section
	Status Status
	Reason string // why skipped, in English; "" when todo
	Why    *Why   // the parts of a generated Reason; nil for skip_reason
	Steps  []*Step
}

// Why is a reason generated from a false condition: the condition and the
// facts that made it false, with their values. Renderers word it in the
// interface language; Reason holds the English wording.
type Why struct {
	When  string
	Facts []Binding
}

// Binding is a fact that made a condition false, and its value for this
// service. When the deciding part tested one member of a list fact
// (`"x" in list`), Member names it and Has says whether the list holds it
// (see cond.Cause).
type Binding struct {
	Name   string
	Value  any
	Member string
	Has    bool
}

// Because renders the bindings as "a = true, b = [\"x\"]", each fact
// once.
func (w *Why) Because() string {
	var parts []string
	for i, b := range w.Facts {
		if i > 0 && slices.ContainsFunc(w.Facts[:i], func(o Binding) bool { return o.Name == b.Name }) {
			continue
		}
		parts = append(parts, b.Name+" = "+facts.Literal(b.Value))
	}
	return strings.Join(parts, ", ")
}

// Step is a step planned.
type Step struct {
	*guide.Step
	Section *Section
	Status  Status
	Reason  string
	Why     *Why
	Number  int   // 1-based position among the todo steps; 0 when skipped
	Role    *Role // nil when the step has no role
}

// Role is a declared role with who holds it and the todo steps only it can do.
type Role struct {
	*facts.Role
	Holder string // from site.toml's [team]; "" when not named
	Steps  []*Step
}

// Make plans the guide for the site's service. Errors are conditions that
// fail to evaluate for these facts (a division by zero, say); the items they
// guard are kept in the plan as todo.
func Make(g *guide.Guide, site *facts.Site) (*Plan, diag.List) {
	var errs diag.List
	p := &Plan{
		Guide:    g,
		Site:     site,
		Title:    g.Title,
		Service:  site.Service,
		Language: g.Language,
		Facts:    site.Facts,
		Counts:   Counts{Roles: map[string]int{}},
		steps:    map[string]*Step{},
	}
	if site.Language != "" {
		p.Language = site.Language
	}
	roles := map[string]*Role{}
	for _, r := range g.Schema.Roles {
		role := &Role{Role: r, Holder: site.Team[r.ID]}
		roles[r.ID] = role
		p.Roles = append(p.Roles, role)
	}
	for _, gs := range g.Sections {
		s := &Section{Section: gs, Status: Todo}
		if ok, reason, why := decide(&gs.Item, site.Facts, &errs); !ok {
			s.Status, s.Reason, s.Why = Skipped, reason, why
		}
		for _, gst := range gs.Steps {
			st := &Step{Step: gst, Section: s, Status: Todo, Role: roles[gst.Role]}
			if s.Status == Skipped {
				st.Status, st.Reason, st.Why = Skipped, s.Reason, s.Why
			} else if ok, reason, why := decide(&gst.Item, site.Facts, &errs); !ok {
				st.Status, st.Reason, st.Why = Skipped, reason, why
			}
			if st.Status == Todo {
				p.Counts.Todo++
				st.Number = p.Counts.Todo
				if st.Role != nil {
					st.Role.Steps = append(st.Role.Steps, st)
					p.Counts.Roles[gst.Role]++
				}
				if gst.Wait != "" {
					p.Waits = append(p.Waits, st)
				}
			} else {
				p.Counts.Skipped++
			}
			s.Steps = append(s.Steps, st)
			p.steps[st.ID] = st
		}
		p.Sections = append(p.Sections, s)
	}
	return p, errs
}

// decide evaluates an item's condition: whether it is included and, if
// not, why: its skip_reason, or a reason generated from the facts that made
// the condition false.
func decide(it *guide.Item, v facts.Values, errs *diag.List) (bool, string, *Why) {
	if it.When == nil {
		return true, "", nil
	}
	ok, err := it.When.Run(v)
	if err != nil {
		errs.Add(it.WhenPos, "when: %v", err)
		return true, "", nil
	}
	if ok {
		return true, "", nil
	}
	if it.SkipReason != "" {
		return false, it.SkipReason, nil
	}
	why := &Why{When: strings.Join(strings.Fields(it.When.Source), " ")}
	for _, c := range it.When.Causes(v) {
		why.Facts = append(why.Facts, Binding{Name: c.Fact, Value: v[c.Fact], Member: c.Member, Has: c.Has})
	}
	return false, "Not needed: " + it.When.Explain(v) + ".", why
}

// Step returns the planned step with the id, or nil.
func (p *Plan) Step(id string) *Step { return p.steps[id] }

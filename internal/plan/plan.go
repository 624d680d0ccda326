// Package plan decides, for one service, which sections and steps of a guide
// it must do. Make is pure: a Guide and a Site in, a Plan out, no I/O and no
// HTML. Every section and step gets a status (todo or skipped), the reason
// when skipped, its role's label and holder, and the plan counts what is left
// to do, per role.
package plan

import (
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
	Reason string // why skipped; "" when todo
	Steps  []*Step
}

// Step is a step planned.
type Step struct {
	*guide.Step
	Section *Section
	Status  Status
	Reason  string
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
		if ok, why := decide(&gs.Item, site.Facts, &errs); !ok {
			s.Status, s.Reason = Skipped, why
		}
		for _, gst := range gs.Steps {
			st := &Step{Step: gst, Section: s, Status: Todo, Role: roles[gst.Role]}
			if s.Status == Skipped {
				st.Status, st.Reason = Skipped, s.Reason
			} else if ok, why := decide(&gst.Item, site.Facts, &errs); !ok {
				st.Status, st.Reason = Skipped, why
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
		}
		p.Sections = append(p.Sections, s)
	}
	return p, errs
}

// decide evaluates an item's condition: whether it is included and, if not,
// why.
func decide(it *guide.Item, v facts.Values, errs *diag.List) (bool, string) {
	if it.When == nil {
		return true, ""
	}
	ok, err := it.When.Run(v)
	if err != nil {
		errs.Add(it.WhenPos, "when: %v", err)
		return true, ""
	}
	if ok {
		return true, ""
	}
	if it.SkipReason != "" {
		return false, it.SkipReason
	}
	return false, "Not needed: " + it.When.Explain(v) + "."
}

// Step returns the planned step with the id, or nil.
func (p *Plan) Step(id string) *Step {
	for _, s := range p.Sections {
		for _, st := range s.Steps {
			if st.ID == id {
				return st
			}
		}
	}
	return nil
}

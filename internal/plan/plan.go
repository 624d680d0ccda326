// Package plan decides, for one service, which sections and steps of a guide
// it must do. Make is pure: a Guide and a Site in, a Plan out, no I/O and no
// HTML. Every section and step gets a status (todo or skipped), the reason
// when skipped, its role's label and holder, and the plan counts what is left
// to do, per role.
//
// A plan is in one language: the site file's, else the guide's. Each
// section and step shows its translation into that language where the
// guide has one, and its original (in the guide's language) where not;
// its Lang says which.
package plan

import (
	"slices"
	"strings"

	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/markdown"
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
	Language string // the language the plan is shown in
	// TitleLang is the language of Title and Intro: Language where the
	// guide's _index.md has a translation into it, else the guide's.
	TitleLang string
	Intro     *markdown.Doc
	Facts     facts.Values
	Sections  []*Section
	Roles     []*Role // every declared role, with its todo steps
	Waits     []*Step // todo steps that start a lead time, in guide order
	Counts    Counts

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
	// What is shown, in Lang: the plan's language where the section has a
	// translation into it, else the guide's.
	Lang   string
	Title  string
	Body   *markdown.Doc
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
	// What is shown, in Lang: the plan's language where the step has a
	// translation into it, else the guide's.
	Lang  string
	Title string
	Where string
	// WhereURL is the address of the place Where names, in a guide that
	// declares places; "" when Where is plain text.
	WhereURL string
	Wait     string
	Body     *markdown.Doc
	Section  *Section
	Status   Status
	Reason   string
	Why      *Why
	Number   int   // 1-based position among the todo steps; 0 when skipped
	Role     *Role // nil when the step has no role
}

// Role is a declared role with who holds it and the todo steps only it can do.
type Role struct {
	*facts.Role
	Label       string // in the plan's language where translated
	Description string
	Holder      string // from site.toml's [team]; "" when not named
	Steps       []*Step
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
	in := g.In(p.Language)
	p.Title, p.TitleLang, p.Intro = in.Title, in.Lang, in.Intro
	roles := map[string]*Role{}
	for _, r := range g.Schema.Roles {
		text := g.Role(r.ID, p.Language)
		role := &Role{Role: r, Label: text.Label, Description: text.Description, Holder: site.Team[r.ID]}
		roles[r.ID] = role
		p.Roles = append(p.Roles, role)
	}
	for _, gs := range g.Sections {
		text := g.SectionText(gs, p.Language)
		s := &Section{Section: gs, Lang: text.Lang, Title: text.Title, Body: text.Body, Status: Todo}
		if ok, reason, why := decide(&gs.Item, text.SkipReason, site.Facts, &errs); !ok {
			s.Status, s.Reason, s.Why = Skipped, reason, why
		}
		for _, gst := range gs.Steps {
			text := g.StepText(gst, p.Language)
			st := &Step{Step: gst, Lang: text.Lang, Title: text.Title, Where: text.Where, WhereURL: text.WhereURL, Wait: text.Wait, Body: text.Body,
				Section: s, Status: Todo, Role: roles[gst.Role]}
			if s.Status == Skipped {
				st.Status, st.Reason, st.Why = Skipped, s.Reason, s.Why
			} else if ok, reason, why := decide(&gst.Item, text.SkipReason, site.Facts, &errs); !ok {
				st.Status, st.Reason, st.Why = Skipped, reason, why
			}
			if st.Status == Todo {
				p.Counts.Todo++
				st.Number = p.Counts.Todo
				if st.Role != nil {
					st.Role.Steps = append(st.Role.Steps, st)
					p.Counts.Roles[gst.Role]++
				}
				if st.Wait != "" {
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
// not, why: its skip_reason (as shown, translated where it is), or a
// reason generated from the facts that made the condition false.
func decide(it *guide.Item, skipReason string, v facts.Values, errs *diag.List) (bool, string, *Why) {
	if it.When == nil {
		return true, "", nil
	}
	ok, err := it.When.Run(v)
	if err != nil {
		errs.Add(it.WhenAt(err), "when: cannot be evaluated: %v", err)
		return true, "", nil
	}
	if ok {
		return true, "", nil
	}
	if skipReason != "" {
		return false, skipReason, nil
	}
	why := &Why{When: strings.Join(strings.Fields(it.When.Source), " ")}
	for _, c := range it.When.Causes(v) {
		why.Facts = append(why.Facts, Binding{Name: c.Fact, Value: v[c.Fact], Member: c.Member, Has: c.Has})
	}
	return false, "Not needed: " + it.When.Explain(v) + ".", why
}

// Question returns a fact's question in the plan's language, for words
// about a fact shown to people.
func (p *Plan) Question(name string) string { return p.Guide.Question(name, p.Language) }

// Step returns the planned step with the id, or nil.
func (p *Plan) Step(id string) *Step { return p.steps[id] }

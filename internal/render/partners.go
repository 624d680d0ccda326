package render

import (
	"bytes"
	"fmt"

	"prereq/internal/links"
	"prereq/internal/plan"
)

// PartnersPage is what partners.html sees: one guide planned for many
// services, each with a link to its own checklist.
type PartnersPage struct {
	Lang      string
	Title     string
	Canonical string // the index's hosted address (Options.URL); "" when not known
	Partners  []PartnerEntry
	Roles     []RoleColumn // every declared role, for the table's columns
	// Guides is the guide page in each of its languages; Current is the
	// index's, guide.html.
	Guides  []GuideLang
	Theme   Theme // the guide's own look
	strings map[string]string
}

// PartnerEntry is one service in the partners index.
type PartnerEntry struct {
	Name    string // file name without .toml: the folder of its checklist
	Href    string // the link to its checklist, relative to the index
	Service string
	Counts  plan.Counts
	Roles   []int // todo steps per role, in Roles order
}

// RoleColumn is a role heading in the partners index.
type RoleColumn struct{ ID, Label string }

// T returns the interface text for key.
func (p *PartnersPage) T(key string) string { return uiText{p.strings}.T(key) }

// Tf formats the interface text for key with args.
func (p *PartnersPage) Tf(key string, args ...any) string { return uiText{p.strings}.Tf(key, args...) }

// PartnersHTML renders the index of a many-partner build. names[i] is the
// folder of plans[i]; the plans share one guide. o.URL is where the
// output folder is hosted.
func PartnersHTML(names []string, plans []*plan.Plan, t *Templates, o Options) ([]byte, error) {
	if len(plans) == 0 {
		return nil, fmt.Errorf("no partners")
	}
	// The index is in the guide's own language, whatever each partner's.
	g := plans[0].Guide
	pg := &PartnersPage{Lang: pageLang(g.Language), Title: g.Title, Canonical: o.URL, Guides: guideLangs(g, pageLang(g.Language)), Theme: themeOf(g), strings: stringsFor(g.Language)}
	for _, r := range g.Schema.Roles {
		pg.Roles = append(pg.Roles, RoleColumn{ID: r.ID, Label: r.Label})
	}
	for i, p := range plans {
		e := PartnerEntry{Name: names[i], Href: partnerHref(names[i]), Service: p.Service, Counts: p.Counts}
		for _, r := range pg.Roles {
			e.Roles = append(e.Roles, p.Counts.Roles[r.ID])
		}
		pg.Partners = append(pg.Partners, e)
	}
	var buf bytes.Buffer
	if err := t.set.ExecuteTemplate(&buf, "partners.html", pg); err != nil {
		return nil, templateErrorIn(t.origin, t.src, t.origin["partners.html"], err)
	}
	if !o.Minify {
		return buf.Bytes(), nil
	}
	return Minify(buf.Bytes())
}

// partnerHref is the link from the partners index to the checklist in the
// folder name: the name is one escaped path segment (links.Segment), so
// that any name (a#b, c?d, e%41, spaces, Hangul, a:b) leads to its own
// folder.
func partnerHref(name string) string {
	return links.Segment(name) + "/index.html"
}

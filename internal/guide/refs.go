package guide

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"prereq/internal/diag"
	"prereq/internal/markdown"
)

// Cross-references: a link to #step-ID or #section-ID, in a body (see
// markdown.Ref) or in a skip_reason (see markdown.SplitRefs), names a step
// or section of the guide. Files are parsed one by one, so whether the ids
// exist is checked once the whole guide is loaded, at every load: an edit
// to a body may add a reference.

// Refs returns the cross-references in the item's body, as written in the
// guide's own language, in order, each with the `::: when` conditions it is
// shown under: a tool that checks every service's checklist (prereq check
// -matrix) asks whether what an included item refers to is included too.
func (it *Item) Refs() []markdown.Ref { return it.Body.Refs() }

// ReasonRefs returns the cross-references in the item's skip_reason, shown
// when the item is skipped, placed in its file.
func (it *Item) ReasonRefs() []markdown.Ref { return reasonRefs(it.SkipReason, it.reasonAt) }

// reasonRefs lists the references of a skip_reason written at at.
func reasonRefs(reason string, at literalAt) []markdown.Ref {
	if !strings.Contains(reason, "](#") {
		return nil
	}
	var refs []markdown.Ref
	for _, sp := range markdown.SplitRefs(reason) {
		if sp.Ref == nil {
			continue
		}
		r := *sp.Ref
		r.Pos = inLiteral(at.lit, at.start, at.lead+utf8.RuneCountInString(reason[:sp.Off]))
		refs = append(refs, r)
	}
	return refs
}

// literalAt is where a string value is written: its literal as TOML
// writes it, where that starts, and how many characters of its value
// were trimmed from its start.
type literalAt struct {
	lit   string
	start diag.Pos
	lead  int
}

// reasonPos is where the file's skip_reason is written. It scans the
// front matter only for a skip_reason that may hold a reference.
func (m *meta) reasonPos() literalAt {
	raw, _ := m.raw["skip_reason"].(string)
	if !strings.Contains(raw, "](#") {
		return literalAt{}
	}
	lit, start := m.literal("skip_reason")
	lead := utf8.RuneCountInString(raw) - utf8.RuneCountInString(strings.TrimLeftFunc(raw, unicode.IsSpace))
	return literalAt{lit, start, lead}
}

// checkRefs reports every cross-reference, in a body or a skip_reason, in
// the guide's files and their translations, that names no step or
// section, at the link, with the closest id suggested.
func (g *Guide) checkRefs() diag.List {
	var errs diag.List
	var ids *guideIDs // made at the first reference
	check := func(refs []markdown.Ref) {
		for _, r := range refs {
			if ids == nil {
				ids = newGuideIDs(g)
			}
			if msg := ids.unknown(r); msg != "" {
				errs.Add(r.Pos, "%s", msg)
			}
		}
	}
	checkItem := func(it *Item) {
		check(it.Refs())
		check(it.ReasonRefs())
		for _, t := range it.Translations {
			check(t.Body.Refs())
			check(reasonRefs(t.SkipReason, t.reasonAt))
		}
	}
	check(g.Intro.Refs())
	for _, t := range g.Translations {
		check(t.Intro.Refs())
	}
	for _, s := range g.Sections {
		checkItem(&s.Item)
		for _, st := range s.Steps {
			checkItem(&st.Item)
		}
	}
	return errs
}

// guideIDs are the ids references may name.
type guideIDs struct {
	steps, sections map[string]bool
	g               *Guide
}

func newGuideIDs(g *Guide) *guideIDs {
	ids := &guideIDs{steps: map[string]bool{}, sections: map[string]bool{}, g: g}
	for _, s := range g.Sections {
		ids.sections[s.ID] = true
		for _, st := range s.Steps {
			ids.steps[st.ID] = true
		}
	}
	return ids
}

// unknown returns what is wrong with a reference, or "".
func (ids *guideIDs) unknown(r markdown.Ref) string {
	own, other := ids.steps, ids.sections
	otherKind := markdown.SectionRef
	if r.Kind == markdown.SectionRef {
		own, other, otherKind = ids.sections, ids.steps, markdown.StepRef
	}
	switch {
	case own[r.ID]:
		return ""
	case r.ID == "":
		return fmt.Sprintf("link to #%s- names no %s: write #%s-ID", r.Kind, r.Kind, r.Kind)
	case other[r.ID]:
		return fmt.Sprintf("link to unknown %s %s (%s is a %s: link to #%s-%s)", r.Kind, r.ID, r.ID, otherKind, otherKind, r.ID)
	}
	var names []string
	if r.Kind == markdown.StepRef {
		names = ids.g.StepIDs()
	} else {
		for _, s := range ids.g.Sections {
			names = append(names, s.ID)
		}
	}
	return fmt.Sprintf("link to unknown %s %s%s", r.Kind, r.ID, diag.DidYouMean(r.ID, names))
}

package verify

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
)

// findings collects a report's findings, each once.
type findings struct {
	model *model
	rows  []row
	seen  map[string]bool
	list  []*Finding
}

// add records a finding at pos, shown by combination combo (-1: none),
// which the conditions deciders decide.
func (f *findings) add(pos diag.Pos, combo int, deciders []*cond.Cond, format string, args ...any) {
	f.addFacts(pos, combo, deciders, nil, format, args...)
}

// addFacts is add with more facts that decide the finding.
func (f *findings) addFacts(pos diag.Pos, combo int, deciders []*cond.Cond, more []string, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	k := pos.String() + ": " + msg
	if f.seen[k] {
		return
	}
	f.seen[k] = true
	fd := &Finding{Pos: pos, Msg: msg}
	if combo >= 0 {
		names := map[string]bool{}
		for _, c := range deciders {
			for _, n := range c.Facts() {
				names[n] = true
			}
		}
		for _, n := range more {
			names[n] = true
		}
		f.model.closeOverRules(names)
		fd.Query = f.model.space.query(f.model.space.values(f.rows[combo]), names)
		if lang := f.model.langOf[pos.Path]; lang != "" {
			// A translation's part is seen by a partner reading its language.
			fd.Query = withParam(fd.Query, "language", lang)
		}
	}
	f.list = append(f.list, fd)
}

// withParam adds a parameter to a query string.
func withParam(query, name, value string) string {
	sep := "&"
	if query == "" {
		sep = "?"
	}
	return query + sep + name + "=" + value
}

// closeOverRules adds to names every fact of a rule that reads one of
// them, until no rule adds more: the facts a query string must set so that
// the combination it describes, applied over any valid site file, still
// meets every rule.
func (m *model) closeOverRules(names map[string]bool) {
	for grew := true; grew; {
		grew = false
		for _, r := range m.g.Schema.Rules {
			reads := r.Cond.Facts()
			if !slices.ContainsFunc(reads, func(n string) bool { return names[n] }) {
				continue
			}
			for _, n := range reads {
				if !names[n] {
					names[n], grew = true, true
				}
			}
		}
	}
}

// unsatisfiable reports the rules when no combination meets them all: each
// rule no combination meets, or else the first rule.
func (f *findings) unsatisfiable() {
	rules := f.model.g.Schema.Rules
	alone := false
	for _, r := range rules {
		if !f.model.space.some(func(v facts.Values) bool { ok, err := r.Cond.Run(v); return err == nil && ok }) {
			f.add(r.Pos, -1, nil, "this rule is false in every combination of fact values: no site file can meet it")
			alone = true
		}
	}
	if !alone && len(rules) > 0 {
		f.add(rules[0].Pos, -1, nil, "the rules together are false in every combination of fact values: no site file can meet them all")
	}
}

// sorted returns the findings by position, then message.
func (f *findings) sorted() []*Finding {
	slices.SortFunc(f.list, func(a, b *Finding) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), strings.Compare(a.Msg, b.Msg))
	})
	return f.list
}

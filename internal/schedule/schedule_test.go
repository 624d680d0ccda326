package schedule

import (
	"testing"

	"prereq/internal/corpus"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/plan"
	"prereq/internal/wait"
)

// chain is a guide whose steps wait on each other across a weekend and
// listed holidays: register, then review (3-5 business days) and ship (2
// days, after register), then launch after both; docs, skipped for a
// service without docs, takes a week and launch comes after it too.
const chain = `
-- content/_index.md --
+++
title = "Guide"
holidays = ["2026-12-25", "2027-01-01"]
[facts.docs]
type = "bool"
question = "Docs?"
default = false
+++
-- content/01-a/_index.md --
+++
title = "A"
+++
-- content/01-a/01-register.md --
+++
title = "Register"
+++
-- content/01-a/02-review.md --
+++
title = "Review"
after = ["register"]
wait = "3-5 business days"
+++
-- content/01-a/03-ship.md --
+++
title = "Ship"
after = ["register"]
wait = "2 days"
+++
-- content/01-a/04-launch.md --
+++
title = "Launch"
after = ["review", "ship", "docs"]
+++
-- content/01-a/05-docs.md --
+++
title = "Docs"
when = "docs"
wait = "1 week"
+++
-- content/01-a/06-follow.md --
+++
title = "Follow up"
after = ["launch"]
wait = "1 business day"
+++
`

func TestMake(t *testing.T) {
	g, errs := guide.Load(corpus.TxtarFS(chain), "content")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, c := range []struct {
		name, start, facts string
		want               map[string][3]string // start, first, end
	}{
		{"a Wednesday before the holidays", "2026-12-23", "", map[string][3]string{
			"register": {"2026-12-23", "2026-12-23", "2026-12-23"},
			// Thu 24, (Fri 25 listed), Mon 28, Tue 29 | Wed 30, Thu 31
			"review": {"2026-12-23", "2026-12-29", "2026-12-31"},
			"ship":   {"2026-12-23", "2026-12-25", "2026-12-25"}, // calendar days skip nothing
			"launch": {"2026-12-31", "2026-12-31", "2026-12-31"},
			// (Fri 1 Jan listed), Sat, Sun, Mon 4
			"follow": {"2026-12-31", "2027-01-04", "2027-01-04"},
		}},
		{"a Saturday", "2026-12-05", "", map[string][3]string{
			"review": {"2026-12-05", "2026-12-09", "2026-12-11"},
			"launch": {"2026-12-11", "2026-12-11", "2026-12-11"},
			"follow": {"2026-12-11", "2026-12-14", "2026-12-14"},
		}},
		{"with docs", "2026-12-05", "docs = true\n", map[string][3]string{
			"docs":   {"2026-12-05", "2026-12-12", "2026-12-12"},
			"launch": {"2026-12-12", "2026-12-12", "2026-12-12"},
			"follow": {"2026-12-12", "2026-12-14", "2026-12-14"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			site, errs := facts.ParseSite("site.toml", []byte("[service]\nname = \"S\"\n[facts]\n"+c.facts), g.Schema)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			p, errs := plan.Make(g, site)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			start, _ := wait.ParseDate(c.start)
			s := Make(p, start)
			for id, want := range c.want {
				d, ok := s[id]
				if !ok {
					t.Errorf("%s has no dates", id)
					continue
				}
				got := [3]string{d.Start.Format(wait.DateLayout), d.First.Format(wait.DateLayout), d.End.Format(wait.DateLayout)}
				if got != want {
					t.Errorf("%s: start, first, end = %v, want %v", id, got, want)
				}
			}
			if _, ok := s["docs"]; ok != (c.facts != "") {
				t.Errorf("docs dated: %v, want only when it is to do", ok)
			}
		})
	}
}

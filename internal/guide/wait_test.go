package guide

import (
	"strings"
	"testing"

	"prereq/internal/wait"
)

// waitGuide is a guide whose steps and translations have waits, and whose
// _index.md lists holidays.
const waitGuide = `
-- content/_index.md --
+++
title = "Guide"
holidays = ["2026-12-25", "2027-01-01"]
+++
-- content/_index.ko.md --
+++
title = "가이드"
+++
-- content/01-a/_index.md --
+++
title = "A"
+++
-- content/01-a/01-review.md --
+++
title = "Review"
wait = "3-5 business days"
+++
-- content/01-a/01-review.ko.md --
+++
title = "심사"
wait = "영업일 기준 3~5일"
+++
-- content/01-a/02-weeks.md --
+++
title = "Weeks"
wait = "1-2 weeks"
+++
-- content/01-a/03-none.md --
+++
title = "None"
+++
`

func TestWaitsLoaded(t *testing.T) {
	g, errs := Load(txtarFS(waitGuide), "content")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for id, want := range map[string]*wait.Span{
		"review": {Min: 3, Max: 5, Unit: wait.BusinessDays},
		"weeks":  {Min: 1, Max: 2, Unit: wait.Weeks},
		"none":   nil,
	} {
		got := g.Step(id).Lead
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("%s: Lead = %+v, want %+v", id, got, want)
		}
	}
	if tr := g.Step("review").Translations["ko"]; tr.Wait != "영업일 기준 3~5일" {
		t.Errorf("the translation's wait = %q, want its own wording", tr.Wait)
	}
	var listed []string
	for _, d := range g.Holidays.Dates() {
		listed = append(listed, d.Format(wait.DateLayout))
	}
	if got := strings.Join(listed, " "); got != "2026-12-25 2027-01-01" {
		t.Errorf("holidays = %s", got)
	}
}

func TestWaitErrors(t *testing.T) {
	for _, tt := range []struct {
		name, files, want string
	}{
		{"misspelled unit", `
-- content/01-a/01-x.md --
+++
title = "X"
wait = "3-5 busines days"
+++
`, `content/01-a/01-x.md:3:13: wait: unknown unit "busines days" (did you mean business days?); a wait is N UNIT or N-M UNIT`},
		{"not a form", `
-- content/01-a/01-x.md --
+++
title = "X"
wait  =  'about 2 weeks'
+++
`, `content/01-a/01-x.md:3:11: wait: a wait starts with its number of days or weeks; a wait is N UNIT`},
		{"not a string", `
-- content/01-a/01-x.md --
+++
title = "X"
wait = 3
+++
`, `content/01-a/01-x.md:3:1: wait must be a string`},
		{"translation without an original wait", `
-- content/01-a/01-x.md --
+++
title = "X"
+++
-- content/01-a/01-x.ko.md --
+++
title = "엑스"
wait = "3일"
+++
`, `content/01-a/01-x.ko.md:3:1: wait cannot be set in a translation when 01-x.md has none`},
		{"translation with other numbers", `
-- content/01-a/01-x.md --
+++
title = "X"
wait = "3 days"
+++
-- content/01-a/01-x.ko.md --
+++
title = "엑스"
wait = "2 weeks"
+++
`, `content/01-a/01-x.ko.md:3:1: wait "2 weeks" gives other numbers than 01-x.md's "3 days"`},
		{"bad holiday", `
-- content/01-a/01-x.md --
+++
title = "X"
+++
`, `content/_index.md:3:27: holidays: "2026-02-30" is not a date written YYYY-MM-DD`},
		{"holiday twice", `
-- content/01-a/01-x.md --
+++
title = "X"
+++
`, `content/_index.md:3:41: holidays: 2026-12-25 is listed twice`},
		{"holiday in a translation", `
-- content/_index.ko.md --
+++
title = "가이드"
holidays = ["2026-12-25"]
+++
-- content/01-a/01-x.md --
+++
title = "X"
+++
`, `content/_index.ko.md:3:1: holidays cannot be set in a translation: set it in _index.md`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			holidays := `["2026-12-25"]`
			switch tt.name {
			case "bad holiday":
				holidays = `["2026-12-25", "2026-02-30"]`
			case "holiday twice":
				holidays = `["2026-12-25", "2027-01-01", "2026-12-25"]`
			}
			base := "-- content/_index.md --\n+++\ntitle = \"Guide\"\nholidays = " + holidays + "\n+++\n-- content/01-a/_index.md --\n+++\ntitle = \"A\"\n+++\n"
			_, errs := Load(txtarFS(base+tt.files), "content")
			if !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant one starting %q", errs, tt.want)
			}
		})
	}
}

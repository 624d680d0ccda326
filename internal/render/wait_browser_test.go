package render_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"prereq/internal/browsertest"
	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/wait"
)

// waitSite is a small site whose steps wait in every unit, with and
// without a range, and whose guide lists holidays at a year's end.
const waitSite = `
-- site.toml --
[service]
name = "Acme"
-- content/_index.md --
+++
title = "Waits"
holidays = ["2026-12-25", "2027-01-01", "2027-03-01"]
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
-- content/01-a/02-one.md --
+++
title = "One"
wait = "1 business day"
+++
-- content/01-a/03-days.md --
+++
title = "Days"
wait = "2-10 days"
+++
-- content/01-a/04-weeks.md --
+++
title = "Weeks"
wait = "1-2 weeks"
+++
-- content/01-a/05-long.md --
+++
title = "Long"
wait = "20 business days"
+++
`

// TestBrowserWaitDates checks that the dates each wait ends on, as the
// pages' script computes them in the browser for "today", are the ones Go
// computes (wait.Holidays.Ends), for start dates on weekdays and
// weekends, before listed holidays and at a month's and a year's end, on
// index.html and guide.html.
func TestBrowserWaitDates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := corpus.WriteTree(dir, corpus.Txtar(waitSite)); err != nil {
		t.Fatal(err)
	}
	in, errs := build.Load(build.Options{SiteDir: dir})
	if errs != nil {
		t.Fatal(errs)
	}
	out, err := build.Render(in, true)
	if err != nil {
		t.Fatal(err)
	}
	g := in.Guide
	starts := []string{
		"2026-12-01", // a Tuesday
		"2026-12-04", // a Friday
		"2026-12-05", // a Saturday
		"2026-12-06", // a Sunday
		"2026-12-22", // before the listed 25th
		"2026-12-24", // the day before it
		"2026-12-25", // on it
		"2026-12-31", // a year's end, before the listed 1st
		"2027-02-26", // a month's end, before the listed 1 March
		"2028-02-28", // a leap year's February
	}
	tab := browser.Tab(t)
	base := browsertest.Serve(t, dir)
	for _, page := range []string{"index.html", "guide.html"} {
		file := filepath.Join(dir, page)
		if err := os.WriteFile(file, out[page], 0o644); err != nil {
			t.Fatal(err)
		}
		browsertest.Open(t, tab, base+"/"+page)
		for _, start := range starts {
			got := eval[map[string][]string](t, tab, fmt.Sprintf(`(() => {
				window.prereqToday = %q;
				window.prereqChecklist.refresh();
				const out = {};
				for (const el of document.querySelectorAll(".wait-dates")) {
					if (el.hidden) return {hidden: [el.closest("[data-step]").dataset.step]};
					out[el.closest("[data-step]").dataset.step] = Array.from(el.querySelectorAll("time"), t => t.dateTime);
				}
				return out;
			})()`, start))
			day, _ := wait.ParseDate(start)
			for _, s := range g.Sections {
				for _, st := range s.Steps {
					first, last := g.Holidays.Ends(day, *st.Lead)
					want := []string{first.Format(wait.DateLayout)}
					if st.Lead.Max > st.Lead.Min {
						want = append(want, last.Format(wait.DateLayout))
					}
					if fmt.Sprint(got[st.ID]) != fmt.Sprint(want) {
						t.Errorf("%s, started %s: %s ends %v in the browser, %v in Go", page, start, st.ID, got[st.ID], want)
					}
				}
			}
		}
	}
	// The words around the dates are the page's: English here, on a day
	// the browser formats in English.
	text := eval[string](t, tab, `window.prereqToday = "2026-12-01"; window.prereqChecklist.refresh(); document.querySelector("#step-one .wait-dates").textContent`)
	if want := "If started today, it ends on Wed, Dec 2, 2026."; text != want {
		t.Errorf("one's dates read %q, want %q", text, want)
	}
	// A Korean page words them in Korean, in the Korean date format.
	ko := filepath.Join(dir, "ko.toml")
	if err := os.WriteFile(ko, []byte("language = \"ko\"\n[service]\nname = \"가나다\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, errs = build.Load(build.Options{SiteDir: dir, SiteFile: ko})
	if errs != nil {
		t.Fatal(errs)
	}
	if out, err = build.Render(in, true); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "ko.html")
	if err := os.WriteFile(file, out["index.html"], 0o644); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, tab, base+"/ko.html")
	text = eval[string](t, tab, `window.prereqToday = "2026-12-01"; window.prereqChecklist.refresh(); document.querySelector("#step-review .wait-dates").textContent`)
	if !strings.HasPrefix(text, "오늘 시작하면 2026년 12월 4일") || !strings.Contains(text, "~2026년 12월 8일") || !strings.HasSuffix(text, "사이에 끝납니다.") {
		t.Errorf("review's dates on the Korean page read %q", text)
	}
}

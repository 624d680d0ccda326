package guide

import (
	"maps"
	"path"
	"slices"
	"time"

	"prereq/internal/diag"
	"prereq/internal/wait"
)

// wait reads a step's `wait` key into numbers (see package wait); an
// error points at the character of the wait it is about. Nil when the key
// is not set, or is not one of the forms.
func (m *meta) wait() *wait.Span {
	v, set := m.raw["wait"]
	s, isStr := v.(string)
	if !set || !isStr {
		return nil
	}
	sp, err := wait.Parse(s)
	if err != nil {
		lit, at := m.literal("wait")
		m.errs.Add(inLiteral(lit, at, err.Offset), "wait: %s", err.Msg)
		return nil
	}
	return &sp
}

// holidays reads the guide's `holidays` key: a list of dates written
// YYYY-MM-DD, each one once.
func (m *meta) holidays() wait.Holidays {
	list := m.strings("holidays")
	if len(list) == 0 {
		return wait.Holidays{}
	}
	at := m.elements(len(list), "holidays")
	seen := map[string]bool{}
	var dates []time.Time
	for i, s := range list {
		d, err := wait.ParseDate(s)
		switch {
		case err != nil:
			m.errs.Add(at[i], "holidays: %q is not a date written YYYY-MM-DD (e.g. \"2026-12-25\")", s)
		case seen[s]:
			m.errs.Add(at[i], "holidays: %s is listed twice", s)
		default:
			seen[s] = true
			dates = append(dates, d)
		}
	}
	return wait.NewHolidays(dates...)
}

// checkTextWaits reports a translation's wait that the original has not,
// or that gives other numbers than the original's: a translation words
// the wait as it likes ("영업일 기준 3~5일"), but the numbers are the
// original's alone.
func checkTextWaits(st *Step, texts map[string]*Text, errs *diag.List) {
	for _, lang := range slices.Sorted(maps.Keys(texts)) {
		t := texts[lang]
		if t.Wait == "" {
			continue
		}
		if st.Wait == "" {
			errs.Add(t.waitAt, "wait cannot be set in a translation when %s has none: set it there", path.Base(st.File))
			continue
		}
		if sp, err := wait.Parse(t.Wait); err == nil && st.Lead != nil && sp != *st.Lead {
			errs.Add(t.waitAt, "wait %q gives other numbers than %s's %q: the numbers are the original's; word the same wait", t.Wait, path.Base(st.File), st.Wait)
		}
	}
}

package wait

import (
	"testing"
	"time"
)

func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestEnds(t *testing.T) {
	h := NewHolidays(date(t, "2026-12-25"), date(t, "2027-01-01"))
	for _, c := range []struct {
		start, wait, first, last string
	}{
		{"2026-12-01", "1 day", "2026-12-02", "2026-12-02"},
		{"2026-12-31", "1 day", "2027-01-01", "2027-01-01"},          // a year's end; days skip nothing
		{"2026-12-24", "2 days", "2026-12-26", "2026-12-26"},         // nor holidays
		{"2026-12-04", "1 business day", "2026-12-07", "2026-12-07"}, // Friday to Monday
		{"2026-12-05", "1 business day", "2026-12-07", "2026-12-07"}, // Saturday
		{"2026-12-06", "1 business day", "2026-12-07", "2026-12-07"}, // Sunday
		{"2026-12-01", "3-5 business days", "2026-12-04", "2026-12-08"},
		{"2026-12-23", "1-2 business days", "2026-12-24", "2026-12-28"}, // the 25th is listed
		{"2026-12-24", "1 business day", "2026-12-28", "2026-12-28"},
		{"2026-12-30", "2 business days", "2027-01-04", "2027-01-04"}, // 31st, then 1 Jan listed, weekend
		{"2027-02-26", "1 business day", "2027-03-01", "2027-03-01"},  // a month's end
		{"2028-02-28", "1 day", "2028-02-29", "2028-02-29"},           // a leap day
		{"2026-12-01", "2 weeks", "2026-12-15", "2026-12-15"},
		{"2026-12-20", "1-2 weeks", "2026-12-27", "2027-01-03"},
	} {
		sp, err := Parse(c.wait)
		if err != nil {
			t.Fatal(err)
		}
		first, last := h.Ends(date(t, c.start), sp)
		if got := first.Format(DateLayout) + " " + last.Format(DateLayout); got != c.first+" "+c.last {
			t.Errorf("%s started %s ends %s, want %s %s", c.wait, c.start, got, c.first, c.last)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-12-25", "2028-02-29"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}
	for _, s := range []string{"2026-02-30", "2026-1-5", "26-12-25", "2026/12/25", "2026-12-25T00:00:00Z", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q): no error", s)
		}
	}
}

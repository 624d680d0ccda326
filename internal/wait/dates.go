package wait

import (
	"slices"
	"time"
)

// Dates are days of the calendar, as time.Time values at midnight UTC:
// no time of day and no time zone take part in a wait's arithmetic.

// DateLayout is how dates are written: in site files, guides, outputs.
const DateLayout = "2006-01-02"

// ParseDate reads a date written YYYY-MM-DD (2026-12-25): four digits of
// year, two of month, two of day, a day that exists.
func ParseDate(s string) (time.Time, error) {
	return time.Parse(DateLayout, s)
}

// Day returns the calendar day of t (its year, month and day, in t's own
// location) as a date.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Holidays are the days, besides Saturdays and Sundays, that business
// days skip. The zero value lists none.
type Holidays struct{ days map[time.Time]bool }

// NewHolidays lists the dates.
func NewHolidays(dates ...time.Time) Holidays {
	h := Holidays{days: make(map[time.Time]bool, len(dates))}
	for _, d := range dates {
		h.days[Day(d)] = true
	}
	return h
}

// Has reports whether the date is a listed holiday.
func (h Holidays) Has(d time.Time) bool { return h.days[Day(d)] }

// IsBusinessDay reports whether d is a Monday to Friday that is not a
// listed holiday.
func (h Holidays) IsBusinessDay(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !h.Has(d)
}

// After returns the date n units after start: n days later, 7n days
// later, or the nth business day after start (start itself never counts,
// whatever day it is: a wait of 1 business day started on a Friday ends
// on Monday, as does one started on Saturday or Sunday).
func (h Holidays) After(start time.Time, n int, u Unit) time.Time {
	d := Day(start)
	switch u {
	case Weeks:
		return d.AddDate(0, 0, 7*n)
	case BusinessDays:
		for n > 0 {
			d = d.AddDate(0, 0, 1)
			if h.IsBusinessDay(d) {
				n--
			}
		}
		return d
	}
	return d.AddDate(0, 0, n)
}

// Ends returns the first and the last date a wait started on start ends
// on: after Min units and after Max units.
func (h Holidays) Ends(start time.Time, s Span) (first, last time.Time) {
	first = h.After(start, s.Min, s.Unit)
	if s.Max == s.Min {
		return first, first
	}
	return first, h.After(first, s.Max-s.Min, s.Unit)
}

// Dates lists the holidays, earliest first.
func (h Holidays) Dates() []time.Time {
	out := make([]time.Time, 0, len(h.days))
	for d := range h.days {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

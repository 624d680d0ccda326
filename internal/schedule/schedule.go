// Package schedule dates a plan's steps from a start date: a step starts
// when every step it comes after (its `after` steps that the plan has to
// do) is done, or on the start date; a step without a wait is done the
// day it starts; a step with one is done when its wait ends, at the
// latest (see wait.Holidays.Ends). Like the planner it is pure: a Plan
// and a date in, dates out.
package schedule

import (
	"time"

	"prereq/internal/plan"
	"prereq/internal/wait"
)

// Dates are when a step is planned: it starts on Start, and is done from
// First (its wait's shortest end) to End (its longest). First and End
// are Start for a step without a wait.
type Dates struct {
	Start, First, End time.Time
}

// Schedule is the dates of a plan's todo steps, by step id.
type Schedule map[string]Dates

// Make dates the plan's todo steps from start, business days skipping
// the guide's holidays. Skipped steps have no dates, and a step does not
// wait for a skipped one.
func Make(p *plan.Plan, start time.Time) Schedule {
	start = wait.Day(start)
	out := Schedule{}
	busy := map[string]bool{} // being dated: an `after` cycle, which the loader reports, is cut here
	var date func(st *plan.Step) Dates
	date = func(st *plan.Step) Dates {
		if d, ok := out[st.ID]; ok {
			return d
		}
		busy[st.ID] = true
		begin := start
		for _, id := range st.Step.After {
			dep := p.Step(id)
			if dep == nil || dep.Status != plan.Todo || busy[id] {
				continue
			}
			if end := date(dep).End; end.After(begin) {
				begin = end
			}
		}
		d := Dates{Start: begin, First: begin, End: begin}
		if st.Lead != nil {
			d.First, d.End = p.Guide.Holidays.Ends(begin, *st.Lead)
		}
		delete(busy, st.ID)
		out[st.ID] = d
		return d
	}
	for _, s := range p.Sections {
		for _, st := range s.Steps {
			if st.Status == plan.Todo {
				date(st)
			}
		}
	}
	return out
}

// End is the day the last of the steps is done at the latest: the zero
// time for none.
func (s Schedule) End(ids ...string) time.Time {
	var end time.Time
	for _, id := range ids {
		if d, ok := s[id]; ok && d.End.After(end) {
			end = d.End
		}
	}
	return end
}

package guide

import (
	"strings"

	"prereq/internal/diag"
)

// check reports what no single file can see: duplicate ids, `after` naming
// a step that does not exist, and `after` chains that form a cycle.
func (g *Guide) check() diag.List {
	var errs diag.List
	sections := make(map[string]*Section, len(g.Sections))
	steps := make(map[string]*Step, g.stepCount())
	for _, s := range g.Sections {
		if first, dup := sections[s.ID]; dup {
			errs.Add(s.pos(), "duplicate section id %s: %s has it too", s.ID, first.File)
		} else {
			sections[s.ID] = s
		}
		for _, st := range s.Steps {
			if first, dup := steps[st.ID]; dup {
				errs.Add(st.pos(), "duplicate step id %s: %s has it too", st.ID, first.File)
			} else {
				steps[st.ID] = st
			}
		}
	}
	for _, s := range g.Sections {
		for _, st := range s.Steps {
			for _, dep := range st.After {
				if steps[dep] == nil {
					errs.Add(st.AfterPos(), "after names unknown step %s%s", dep, diag.DidYouMean(dep, g.StepIDs()))
				}
			}
		}
	}
	errs = append(errs, findCycles(g, steps)...)
	return errs
}

// AfterPos is where a step's after list is written (the file's first line when
// it has none).
func (st *Step) AfterPos() diag.Pos {
	if st.afterAt.Line > 0 {
		return st.afterAt
	}
	return st.pos()
}

// findCycles reports each cycle of `after` once, at the step of the cycle
// that comes first in the guide.
func findCycles(g *Guide, steps map[string]*Step) diag.List {
	var errs diag.List
	const (
		unvisited = iota
		visiting
		done
	)
	state := make(map[string]int, len(steps))
	var stack []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = visiting
		stack = append(stack, id)
		for _, dep := range steps[id].After {
			if steps[dep] == nil {
				continue
			}
			switch state[dep] {
			case unvisited:
				visit(dep)
			case visiting:
				start := 0
				for i, s := range stack {
					if s == dep {
						start = i
					}
				}
				cycle := append(append([]string(nil), stack[start:]...), dep)
				errs.Add(steps[dep].pos(), "after forms a cycle: %s (each waits for the next, so none can start)", strings.Join(cycle, " -> "))
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, id := range g.StepIDs() {
		if state[id] == unvisited && steps[id] != nil {
			visit(id)
		}
	}
	return errs
}

func (g *Guide) stepCount() int {
	n := 0
	for _, s := range g.Sections {
		n += len(s.Steps)
	}
	return n
}

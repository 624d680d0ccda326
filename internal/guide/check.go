package guide

import (
	"slices"
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
			errs.Add(s.idPos(), "duplicate section id %s: %s has it too", s.ID, first.File)
		} else {
			sections[s.ID] = s
		}
		for _, st := range s.Steps {
			if first, dup := steps[st.ID]; dup {
				errs.Add(st.idPos(), "duplicate step id %s: %s has it too", st.ID, first.File)
			} else {
				steps[st.ID] = st
			}
		}
	}
	for _, s := range g.Sections {
		for _, st := range s.Steps {
			for i, dep := range st.After {
				if steps[dep] == nil {
					errs.Add(st.afterID(i), "after names unknown step %s%s", dep, diag.DidYouMean(dep, g.StepIDs()))
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

// idPos is where an item's id is written: at its id key, or the file's
// first line when its name gives the id.
func (it *Item) idPos() diag.Pos {
	if it.idAt.Line > 0 {
		return it.idAt
	}
	return it.pos()
}

// afterID is where the step's after list names its ith id.
func (st *Step) afterID(i int) diag.Pos {
	if i < len(st.afterIDs) {
		return st.afterIDs[i]
	}
	return st.AfterPos()
}

// findCycles reports each cycle of `after` once, at the step of the cycle
// that comes first in the guide: at the id in its after list that names
// the next step of the cycle.
func findCycles(g *Guide, steps map[string]*Step) diag.List {
	var errs diag.List
	const (
		unvisited = iota
		visiting
		done
	)
	ids := g.StepIDs()
	order := make(map[string]int, len(ids))
	for i, id := range ids {
		if _, dup := order[id]; !dup {
			order[id] = i
		}
	}
	state := make(map[string]int, len(steps))
	reported := map[string]bool{}
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
				start := slices.Index(stack, dep)
				cycle := slices.Clone(stack[start:])
				// Start the cycle at its step that comes first.
				first := 0
				for i, s := range cycle {
					if order[s] < order[cycle[first]] {
						first = i
					}
				}
				cycle = append(cycle[first:], cycle[:first]...)
				text := strings.Join(append(cycle, cycle[0]), " -> ")
				if reported[text] {
					continue
				}
				reported[text] = true
				from, next := steps[cycle[0]], cycle[1%len(cycle)]
				errs.Add(from.afterID(slices.Index(from.After, next)), "after forms a cycle: %s (each waits for the next, so none can start)", text)
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, id := range ids {
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

package serve

import (
	"context"
	"fmt"
	"slices"
	"time"

	"prereq/internal/guide"
	"prereq/internal/livepage"
	"prereq/internal/verify"
)

// The live preview checks each guide that builds for every partner, as
// `prereq check -matrix` does, and lists what it finds beside the
// checklist. The check runs on a goroutine of its own, on one core, once
// the guide has built and no other build has followed for checkDelay, so
// that it never delays a page nor competes with the builds of a burst of
// saves; a check of a guide edited meanwhile stops at once and starts
// again on the new one.

// checkDelay is how long a guide must stay the latest before it is checked.
const checkDelay = 250 * time.Millisecond

// findings are the result of checking one guide.
type findings struct {
	guide *guide.Guide
	view  livepage.Findings
}

// wantCheck asks the checker to check g, the guide of the snapshot just
// published.
func (s *Server) wantCheck(g *guide.Guide) {
	s.toCheck.Store(g)
	select {
	case s.checkNudge <- struct{}{}:
	default:
	}
}

// checker checks the guides wantCheck asks for until ctx is done. When the
// findings change, it wakes the open pages.
func (s *Server) checker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.checkNudge:
		}
		if !s.settled(ctx) {
			return
		}
		g := s.toCheck.Load()
		prev := s.findings.Load()
		if g == nil || prev != nil && prev.guide == g {
			continue
		}
		rep := verify.Check(g, verify.Options{Workers: 1, Cancel: func() bool { return ctx.Err() != nil || s.toCheck.Load() != g }})
		if rep == nil {
			continue // stopped: a newer guide waits
		}
		next := &findings{guide: g, view: livepage.Findings{Gen: 1, Combinations: rep.Combinations, Pairwise: rep.Pairwise, Bound: rep.Bound}}
		for _, f := range rep.Findings {
			next.view.Items = append(next.view.Items, livepage.FindingView{Text: f.Pos.String() + ": " + f.Msg, Query: f.Query})
		}
		same := prev != nil && slices.Equal(prev.view.Items, next.view.Items) &&
			prev.view.Combinations == next.view.Combinations && prev.view.Pairwise == next.view.Pairwise && prev.view.Bound == next.view.Bound
		if prev != nil {
			next.view.Gen = prev.view.Gen
			if !same {
				next.view.Gen++
			}
		}
		s.findings.Store(next)
		if same {
			continue // the pages show these already
		}
		if n := len(rep.Findings); n > 0 || prev != nil {
			fmt.Fprintf(s.log, "prereq serve: check -matrix: %s (listed on the page)\n", plural(n, "finding"))
		}
		s.hub.publish()
	}
}

// settled waits until no guide has been asked for during checkDelay; false
// when ctx ended first.
func (s *Server) settled(ctx context.Context) bool {
	t := time.NewTimer(checkDelay)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-s.checkNudge:
			t.Reset(checkDelay)
		case <-t.C:
			return true
		}
	}
}

// findingsFor returns the findings to show beside a page: the latest
// check's. After an edit they may be of the guide before it until its
// check ends, a few hundred milliseconds later: the list then changes only
// if the findings did.
func (s *Server) findingsFor() *livepage.Findings {
	if f := s.findings.Load(); f != nil {
		return &f.view
	}
	return nil
}

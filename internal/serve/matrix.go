package serve

import (
	"context"
	"fmt"
	"slices"

	"prereq/internal/guide"
	"prereq/internal/livepage"
	"prereq/internal/verify"
)

// The live preview checks each guide that builds for every partner, as
// `prereq check -matrix` does, and lists what it finds beside the
// checklist. The check runs on a goroutine of its own, after the build is
// published, so that it never delays a page; a check of a guide edited
// meanwhile stops and starts again on the new one.

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
		g := s.toCheck.Load()
		prev := s.findings.Load()
		if g == nil || prev != nil && prev.guide == g {
			continue
		}
		rep := verify.Check(g, verify.Options{Cancel: func() bool { return ctx.Err() != nil || s.toCheck.Load() != g }})
		if rep == nil {
			continue // stopped: a newer guide waits
		}
		next := &findings{guide: g, view: livepage.Findings{Gen: 1, Summary: rep.Summary()}}
		for _, f := range rep.Findings {
			next.view.Items = append(next.view.Items, livepage.FindingView{Text: f.Pos.String() + ": " + f.Msg, Query: f.Query})
		}
		same := prev != nil && slices.Equal(prev.view.Items, next.view.Items) && prev.view.Summary == next.view.Summary
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

// findingsFor returns the findings to show beside a page of guide g: the
// latest check's, marked stale when it was of an earlier guide.
func (s *Server) findingsFor(g *guide.Guide) *livepage.Findings {
	f := s.findings.Load()
	if f == nil {
		return nil
	}
	v := f.view
	v.Stale = f.guide != g
	return &v
}

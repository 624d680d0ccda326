package serve

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/rebuild"
	"prereq/internal/watch"
)

// How long the rebuild loop waits, at most, before it publishes what could
// be an editor's intermediate state. A save that leaves every file in place
// and builds is published at once.
const (
	// settleGrace: a file or folder went away, or a file is empty; wait
	// for it to come back or be written (an editor deleting and recreating
	// it, or truncating it first) before rebuilding. The wait ends with the
	// event that brings it back.
	settleGrace = 30 * time.Millisecond
	// errorGrace: the rebuild failed; publish the errors only if no other
	// change follows (a file caught half-written).
	errorGrace = 50 * time.Millisecond
	// emptyGrace: the rebuild failed and a file it was for is still
	// empty, as a file is between a save's truncation and its write; the
	// write's event ends the wait. A busy machine can stall a writer
	// longer than settleGrace and errorGrace together (seen: more than
	// 80 ms at a load of 20 on 2 cores), and an empty Markdown file is
	// almost always one being written, so its errors wait longer.
	emptyGrace = time.Second
	// maxDefer: how long changes that keep coming during rebuilds may put
	// off publishing.
	maxDefer = 100 * time.Millisecond
)

// loop rebuilds after changes until ctx is done. It reacts to the first
// change at once; changes that arrive during a rebuild are taken together
// by the next one.
func (s *Server) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case err := <-s.watcher.Errors():
			fmt.Fprintf(s.log, "prereq serve: watching: %v\n", err)
			continue
		case <-s.watcher.Ready():
		}
		if s.hooks.rebuild != nil {
			s.hooks.rebuild()
		}
		s.rebuild(ctx, s.watcher.Take())
	}
}

// rebuild builds after changes c and publishes the outcome. Changes that
// arrived during the build are built before publishing, so that a burst of
// saves publishes its last state, not every one (for up to maxDefer). A
// failed build with new errors is published only once no change has
// followed it for errorGrace: errors may come from a file caught
// half-written, and the next build decides.
func (s *Server) rebuild(ctx context.Context, c watch.Changes) {
	start := time.Now()
	var latest *rebuild.Outcome
	var names []string // the inputs read again by every build of this round
	for {
		c = s.settle(ctx, c)
		if res, changed := s.builder.Build(c); changed {
			s.watcher.Follow(s.builder.Pictures())
			names = append(names, res.Changed...)
			latest = &res
			latest.Changed = names
		}
		s.builds.Add(1)
		if s.hooks.built != nil && latest != nil {
			s.hooks.built(latest.Errs)
		}
		if latest == nil {
			return
		}
		if len(latest.Errs) > 0 && !s.shown(latest.Errs) && s.wait(ctx, s.errorGrace(c)) ||
			len(latest.Errs) == 0 && time.Since(start) < maxDefer && s.wait(ctx, 0) {
			c = s.watcher.Take()
			continue
		}
		s.publish(*latest)
		return
	}
}

// errorGrace is how long the errors of a build for changes c wait for a
// further change before they are published: emptyGrace while a changed
// file is empty, else errorGrace.
func (s *Server) errorGrace(c watch.Changes) time.Duration {
	if s.changedAway(c, false) {
		return emptyGrace
	}
	return errorGrace
}

// shown reports whether errs are the errors the page shows already: then
// there is nothing to hold back.
func (s *Server) shown(errs diag.List) bool {
	prev := s.snap.Load().errs
	if len(prev) != len(errs) {
		return false
	}
	for i, e := range errs {
		if prev[i].Text != e.Error() {
			return false
		}
	}
	return true
}

// settle waits while files that c says changed are missing or empty, for
// at most settleGrace, taking in the changes that arrive meanwhile: an
// editor that deletes a file and writes it anew, or truncates it and writes
// it, causes one rebuild, with the new file.
func (s *Server) settle(ctx context.Context, c watch.Changes) watch.Changes {
	deadline := time.Now().Add(settleGrace)
	for s.unsettled(c) {
		left := time.Until(deadline)
		if left <= 0 || !s.wait(ctx, left) {
			break
		}
		c.Merge(s.watcher.Take())
	}
	return c
}

// unsettled reports whether a changed file or folder of c is missing, or a
// changed file is empty.
func (s *Server) unsettled(c watch.Changes) bool { return s.changedAway(c, true) }

// changedAway reports whether a changed file of c is empty, or, with
// missing, whether a changed file or folder is missing.
func (s *Server) changedAway(c watch.Changes, missing bool) bool {
	for p := range c.Paths {
		fi, err := os.Lstat(s.layout.Path(p))
		if err != nil && missing || err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			return true
		}
	}
	return false
}

// wait waits up to d for more changes and reports whether some came. With
// d = 0 it only looks.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		select {
		case <-s.watcher.Ready():
			return true
		default:
			return false
		}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-s.watcher.Ready():
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// publish makes a build's outcome the snapshot served, logs it and wakes
// the open pages. A failed build with the errors shown already changes
// nothing served: it is only logged.
func (s *Server) publish(res rebuild.Outcome) {
	prev := s.snap.Load()
	next := &snapshot{version: prev.version + 1, good: prev.good, out: prev.out, took: res.Took, lang: cmp.Or(res.Language, prev.lang)}
	next.warnings = prev.warnings
	if res.In != nil {
		next.good, next.out = res.In, res.Out
		next.warnings = s.untranslated(res.In, prev.warnings)
	}
	took := res.Took.Round(10 * time.Microsecond)
	switch {
	case len(res.Errs) > 0 && prev.version > 0 && s.shown(res.Errs):
		res.Errs.Print(s.log)
		return // the pages show these errors already
	case len(res.Errs) > 0:
		next.errs = s.views(res.Errs)
		res.Errs.Print(s.log)
		fmt.Fprintf(s.log, "prereq serve: %s; the page shows them over the last checklist that built\n", plural(len(res.Errs), "error"))
	case prev.version == 0:
		fmt.Fprintf(s.log, "prereq serve: built in %s\n", took)
	case len(prev.errs) > 0:
		fmt.Fprintf(s.log, "prereq serve: fixed; rebuilt in %s%s\n", took, listed(res.Changed))
	default:
		fmt.Fprintf(s.log, "prereq serve: rebuilt in %s%s\n", took, listed(res.Changed))
	}
	s.snap.Store(next)
	s.recent.add(next)
	s.variants.forget(s.recent.oldest())
	if next.good != nil {
		s.wantCheck(next.good.Guide)
	}
	if s.hooks.published != nil {
		s.hooks.published(next)
	}
	s.hub.publish()
}

// untranslated lists the files of a good build left to translate, and
// logs them when they are not those logged last (was).
func (s *Server) untranslated(in *build.Inputs, was []string) []string {
	_, warnings := build.Untranslated(in.Guide, "")
	texts := make([]string, len(warnings))
	for i, w := range warnings {
		texts[i] = w.Error()
	}
	if !slices.Equal(texts, was) {
		warnings.Print(s.log)
	}
	return texts
}

// listed names the first changed inputs, for the log, escaped as errors
// are (diag.Printable).
func listed(names []string) string {
	names = slices.Compact(slices.Sorted(slices.Values(names)))
	for i, n := range names {
		names[i] = diag.Printable(n)
	}
	switch {
	case len(names) == 0:
		return ""
	case len(names) > 3:
		return fmt.Sprintf(" (%s and %d more)", strings.Join(names[:3], ", "), len(names)-3)
	default:
		return " (" + strings.Join(names, ", ") + ")"
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"prereq/internal/build"
)

// freshPage is the page a fresh build of the site in dir renders, as the
// preview renders it (not minified), or the errors of that build.
func freshPage(t *testing.T, dir string) (string, string) {
	t.Helper()
	in, errs := build.Load(build.Options{SiteDir: dir})
	if errs != nil {
		return "", errs.Error()
	}
	in.Conditions = true // as the preview renders: skipped items' conditions as tooltips
	out, err := build.RenderOnly(in, false, "index.html")
	if err != nil {
		return "", err.Error()
	}
	return string(out["index.html"]), ""
}

// TestReplaceContent replaces content/ as a whole, as a checkout or cp -r
// does: the folder is moved away, a copy put in its place (every other
// time with a step edited), and the old one removed. Every time, the
// preview ends on what a fresh build of the folder gives, and stays there.
func TestReplaceContent(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	content, old := filepath.Join(dir, "content"), filepath.Join(dir, "content.old")
	for round := range 20 {
		n := ts.rec.count()
		must(t, os.Rename(content, old))
		copyTree(t, old, content)
		if round%2 == 1 {
			write("content/02-channel/02-connect.md", fmt.Sprintf("+++\ntitle = \"Connect the channel\"\n+++\nRound %d.\n", round))(t, dir)
		}
		must(t, os.RemoveAll(old))
		want, wantErrs := freshPage(t, dir)
		if wantErrs != "" {
			t.Fatalf("round %d: a fresh build fails:\n%s", round, wantErrs)
		}
		same := func(s *snapshot) bool { return len(s.errs) == 0 && page(s) == want }
		ts.waitFor(t, n, fmt.Sprintf("equal to a fresh build in round %d", round), same)
		ts.quiet(200 * time.Millisecond)
		if last := ts.snap.Load(); !same(last) {
			t.Fatalf("round %d: the preview ends on another page than a fresh build:%s", round, describe([]*snapshot{last}))
		}
	}
}

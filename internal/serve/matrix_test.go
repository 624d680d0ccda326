package serve

import (
	"strings"
	"testing"
	"time"
)

// TestFindingsBesideChecklist: serve checks the guide for every partner and
// lists the findings beside the checklist, each with a link to the facts
// that show it; an edit that fixes them clears the list.
func TestFindingsBesideChecklist(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	page := waitPage(t, ts, "the findings", func(p string) bool { return strings.Contains(p, `id="prereq-findings"`) })
	for _, want := range []string{
		`data-step="platforms"`, // the checklist is still there
		`<summary>1 finding for other partners</summary>`,
		`content/01-app/02-platforms.md:3:1: step platforms is included but comes after step register-app, which is skipped</span> <a href="/?existing_app=true">?existing_app=true</a>`,
		`4 combinations checked, 1 finding`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// The link opens the combination: register-app skipped, platforms kept.
	combo := body(t, get(t, ts, "/?existing_app=true"))
	if !strings.Contains(combo, `data-step="register-app" data-status="skipped"`) || !strings.Contains(combo, `data-step="platforms" data-status="todo"`) {
		t.Errorf("the finding's link does not show it:\n%s", combo)
	}

	write("content/01-app/02-platforms.md", "+++\ntitle = \"Register platforms\"\n+++\nAdd the Web platform.\n")(t, dir)
	waitPage(t, ts, "without findings", func(p string) bool {
		return strings.Contains(p, "Add the Web platform.") && !strings.Contains(p, `id="prereq-findings"`)
	})
}

// waitPage gets the page until ok holds for it and returns it. The time
// limit only keeps a broken test from hanging.
func waitPage(t *testing.T, ts *testServer, what string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		p := body(t, get(t, ts, "/"))
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("no page %s:\n%s", what, p)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

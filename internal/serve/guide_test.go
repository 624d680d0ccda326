package serve

import (
	"strings"
	"testing"
	"time"
)

// TestGuidePageLive: serve serves guide.html from memory with the live
// script; an edit shows in it, and a build that fails shows its errors
// over the last good guide page.
func TestGuidePageLive(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	guidePage := func() string { return body(t, get(t, ts, "/guide.html")) }
	page := guidePage()
	for _, want := range []string{
		`data-guide`,
		`id="step-register-app" data-step="register-app" data-status="todo" data-role="owner" data-when="not existing_app"`,
		`Only if:</strong> your answer to “Does your service already have an app?” is no`,
		`<script src="/_prereq/live.js" data-prereq-live></script>`,
		`Register the app: first version.`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/guide.html lacks %s", want)
		}
	}
	if strings.Contains(page, `id="prereq-errors"`) || strings.Contains(page, `id="prereq-facts"`) {
		t.Error("/guide.html shows the error overlay or the facts panel of a site file")
	}

	write("content/01-app/01-register-app.md", "+++\ntitle = \"Register an app\"\nwhen = \"not existing_app\"\nrole = \"owner\"\n+++\nRegister the app: second version.\n")(t, dir)
	waitGuide(t, guidePage, "with the edit", func(p string) bool { return strings.Contains(p, "second version") })

	write("content/01-app/01-register-app.md", "+++\ntitle = \"Register an app\"\nwhen = \"not existing_ap\"\n+++\nBroken.\n")(t, dir)
	p := waitGuide(t, guidePage, "with the error", func(p string) bool { return strings.Contains(p, `id="prereq-errors"`) })
	for _, want := range []string{"unknown fact existing_ap", "second version"} {
		if !strings.Contains(p, want) {
			t.Errorf("/guide.html after a failed build lacks %s", want)
		}
	}
}

// waitGuide gets the guide page until ok holds for it. The time limit
// only keeps a broken test from hanging.
func waitGuide(t *testing.T, page func() string, what string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		p := page()
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("no guide page %s:\n%s", what, p)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

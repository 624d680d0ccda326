package serve

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"prereq/internal/browsertest"
)

// browser is the one Chromium of this package's browser tests, a tab of its
// own for each test.
var browser browsertest.Shared

func TestMain(m *testing.M) { os.Exit(browser.Run(m)) }

// js evaluates expr in the page and returns its value.
func js[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitJS waits until expr is truthy in the page. The timeout only keeps a
// broken test from hanging; no test asserts how long anything takes.
// A reload on the way is waited out.
func waitJS(t testing.TB, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if time.Now().Before(deadline) && (strings.Contains(err.Error(), "navigated") || strings.Contains(err.Error(), "context")) {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 3000) : ""`))
		t.Fatalf("waiting for %s (%s): %v\npage text:\n%s", what, expr, err, html)
	}
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// openLive opens url and waits until its live reload stream is open.
func openLive(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	browsertest.Open(t, ctx, url)
	waitJS(t, ctx, "the event stream", `document.getElementById("prereq-live") && document.getElementById("prereq-live").getAttribute("data-state") === "connected"`)
}

// TestBrowserLive edits, breaks and fixes a guide under an open page, and
// flips a fact in the panel, checking that the page follows without a
// reload and keeps its scroll position and ticks.
func TestBrowserLive(t *testing.T) {
	t.Parallel()
	ctx := browser.Tab(t)
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	do(t, ctx, chromedp.EmulateViewport(900, 420))
	openLive(t, ctx, ts.base+"/")

	do(t, ctx, chromedp.Click(chromedp.ID("check-connect")))
	y := js[float64](t, ctx, `window.__marker = 1;
		window.scrollTo(0, Math.min(250, (document.documentElement.scrollHeight - innerHeight) / 2));
		window.scrollY`)
	if y <= 0 {
		t.Fatal("the page does not scroll; make the viewport smaller")
	}
	// kept checks what an update must keep.
	kept := func(t *testing.T, what string) {
		t.Helper()
		if !js[bool](t, ctx, `window.__marker === 1`) {
			t.Errorf("%s: the page was reloaded", what)
		}
		if got := js[float64](t, ctx, `window.scrollY`); got != y {
			t.Errorf("%s: scrollY = %v, want %v", what, got, y)
		}
		if !js[bool](t, ctx, `document.getElementById("check-connect").checked`) {
			t.Errorf("%s: the ticked box lost its tick", what)
		}
	}

	t.Run("edit", func(t *testing.T) {
		write("content/01-app/02-platforms.md", platformsV2)(t, dir)
		waitJS(t, ctx, "the new text", `document.getElementById("step-platforms").textContent.includes("Add the iOS platform: FINAL.")`)
		kept(t, "after an edit")
		if got := js[string](t, ctx, `document.getElementById("prereq-live").getAttribute("data-update")`); got != "patch" {
			t.Errorf("an edit of one step's body was swapped in by %q, want patch", got)
		}
		if got := js[string](t, ctx, `document.getElementById("progress-text") ? document.getElementById("progress-text").textContent : "1 of"`); !strings.Contains(got, "1 of") {
			t.Errorf("progress after an edit = %q, want 1 done", got)
		}
	})
	t.Run("break", func(t *testing.T) {
		write("content/01-app/02-platforms.md", badPlatforms)(t, dir)
		waitJS(t, ctx, "the error overlay", `document.getElementById("prereq-errors") !== null`)
		text := js[string](t, ctx, `document.getElementById("prereq-errors").innerText`)
		for _, w := range []string{
			"content/01-app/02-platforms.md:3:1: unknown front matter key wen (did you mean when?)",
			`wen = "x"`, `title = "Register platforms"`,
		} {
			if !strings.Contains(text, w) {
				t.Errorf("overlay lacks %q:\n%s", w, text)
			}
		}
		if !js[bool](t, ctx, `document.getElementById("step-platforms").textContent.includes("Add the iOS platform")`) {
			t.Error("the last good checklist is not under the overlay")
		}
		// The source lines are single-spaced: each starts where the one
		// before ends.
		if !js[bool](t, ctx, `(() => {
			const ls = [...document.querySelectorAll("#prereq-errors .prereq-source code > span")];
			return ls.length > 2 && ls.every((l, i) => i === 0 || Math.abs(l.getBoundingClientRect().top - ls[i - 1].getBoundingClientRect().bottom) < 0.5);
		})()`) {
			t.Error("the overlay's source lines are not single-spaced")
		}
		waitJS(t, ctx, "the announcement", `document.getElementById("prereq-status").textContent === "1 error"`)
		kept(t, "after a bad edit")
	})
	t.Run("fix", func(t *testing.T) {
		write("content/01-app/02-platforms.md", platformsV2)(t, dir)
		waitJS(t, ctx, "the overlay to go", `document.getElementById("prereq-errors") === null`)
		kept(t, "after the fix")
	})
	t.Run("flip a fact", func(t *testing.T) {
		if got := js[string](t, ctx, `document.getElementById("step-create-channel").getAttribute("data-status")`); got != "skipped" {
			t.Fatalf("create-channel is %s before the flip, want skipped", got)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS("#prereq-facts > summary")), chromedp.Click(chromedp.ID("prereq-fact-has_channel")))
		waitJS(t, ctx, "create-channel to be todo", `document.getElementById("step-create-channel").getAttribute("data-status") === "todo"`)
		if got := js[string](t, ctx, `document.getElementById("prereq-live").getAttribute("data-update")`); got != "page" {
			t.Errorf("a flipped fact was swapped in by %q, want page", got)
		}
		if got := js[string](t, ctx, `location.search`); got != "?has_channel=false" {
			t.Errorf("location.search = %q", got)
		}
		if !js[bool](t, ctx, `window.__marker === 1 && document.getElementById("check-connect").checked`) {
			t.Error("flipping a fact reloaded the page or lost a tick")
		}
		if !js[bool](t, ctx, `document.activeElement && document.activeElement.id === "prereq-fact-has_channel"`) {
			t.Error("the switch lost focus")
		}
		// An edit while facts are overridden keeps them.
		write("content/02-channel/02-connect.md", "+++\ntitle = \"Connect the channel\"\n+++\nConnect it, edited.\n")(t, dir)
		waitJS(t, ctx, "the edit", `document.getElementById("step-connect").textContent.includes("Connect it, edited.")`)
		if got := js[string](t, ctx, `document.getElementById("step-create-channel").getAttribute("data-status")`); got != "todo" {
			t.Errorf("after an edit with an override, create-channel is %s, want todo", got)
		}
		if !js[bool](t, ctx, `window.__marker === 1 && document.getElementById("check-connect").checked`) {
			t.Error("an edit with an override reloaded the page or lost a tick")
		}
	})
	t.Run("styles changed: full reload", func(t *testing.T) {
		write("templates/style.css", "/* changed style */ body { margin: 0; }\n")(t, dir)
		// The reloaded page's own script has run (it defines
		// prereqChecklist, then restores the ticks) before the tick is
		// looked at: the new page's elements exist earlier.
		waitJS(t, ctx, "the new style", `window.__marker === undefined && document.head.innerHTML.includes("/* changed style */") && window.prereqChecklist !== undefined && document.getElementById("prereq-live") !== null`)
		if !js[bool](t, ctx, `document.getElementById("check-connect").checked`) {
			t.Error("a tick did not survive the reload")
		}
		if got := js[string](t, ctx, `location.search`); got != "?has_channel=false" {
			t.Errorf("after the reload location.search = %q", got)
		}
	})
}

// stepID is a step file's default id.
func stepID(file string) string {
	name := strings.TrimSuffix(filepath.Base(file), ".md")
	for i, r := range name {
		if r < '0' || r > '9' {
			if i > 0 && (r == '-' || r == '_') {
				return name[i+1:]
			}
			break
		}
	}
	return name
}

// TestBrowserAccessible runs axe-core on served pages with the facts panel
// open, then with the error overlay over it too, and on the error page of a
// guide that never built (which the fix then replaces with the checklist),
// and the W3C Nu checker on their HTML (all in one run of the checker, at
// the end).
func TestBrowserAccessible(t *testing.T) {
	t.Parallel()
	ctx := browser.Tab(t)
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	pages := t.TempDir()
	var files, names []string // the served HTML, for the Nu checker
	check := func(t *testing.T, ts *testServer, name, path string) {
		t.Helper()
		if v := browsertest.Axe(t, ctx); len(v) > 0 {
			t.Errorf("axe-core on the %s page:\n%s", name, strings.Join(v, "\n"))
		}
		file := filepath.Join(pages, fmt.Sprintf("%d.html", len(files)))
		if err := os.WriteFile(file, []byte(body(t, get(t, ts.Server, path))), 0o644); err != nil {
			t.Fatal(err)
		}
		files, names = append(files, file), append(names, name)
	}
	t.Run("facts panel", func(t *testing.T) {
		openLive(t, ctx, ts.base+"/?has_channel=false&plan=pro")
		do(t, ctx, chromedp.WaitVisible(chromedp.ID("prereq-fact-seats")))
		check(t, ts, "facts panel", "/?has_channel=false&plan=pro")
	})
	// The overlay comes over the same page (axe-core, already in it, runs
	// again without loading it again).
	t.Run("error overlay", func(t *testing.T) {
		write("content/01-app/02-platforms.md", badPlatforms)(t, dir)
		waitJS(t, ctx, "the overlay", `document.getElementById("prereq-errors") !== null`)
		check(t, ts, "error overlay", "/")
	})
	// A guide that never built shows the error page, until it is fixed.
	t.Run("error page", func(t *testing.T) {
		files := maps.Clone(smallSite)
		files["content/01-app/02-platforms.md"] = badPlatforms
		dir := newSite(t, files)
		ts := startServer(t, dir, nil)
		openLive(t, ctx, ts.base+"/")
		if text := js[string](t, ctx, `document.body.innerText`); !strings.Contains(text, "content/01-app/02-platforms.md:3:1: unknown front matter key wen") {
			t.Errorf("error page:\n%s", text)
		}
		check(t, ts, "error page", "/")
		write("content/01-app/02-platforms.md", platformsV2)(t, dir)
		waitJS(t, ctx, "the checklist", `document.getElementById("step-platforms") !== null && document.getElementById("prereq-errors") === null`)
	})
	if len(files) == 0 {
		return
	}
	for file, msgs := range browsertest.ValidateFiles(t, files...) {
		t.Errorf("Nu HTML checker on the %s page:\n%s", names[slices.Index(files, file)], strings.Join(msgs, "\n"))
	}
}

// TestBrowserGuideLive: the guide page follows an edit under it without a
// reload, and keeps the reader's answers and what they decide.
func TestBrowserGuideLive(t *testing.T) {
	t.Parallel()
	ctx := browser.Tab(t)
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	openLive(t, ctx, ts.base+"/guide.html#existing_app=true")
	skipped := `document.getElementById("step-register-app").dataset.status === "skipped"`
	waitJS(t, ctx, "the answer applied", skipped)
	js[bool](t, ctx, `(window.__marker = 1, true)`)

	write("content/01-app/02-platforms.md", platformsV2)(t, dir)
	waitJS(t, ctx, "the new text", `document.getElementById("step-platforms").textContent.includes("Add the iOS platform: FINAL.")`)
	if !js[bool](t, ctx, `window.__marker === 1`) {
		t.Error("the guide page was reloaded")
	}
	if !js[bool](t, ctx, skipped+` && location.hash === "#existing_app=true"`) {
		t.Error("the guide page lost the reader's answers, or what they decide")
	}
}

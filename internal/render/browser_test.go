package render_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"prereq/internal/browsertest"
	"prereq/internal/plan"
)

// The browser tests open the Kakao guide's checklist in headless Chromium,
// one browser for the package (see TestMain), each test in tabs of its own
// that see nothing another test stored. They skip without a browser, java or
// the npm tools, unless CI=true (see package browsertest).
//
// They run in parallel, and each serves its pages from an origin of its own
// (served): a page keeps its ticks in its origin's localStorage, so no test
// sees what another ticks while both run. Every file:// page shares one
// origin, so the one test that reads ticks back from a file:// page,
// TestBrowserTicksPersist, runs before them, alone. A new tab costs the
// browser a process, so a test opens its pages one after another in a tab.

var browser browsertest.Shared

// writePage renders a test page into a new folder as index.html, and
// returns the file and the plan.
func writePage(t *testing.T, tp testPage, minify bool) (string, *plan.Plan) {
	t.Helper()
	page, p := renderPage(t, tp, minify)
	file := filepath.Join(t.TempDir(), "index.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	return file, p
}

// todoIDs lists the ids of the steps to do, in order.
func todoIDs(p *plan.Plan) []string {
	var ids []string
	for _, s := range p.Sections {
		for _, st := range s.Steps {
			if st.Status == plan.Todo {
				ids = append(ids, st.ID)
			}
		}
	}
	return ids
}

// run runs a chromedp action and fails the test on an error.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return run(t, ctx, expr, chromedp.Evaluate[T](expr))
}

// ticked returns the ids of the ticked steps.
func ticked(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("input[data-check]:checked"), b => b.dataset.check)`)
}

// progress returns the progress text and the value of the progress bar.
func progress(t *testing.T, ctx context.Context) (string, int) {
	t.Helper()
	r := eval[struct {
		Text  string
		Value int
	}](t, ctx, `({Text: document.getElementById("progress-text").textContent, Value: document.getElementById("progress-bar").value})`)
	return r.Text, r.Value
}

// noScriptTab returns a tab of the shared browser with JavaScript off, as
// for a reader who has turned it off. <noscript> elements render in it.
func noScriptTab(t *testing.T) context.Context {
	t.Helper()
	ctx := browser.Tab(t)
	run(t, ctx, "switching JavaScript off", browsertest.DisableScripts())
	return ctx
}

// tick clicks the checkbox of a step, as a reader does.
func tick(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	run(t, ctx, "clicking "+id, chromedp.Click(chromedp.ID("check-"+id)))
}

// served serves the folder of file on an origin of the test's own, until
// the test ends, and returns the file's URL there: the folder's for an
// index.html, as a web server gives it.
func served(t *testing.T, file string) string {
	t.Helper()
	base := browsertest.Serve(t, filepath.Dir(file)) + "/"
	if name := filepath.Base(file); name != "index.html" {
		return base + name
	}
	return base
}

// waitFor waits until a JavaScript expression is true in the page.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
}

// TestBrowserTicksPersist ticks two steps, reloads, and finds them ticked
// and counted, from disk and over HTTP. It does not run in parallel: every
// file:// page shares one origin's localStorage, and each test's tab
// clears it when the test ends.
func TestBrowserTicksPersist(t *testing.T) {
	file, p := writePage(t, kakaoPages[0], true)
	ids := todoIDs(p)
	ctx := browser.Tab(t)
	urls := map[string]string{"file": browsertest.FileURL(file), "http": served(t, file)}
	for _, scheme := range []string{"file", "http"} {
		t.Run(scheme, func(t *testing.T) {
			browsertest.Open(t, ctx, urls[scheme])
			if text, _ := progress(t, ctx); text != fmt.Sprintf("0 of %d done", len(ids)) {
				t.Errorf("progress before ticking = %q", text)
			}
			tick(t, ctx, ids[0])
			tick(t, ctx, ids[2])
			want := []string{ids[0], ids[2]}
			wantText := fmt.Sprintf("2 of %d done", len(ids))
			if text, value := progress(t, ctx); text != wantText || value != 2 {
				t.Errorf("progress after two ticks = %q, %d; want %q, 2", text, value, wantText)
			}
			run(t, ctx, "reloading", chromedp.Reload())
			if got := ticked(t, ctx); !slices.Equal(got, want) {
				t.Errorf("ticked after reload = %q, want %q", got, want)
			}
			if text, value := progress(t, ctx); text != wantText || value != 2 {
				t.Errorf("progress after reload = %q, %d; want %q, 2", text, value, wantText)
			}

			// Unticking is saved too, and reset clears everything.
			tick(t, ctx, ids[0])
			run(t, ctx, "reloading", chromedp.Reload())
			if got := ticked(t, ctx); !slices.Equal(got, []string{ids[2]}) {
				t.Errorf("ticked after unticking %s and reloading = %q", ids[0], got)
			}
			run(t, ctx, "resetting", chromedp.Click(chromedp.ID("reset")))
			run(t, ctx, "reloading", chromedp.Reload())
			if got := ticked(t, ctx); len(got) != 0 {
				t.Errorf("ticked after reset = %q, want none", got)
			}
		})
	}
}

// TestBrowserShareLink copies the link with one reader's progress and opens
// it for another reader who has ticks of their own: both sets are ticked.
// Each reader is a subtest, one after the other in one tab (a tab costs a
// renderer process); bob reads as on another computer, where nothing alice
// stored is: the page keeps ticks in localStorage only, which alice's page
// clears when she is done.
func TestBrowserShareLink(t *testing.T) {
	t.Parallel()
	file, p := writePage(t, kakaoPages[0], false)
	ids := todoIDs(p)
	url := served(t, file)
	tab := browser.Tab(t)

	var link string
	t.Run("alice", func(t *testing.T) {
		alice := tab
		browsertest.Open(t, alice, url)
		tick(t, alice, ids[1])
		tick(t, alice, ids[3])
		run(t, alice, "copying the link", chromedp.Click(chromedp.ID("copy-link")))
		waitFor(t, alice, `document.getElementById("share-link").value !== ""`)
		link = eval[string](t, alice, `document.getElementById("share-link").value`)
		if want := url + "#done=" + ids[1] + "," + ids[3]; link != want {
			t.Fatalf("shared link = %q, want %q", link, want)
		}
		eval[bool](t, alice, `(localStorage.clear(), true)`)
	})
	if t.Failed() {
		return
	}
	t.Run("bob", func(t *testing.T) {
		bob := tab
		browsertest.Open(t, bob, url)
		if got := ticked(t, bob); len(got) != 0 {
			t.Fatalf("bob sees ticks before opening the link: %q", got)
		}
		tick(t, bob, ids[0])
		browsertest.Open(t, bob, "about:blank")
		browsertest.Open(t, bob, link)
		want := []string{ids[0], ids[1], ids[3]}
		if got := ticked(t, bob); !slices.Equal(got, want) {
			t.Errorf("ticked after opening the shared link = %q, want %q", got, want)
		}
		if text, _ := progress(t, bob); text != fmt.Sprintf("3 of %d done", len(ids)) {
			t.Errorf("progress after opening the shared link = %q", text)
		}
		if loc := eval[string](t, bob, `location.hash`); loc != "" {
			t.Errorf("location.hash after merging = %q, want it removed", loc)
		}
		run(t, bob, "reloading", chromedp.Reload())
		if got := ticked(t, bob); !slices.Equal(got, want) {
			t.Errorf("ticked after reloading = %q, want %q", got, want)
		}
	})
}

// TestBrowserSkippedLinks checks that links into the skipped group open it,
// on the Korean page (whose progress text puts the total first).
func TestBrowserSkippedLinks(t *testing.T) {
	t.Parallel()
	file, _ := writePage(t, kakaoPages[1], true)
	url := served(t, file)
	ctx := browser.Tab(t)
	browsertest.Open(t, ctx, url)
	if eval[bool](t, ctx, `document.getElementById("skipped").open`) {
		t.Fatal("the skipped group is open on load, want it collapsed")
	}
	tick(t, ctx, "confirm-qualification")
	if text, _ := progress(t, ctx); text != "5개 중 1개 완료" {
		t.Errorf("Korean progress after one tick = %q, want %q", text, "5개 중 1개 완료")
	}
	run(t, ctx, "clicking the summary link", chromedp.Click(chromedp.CSS(`.summary a[href="#skipped"]`)))
	if !eval[bool](t, ctx, `document.getElementById("skipped").open`) {
		t.Error("the summary link did not open the skipped group")
	}
	// The link under a section to its skipped steps.
	eval[bool](t, ctx, `(document.getElementById("skipped").open = false, true)`)
	run(t, ctx, "clicking the link to a section's skipped steps", chromedp.Click(chromedp.CSS(`[data-section="channel"] .more-skipped a`)))
	if !eval[bool](t, ctx, `document.getElementById("skipped").open`) {
		t.Error("the link to a section's skipped steps did not open the skipped group")
	}
	// Opening the page at a skipped step opens the group too.
	browsertest.Open(t, ctx, "about:blank")
	browsertest.Open(t, ctx, url+"#step-register-app")
	if !eval[bool](t, ctx, `document.getElementById("skipped").open`) {
		t.Error("opening the page at a skipped step did not open the skipped group")
	}
}

// TestBrowserNoScript reads the checklist with JavaScript off: every step is
// there and every step to do is shown with its checkbox; what needs the
// script is not shown.
func TestBrowserNoScript(t *testing.T) {
	t.Parallel()
	ctx := noScriptTab(t)
	for _, tp := range kakaoPages {
		t.Run(tp.name, func(t *testing.T) {
			file, p := writePage(t, tp, true)
			browsertest.Open(t, ctx, served(t, file))
			for _, s := range p.Sections {
				for _, st := range s.Steps {
					checkShown(t, ctx, st)
				}
			}
			for _, sel := range []string{".progress", ".controls", "#copy-link", "#reset"} {
				if visible(t, ctx, sel) {
					t.Errorf("%s is shown with JavaScript off", sel)
				}
			}
			if !visible(t, ctx, ".hint") {
				t.Error("the note asking to turn JavaScript on is not shown")
			}
			// The skipped group opens without the script.
			run(t, ctx, "opening the skipped group", chromedp.Click(chromedp.CSS("#skipped > summary")))
			for _, s := range p.Sections {
				for _, st := range s.Steps {
					if st.Status == plan.Skipped && !visible(t, ctx, "#step-"+st.ID) {
						t.Errorf("skipped step %s is not shown in the opened group", st.ID)
					}
				}
			}
		})
	}
}

// checkShown checks a step with JavaScript off: present; shown with its
// checkbox when to do; inside the collapsed group when skipped.
func checkShown(t *testing.T, ctx context.Context, st *plan.Step) {
	t.Helper()
	sel := "#step-" + st.ID
	if !eval[bool](t, ctx, fmt.Sprintf(`document.querySelector(%q) !== null`, sel)) {
		t.Errorf("step %s is missing", st.ID)
		return
	}
	if st.Status == plan.Skipped {
		return
	}
	if !visible(t, ctx, sel) || !visible(t, ctx, "#check-"+st.ID) {
		t.Errorf("step %s or its checkbox is not shown", st.ID)
	}
}

// visible reports whether the element of a CSS selector takes up space.
func visible(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	return eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden"; })()`, sel))
}

// TestBrowserValid checks every test page (allPages), minified and not,
// with the W3C Nu HTML checker, and with axe-core in the states of
// checklistStates: as loaded, and at a phone width with steps ticked, the
// share link shown and the skipped group open. axe-core checks the
// minified page, which prereq build writes by default; the page as written
// is shown to be the same document in each state (checkStates), as one axe
// run costs about a second of CPU. The checker runs once, on these pages and on every
// other page the browser tests check (the guide pages of guideSites,
// TestBrowserKorean's page with English parts, and internal/markdown's page
// of every Markdown case, markdownCases, which axe-core checks too): a Java
// VM takes seconds to start. It runs beside the pages' axe runs, which run in tabs of the
// shared browser.
func TestBrowserValid(t *testing.T) {
	t.Parallel()
	type variant struct {
		name, file string
	}
	var vs []variant
	for _, tp := range allPages {
		for _, minify := range []bool{false, true} {
			file, _ := writePage(t, tp, minify)
			vs = append(vs, variant{fmt.Sprintf("%s/minify=%v", tp.name, minify), file})
		}
	}
	t.Run("Nu HTML checker", func(t *testing.T) {
		t.Parallel()
		names := map[string]string{} // file -> what the test calls it
		for _, v := range vs {
			names[v.file] = v.name
		}
		for _, gs := range guideSites {
			for _, minify := range []bool{false, true} {
				file, _ := writeGuideIn(t, gs.dir(t), gs.lang, minify)
				names[file] = fmt.Sprintf("guide page %s/minify=%v", gs.name, minify)
			}
		}
		names[writeMixed(t)] = "the Korean page with English parts"
		names[markdownCases] = markdownCases
		files := slices.Sorted(maps.Keys(names))
		errs := browsertest.ValidateFiles(t, files...)
		for _, file := range files {
			for _, e := range errs[file] {
				t.Errorf("%s: %s", names[file], e)
			}
		}
	})
	// The pages one after another in one tab (a tab costs a renderer
	// process), each form from an origin of its own.
	t.Run("axe-core", func(t *testing.T) {
		t.Parallel()
		ctx := browser.Tab(t)
		for i := 0; i < len(vs); i += 2 {
			name, _, _ := strings.Cut(vs[i].name, "/")
			t.Run(name, func(t *testing.T) {
				checkStates(t, ctx, served(t, vs[i].file), served(t, vs[i+1].file), checklistStates)
			})
		}
		t.Run("markdown cases", func(t *testing.T) {
			browsertest.Open(t, ctx, served(t, markdownCases))
			report(t, "as loaded", browsertest.Axe(t, ctx))
		})
	})
}

// markdownCases is internal/markdown's page of every Markdown case, which
// its TestHTMLPage keeps up to date, for TestBrowserValid to check with the
// pages of this package.
var markdownCases = filepath.Join("..", "markdown", "testdata", "page.html")

// checklistStates are the states in which axe-core checks a checklist,
// each reached from the one before it.
var checklistStates = []state{
	{"as loaded", nil},
	// One state for the scripted changes and the phone's width: an axe run
	// costs a second of CPU, and the scripted parts are as loaded at the
	// desktop's width in every colour and style.
	{"at a phone width, with ticks, the share link and the skipped group open", func(t *testing.T, ctx context.Context, url string) {
		run(t, ctx, "narrowing the window", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
		eval[bool](t, ctx, `(() => {
			document.querySelector("input[data-check]")?.click();
			document.getElementById("copy-link")?.click();
			const skipped = document.getElementById("skipped");
			if (skipped) skipped.open = true;
			return true;
		})()`)
		// The copy's outcome is said once the clipboard answers.
		waitFor(t, ctx, `!document.getElementById("copy-link") || document.getElementById("share-status").textContent !== ""`)
	}},
}

// A state is one in which axe-core checks a page: reach brings the page
// there from the state before it, in the tab ctx where url is open (nil:
// as loaded).
type state struct {
	name  string
	reach func(t *testing.T, ctx context.Context, url string)
}

// checkStates opens a page as written (url) and then minified (minURL),
// in the tab ctx at a desktop width with JavaScript on, and brings each
// through the states one after another. It runs axe-core on the minified
// page, which prereq build writes by default, in each state, and wants the
// page as written to be the same document there (sameDocument), so that
// the run checks it too: the minifier changes the bytes, not what the
// browser makes of them.
func checkStates(t *testing.T, ctx context.Context, url, minURL string, states []state) {
	t.Helper()
	var written []document
	for _, u := range []string{url, minURL} {
		run(t, ctx, "widening the window", chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return chromedp.Void{}, err
		}))
		run(t, ctx, "switching JavaScript on", browsertest.EnableScripts())
		browsertest.Open(t, ctx, u)
		for i, s := range states {
			if s.reach != nil {
				s.reach(t, ctx, u)
			}
			doc := eval[document](t, ctx, readDocument)
			if u == url {
				written = append(written, doc)
				continue
			}
			sameDocument(t, s.name, written[i], doc)
			report(t, s.name, browsertest.Axe(t, ctx))
		}
	}
}

// A document is what the browser made of a page, as readDocument reads it.
type document struct {
	Elements []string // each element in document order: depth, tag, attributes, text
	Rules    []string // each CSS rule of the style sheets, as the browser serializes it
	Text     string   // the body's text as rendered (innerText)
}

// readDocument is JavaScript that returns the document of the page: its
// elements with their attributes (an inline style as the browser reads
// it, the viewport's content without spaces) and their text with white
// space collapsed and trimmed, children marked <>; the text of scripts,
// style sheets and <noscript> (raw text while JavaScript is on) left out;
// the rules of its style sheets; and the text as rendered, which holds the
// spaces that matter. Two pages whose documents are equal have the same
// elements in the same styles, laid out alike.
const readDocument = `(() => {
	const elements = [];
	const walk = (el, depth) => {
		const tag = el.tagName.toLowerCase();
		const attrs = Array.from(el.attributes, a => {
			let v = a.value;
			if (a.name === "style") v = el.style.cssText;
			else if (tag === "meta" && a.name === "content" && el.name === "viewport") v = v.replace(/\s+/g, "");
			return a.name + "=" + JSON.stringify(v);
		}).sort();
		let text = "";
		if (tag === "script" || tag === "style" || tag === "noscript") text = "(" + tag + ")";
		else for (const c of el.childNodes) text += c.nodeType === 3 ? c.data.replace(/\s+/g, " ").trim() : c.nodeType === 1 ? "<>" : "";
		elements.push(depth + " <" + [tag, ...attrs].join(" ") + "> " + text);
		for (const c of el.children) walk(c, depth + 1);
	};
	walk(document.documentElement, 0);
	const rules = [];
	const add = (list, depth) => {
		for (const r of list) {
			rules.push(depth + " " + (r.cssRules ? r.cssText.slice(0, r.cssText.indexOf("{")) : r.cssText));
			if (r.cssRules) add(r.cssRules, depth + 1);
		}
	};
	for (const sheet of document.styleSheets) add(sheet.cssRules, 0);
	return {elements, rules, text: document.body.innerText};
})()`

// sameDocument reports where the minified page's document differs from
// the page's as written, in the state named state.
func sameDocument(t *testing.T, state string, written, minified document) {
	t.Helper()
	diff := func(what string, w, m []string) {
		if slices.Equal(w, m) {
			return
		}
		i := 0
		for i < min(len(w), len(m)) && w[i] == m[i] {
			i++
		}
		at := func(s []string) string { return strings.Join(s[i:min(len(s), i+3)], "\n    ") }
		t.Errorf("%s: the minified page's %s differ from the page's as written, first at %d (of %d as written, %d minified):\nas written:\n    %s\nminified:\n    %s",
			state, what, i+1, len(w), len(m), at(w), at(m))
	}
	diff("elements", written.Elements, minified.Elements)
	diff("style rules", written.Rules, minified.Rules)
	if written.Text != minified.Text {
		diff("lines of rendered text", strings.Split(written.Text, "\n"), strings.Split(minified.Text, "\n"))
	}
}

func report(t *testing.T, state string, violations []string) {
	t.Helper()
	for _, v := range violations {
		t.Errorf("axe, %s: %s", state, v)
	}
}

// TestBrowserScreenshots writes docs/screenshot-desktop.png,
// docs/screenshot-phone.png and docs/screenshot-print.png, for the README,
// when PREREQ_SCREENSHOTS=1 (TestBrowserKorean writes the Korean ones).
// Review them after a change to the templates.
func TestBrowserScreenshots(t *testing.T) {
	if os.Getenv("PREREQ_SCREENSHOTS") != "1" {
		t.Skip("set PREREQ_SCREENSHOTS=1 to write docs/screenshot-*.png")
	}
	file, p := writePage(t, kakaoPages[0], true)
	ids := todoIDs(p)
	// Each shot shows the top of the page with a few steps ticked: on a
	// phone, the first steps under the folded introduction; printed, the
	// first page.
	for _, s := range screenshots {
		t.Run(s.name, func(t *testing.T) {
			ctx := browser.Tab(t)
			screenshot(t, ctx, s, served(t, file), ids[:2], filepath.Join("..", "..", "docs", "screenshot-"+s.name+".png"))
		})
	}
}

// shot is a window to take a screenshot in.
type shot struct {
	name          string
	width, height int64
	scale         float64
	mobile, print bool
}

// screenshots are the windows of the README's screenshots: a desktop, a
// phone, and an A4 page as printed.
var screenshots = []shot{
	{"desktop", 1280, 900, 1, false, false},
	{"phone", phoneWidth, phoneHeight, 2, true, false},
	{"print", 794, 1123, 1, false, true},
}

// screenshot opens url in a window the size of s, ticks the steps ids, and
// writes a screenshot of the top of the page to out.
func screenshot(t *testing.T, ctx context.Context, s shot, url string, ids []string, out string) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(s.scale)}
	if s.mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	run(t, ctx, "sizing the window", chromedp.EmulateViewport(s.width, s.height, opts...))
	if s.print {
		emulatePrint(t, ctx)
	}
	browsertest.Open(t, ctx, url)
	for _, id := range ids {
		if s.print {
			break // printed with empty boxes
		}
		eval[bool](t, ctx, fmt.Sprintf(`(document.getElementById(%q).click(), true)`, "check-"+id))
	}
	eval[bool](t, ctx, "(window.scrollTo(0, 0), true)")
	png := run(t, ctx, "taking the screenshot", chromedp.CaptureScreenshot())
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", out)
}

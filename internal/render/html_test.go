package render_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/checklisttest"
	"prereq/internal/markdown"
	"prereq/internal/plan"
	"prereq/internal/render"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// testPage is a guide rendered for one site file.
type testPage struct {
	name string // also the golden file's name: testdata/NAME.golden
	dir  string // the site folder, holding content/
	site string // the site file
	lang string // the interface language it gives
}

// kakaoPages are the repository's own guide (content/) rendered for two
// partners, one per interface language.
var kakaoPages = []testPage{
	{"kakao-en", "../..", "testdata/acme-en.toml", "en"},
	{"kakao-ko", "../..", "testdata/acme-ko.toml", "ko"},
}

// miniPages are a small guide of edge cases (testdata/mini): a role without
// a holder, a todo section whose steps are all skipped, every callout, a
// task list, headings at odd levels; and the same guide with nothing to do.
var miniPages = []testPage{
	{"mini", "testdata/mini", "testdata/mini/site.toml", "en"},
	{"mini-all-skipped", "testdata/mini", "testdata/mini/all-skipped.toml", "ko"},
}

// allPages are every page the tests check.
var allPages = append(slices.Clone(kakaoPages), miniPages...)

// renderPage renders a test page's index.html and returns it with its plan.
func renderPage(t *testing.T, tp testPage, minify bool) ([]byte, *plan.Plan) {
	t.Helper()
	in, errs := build.Load(build.Options{SiteDir: tp.dir, SiteFile: tp.site})
	if errs != nil {
		t.Fatalf("loading %s for %s:\n%s", tp.dir, tp.site, errs)
	}
	out, err := build.Render(in, minify)
	if err != nil {
		t.Fatalf("rendering %s: %v", tp.name, err)
	}
	checklisttest.Check(t, tp.name+" checklist.json", out["checklist.json"])
	p, errs := plan.Make(in.Guide, in.Site)
	if errs != nil {
		t.Fatalf("planning %s:\n%s", tp.name, errs)
	}
	return out["index.html"], p
}

func TestGolden(t *testing.T) {
	for _, tp := range allPages {
		t.Run(tp.name, func(t *testing.T) {
			page, _ := renderPage(t, tp, false)
			golden := filepath.Join("testdata", tp.name+".golden")
			if *update {
				if err := os.WriteFile(golden, page, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(page, want) {
				t.Errorf("index.html differs from %s (run go test -update and review the diff):\n%s", golden, firstDiff(want, page))
			}
		})
	}
}

// firstDiff shows the first line that differs between want and got.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, wl, gl)
		}
	}
	return "(only line endings differ)"
}

func TestDeterministic(t *testing.T) {
	for _, minify := range []bool{false, true} {
		a, _ := renderPage(t, kakaoPages[1], minify)
		b, _ := renderPage(t, kakaoPages[1], minify)
		if !bytes.Equal(a, b) {
			t.Errorf("minify=%v: two renders differ:\n%s", minify, firstDiff(a, b))
		}
	}
}

// TestContract checks the HTML contract (docs/outputs.md) on every test page,
// minified and not.
func TestContract(t *testing.T) {
	for _, tp := range allPages {
		for _, minify := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/minify=%v", tp.name, minify), func(t *testing.T) {
				page, p := renderPage(t, tp, minify)
				doc := parseDOM(t, page)
				checkPage(t, doc, p, tp.lang)
				checkSections(t, doc, p)
				checkSteps(t, doc, p)
				checkSummary(t, doc, p)
				checkHeadings(t, doc)
				checkXrefs(t, doc)
			})
		}
	}
}

func checkPage(t *testing.T, doc *node, p *plan.Plan, lang string) {
	t.Helper()
	htmlEl := doc.all(byTag("html"))
	if len(htmlEl) != 1 || htmlEl[0].attrs["lang"] != lang {
		t.Errorf("<html lang> = %v, want %q", htmlEl, lang)
	}
	for _, tag := range []string{"header", "nav", "main", "footer"} {
		if n := len(doc.all(byTag(tag))); n != 1 {
			t.Errorf("%d <%s> landmarks, want 1", n, tag)
		}
	}
	if n := len(doc.all(func(n *node) bool { return n.has("data-storage-key") })); n != 1 {
		t.Errorf("%d elements with data-storage-key, want 1", n)
	}
	// Self-contained: nothing loads from anywhere; an image holds its
	// picture as a data: URI, with its size, and says what it shows (the
	// logo beside the title shows nothing the title does not say: alt="");
	// a canonical link names the page's address and loads nothing.
	for _, e := range doc.all(func(n *node) bool {
		return n.has("src") || n.tag == "link" && n.attrs["rel"] != "canonical" || n.tag == "iframe"
	}) {
		alt := e.attrs["alt"] != "" || e.attrs["class"] == "logo" && e.has("alt")
		if e.tag == "img" && strings.HasPrefix(e.attrs["src"], "data:image/") && e.attrs["width"] != "" && e.attrs["height"] != "" && alt {
			continue
		}
		t.Errorf("<%s %.200v> loads a resource; the page must be self-contained", e.tag, e.attrs)
	}
	// Ids are unique.
	seen := map[string]bool{}
	for _, e := range doc.all(func(n *node) bool { return n.has("id") }) {
		if seen[e.attrs["id"]] {
			t.Errorf("id %q is used twice", e.attrs["id"])
		}
		seen[e.attrs["id"]] = true
	}
	// Local links point at something.
	for _, a := range doc.all(byTag("a")) {
		if href := a.attrs["href"]; strings.HasPrefix(href, "#") && !seen[href[1:]] {
			t.Errorf("link %q (%s) points at no element", href, a.textContent())
		}
	}
	// What needs JavaScript is hidden until the script shows it.
	for _, e := range doc.all(func(n *node) bool { return n.has("data-js") }) {
		if !e.has("hidden") {
			t.Errorf("<%s class=%q> has data-js but no hidden attribute", e.tag, e.attrs["class"])
		}
	}
	for _, b := range doc.all(byTag("button")) {
		if !b.within(func(n *node) bool { return n.has("data-js") }) {
			t.Errorf("button %q is shown without JavaScript", b.textContent())
		}
	}
}

func checkSections(t *testing.T, doc *node, p *plan.Plan) {
	t.Helper()
	details := doc.all(byAttr("id", "skipped"))
	if p.Counts.Skipped == 0 {
		if len(details) != 0 {
			t.Errorf("a skipped group with nothing skipped, want none")
		}
	} else {
		if len(details) != 1 || details[0].tag != "details" || details[0].has("open") {
			t.Fatalf("want one collapsed <details id=skipped>, got %d", len(details))
		}
		sum := details[0].all(byTag("summary"))
		want := "Not needed for " + p.Service
		if p.Language == "ko" {
			want = p.Service + "에 필요 없는 단계"
		}
		if len(sum) != 1 || !strings.Contains(sum[0].textContent(), want) {
			t.Errorf("summary of the skipped group = %v, want it to say %q", sum, want)
		}
	}
	inSkipped := func(n *node) bool { return n.within(byAttr("id", "skipped")) }
	for _, s := range p.Sections {
		els := doc.all(byAttr("data-section", s.ID))
		if len(els) != 1 {
			t.Errorf("section %s: %d elements with data-section, want 1", s.ID, len(els))
			continue
		}
		e := els[0]
		if got := e.attrs["data-status"]; got != string(s.Status) {
			t.Errorf("section %s: data-status %q, want %q", s.ID, got, s.Status)
		}
		if inSkipped(e) != (s.Status == plan.Skipped) {
			t.Errorf("section %s (%s): inside the skipped group = %v", s.ID, s.Status, inSkipped(e))
		}
		if s.Status == plan.Skipped && !saysWhy(e.textContent(), s.Reason, s.Why, p) {
			t.Errorf("skipped section %s does not say why (%q)", s.ID, s.Reason)
		}
	}
}

func checkSteps(t *testing.T, doc *node, p *plan.Plan) {
	t.Helper()
	checkboxes := doc.all(func(n *node) bool { return n.tag == "input" && n.attrs["type"] == "checkbox" })
	if len(checkboxes) != p.Counts.Todo {
		t.Errorf("%d checkboxes, want one for each of the %d steps to do", len(checkboxes), p.Counts.Todo)
	}
	labels := map[string]*node{}
	for _, l := range doc.all(byTag("label")) {
		labels[l.attrs["for"]] = l
	}
	for _, s := range p.Sections {
		for _, st := range s.Steps {
			els := doc.all(byAttr("id", "step-"+st.ID))
			if len(els) != 1 {
				t.Errorf("step %s: %d elements with id step-%s, want 1", st.ID, len(els), st.ID)
				continue
			}
			checkStep(t, els[0], st, labels, p)
		}
	}
}

func checkStep(t *testing.T, e *node, st *plan.Step, labels map[string]*node, p *plan.Plan) {
	t.Helper()
	if e.attrs["data-step"] != st.ID || e.attrs["data-status"] != string(st.Status) {
		t.Errorf("step %s: data-step %q data-status %q, want %q %q", st.ID, e.attrs["data-step"], e.attrs["data-status"], st.ID, st.Status)
	}
	if got := e.attrs["data-required"]; (got == "true") != st.Required || (got != "" && got != "true") {
		t.Errorf("step %s: data-required %q, required %v", st.ID, got, st.Required)
	}
	if st.Role != nil {
		checkRoleBadge(t, e, st)
	} else if e.has("data-role") {
		t.Errorf("step %s has data-role %q but no role", st.ID, e.attrs["data-role"])
	}
	boxes := e.all(byTag("input"))
	inSkipped := e.within(byAttr("id", "skipped"))
	if st.Status == plan.Skipped {
		if len(boxes) != 0 || !inSkipped {
			t.Errorf("skipped step %s: %d inputs, in the skipped group %v; want none, true", st.ID, len(boxes), inSkipped)
		}
		if !saysWhy(e.textContent(), st.Reason, st.Why, p) {
			t.Errorf("skipped step %s does not say why (%q): %q", st.ID, st.Reason, e.textContent())
		}
		if len(e.all(func(n *node) bool { return strings.Contains(n.attrs["class"], "badge-required") })) > 0 {
			t.Errorf("skipped step %s has a Required badge", st.ID)
		}
		return
	}
	if inSkipped {
		t.Errorf("step %s to do is in the skipped group", st.ID)
	}
	if len(boxes) != 1 || boxes[0].attrs["type"] != "checkbox" {
		t.Errorf("step %s: %d inputs, want one checkbox", st.ID, len(boxes))
		return
	}
	l := labels[boxes[0].attrs["id"]]
	if l == nil || l.textContent() != st.Title {
		t.Errorf("step %s: checkbox label %v, want %q", st.ID, l, st.Title)
	}
	if w := render.ShownWait(st.Step, st.Lang); w != "" && !strings.Contains(e.textContent(), w) {
		t.Errorf("step %s does not show its wait %q", st.ID, w)
	}
	if st.Where != "" && !strings.Contains(e.textContent(), st.Where) {
		t.Errorf("step %s does not show where %q", st.ID, st.Where)
	}
	// A place the guide declares is its label, linking to its address.
	places := e.all(func(n *node) bool { return n.tag == "a" && n.attrs["class"] == "place" })
	switch {
	case st.WhereURL == "" && len(places) > 0:
		t.Errorf("step %s links where %q to %q, but its guide declares no place", st.ID, st.Where, places[0].attrs["href"])
	case st.WhereURL != "" && (len(places) != 1 || places[0].attrs["href"] != st.WhereURL || places[0].textContent() != st.Where):
		t.Errorf("step %s: place links %v, want one to %s labelled %q", st.ID, places, st.WhereURL, st.Where)
	}
}

func checkRoleBadge(t *testing.T, e *node, st *plan.Step) {
	t.Helper()
	if e.attrs["data-role"] != st.Role.ID {
		t.Errorf("step %s: data-role %q, want %q", st.ID, e.attrs["data-role"], st.Role.ID)
	}
	badges := e.all(func(n *node) bool { return strings.Contains(n.attrs["class"], "badge-role") })
	if len(badges) != 1 {
		t.Errorf("step %s: %d role badges, want 1", st.ID, len(badges))
		return
	}
	text := badges[0].textContent()
	if !strings.Contains(text, st.Role.Label) || !strings.Contains(text, st.Role.Holder) {
		t.Errorf("step %s: role badge %q, want the label %q and the holder %q", st.ID, text, st.Role.Label, st.Role.Holder)
	}
}

func checkSummary(t *testing.T, doc *node, p *plan.Plan) {
	t.Helper()
	sums := doc.all(func(n *node) bool { return strings.Contains(n.attrs["class"], "summary") && n.tag == "section" })
	if len(sums) != 1 {
		t.Fatalf("%d summary sections, want 1", len(sums))
	}
	sum := sums[0]
	stat := func(class string) string {
		els := sum.all(func(n *node) bool { return strings.Contains(n.attrs["class"], class) })
		if len(els) == 0 {
			return ""
		}
		return els[0].all(func(n *node) bool { return n.attrs["class"] == "stat-n" })[0].textContent()
	}
	if got, want := stat("stat-todo"), fmt.Sprint(p.Counts.Todo); got != want {
		t.Errorf("summary: %s to do, want %s", got, want)
	}
	if got, want := stat("stat-skipped"), fmt.Sprint(p.Counts.Skipped); got != want {
		t.Errorf("summary: %s skipped, want %s", got, want)
	}
	for _, r := range p.Roles {
		els := sum.all(byAttr("data-role-count", r.ID))
		switch {
		case len(r.Steps) == 0 && len(els) > 0:
			t.Errorf("summary: role %s has no steps to do but is counted: %q", r.ID, els[0].textContent())
		case len(r.Steps) > 0 && (len(els) != 1 || !strings.HasPrefix(els[0].textContent(), fmt.Sprint(len(r.Steps))+" ")):
			t.Errorf("summary: role %s count %v, want %d", r.ID, els, len(r.Steps))
		}
		// The steps to hand over, linked.
		var links []string
		for _, a := range sum.all(byAttr("data-role-steps", r.ID)) {
			for _, l := range a.all(byTag("a")) {
				links = append(links, l.attrs["href"])
			}
		}
		var want []string
		for _, st := range r.Steps {
			want = append(want, "#step-"+st.ID)
		}
		if !slices.Equal(links, want) {
			t.Errorf("summary: links for role %s = %q, want %q", r.ID, links, want)
		}
	}
	for _, st := range p.Waits {
		if len(sum.all(byAttr("href", "#step-"+st.ID))) == 0 || !strings.Contains(sum.textContent(), render.ShownWait(st.Step, st.Lang)) {
			t.Errorf("summary does not list the wait of %s", st.ID)
		}
	}
}

// checkHeadings checks that headings go down one level at a time: h1, then
// h2 sections, h3 steps, h4 in step bodies.
func checkHeadings(t *testing.T, doc *node) {
	t.Helper()
	level := 0
	h1 := 0
	doc.walk(func(n *node) {
		if len(n.tag) != 2 || n.tag[0] != 'h' || n.tag[1] < '1' || n.tag[1] > '6' {
			return
		}
		l := int(n.tag[1] - '0')
		if l == 1 {
			h1++
		}
		if l > level+1 {
			t.Errorf("<%s> %q follows an h%d", n.tag, n.textContent(), level)
		}
		level = l
	})
	if h1 != 1 {
		t.Errorf("%d h1 elements, want 1", h1)
	}
}

// saysWhy reports whether text gives the reason: a skip_reason as written,
// a generated one (worded in the page's language) by its condition and the
// facts that made it false.
// saysWhy reports whether text gives the reason: a skip_reason as written,
// or a generated one by the question of each fact that decided it, and not
// by the condition's syntax.
func saysWhy(text, reason string, why *plan.Why, p *plan.Plan) bool {
	if why == nil { // its text, and what its cross-references name
		for _, sp := range markdown.SplitRefs(reason) {
			if sp.Ref == nil && !strings.Contains(text, strings.TrimSpace(sp.Text)) {
				return false
			}
		}
		return true
	}
	for _, b := range why.Facts {
		if !strings.Contains(text, p.Question(b.Name)) {
			return false
		}
	}
	return !strings.Contains(text, "`") && !strings.Contains(text, why.Because())
}

// checkXrefs checks that every cross-reference links to an element of the
// page, one marked skipped exactly when it is inside the skipped group.
func checkXrefs(t *testing.T, doc *node) {
	t.Helper()
	for _, a := range doc.all(func(n *node) bool { return n.tag == "a" && strings.Contains(n.attrs["class"], "xref") }) {
		id := strings.TrimPrefix(a.attrs["href"], "#")
		targets := doc.all(byAttr("id", id))
		if len(targets) != 1 {
			t.Errorf("cross-reference %q: %d elements with id %q, want 1", a.textContent(), len(targets), id)
			continue
		}
		skipped := strings.Contains(a.attrs["class"], "xref-skipped")
		if in := targets[0].within(byAttr("id", "skipped")); in != skipped {
			t.Errorf("cross-reference %q to #%s: marked skipped %v, target in the skipped group %v", a.textContent(), id, skipped, in)
		}
	}
}

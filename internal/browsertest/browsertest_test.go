package browsertest

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// shared is the one browser of this package's tests. Browser, which starts
// a browser of its own, is not tested here, to keep to one: the tests of
// markdown, cond and render start theirs with it.
var shared Shared

func TestMain(m *testing.M) { os.Exit(shared.Run(m)) }

// page returns a data: URL of the HTML document html.
func page(html string) string {
	return "data:text/html;charset=utf-8," + url.PathEscape(html)
}

const scriptPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>t</title></head>
<body><main><h1 id="h">Static</h1><noscript><p id="ns">No JavaScript</p></noscript>
<script>document.getElementById("h").textContent = "Scripted";</script></main></body></html>`

func TestServeAndTabs(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<!DOCTYPE html><html lang="en"><head><title>Served</title></head><body><p class="x">from disk</p></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Parallel()
	base := Serve(t, dir)
	ctx := shared.Tab(t)
	tab := NewTab(t, ctx)

	Open(t, ctx, base+"/index.html")
	Open(t, tab, FileURL(filepath.Join(dir, "index.html")))
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil || title != "Served" {
		t.Errorf("title over HTTP = %q, %v; want %q", title, err, "Served")
	}
	text, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("p.x")))
	if err != nil || text != "from disk" {
		t.Errorf("text over file:// = %q, %v; want %q", text, err, "from disk")
	}
	loc, err := chromedp.Run(tab, chromedp.Location())
	if err != nil || !strings.HasPrefix(loc, "file:///") {
		t.Errorf("location of the file tab = %q, %v; want a file:/// URL", loc, err)
	}
}

// TestServeHandler serves a handler, and then opens a data: page, in which
// the page's script runs, in the same tab.
func TestServeHandler(t *testing.T) {
	t.Parallel()
	base := ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><title>h</title></head><body><p id="p">` + r.URL.Path + `</p></body></html>`))
	}))
	ctx := shared.Tab(t)
	Open(t, ctx, base+"/some/path")
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("p")))
	if err != nil || got != "/some/path" {
		t.Errorf("text of #p = %q, %v; want %q", got, err, "/some/path")
	}

	Open(t, ctx, page(scriptPage))
	if got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#h"))); err != nil || got != "Scripted" {
		t.Errorf("text of #h on the data: page = %q, %v; want %q", got, err, "Scripted")
	}
}

func TestNoScript(t *testing.T) {
	t.Parallel()
	ctx := NoScript(t, shared.Tab(t))
	Open(t, ctx, page(scriptPage))
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#h")))
	if err != nil {
		t.Fatal(err)
	}
	if got != "Static" {
		t.Errorf("text of #h with JavaScript off = %q, want %q", got, "Static")
	}
	ns, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#ns")))
	if err != nil || ns != "No JavaScript" {
		t.Errorf("text of the <noscript> paragraph = %q, %v; want %q", ns, err, "No JavaScript")
	}

	// Axe switches JavaScript on for its run only; the page scripts stay
	// skipped, and the next page loads without JavaScript again.
	if vs := Axe(t, ctx); len(vs) != 0 {
		t.Errorf("Axe with JavaScript off = %q, want none", vs)
	}
	if got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#h"))); err != nil || got != "Static" {
		t.Errorf("text of #h after Axe = %q, %v; want %q", got, err, "Static")
	}
	Open(t, ctx, page(scriptPage))
	if got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#h"))); err != nil || got != "Static" {
		t.Errorf("text of #h on the next page = %q, %v; want %q", got, err, "Static")
	}
}

// TestValidate checks, in one run of the Nu checker (each starts a Java
// VM), a valid file, a file without a title, and a document with errors on
// two lines only, which must give those and nothing else: the valid lines
// around them give none. Validate is ValidateFiles of one file, the third.
func TestValidate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.html")
	noTitle := filepath.Join(dir, "bad page.html")
	lines := filepath.Join(dir, "lines.html")
	os.WriteFile(good, []byte(`<!DOCTYPE html><html lang="en"><head><title>ok</title></head><body></body></html>`), 0o644)
	os.WriteFile(noTitle, []byte(`<!DOCTYPE html><html lang="en"><head></head><body></body></html>`), 0o644)
	os.WriteFile(lines, []byte("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>bad</title></head>\n<body>\n<p>text<div>block</div></p>\n<img src=\"x.png\">\n<p>fine</p>\n</body></html>\n"), 0o644)
	res := ValidateFiles(t, good, noTitle, lines)
	if len(res[good]) != 0 {
		t.Errorf("errors of %s = %q, want none", good, res[good])
	}
	if len(res[noTitle]) == 0 || !strings.Contains(strings.Join(res[noTitle], "\n"), "title") {
		t.Errorf("errors of %s = %q, want the missing title", noTitle, res[noTitle])
	}
	if len(res) != 2 {
		t.Errorf("ValidateFiles = %q, want errors of two files", res)
	}
	errs := res[lines]
	if len(errs) == 0 {
		t.Fatalf("%s: no errors", lines)
	}
	var sawP, sawAlt bool
	for _, e := range errs {
		if !strings.HasPrefix(e, "4:") && !strings.HasPrefix(e, "5:") {
			t.Errorf("error %q: want it on line 4 or 5", e)
		}
		sawP = sawP || strings.HasPrefix(e, "4:") && strings.Contains(e, "“p”")
		sawAlt = sawAlt || strings.HasPrefix(e, "5:") && strings.Contains(e, "alt")
	}
	if !sawP || !sawAlt {
		t.Errorf("errors of %s = %q; want the stray </p> on line 4 and the missing alt on line 5", lines, errs)
	}
}

func TestAxe(t *testing.T) {
	t.Parallel()
	ctx := shared.Tab(t)
	Open(t, ctx, page(`<!DOCTYPE html><html lang="en"><head><title>form</title></head>
<body><main><h1>Form</h1><input type="text" id="name"></main></body></html>`))
	vs := Axe(t, ctx)
	found := false
	for _, v := range vs {
		if strings.HasPrefix(v, "label: ") && strings.Contains(v, "(1 nodes: #name)") {
			found = true
		}
	}
	if !found {
		t.Errorf("Axe = %q, want the rule label on #name", vs)
	}

	// Leaving the rule out, and running axe a second time on the page.
	if vs := Axe(t, ctx, "label"); len(vs) != 0 {
		t.Errorf("Axe without the rule label = %q, want none", vs)
	}

	Open(t, ctx, page(`<!DOCTYPE html><html lang="en"><head><title>form</title></head>
<body><main><h1>Form</h1><label for="name">Name</label><input type="text" id="name"></main></body></html>`))
	if vs := Axe(t, ctx); len(vs) != 0 {
		t.Errorf("Axe on a labelled input = %q, want none", vs)
	}
}

func TestFileURL(t *testing.T) {
	if got, want := FileURL("/tmp/a b/c.html"), "file:///tmp/a%20b/c.html"; got != want {
		t.Errorf("FileURL = %q, want %q", got, want)
	}
}

func TestRepoRoot(t *testing.T) {
	root := RepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("RepoRoot = %q: %v", root, err)
	}
}

func TestNode(t *testing.T) {
	t.Parallel()
	out := Node(t, `let s = ""; process.stdin.on("data", d => s += d).on("end", () => process.stdout.write(JSON.stringify({n: 2n ** 64n > 0n, echo: s})));`, []byte("in"))
	if got, want := string(out), `{"n":true,"echo":"in"}`; got != want {
		t.Errorf("Node = %s, want %s", got, want)
	}
}

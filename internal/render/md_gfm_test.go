package render_test

import (
	"bytes"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/plan"
	"prereq/internal/render"
)

// gfmSite is a guide whose bodies use every block and inline the Markdown
// of a step may hold, with the partner's answers in them ({{ plan }},
// {{ service.name }}), and a skip_reason with a cross-reference.
func gfmSite(t *testing.T, value string) string {
	t.Helper()
	q := tomlString(value)
	files := map[string]string{
		"site.toml": "[service]\nname = " + q + "\n[facts]\nplan = " + q + "\n[team]\nowner = " + q + "\n",
		"content/_index.md": "+++\ntitle = \"Guide\"\n[facts.plan]\ntype = \"string\"\nquestion = \"Plan?\"\n" +
			"[roles.owner]\nlabel = \"Owner\"\n+++\n",
		"content/01-a/_index.md": "+++\ntitle = \"Set up\"\n+++\n",
		"content/01-a/01-first.md": "+++\ntitle = \"First [step]\"\nrole = \"owner\"\nwhere = \"Console\"\nwait = \"2 days\"\n+++\n" +
			"Open the console for {{ service.name }} on plan {{ plan }}.\n\n" +
			"## Settings\n\n" +
			"1. Go to **Settings** > `App\\Keys` and copy `C:\\path\\to`, *then* ~~wait~~ go on.\n" +
			"2. Paste it:\n\n" +
			"   ```sh\n   echo \"a\\b\" | tr '\\\\' '/'\n   ```\n\n" +
			"- [ ] a task\n- [x] a done task\n\n" +
			"| Key | Value |\n|:----|------:|\n| `a\\|b` | x \\| y |\n\n" +
			"::: note\nRemember {{ plan }}.\n:::\n\n" +
			"> Quoted line one  \n> line two\n\n" +
			"See [the second step](#step-second), [](#section-a) and <https://example.com/x?a=1&b=2>.\n",
		"content/01-a/02-second.md": "+++\ntitle = \"Second\"\nafter = [\"first\"]\n+++\nJust do it: ``a ` b``.\n",
		"content/01-a/03-never.md":  "+++\ntitle = \"Never\"\nwhen = \"plan == 'never'\"\nskip_reason = \"Done in [](#step-first) instead.\"\n+++\nHidden.\n",
	}
	dir := t.TempDir()
	if err := corpus.WriteTree(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// renderFor builds a site's checklist.md with bodies, hosted at base.
func renderFor(t *testing.T, dir, base string) (md []byte, p *plan.Plan) {
	t.Helper()
	in, errs := build.Load(build.Options{SiteDir: dir})
	if errs != nil {
		t.Fatal(errs)
	}
	p, errs = plan.Make(in.Guide, in.Site)
	if errs != nil {
		t.Fatal(errs)
	}
	o := render.Options{URL: base, MarkdownBodies: true}
	c, err := render.RenderChecklist(t.Context(), p, in.Templates, o)
	if err != nil {
		t.Fatal(err)
	}
	return render.Markdown(p, c, o), p
}

// gfmHTML renders Markdown as GitHub would, with goldmark's GFM.
func gfmHTML(t *testing.T, md []byte) *node {
	t.Helper()
	var out bytes.Buffer
	if err := gfm.Convert(md, &out); err != nil {
		t.Fatal(err)
	}
	return parseDOM(t, out.Bytes())
}

// TestMarkdownGFM renders checklist.md with its bodies through goldmark's
// GFM, as GitHub would show the file pasted into an issue, and reads the
// HTML: each step to do is one task item linking to its place in the page,
// each body's blocks are under its item, code keeps its backslashes and no
// escape shows anywhere else.
func TestMarkdownGFM(t *testing.T) {
	for _, base := range []string{"", "https://docs.example/kakao/sync/"} {
		t.Run("base="+base, func(t *testing.T) {
			md, p := renderFor(t, gfmSite(t, "Pro"), base)
			doc := gfmHTML(t, md)
			at := func(id string) string {
				if base == "" {
					return "index.html#" + id
				}
				return base + "#" + id
			}
			// Task items of the checklist: the top-level list's items.
			var items []*node
			for _, li := range doc.all(byTag("li")) {
				if !li.within(byTag("li")) && len(li.all(func(n *node) bool { return n.tag == "input" && n.attrs["type"] == "checkbox" })) > 0 {
					items = append(items, li)
				}
			}
			if len(items) != p.Counts.Todo {
				t.Fatalf("%d task items, want %d:\n%s", len(items), p.Counts.Todo, md)
			}
			for i, id := range []string{"first", "second"} {
				links := items[i].all(byTag("a"))
				if len(links) == 0 || links[0].attrs["href"] != at("step-"+id) {
					t.Errorf("item %d does not start with a link to %s:\n%s", i, at("step-"+id), md)
				}
			}
			if got := items[0].all(byTag("a"))[0].textContent(); got != "First [step]" {
				t.Errorf("first item's link reads %q", got)
			}
			first := items[0]
			for _, want := range []struct{ what, sel, text string }{
				{"the value", "p", "Open the console for Pro on plan Pro."},
				{"the heading", "h4", "Settings"},
				{"the callout's title", "strong", "Note"},
				{"a table's cell", "td", "x | y"},
			} {
				found := false
				for _, e := range first.all(byTag(want.sel)) {
					if e.textContent() == want.text {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: no <%s> reads %q under the first item:\n%s", want.what, want.sel, want.text, md)
				}
			}
			var codes []string
			for _, c := range doc.all(byTag("code")) {
				codes = append(codes, c.textContent())
			}
			for _, want := range []string{`App\Keys`, `C:\path\to`, `echo "a\b" | tr '\\' '/'`, "a|b", "a ` b"} {
				if !strings.Contains(strings.Join(codes, "\n"), want) {
					t.Errorf("no code reads %q; code: %q\n%s", want, codes, md)
				}
			}
			if n := len(first.all(byTag("ol"))); n != 1 {
				t.Errorf("%d ordered lists under the first item, want 1", n)
			}
			if n := len(first.all(func(n *node) bool { return n.tag == "input" && n.has("checked") })); n != 1 {
				t.Errorf("%d checked boxes in the first body, want 1 (the done task)", n)
			}
			if n := len(first.all(byTag("blockquote"))); n != 2 {
				t.Errorf("%d quotes under the first item, want 2 (the callout and the quote)", n)
			}
			if n := len(first.all(byTag("br"))); n != 1 {
				t.Errorf("%d line breaks under the first item, want 1", n)
			}
			for _, want := range []struct{ text, href string }{
				{"the second step", at("step-second")},
				{"Set up", at("section-a")},
				{"https://example.com/x?a=1&b=2", "https://example.com/x?a=1&b=2"},
				{"First [step]", at("step-first")}, // the skip_reason's cross-reference
			} {
				found := false
				for _, a := range doc.all(byTag("a")) {
					if a.attrs["href"] == want.href && a.textContent() == want.text {
						found = true
					}
				}
				if !found {
					t.Errorf("no link %q to %s:\n%s", want.text, want.href, md)
				}
			}
			if strings.Contains(string(md), "Hidden.") {
				t.Errorf("a skipped step's body is in checklist.md:\n%s", md)
			}
			// No escape shows: outside code, no text holds a backslash.
			doc.walk(func(e *node) {
				if e.tag == "code" || e.within(byTag("code")) {
					return
				}
				for _, c := range e.children {
					if c.tag == "" && strings.Contains(c.text, `\`) {
						t.Errorf("a backslash shows in <%s>: %q\n%s", e.tag, c.text, md)
					}
				}
			})
		})
	}
}

// TestMarkdownBodiesLiteral puts hostile text in the partner's answers
// that the bodies show ({{ plan }}, {{ service.name }}): checklist.md with
// its bodies has the shape it has for plain words, and the text reads as
// written.
func TestMarkdownBodiesLiteral(t *testing.T) {
	plain, _ := renderFor(t, gfmSite(t, "Plain words"), "https://docs.example/")
	want := shape(plain)
	for _, s := range hostileTexts {
		md, _ := renderFor(t, gfmSite(t, s), "https://docs.example/")
		if got := shape(md); got != want {
			t.Errorf("%q: checklist.md has another shape:\n%s\nwant:\n%s\n%s", s, got, want, md)
			continue
		}
		shown := oneLine(s)
		doc := gfmHTML(t, md)
		found := false
		for _, p := range doc.all(byTag("p")) {
			if p.textContent() == collapse("Open the console for "+shown+" on plan "+shown+".") {
				found = true
			}
		}
		if !found {
			t.Errorf("%q does not read as written in the body:\n%s", s, md)
		}
	}
}

// hostileTexts are partner text that Markdown would read as markup, or
// that would add lines, if written as it is. (A bare URL is left as text,
// which GitHub links; see docs/outputs.md.)
var hostileTexts = []string{
	"Evil\n# Injected heading\n- [ ] injected item\n\n",
	"Kim\r\n## H2\r- item\rx",
	"*emph* **strong** _under_ __u2__ ~strike~ ~~s2~~ `code` ``c2``",
	"[link](/evil) ![image](/x.png) [ref]: /x <https://evil.example> <b>bold</b> <!-- c -->",
	"&amp; &#42; &#x2A; \\*not emphasis\\* trailing\\",
	"# heading", "## two", "> quote", "1. ordered", "2) ordered", "- item", "+ item", "* item",
	"---", "***", "___", "===", "    indented code", "[ ] task", "[x] done", "```fence", "~~~fence", "<div>",
	"Ends with #", "Ends with ##  ", "#", "a | b | c", "] ) ( [",
	"ESC \x1b[31mred\x1b[0m, NUL \x00, BEL \a, DEL \x7f, CSI \u009b, tab\there",
	"line\u2028separator\u2029paragraph\u0085next",
	"bidi \u202eevil\u202c and \u2066isolate\u2069",
	"한글 이름_그대로 *별*",
}

package render_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/plan"
	"prereq/internal/render"
)

// hostileSite writes a guide and a site file that put s in every text of
// checklist.md: the guide's, a section's and the steps' titles, a role's
// label (at the start of a list item), a place, a skip reason, and
// the partner's service name, team holder and a fact's value (quoted in a
// generated reason).
func hostileSite(t *testing.T, s string) string {
	t.Helper()
	q := tomlString(s)
	files := map[string]string{
		"site.toml": "[service]\nname = " + q + "\n[facts]\nplan = " + q + "\n[team]\nowner = " + q + "\n",
		"content/_index.md": "+++\ntitle = " + q + "\n[facts.plan]\ntype = \"string\"\nquestion = \"Plan?\"\n" +
			"[roles.owner]\nlabel = " + q + "\n+++\n",
		"content/01-a/_index.md":  "+++\ntitle = " + q + "\n+++\n",
		"content/01-a/01-todo.md": "+++\ntitle = " + q + "\nrequired = true\nrole = \"owner\"\nwhere = " + q + "\nwait = \"1 day\"\n+++\n",
		"content/01-a/02-skip.md": "+++\ntitle = " + q + "\nwhen = \"plan == 'no'\"\nskip_reason = " + q + "\n+++\n",
		// A generated reason, which quotes the partner's answer (a
		// condition over two lines, with a backtick string).
		"content/01-a/03-auto.md": "+++\ntitle = " + q + "\nwhen = \"\"\"plan ==\n`x` and plan != 'y'\"\"\"\n+++\n",
	}
	dir := t.TempDir()
	if err := corpus.WriteTree(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < ' ' || r == 0x7f || !unicode.IsPrint(r) && r != ' ':
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func markdownFor(t *testing.T, s string) []byte {
	t.Helper()
	in, errs := build.Load(build.Options{SiteDir: hostileSite(t, s)})
	if errs != nil {
		t.Fatalf("%q: %v", s, errs)
	}
	p, errs := plan.Make(in.Guide, in.Site)
	if errs != nil {
		t.Fatalf("%q: %v", s, errs)
	}
	return render.Markdown(p, nil, render.Options{})
}

var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM))

// shape lists checklist.md's Markdown structure: every node's kind (with a
// heading's and an emphasis's level), in document order.
func shape(md []byte) string {
	doc := gfm.Parser().Parse(text.NewReader(md))
	var b strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Kind() == ast.KindText || n.Kind() == ast.KindString {
			return ast.WalkContinue, nil
		}
		b.WriteString(n.Kind().String())
		switch n := n.(type) {
		case *ast.Heading:
			fmt.Fprint(&b, n.Level)
		case *ast.Emphasis:
			fmt.Fprint(&b, n.Level)
		}
		b.WriteByte(' ')
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestMarkdownLiteral puts hostile text in every field of checklist.md:
// each must add no line and no markup (the document has the shape it has
// for plain text), and must read as written, line breaks as spaces and
// control characters as U+FFFD.
func TestMarkdownLiteral(t *testing.T) {
	plain := markdownFor(t, "Plain words")
	want := shape(plain)
	for _, s := range []string{
		"Evil\n# Injected heading\n- [ ] injected item\n\n",
		"Kim\r\n## H2\r- item\rx",
		"*emph* **strong** _under_ __u2__ ~strike~ ~~s2~~ `code` ``c2``",
		"[link](/evil) ![image](/x.png) [ref]: /x <https://evil.example> <b>bold</b> <!-- c -->",
		"&amp; &#42; &#x2A; \\*not emphasis\\* trailing\\",
		"# heading", "## two", "> quote", "1. ordered", "2) ordered", "- item", "+ item", "* item",
		"---", "***", "___", "    indented code", "[ ] task", "[x] done", "```fence", "~~~fence", "<div>",
		"Ends with #", "Ends with ##  ", "#",
		"ESC \x1b[31mred\x1b[0m, NUL \x00, BEL \a, DEL \x7f, CSI \u009b, tab\there",
		"line\u2028separator\u2029paragraph\u0085next",
		"bidi \u202eevil\u202c and \u2066isolate\u2069",
		"한글 이름_그대로 *별*",
	} {
		md := markdownFor(t, s)
		if got := shape(md); got != want {
			t.Errorf("%q: checklist.md has another shape:\n%s\nwant:\n%s\n%s", s, got, want, md)
			continue
		}
		if bytes.Count(md, []byte("\n")) != bytes.Count(plain, []byte("\n")) {
			t.Errorf("%q: checklist.md has another number of lines:\n%s", s, md)
		}
		var html bytes.Buffer
		if err := gfm.Convert(md, &html); err != nil {
			t.Fatal(err)
		}
		// Spaces may be trimmed (the guide trims its texts, a heading its
		// end): compare with every run of spaces as one.
		page := collapse(html.String())
		shown := htmlText(oneLine(s))
		if h1 := collapse("<h1>" + strings.TrimSpace(shown) + ": " + strings.TrimSpace(shown) + "</h1>"); !strings.Contains(page, h1) {
			t.Errorf("%q: heading does not read as written: want %s in\n%s", s, h1, page)
		}
		if li := collapse("<li>" + strings.TrimSpace(shown) + " (" + shown + "): "); !strings.Contains(page, li) {
			t.Errorf("%q: role line does not read as written: want %s in\n%s", s, li, page)
		}
		if bytes.ContainsFunc(md, func(r rune) bool { return r != '\n' && unicode.IsControl(r) || r == 0x2028 || r == 0x2029 }) {
			t.Errorf("%q: a control character is left in checklist.md:\n%q", s, md)
		}
	}
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// oneLine is what checklist.md makes of a text: line breaks and tabs are
// spaces, other control characters U+FFFD.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune("\t\n\v\f\r\u0085\u2028\u2029", r):
			return ' '
		case unicode.IsControl(r):
			return '\uFFFD'
		}
		return r
	}, s)
}

// htmlText escapes text as goldmark writes it.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// TestMarkdownNotOverEscaped checks that text with nothing Markdown would
// take for markup is written as it is.
func TestMarkdownNotOverEscaped(t *testing.T) {
	for _, s := range []string{
		"snake_case_name", "2 * 3 = 6", "a < b > c", "AT&T", "C# and F#", "50% off!", "a|b", "x ~ y",
		"path\\to\\file", "2024.01 plan", "#1 priority", "-5 degrees", "한글_이름 (주)카카오", "(parens) {braces} \"quotes\" 'single'",
	} {
		md := markdownFor(t, s)
		if !bytes.Contains(md, []byte("# "+s+": "+s+"\n")) {
			t.Errorf("%q is escaped where it need not be:\n%s", s, md)
		}
	}
}

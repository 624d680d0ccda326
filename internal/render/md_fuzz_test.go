package render

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// FuzzMarkdownText checks mdLineStart and mdText on any text: as a list
// item, then after other text, and inside ** and ~~, it parses to one list
// item holding nothing but text, which reads as the text written (line
// breaks as spaces, control characters as U+FFFD, runs of spaces as one).
// Bare URLs are left as text on purpose (see docs/outputs.md), so the
// parser here does not linkify them.
func FuzzMarkdownText(f *testing.F) {
	for _, s := range []string{
		"plain", "# h", "> q", "1. x", "- x", "+ x", "---", "***", "___", "    code", "[ ] t", "```", "~~~",
		"*a* _b_ **c** __d__ ~e~ ~~f~~ `g` [h](/i) ![j](/k) <b> <!-- x --> &amp; &#42; \\* x\\",
		"snake_case 2 * 3 a < b AT&T C# x ~ y", "line\nbreak\r\nand\rCR\u2028\u2029", "\x00\x1b[31m\x7f\u009b",
		"한글_이름 *별*", "a__b", "_a_b", "a_b_", "*", "_", "\\", "<", "&", "[", "`", "~",
		"<a@b.co>", "<http://x>", "a\u00a0_b_\u00a0c", "&#x1F600;", "\\`x`",
	} {
		f.Add(s)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.TaskList))
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(fuzzOneLine(s)), " ")
		if want == "" {
			return
		}
		for _, tc := range []struct {
			line   string
			prefix string // the text before s, as it reads
		}{
			{"- " + mdLineStart(s), ""},
			{"- Owner (" + mdText(s) + ")", "Owner ("},
			{"- [ ] " + mdWrap("**", s) + " · x", ""},
			{"- " + mdWrap("~~", s) + ": x", ""},
		} {
			src := []byte(tc.line + "\n")
			doc := md.Parser().Parse(text.NewReader(src))
			var kinds []string
			ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				switch n.Kind() {
				case ast.KindDocument, ast.KindList, ast.KindListItem, ast.KindTextBlock, ast.KindParagraph, ast.KindText, ast.KindString:
				default:
					if entering {
						kinds = append(kinds, n.Kind().String())
					}
				}
				return ast.WalkContinue, nil
			})
			if doc.ChildCount() != 1 || doc.FirstChild().ChildCount() != 1 {
				t.Fatalf("%q as %q: not one list item", s, tc.line)
			}
			if strings.HasPrefix(tc.line, "- [ ] ") {
				kinds = without(kinds, "TaskCheckBox", "Emphasis") // ours
			}
			if strings.HasPrefix(tc.line, "- ~~") {
				kinds = without(kinds, "Strikethrough")
			}
			if len(kinds) > 0 {
				t.Fatalf("%q as %q: markup %v", s, tc.line, kinds)
			}
			// What a reader sees: the HTML's text.
			var page bytes.Buffer
			if err := md.Renderer().Render(&page, src, doc); err != nil {
				t.Fatal(err)
			}
			read := html.UnescapeString(tag.ReplaceAllString(page.String(), ""))
			read = strings.Join(strings.Fields(read), " ")
			read = strings.TrimLeft(strings.TrimPrefix(read, tc.prefix), " ")
			if !strings.HasPrefix(read, want) {
				t.Fatalf("%q as %q reads %q, want %q", s, tc.line, read, want)
			}
		}
	})
}

var tag = regexp.MustCompile(`<[^>]*>`)

// without removes the first of each of drop (the markup of ours) from kinds.
func without(kinds []string, drop ...string) []string {
	for _, d := range drop {
		if i := slices.Index(kinds, d); i >= 0 {
			kinds = slices.Delete(kinds, i, i+1)
		}
	}
	return kinds
}

// fuzzOneLine is what checklist.md makes of text, written independently of
// mdOneLine.
func fuzzOneLine(s string) string {
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

package render

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"prereq/internal/markdown"
)

// treeText is bodyText written from the body's tree (parseBody), the
// plainest way to say what bodyText writes: TestBodyTextStream holds
// bodyText, which reads the HTML in one pass, to it.
func treeText(html []byte) string {
	if len(html) == 0 {
		return ""
	}
	return strings.Join(textBlocks(parseBody(html)), "\n\n")
}

// textBlocks writes the blocks of a container: each run of inline
// children is one paragraph, each block child its own.
func textBlocks(n *hnode) []string {
	return n.blocks(inlineText, textBlock)
}

// textBlock writes one block element.
func textBlock(n *hnode) string {
	switch n.tag {
	case "hr":
		return ""
	case "pre":
		return strings.TrimRight(rawText(n), "\n")
	case "ul", "ol":
		return textList(n)
	case "table", "thead", "tbody":
		var rows []string
		for _, tr := range descendants(n, "tr") {
			if row := textRow(tr); row != "" {
				rows = append(rows, row)
			}
		}
		return strings.Join(rows, "\n")
	case "tr":
		return textRow(n)
	}
	return strings.Join(textBlocks(n), "\n\n")
}

// textRow writes a table's row, its cells between " | ".
func textRow(tr *hnode) string {
	var cells []string
	for _, c := range tr.kids {
		if c.tag == "td" || c.tag == "th" {
			cells = append(cells, cellText(c))
		}
	}
	return strings.Join(cells, " | ")
}

// cellText is a cell's text on one line: textOf, but only the white space
// HTML collapses taken as space (a no-break space is kept).
func cellText(n *hnode) string {
	var b strings.Builder
	var walk func(*hnode)
	walk = func(n *hnode) {
		switch {
		case n.tag == "":
			b.WriteString(n.text)
		case n.hidden():
		case n.tag == "img":
			b.WriteString(n.attr("alt"))
		default:
			for _, k := range n.kids {
				walk(k)
			}
		}
	}
	walk(n)
	return strings.Join(strings.FieldsFunc(b.String(), func(r rune) bool { return r < utf8.RuneSelf && isCollapsible(byte(r)) }), " ")
}

// textList writes a list, an item a line (its own blocks on the lines
// after, indented under its text).
func textList(n *hnode) string {
	var lines []string
	number := 1
	if s, err := strconv.Atoi(n.attr("start")); err == nil {
		number = s
	}
	for _, li := range n.kids {
		if li.tag != "li" {
			continue
		}
		marker := "- "
		if n.tag == "ol" {
			marker = strconv.Itoa(number) + ". "
			number++
		}
		item := strings.Join(textBlocks(li), "\n")
		lines = append(lines, marker+indentLines(item, strings.Repeat(" ", len(marker))))
	}
	return strings.Join(lines, "\n")
}

// inlineText writes inline content: whitespace collapsed, a <br> a line
// break, an image its alt text.
func inlineText(nodes []*hnode) string {
	var b strings.Builder
	space := false
	var walk func(*hnode)
	walk = func(n *hnode) {
		switch {
		case n.tag == "":
			text := n.text
			for text != "" {
				i := strings.IndexAny(text, " \n\t\r\f")
				if i == 0 {
					space = true
					text = text[1:]
					continue
				}
				if i < 0 {
					i = len(text)
				}
				if space && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
					b.WriteByte(' ')
				}
				space = false
				b.WriteString(text[:i])
				text = text[i:]
			}
		case n.hidden():
		case n.tag == "br":
			b.WriteByte('\n')
			space = false
		case n.tag == "img":
			walk(&hnode{text: n.attr("alt")})
		default:
			for _, k := range n.kids {
				walk(k)
			}
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return strings.Trim(b.String(), " \n\t\r\f") // line breaks at the ends; a no-break space is kept
}

// FuzzBodyText: the text bodyText writes in one pass over a body's HTML is
// the text treeText writes from its tree, for any Markdown the renderer
// turns into HTML, compact or not, and a textStream reused from body to
// body writes what a fresh one does.
func FuzzBodyText(f *testing.F) {
	for _, s := range []string{
		"plain *em* **strong** `code` [link](/x) ![alt &amp; text](/i.png)",
		"# H\n\npara  with   spaces\nand a line\\\nbreak  \nhard\n\n---\n\n> quote\n> > deeper",
		"- a\n- b\n  - c\n\n    more of b\n3. x\n4. y\n\n0. zero\n\n- [ ] todo\n- [x] done\n-\n- ",
		"| a | b |\n|---|:-:|\n| `x  y` | *z*  w |\n| &lt;t&gt; | 1 \\| 2 |",
		"```\ncode\n\n  indented\n\n```\n\n    block\n\n~~~go\nx\n~~~",
		"::: note\ninside *it*\n:::\n\n::: tip Title\n- l\n:::",
		"AT&T &copy; &#x1F600; &quot;q&quot; &#39;s&#39; &amp;amp; &lt;b&gt; &nbsp;x &notin; &unknown;",
		"<b>raw</b> <!-- c --> <div>\nblock html\n</div>",
		"한글 *별* 이름_그대로\u2028sep\ttab\r\ncr\fform",
		"1. a\n\n   b\n\n   ```\n   c\n   ```\n2. d\n   | x |\n   |---|\n   | y |",
	} {
		f.Add(s)
	}
	p := markdown.NewParser(nil)
	plain, compact := markdown.NewRenderer(markdown.Options{}), markdown.NewRenderer(markdown.Options{Compact: true})
	var reused textStream
	f.Fuzz(func(t *testing.T, src string) {
		doc, _ := p.Parse("x.md", 1, []byte(src))
		for _, r := range []*markdown.Renderer{plain, compact} {
			var buf bytes.Buffer
			if err := r.Render(&buf, doc); err != nil {
				t.Skip(err)
			}
			html := buf.Bytes()
			want := treeText(html)
			if got := bodyText(html); got != want {
				t.Fatalf("html:\n%s\ntree:   %q\nstream: %q", html, want, got)
			}
			if got := string(reused.convert(html)); got != want {
				t.Fatalf("html:\n%s\ntree:   %q\nreused: %q", html, want, got)
			}
		}
	})
}

// FuzzUnescape: textStream.unescape decodes as html.UnescapeString does.
func FuzzUnescape(f *testing.F) {
	for _, s := range []string{"a &amp; b", "&lt;&gt;&quot;&#39;", "&amp", "&ampx;", "&copy; &amp;", "&#x26;&amp;&#38;", "&&&;", "x&"} {
		f.Add(s)
	}
	var t textStream
	f.Fuzz(func(tt *testing.T, s string) {
		if got, want := string(t.unescape([]byte(s))), html.UnescapeString(s); got != want {
			tt.Fatalf("%q: %q, want %q", s, got, want)
		}
	})
}

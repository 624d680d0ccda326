package render

import (
	"net/url"
	"strconv"
	"strings"

	"prereq/internal/links"
	"prereq/internal/markdown"
)

// bodyMarkdown is a step's body as GitHub Flavored Markdown, for
// checklist.md's -md-bodies, from the HTML the page rendered: its `::: when`
// blocks are decided and its values inserted already, and its text is
// written literal (mdText) so that no value from a site file becomes markup.
// Cross-references link to their place in the page at page (links.Step);
// a callout is a quote that starts with its title in bold; a raw HTML
// block, which the page shows as code, is a code block.
func bodyMarkdown(html []byte, page string) string {
	if len(html) == 0 {
		return ""
	}
	w := mdBodyWriter{page: page}
	return strings.Join(w.blocks(parseBody(html)), "\n\n")
}

type mdBodyWriter struct {
	page string
}

// blocks writes the blocks of a container: each run of inline children is
// one paragraph, each block child its own.
func (w mdBodyWriter) blocks(n *hnode) []string {
	return n.blocks(w.paragraph, w.block)
}

func (w mdBodyWriter) block(n *hnode) string {
	switch n.tag {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		text := strings.TrimSpace(strings.ReplaceAll(w.inline(n.kids, inlineCtx{}), "\\\n", " "))
		if text == "" {
			return ""
		}
		return strings.TrimSuffix(mdHeading(strings.Repeat("#", int(n.tag[1]-'0')), text), "\n")
	case "hr":
		return "---"
	case "pre":
		lang := ""
		if n.hasClass("raw-html") {
			lang = "html"
		}
		for _, k := range n.kids {
			if k.tag == "code" {
				for _, c := range strings.Fields(k.class) {
					if l, ok := strings.CutPrefix(c, "language-"); ok && strings.Trim(l, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-_.#") == "" {
						lang = l
					}
				}
			}
		}
		code := strings.TrimSuffix(rawText(n), "\n")
		fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
		return fence + lang + "\n" + code + "\n" + fence
	case "ul", "ol":
		return w.list(n)
	case "blockquote":
		return quoteLines(strings.Join(w.blocks(n), "\n\n"))
	case "aside":
		var title string
		body := &hnode{tag: "div"}
		for _, k := range n.kids {
			if k.tag == "p" && k.hasClass("callout-title") && title == "" {
				title = textOf(k)
				continue
			}
			body.kids = append(body.kids, k)
		}
		parts := w.blocks(body)
		if title != "" {
			parts = append([]string{"**" + mdText(title) + "**"}, parts...)
		}
		return quoteLines(strings.Join(parts, "\n\n"))
	case "table":
		return w.table(n)
	}
	return strings.Join(w.blocks(n), "\n\n")
}

// paragraph writes inline content as the lines of a paragraph: a line may
// start with nothing Markdown would read as the start of a block.
func (w mdBodyWriter) paragraph(nodes []*hnode) string {
	text := strings.TrimSpace(w.inline(nodes, inlineCtx{}))
	text = strings.TrimSuffix(text, "\\") // a break at the end breaks nothing
	if !strings.Contains(text, "\n") {
		return mdBlockStart(text)
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = mdBlockStart(strings.TrimLeft(l, " "))
	}
	return strings.Join(lines, "\n")
}

// list writes a list, an item a line, an item's further blocks indented
// under its text; a task item starts with its box.
func (w mdBodyWriter) list(n *hnode) string {
	number := 1
	if s, err := strconv.Atoi(n.attr("start")); err == nil && s >= 0 && s < 1e9 {
		number = s
	}
	loose := false
	for _, li := range n.kids {
		for _, k := range li.kids {
			if k.tag == "p" {
				loose = true
			}
		}
	}
	var items []string
	for _, li := range n.kids {
		if li.tag != "li" {
			continue
		}
		marker := "- "
		if n.tag == "ol" {
			marker = strconv.Itoa(number) + ". "
			number++
		}
		box := ""
		if li.hasClass("task") {
			box = "[ ] "
			for _, k := range li.kids {
				if k.tag == "span" && k.hasClass("task-mark") {
					if strings.Contains(textOf(k), "☑") {
						box = "[x] "
					}
					k.tag, k.kids = "span", nil // the box says it
				}
			}
		}
		item := strings.Join(w.blocks(li), "\n\n")
		item = box + item
		items = append(items, marker+indentLines(item, strings.Repeat(" ", len(marker))))
	}
	sep := "\n"
	if loose {
		sep = "\n\n"
	}
	return strings.Join(items, sep)
}

func (w mdBodyWriter) table(n *hnode) string {
	var rows [][]string
	var aligns []string
	for i, tr := range descendants(n, "tr") {
		var cells []string
		for _, c := range tr.kids {
			if c.tag != "td" && c.tag != "th" {
				continue
			}
			text := strings.ReplaceAll(w.inline(c.kids, inlineCtx{cell: true}), "\\\n", " ")
			cells = append(cells, strings.TrimSpace(strings.ReplaceAll(text, "\n", " ")))
			if i == 0 {
				align := "---"
				switch style := strings.ReplaceAll(c.attr("style"), " ", ""); {
				case strings.Contains(style, "text-align:center"):
					align = ":---:"
				case strings.Contains(style, "text-align:right"):
					align = "---:"
				case strings.Contains(style, "text-align:left"):
					align = ":---"
				}
				aligns = append(aligns, align)
			}
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 {
		return ""
	}
	var b strings.Builder
	writeRow := func(cells []string) {
		b.WriteString("|")
		for i := range aligns {
			cell := ""
			if i < len(cells) {
				cell = cells[i]
			}
			b.WriteString(" " + cell + " |")
		}
	}
	writeRow(rows[0])
	b.WriteString("\n|")
	for _, a := range aligns {
		b.WriteString(" " + a + " |")
	}
	for _, r := range rows[1:] {
		b.WriteString("\n")
		writeRow(r)
	}
	return b.String()
}

// inlineCtx says where inline content stands: in a link's text (a ] would
// end it) or a table's cell (a | would end it).
type inlineCtx struct{ link, cell bool }

// inline writes inline content; a <br> is a hard line break (a backslash
// at the end of the line, which GitHub shows as a break).
func (w mdBodyWriter) inline(nodes []*hnode, ctx inlineCtx) string {
	var b strings.Builder
	for _, n := range nodes {
		switch {
		case n.tag == "":
			t := strings.Join(strings.Fields(n.text), " ")
			if t == "" {
				if n.text != "" {
					b.WriteByte(' ')
				}
				continue
			}
			if strings.IndexAny(n.text[:1], " \t\n\r\f") == 0 {
				b.WriteByte(' ')
			}
			t = mdText(t)
			if ctx.link {
				t = strings.ReplaceAll(t, "]", `\]`)
			}
			if ctx.cell {
				t = strings.ReplaceAll(t, "|", `\|`)
			}
			b.WriteString(t)
			if last := n.text[len(n.text)-1]; last == ' ' || last == '\t' || last == '\n' || last == '\r' || last == '\f' {
				b.WriteByte(' ')
			}
		case n.hidden():
		case n.tag == "br":
			b.WriteString("\\\n")
		case n.tag == "strong" || n.tag == "b":
			b.WriteString(wrapInline("**", w.inline(n.kids, ctx)))
		case n.tag == "em" || n.tag == "i":
			b.WriteString(wrapInline("*", w.inline(n.kids, ctx)))
		case n.tag == "del" || n.tag == "s":
			b.WriteString(wrapInline("~~", w.inline(n.kids, ctx)))
		case n.tag == "code":
			b.WriteString(codeSpan(strings.ReplaceAll(rawText(n), "\n", " "), ctx.cell))
		case n.tag == "a":
			text := strings.TrimSpace(strings.ReplaceAll(w.inline(n.kids, inlineCtx{link: true, cell: ctx.cell}), "\\\n", " "))
			dest := w.dest(n.attr("href"))
			switch {
			case dest == "":
				b.WriteString(text)
			case text == "":
				b.WriteString("[" + strings.ReplaceAll(mdText(dest), "]", `\]`) + "](" + dest + ")")
			default:
				b.WriteString("[" + text + "](" + dest + ")")
			}
		case n.tag == "img":
			// A picture embedded in the page (a data: URL), which a
			// tracker does not show, is its alt text; a copy's path
			// (images.Relink) is resolved like a link.
			alt := strings.ReplaceAll(mdText(n.attr("alt")), "]", `\]`)
			src := n.attr("src")
			if src == "" || strings.HasPrefix(src, "data:") {
				b.WriteString(alt)
				continue
			}
			b.WriteString("![" + alt + "](" + w.dest(src) + ")") // a copy beside the outputs: at the base URL
		default:
			b.WriteString(w.inline(n.kids, ctx))
		}
	}
	return b.String()
}

// dest is where a link of a body leads from checklist.md: a
// cross-reference to its place in the page, a relative link resolved
// against the page's address when it is known, any other link as written;
// made safe as a Markdown destination. "" for a link within the page to
// nothing prereq names.
func (w mdBodyWriter) dest(href string) string {
	if strings.HasPrefix(href, "#") {
		kind, id, ok := markdown.ParseRef(href)
		switch {
		case ok && kind == markdown.StepRef:
			return links.Step(w.page, id)
		case ok && kind == markdown.SectionRef:
			return links.Section(w.page, id)
		}
		return ""
	}
	if href == "" {
		return ""
	}
	if w.page != "" {
		if base, err := url.Parse(w.page); err == nil {
			if ref, err := url.Parse(href); err == nil && !ref.IsAbs() {
				href = base.ResolveReference(ref).String()
			}
		}
	}
	return safeDest(href)
}

// safeDest makes a URL a Markdown link destination that reads back as
// the same URL: spaces, parentheses, angle brackets, backslashes and
// control characters are percent-encoded, and the & of what reads as an
// entity reference is escaped (\&, which the link's address does not
// show).
func safeDest(u string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c <= ' ' || c >= 0x7f || c == '(' || c == ')' || c == '<' || c == '>' || c == '\\' || c == '`':
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		case c == '&' && entityRef.MatchString(u[i:]):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// wrapInline puts delimiters around inline Markdown, the spaces at its ends
// outside them (delimiters next to a space open or close nothing).
func wrapInline(delim, s string) string {
	inner := strings.TrimSpace(s)
	if inner == "" {
		return s
	}
	lead := s[:strings.Index(s, inner)]
	trail := s[len(lead)+len(inner):]
	return lead + delim + inner + delim + trail
}

// codeSpan writes text as a code span: between backtick runs longer than
// any inside it, with a space inside each end when the text starts or
// ends with a backtick or a space. Nothing inside is escaped (a backslash
// in a code span is shown), but in a table's cell a | is, as GFM reads
// cells before code spans.
func codeSpan(text string, cell bool) string {
	if text == "" {
		return ""
	}
	fence := strings.Repeat("`", longestRun(text, '`')+1)
	if strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") ||
		strings.HasPrefix(text, " ") && strings.HasSuffix(text, " ") && strings.Trim(text, " ") != "" {
		text = " " + text + " "
	}
	if cell {
		text = strings.ReplaceAll(text, "|", `\|`)
	}
	return fence + text + fence
}

func longestRun(s string, c byte) int {
	longest, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			longest = max(longest, n)
		} else {
			n = 0
		}
	}
	return longest
}

// indentLines puts prefix before every line of s but the first; empty lines
// stay empty.
func indentLines(s, prefix string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = prefix + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// quoteLines puts "> " before every line of s (">" before an empty one).
func quoteLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

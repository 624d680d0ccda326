package render

import (
	"strconv"
	"strings"
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
	var out []string
	var run []*hnode
	flush := func() {
		if len(run) > 0 {
			if t := inlineText(run); t != "" {
				out = append(out, t)
			}
			run = run[:0]
		}
	}
	for _, k := range n.kids {
		if k.tag == "" || !blockTags[k.tag] {
			if k.tag != "" && k.hidden() {
				continue
			}
			run = append(run, k)
			continue
		}
		flush()
		if t := textBlock(k); t != "" {
			out = append(out, t)
		}
	}
	flush()
	return out
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
			rows = append(rows, textRow(tr))
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
			cells = append(cells, textOf(c))
		}
	}
	return strings.Join(cells, " | ")
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
	return strings.TrimSpace(b.String())
}

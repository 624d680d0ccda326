package render

import (
	"bytes"
	"strings"
)

// writeGuideStep writes one step of guide.html: the HTML contract of
// index.html's steps (data-step, data-status, data-required, data-role,
// one labelled checkbox), every part of the step whatever the answers, and
// what guide.js needs to decide it in the browser: its condition
// (data-when), whether it has a skip_reason, its wait, and its `after`
// steps (data-ref in its Do first list). The page is first the
// whole guide, every step to do; the script sets data-status from the
// reader's answers.
//
// Compact writes the step as the page's minifier would leave it (no
// newline between elements), so that a minified page's steps need no
// minifier; TestGuideStepCompact holds the two equal.
func writeGuideStep(b *bytes.Buffer, st *guideStep, titles map[string]*StepRef, hasBody, compact bool) {
	pg := st.tx
	start := b.Len()
	if compact {
		defer func() { dropNewlines(b, start) }()
	}
	esc := func(s string) { textEscaper.WriteString(b, s) }
	attr := func(name, value string) {
		if value != "" {
			b.WriteString(" " + name + "=\"")
			esc(value)
			b.WriteByte('"')
		}
	}
	b.WriteString("\n<li class=\"step\" id=\"step-")
	esc(st.ID)
	b.WriteString("\" data-step=\"")
	esc(st.ID)
	b.WriteString("\" data-status=\"todo\"")
	if st.Required {
		b.WriteString(" data-required=\"true\"")
	}
	if st.role != nil {
		attr("data-role", st.role.ID)
	}
	if st.When != nil {
		attr("data-when", st.When.Source)
		if st.skipReason != "" {
			b.WriteString(" data-skip-reason")
		}
	}
	attr("data-wait", ShownWait(st.Step, st.text.Lang))
	attr("lang", st.langAttr)
	b.WriteString(">\n<div class=\"step-head\">\n<input type=\"checkbox\" id=\"check-")
	esc(st.ID)
	b.WriteString("\" data-check=\"")
	esc(st.ID)
	b.WriteString("\">\n<h3 class=\"step-title\"><span class=\"step-num\"></span><label for=\"check-")
	esc(st.ID)
	b.WriteString("\">")
	esc(st.text.Title)
	b.WriteString("</label></h3>\n</div>")
	if st.flag != "" {
		b.WriteString("\n")
		b.WriteString(st.flag)
	}
	b.WriteString("\n<p class=\"reason\" data-reason hidden><strong>")
	esc(pg.T("reason"))
	b.WriteString(":</strong> <span data-reason-text>")
	if st.When != nil {
		b.WriteString(st.skipReason) // shown when its condition is false
	}
	b.WriteString("</span></p>\n<div class=\"step-detail\">")
	if st.Required || st.role != nil || st.text.Where != "" || len(st.After) > 0 {
		b.WriteString("\n<div class=\"step-info\">")
		if st.Required || st.role != nil {
			b.WriteString("\n<p class=\"badges\">")
			if st.role != nil {
				b.WriteString("<span class=\"badge badge-role\">")
				esc(pg.Tf("roleOnly", st.role.Label))
				// Who holds the role, once the reader names them.
				b.WriteString("<span data-holder=\"")
				esc(st.role.ID)
				b.WriteString("\" hidden><span class=\"holder-sep\">:</span> <span class=\"badge-holder\"></span></span></span>")
			}
			if st.Required && st.role != nil {
				b.WriteByte(' ')
			}
			if st.Required {
				b.WriteString("<span class=\"badge badge-required\">")
				esc(pg.T("required"))
				b.WriteString("</span>")
			}
			b.WriteString("\n</p>")
		}
		if st.text.Where != "" || len(st.After) > 0 {
			b.WriteString("\n<dl class=\"meta\">")
			if st.text.Where != "" {
				b.WriteString("\n<div><dt>")
				esc(pg.T("where"))
				b.WriteString("</dt><dd>")
				b.WriteString(placeHTML(st.text.Where, st.text.WhereURL))
				b.WriteString("</dd></div>")
			}
			if len(st.After) > 0 {
				b.WriteString("\n<div data-after-list><dt>")
				esc(pg.T("after"))
				b.WriteString("</dt><dd>")
				for i, id := range st.After {
					b.WriteString("<span data-ref=\"")
					esc(id)
					b.WriteString("\">")
					if i > 0 {
						b.WriteString("<span class=\"sep\">, </span>")
					}
					b.WriteString("<a href=\"#step-")
					esc(id)
					b.WriteByte('"')
					ref := titles[id]
					if ref != nil && ref.Lang != st.text.Lang {
						attr("lang", ref.Lang)
					}
					b.WriteByte('>')
					if ref != nil {
						esc(ref.Title)
					}
					b.WriteString("</a></span>")
				}
				b.WriteString("</dd></div>")
			}
			b.WriteString("\n</dl>")
		}
		b.WriteString("\n</div>")
	}
	if st.text.Wait != "" {
		b.WriteString("\n<p class=\"wait\"><strong>")
		esc(pg.T("wait"))
		b.WriteString(":</strong> ")
		esc(pg.Tf("waitNote", ShownWait(st.Step, st.text.Lang)))
		b.WriteString(waitDates(st.Step))
		b.WriteString("</p>")
	}
	if hasBody {
		b.WriteString("\n<div class=\"step-body prose\">")
		b.WriteString(string(bodyMark))
		b.WriteString("</div>")
	}
	b.WriteString("\n</div>\n</li>")
}

// compactSafe reports whether the step's text is such that the page's
// minifier would only drop the newlines between its elements: no text
// begins or ends with a space or holds a run of them, a tab or a line
// break, which the minifier collapses, nor a character written as an
// entity, which it may write otherwise. A step that is not is minified.
func compactSafe(st *guideStep, titles map[string]*StepRef) bool {
	plain := plainText
	const text, html = `"&'+<>`, "&"          // what each has written as an entity
	shown := ShownWait(st.Step, st.text.Lang) // as written above
	texts := []string{st.ID, st.Wait, shown, st.text.Title, st.text.Where, st.text.WhereURL, st.text.Wait}
	if st.When != nil {
		texts = append(texts, st.When.Source)
	}
	if st.role != nil {
		texts = append(texts, st.role.ID, st.tx.Tf("roleOnly", st.role.Label))
	}
	if st.text.Wait != "" {
		texts = append(texts, st.tx.Tf("waitNote", shown))
	}
	for _, id := range st.After {
		texts = append(texts, id)
		if ref := titles[id]; ref != nil {
			texts = append(texts, ref.Title)
		}
	}
	for _, s := range texts {
		if !plain(s, text) {
			return false
		}
	}
	return plain(st.flag, html) && plain(st.skipReason, html)
}

// plainText reports whether s is text that the page's minifier leaves as
// it is: no space at either end, no run of spaces, no tab or line break,
// none of the characters in special (those written as entities).
func plainText(s string, special string) bool {
	return !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") && !strings.Contains(s, "  ") &&
		!strings.ContainsAny(s, "\t\n\r\f\v\x00") && !strings.ContainsAny(s, special)
}

// dropNewlines removes the newlines the step markup writes between
// elements from b[start:], in place. Text never holds one: titles,
// labels and attributes are written escaped, and the body is spliced in
// later.
func dropNewlines(b *bytes.Buffer, start int) {
	out := b.Bytes()
	n := start
	for _, c := range out[start:] {
		if c != '\n' {
			out[n] = c
			n++
		}
	}
	b.Truncate(n)
}

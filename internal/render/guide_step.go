package render

import (
	"bytes"
)

// writeGuideStep writes one step of guide.html: the HTML contract of
// index.html's steps (data-step, data-status, data-required, data-role,
// one labelled checkbox), every part of the step whatever the answers, and
// what guide.js needs to decide it in the browser: its condition
// (data-when), whether it has a skip_reason, its wait, and its `after`
// steps (data-ref in its Do first list). The page is first the
// whole guide, every step to do; the script sets data-status from the
// reader's answers.
func writeGuideStep(b *bytes.Buffer, st *guideStep, titles map[string]*StepRef, hasBody bool) {
	pg := st.tx
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
				b.WriteString("</span>")
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
				esc(st.text.Where)
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

package render

import (
	"bytes"
	"html/template"
	"strconv"

	"prereq/internal/plan"
	"prereq/templates"
)

// writeStep writes what the embedded templates/step.html renders for a
// step ("step" and the "badges" it calls), with pg in the step's language
// (Page.In), byte for byte, without the
// template engine: html/template spends a reflective call on every value
// it escapes, a large share of a large guide's build. Render uses it only
// while the site's templates leave "step" and "badges" as embedded
// (Templates.fastStep); TestWriteStepMatchesTemplate renders a wide range
// of steps both ways.
func writeStep(b *bytes.Buffer, pg *Page, v *StepView) {
	esc := func(s string) { textEscaper.WriteString(b, s) }
	b.WriteString("\n<li class=\"step\" id=\"step-")
	esc(v.ID)
	b.WriteString("\" data-step=\"")
	esc(v.ID)
	b.WriteString("\" data-status=\"")
	esc(string(v.Status))
	b.WriteByte('"')
	if v.Required {
		b.WriteString(" data-required=\"true\"")
	}
	if v.Role != nil {
		b.WriteString(" data-role=\"")
		esc(v.Role.ID)
		b.WriteByte('"')
	}
	if v.Lang != v.Step.Section.Lang {
		b.WriteString(" lang=\"")
		esc(v.Lang)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	if v.Status != plan.Todo {
		b.WriteString("\n<h4 class=\"step-title\">")
		esc(v.Title)
		b.WriteString("</h4>")
		writeBadges(b, pg, v)
		b.WriteString("\n<p class=\"reason\"")
		if v.Condition != "" {
			b.WriteString(" title=\"")
			esc(v.Condition)
			b.WriteByte('"')
		}
		b.WriteString("><strong>")
		esc(pg.T("reason"))
		b.WriteString(":</strong> ")
		b.WriteString(string(v.Reason))
		b.WriteString("</p>\n</li>")
		return
	}
	b.WriteString("\n<div class=\"step-head\">\n<input type=\"checkbox\" id=\"check-")
	esc(v.ID)
	b.WriteString("\" data-check=\"")
	esc(v.ID)
	b.WriteString("\">\n<h3 class=\"step-title\"><span class=\"step-num\">")
	b.WriteString(strconv.Itoa(v.Number))
	b.WriteString(".</span> <label for=\"check-")
	esc(v.ID)
	b.WriteString("\">")
	esc(v.Title)
	b.WriteString("</label></h3>\n</div>")
	after := v.TodoAfter()
	if v.Required || v.Role != nil || v.Where != "" || len(after) > 0 {
		b.WriteString("\n<div class=\"step-info\">")
		writeBadges(b, pg, v)
		if v.Where != "" || len(after) > 0 {
			b.WriteString("\n<dl class=\"meta\">")
			if v.Where != "" {
				b.WriteString("\n<div><dt>")
				esc(pg.T("where"))
				b.WriteString("</dt><dd>")
				b.WriteString(placeHTML(v.Where, v.WhereURL))
				b.WriteString("</dd></div>")
			}
			if len(after) > 0 {
				b.WriteString("\n<div><dt>")
				esc(pg.T("after"))
				b.WriteString("</dt><dd>")
				for i, d := range after {
					if i > 0 {
						b.WriteString(", ")
					}
					b.WriteString("<a href=\"#step-")
					esc(d.ID)
					b.WriteByte('"')
					if d.Lang != pg.Lang {
						b.WriteString(" lang=\"")
						esc(d.Lang)
						b.WriteByte('"')
					}
					b.WriteByte('>')
					esc(d.Title)
					b.WriteString("</a>")
				}
				b.WriteString("</dd></div>")
			}
			b.WriteString("\n</dl>")
		}
		b.WriteString("\n</div>")
	}
	if v.Wait != "" {
		b.WriteString("\n<p class=\"wait\"><strong>")
		esc(pg.T("wait"))
		b.WriteString(":</strong> ")
		esc(pg.Tf("waitNote", v.Wait))
		b.WriteString(waitDates(v.Step.Step))
		b.WriteString("</p>")
	}
	if v.Body != "" {
		b.WriteString("\n<div class=\"step-body prose\">")
		b.WriteString(string(v.Body))
		b.WriteString("</div>")
	}
	b.WriteString("\n</li>")
}

// stepCompactSafe reports whether writeStep writes v, on pg, such that the
// page's minifier would only drop the newlines between its elements (see
// compactSafe, the guide page's twin): then a minified page's step is
// written compact (dropNewlines) instead of minified.
// TestWriteStepCompact holds the two equal.
func stepCompactSafe(pg *Page, v *StepView) bool {
	const text, html = `"&'+<>`, "&" // what each has written as an entity
	for _, s := range [...]string{v.ID, string(v.Status), v.Lang, v.Title, v.Condition, v.Where, v.WhereURL, v.Wait,
		pg.T("reason"), pg.T("where"), pg.T("after"), pg.T("wait"), pg.T("required")} {
		if !plainText(s, text) {
			return false
		}
	}
	if v.Status != plan.Todo && (v.Reason == "" || !plainText(string(v.Reason), html)) {
		return false
	}
	if r := v.Role; r != nil && !(plainText(r.ID, text) && plainText(pg.Tf("roleOnly", r.Label), text) && plainText(r.Holder, text)) {
		return false
	}
	if v.Wait != "" && !plainText(pg.Tf("waitNote", v.Wait), text) {
		return false
	}
	for _, d := range v.After {
		if d.Status == plan.Todo && !(plainText(d.ID, text) && plainText(d.Lang, text) && plainText(d.Title, text)) {
			return false
		}
	}
	return true
}

// writeBadges is the "badges" template of templates/step.html.
func writeBadges(b *bytes.Buffer, pg *Page, v *StepView) {
	required := v.Required && v.Status == plan.Todo // a skipped step is not required of this service
	if !required && v.Role == nil {
		return
	}
	b.WriteString("\n<p class=\"badges\">")
	if v.Role != nil {
		b.WriteString("<span class=\"badge badge-role\">")
		textEscaper.WriteString(b, pg.Tf("roleOnly", v.Role.Label))
		if v.Role.Holder != "" {
			b.WriteString("<span class=\"holder-sep\">:</span> <span class=\"badge-holder\">")
			textEscaper.WriteString(b, v.Role.Holder)
			b.WriteString("</span>")
		}
		b.WriteString("</span>")
	}
	if required && v.Role != nil {
		b.WriteByte(' ')
	}
	if required {
		b.WriteString("<span class=\"badge badge-required\">")
		textEscaper.WriteString(b, pg.T("required"))
		b.WriteString("</span>")
	}
	b.WriteString("\n</p>")
}

// stepTemplatesEmbedded reports whether set's "step" and "badges" are those
// of the embedded templates/step.html, which writeStep renders.
func stepTemplatesEmbedded(set *template.Template) bool {
	src, err := templates.FS.ReadFile("step.html")
	if err != nil {
		return false
	}
	def, err := template.New("step.html").Funcs(template.FuncMap{
		"stepArgs": func(p *Page, s *StepView) stepArgs { return stepArgs{p, s} },
	}).Parse(string(src))
	if err != nil {
		return false
	}
	for _, name := range []string{"step", "badges"} {
		have, want := set.Lookup(name), def.Lookup(name)
		if have == nil || want == nil || have.Tree == nil || want.Tree == nil ||
			have.Tree.Root.String() != want.Tree.Root.String() {
			return false
		}
	}
	return true
}

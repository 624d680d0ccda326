package render

import (
	"html/template"
	"strings"

	"prereq/internal/links"
	"prereq/internal/markdown"
	"prereq/internal/plan"
)

// reasons words why items are skipped, for one page: a skip_reason as it
// is written, its cross-references resolved ("skip to [](#section-x)"),
// and a generated reason (plan.Why) in the partner's words (see wording),
// by the questions of the facts that decided it and the partner's answers:
//
//	Not needed: you answered No to 'Does your service already have a Kakao Talk Channel?'
//	Not needed: your answer to 'Which consent items …?' does not include shipping_address
//
// never by the condition's syntax, which `prereq explain` shows. It is
// used by one goroutine at a time.
type reasons struct {
	wording // the page's language
	refs    *targets
	url     string               // the page's address, for checklist.md's links (links.Step)
	done    map[*plan.Why]string // generated reasons worded so far
}

// reasonsFor words the reasons of a plan in lang, by the facts'
// questions in lang where the guide translates them.
func reasonsFor(p *plan.Plan, lang string) reasons {
	return reasons{wording: newWording(p.Guide, lang, stringsT(stringsFor(lang))), refs: newTargets(p), done: map[*plan.Why]string{}}
}

// A reason is written out in one of three forms.
type reasonFormat int

const (
	plainReason    reasonFormat = iota // checklist.json, explain
	htmlReason                         // the page
	markdownReason                     // checklist.md
)

// word returns the reason shown for a skipped item as plain text: text
// (its skip_reason) when why is nil, else why worded.
func (r reasons) word(text string, why *plan.Why) string {
	return r.write(plainReason, text, why)
}

// html is word as HTML, cross-references linked.
func (r reasons) html(text string, why *plan.Why) template.HTML {
	return template.HTML(r.write(htmlReason, text, why))
}

// markdown is word as Markdown for checklist.md: text stays literal,
// cross-references link to the page (links.Step).
func (r reasons) markdown(text string, why *plan.Why) string {
	return r.write(markdownReason, text, why)
}

func (r reasons) write(f reasonFormat, text string, why *plan.Why) string {
	if why != nil {
		return escapeReason(f, r.generated(why))
	}
	if !strings.Contains(text, "](#") { // no reference: most reasons, and "" for every step to do
		return escapeReason(f, text)
	}
	var b strings.Builder
	for _, sp := range markdown.SplitRefs(text) {
		if sp.Ref == nil {
			b.WriteString(escapeReason(f, sp.Text))
			continue
		}
		r.writeRef(&b, f, sp)
	}
	return b.String()
}

// writeRef writes a cross-reference of a skip_reason: its text, or the
// title of what it names, linked (in checklist.md, to its place in the
// page), and, when what it names is skipped, the words that say so.
func (r reasons) writeRef(b *strings.Builder, f reasonFormat, sp markdown.Span) {
	title, skipped, ok := r.refs.Resolve(sp.Ref.Kind, sp.Ref.ID)
	label := sp.Text
	if label == "" {
		label = title
	}
	if !ok { // reported when the guide loaded
		b.WriteString(escapeReason(f, cmpOr(sp.Text, "#"+sp.Ref.Anchor())))
		return
	}
	if skipped {
		label += " " + r.t("refSkipped")
	}
	switch f {
	case htmlReason:
		b.WriteString(`<a class="xref`)
		if skipped {
			b.WriteString(" xref-skipped")
		}
		b.WriteString(`" href="#`)
		b.WriteString(sp.Ref.Anchor())
		b.WriteString(`">`)
		textEscaper.WriteString(b, label)
		b.WriteString("</a>")
	case markdownReason: // skipped or not, the page has it
		to := links.Step(r.url, sp.Ref.ID)
		if sp.Ref.Kind != markdown.StepRef {
			to = links.Section(r.url, sp.Ref.ID)
		}
		b.WriteString(mdLink(mdText(label), to))
	default:
		b.WriteString(label)
	}
}

// escapeReason makes text literal in a reason's format.
func escapeReason(f reasonFormat, s string) string {
	switch f {
	case htmlReason:
		return textEscaper.Replace(s)
	case markdownReason:
		return mdText(s)
	}
	return s
}

// generated words a reason generated from a false condition, once for
// each: the steps of a skipped section share its Why.
func (r reasons) generated(why *plan.Why) string {
	if s, ok := r.done[why]; ok {
		return s
	}
	s := r.reason(why)
	r.done[why] = s
	return s
}

func cmpOr(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

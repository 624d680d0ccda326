package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"prereq/internal/guide"
	"prereq/internal/plan"
	"prereq/internal/wait"
)

// waitKeys are the interface text keys that word a wait of each unit.
var waitKeys = map[wait.Unit]string{wait.Days: "waitDays", wait.BusinessDays: "waitBusinessDays", wait.Weeks: "waitWeeks"}

// waitWords words a wait's numbers in the language of the table tr: "3–5
// business days", "영업일 기준 3~5일".
func waitWords(tr map[string]string, s wait.Span) string {
	t := stringsT(tr)
	key := waitKeys[s.Unit]
	switch {
	case s.Min != s.Max:
		return fmt.Sprintf(t(key+"Range"), s.Min, s.Max)
	case s.Min == 1:
		if one, ok := tr[key+".one"]; ok {
			return fmt.Sprintf(one, 1)
		}
	}
	return fmt.Sprintf(t(key), s.Min)
}

// waitText is a planned step's wait as shown in the step's language (see
// ShownWait).
func waitText(st *plan.Step) string {
	return ShownWait(st.Step, st.Lang)
}

// ShownWait is a step's wait as every output shows it in lang: the
// translation's own wording into lang, where it has one, else its numbers
// worded in lang's interface text ("3–5 business days", "영업일 기준
// 3~5일"); "" for a step without a wait.
func ShownWait(st *guide.Step, lang string) string {
	if tr := st.Translations[lang]; tr != nil && tr.Wait != "" {
		return tr.Wait
	}
	if st.Lead == nil {
		return st.Wait
	}
	return waitWords(stringsFor(lang), *st.Lead)
}

// waitDates is the element checklist.js fills with the dates a step's
// wait ends on if started today; "" for a step without a wait's numbers.
// The words around the dates are on the page's root (see dateAttrs).
func waitDates(st *guide.Step) string {
	if st.Lead == nil {
		return ""
	}
	return ` <span class="wait-dates" data-wait-min="` + strconv.Itoa(st.Lead.Min) + `" data-wait-max="` +
		strconv.Itoa(st.Lead.Max) + `" data-wait-unit="` + string(st.Lead.Unit) + `" hidden></span>`
}

// dateAttrs are the attributes of a page's root that checklist.js reads
// to fill in the dates waits end on: the guide's holidays and the words
// around the dates, in lang. "" when no step has a wait's numbers.
func dateAttrs(g *guide.Guide, lang string, any bool) template.HTMLAttr {
	if !any {
		return ""
	}
	var days []string
	for _, d := range g.Holidays.Dates() {
		days = append(days, d.Format(wait.DateLayout))
	}
	t := stringsT(stringsFor(lang))
	var b strings.Builder
	b.WriteString(` data-wait-on="`)
	textEscaper.WriteString(&b, t("waitEndsOn"))
	b.WriteString(`" data-wait-between="`)
	textEscaper.WriteString(&b, t("waitEndsBetween"))
	b.WriteString(`"`)
	if len(days) > 0 {
		b.WriteString(` data-holidays="` + strings.Join(days, " ") + `"`)
	}
	return template.HTMLAttr(b.String())
}

// WaitDates is the element checklist.js fills with the dates the step's
// wait ends on if started today.
func (v *StepView) WaitDates() template.HTML { return template.HTML(waitDates(v.Step.Step)) }

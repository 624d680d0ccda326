package render

import (
	"fmt"
	"strings"

	"prereq/internal/facts"
	"prereq/internal/plan"
)

// reasons words why items are skipped, for one page: a skip_reason as it
// is written, a generated reason (plan.Why) in the partner's words, by the
// questions of the facts that decided it and the partner's answers:
//
//	Not needed: you answered No to 'Does your service already have a Kakao Talk Channel?'
//	Not needed: your answer to 'Which consent items …?' does not include shipping_address
//
// never by the condition's syntax, which `prereq explain` shows.
type reasons struct {
	t        func(string) string // the page's interface text
	question func(fact string) string
}

// reasonsFor words the reasons of a plan in lang, by the facts'
// questions in lang where the guide translates them.
func reasonsFor(p *plan.Plan, lang string) reasons {
	g := p.Guide
	return reasons{t: stringsT(stringsFor(lang)), question: func(name string) string {
		if q := g.Question(name, lang); q != "" {
			return q
		}
		return name
	}}
}

// word returns the reason shown for a skipped item: text (its skip_reason)
// when why is nil, else why worded.
func (r reasons) word(text string, why *plan.Why) string {
	if why == nil {
		return text
	}
	if len(why.Facts) == 0 {
		return r.t("reasonNoFact")
	}
	clauses := make([]string, len(why.Facts))
	for i, b := range why.Facts {
		clauses[i] = r.clause(b)
	}
	return fmt.Sprintf(r.t("reasonGenerated"), strings.Join(clauses, r.t("reasonAnd")))
}

// clause words one deciding fact: what the partner answered to its
// question, or, when one member of a list decided, whether the answer
// includes it.
func (r reasons) clause(b plan.Binding) string {
	q := r.question(b.Name)
	switch {
	case b.Member != "" && b.Has:
		return fmt.Sprintf(r.t("reasonHas"), q, b.Member)
	case b.Member != "":
		return fmt.Sprintf(r.t("reasonLacks"), q, b.Member)
	}
	return fmt.Sprintf(r.t("reasonAnswer"), q, r.answer(b.Value))
}

// answer words a fact's value as an answer: Yes or No, a list's members
// joined, "none" for an empty list or string.
func (r reasons) answer(v any) string {
	switch v := v.(type) {
	case bool:
		if v {
			return r.t("answerYes")
		}
		return r.t("answerNo")
	case []string:
		if len(v) == 0 {
			return r.t("answerNone")
		}
	case string:
		if v == "" {
			return r.t("answerNone")
		}
	}
	return facts.Format(v)
}

package render

import (
	"bytes"
	"fmt"
	"strings"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/plan"
)

// Explain renders the plan as text for `prereq explain`: every section and
// step, included or skipped, and why: the reason as the page words it, and
// the condition that decided, with the facts that made it false. Text from
// the inputs is printed with what a terminal would not show as itself
// escaped (diag.Printable), so that each item keeps its one line.
func Explain(p *plan.Plan) []byte {
	show := diag.Printable
	words := reasonsFor(p, p.Language)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s, for %s: %d to do, %d skipped\n", show(p.Title), show(p.Service), p.Counts.Todo, p.Counts.Skipped)
	for _, s := range p.Sections {
		fmt.Fprintf(&b, "\n%s section %s: %s\n", mark(s.Status), show(s.ID), show(s.Title))
		b.WriteString(why(s.Status, s.Section.When, p.Facts, words.word(s.Reason, s.Why), "    "))
		for _, st := range s.Steps {
			fmt.Fprintf(&b, "  %s step %s: %s", mark(st.Status), show(st.ID), show(st.Title))
			if st.Role != nil {
				fmt.Fprintf(&b, " [%s only", show(st.Role.Label))
				if st.Role.Holder != "" {
					fmt.Fprintf(&b, ": %s", show(st.Role.Holder))
				}
				b.WriteString("]")
			}
			b.WriteString("\n")
			inherited := st.Status == plan.Skipped && s.Status == plan.Skipped
			if inherited {
				b.WriteString("      skipped with its section\n")
				continue
			}
			b.WriteString(why(st.Status, st.Step.When, p.Facts, words.word(st.Reason, st.Why), "      "))
		}
	}
	return b.Bytes()
}

func mark(s plan.Status) string {
	if s == plan.Todo {
		return "[todo]   "
	}
	return "[skipped]"
}

// why says why an item is in or out: for a skipped one, the reason the
// page shows and its condition with the facts that made it false.
func why(s plan.Status, when *cond.Cond, v facts.Values, reason, indent string) string {
	reason = diag.Printable(reason)
	switch {
	case s == plan.Skipped && when != nil:
		return fmt.Sprintf("%sskipped: %s\n%swhen: %s\n", indent, reason, indent, diag.Printable(when.Explain(v)))
	case s == plan.Skipped:
		return fmt.Sprintf("%sskipped: %s\n", indent, reason)
	case when != nil:
		return fmt.Sprintf("%sincluded: `%s` is true\n", indent, diag.Printable(strings.Join(strings.Fields(when.Source), " ")))
	default:
		return fmt.Sprintf("%sincluded: no condition\n", indent)
	}
}

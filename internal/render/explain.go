package render

import (
	"bytes"
	"fmt"

	"prereq/internal/plan"
)

// Explain renders the plan as text for `prereq explain`: every section and
// step, included or skipped, and why.
func Explain(p *plan.Plan) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s, for %s: %d to do, %d skipped\n", p.Title, p.Service, p.Counts.Todo, p.Counts.Skipped)
	for _, s := range p.Sections {
		fmt.Fprintf(&b, "\n%s section %s: %s\n", mark(s.Status), s.ID, s.Title)
		b.WriteString(why(s.Status, s.When != nil, whenSource(s.Section.When), s.Reason, "    "))
		for _, st := range s.Steps {
			fmt.Fprintf(&b, "  %s step %s: %s", mark(st.Status), st.ID, st.Title)
			if st.Role != nil {
				fmt.Fprintf(&b, " [%s only", st.Role.Label)
				if st.Role.Holder != "" {
					fmt.Fprintf(&b, ": %s", st.Role.Holder)
				}
				b.WriteString("]")
			}
			b.WriteString("\n")
			inherited := st.Status == plan.Skipped && s.Status == plan.Skipped
			if inherited {
				b.WriteString("      skipped with its section\n")
				continue
			}
			b.WriteString(why(st.Status, st.When != nil, whenSource(st.Step.When), st.Reason, "      "))
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

func why(s plan.Status, hasWhen bool, when, reason, indent string) string {
	switch {
	case s == plan.Skipped:
		return fmt.Sprintf("%sskipped: %s\n%swhen: %s\n", indent, reason, indent, when)
	case hasWhen:
		return fmt.Sprintf("%sincluded: `%s` is true\n", indent, when)
	default:
		return fmt.Sprintf("%sincluded: no condition\n", indent)
	}
}

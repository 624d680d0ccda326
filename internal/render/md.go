package render

import (
	"bytes"
	"fmt"
	"strings"

	"prereq/internal/plan"
)

// Markdown renders the plan's included steps as a GitHub task list, for a
// tracker or wiki, followed by the skipped steps and their reasons.
func Markdown(p *plan.Plan) []byte {
	tr := stringsFor(p.Language)
	why := reasonsFor(p, func(k string) string { return tr[k] })
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s: %s\n\n", mdEscape(p.Title), mdEscape(p.Service))
	fmt.Fprintf(&b, "%s: %d · %s: %d\n", tr["stepsToDo"], p.Counts.Todo, tr["stepsSkipped"], p.Counts.Skipped)
	for _, r := range p.Roles {
		if len(r.Steps) == 0 {
			continue
		}
		holder := ""
		if r.Holder != "" {
			holder = " (" + mdEscape(r.Holder) + ")"
		}
		fmt.Fprintf(&b, "\n- %s%s: %s", mdEscape(r.Label), holder, stepList(r.Steps))
	}
	if len(p.Waits) > 0 {
		fmt.Fprintf(&b, "\n\n**%s**: ", tr["waitsHeading"])
		for i, st := range p.Waits {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s (%s)", mdEscape(st.Title), mdEscape(st.Wait))
		}
	}
	b.WriteString("\n")
	for _, s := range p.Sections {
		if s.Status != plan.Todo {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n", mdEscape(s.Title))
		for _, st := range s.Steps {
			if st.Status != plan.Todo {
				continue
			}
			fmt.Fprintf(&b, "- [ ] **%s**%s\n", mdEscape(st.Title), stepDetails(st, tr))
		}
	}
	if p.Counts.Skipped > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", fmt.Sprintf(tr["notNeeded"], mdEscape(p.Service)))
		for _, s := range p.Sections {
			for _, st := range s.Steps {
				if st.Status == plan.Skipped {
					fmt.Fprintf(&b, "- ~~%s~~: %s\n", mdEscape(st.Title), reasonEscaper.Replace(why.word(st.Reason, st.Why)))
				}
			}
		}
	}
	return b.Bytes()
}

func stepList(steps []*plan.Step) string {
	titles := make([]string, len(steps))
	for i, st := range steps {
		titles[i] = mdEscape(st.Title)
	}
	return strings.Join(titles, ", ")
}

// stepDetails lists a step's badges and facts after its title.
func stepDetails(st *plan.Step, tr map[string]string) string {
	var parts []string
	if st.Required {
		parts = append(parts, tr["required"])
	}
	if st.Role != nil {
		role := fmt.Sprintf(tr["roleOnly"], st.Role.Label)
		if st.Role.Holder != "" {
			role += " (" + st.Role.Holder + ")"
		}
		parts = append(parts, mdEscape(role))
	}
	if st.Where != "" {
		parts = append(parts, tr["where"]+": "+mdEscape(st.Where))
	}
	if st.Wait != "" {
		parts = append(parts, tr["wait"]+": "+mdEscape(st.Wait))
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, " · ")
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`, "~", `\~`,
)

// reasonEscaper keeps what a skip_reason writes as Markdown (`code`,
// *emphasis*) while stopping links and HTML.
var reasonEscaper = strings.NewReplacer("<", `\<`, ">", `\>`, "[", `\[`, "]", `\]`, "|", `\|`)

// mdEscape makes text literal in Markdown.
func mdEscape(s string) string { return mdEscaper.Replace(s) }

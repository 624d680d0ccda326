package render

import (
	"bytes"
	"encoding/json"

	"prereq/internal/facts"
	"prereq/internal/plan"
)

// The shapes of checklist.json, field by field in docs/outputs.md. Titles,
// skip reasons, where and wait are in the plan's language where the guide
// has them translated.
type jsonChecklist struct {
	Title    string        `json:"title"`
	Language string        `json:"language"`
	Service  string        `json:"service"`
	Facts    facts.Values  `json:"facts"`
	Sections []jsonSection `json:"sections"`
	Counts   plan.Counts   `json:"counts"`
}

type jsonSection struct {
	ID     string     `json:"id"`
	Title  string     `json:"title"`
	Status string     `json:"status"`
	Reason string     `json:"reason"`
	Steps  []jsonStep `json:"steps"`
}

type jsonStep struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Status   string   `json:"status"`
	Required bool     `json:"required"`
	Role     string   `json:"role"`
	Holder   string   `json:"holder"`
	Where    string   `json:"where"`
	After    []string `json:"after"`
	Wait     string   `json:"wait"`
	Reason   string   `json:"reason"`
}

// JSON renders the plan as checklist.json: indented, keys in a fixed order,
// facts sorted by name, every declared role counted.
func JSON(p *plan.Plan) ([]byte, error) {
	out := jsonChecklist{
		Title:    p.Title,
		Language: p.Language,
		Service:  p.Service,
		Facts:    p.Facts,
		Sections: []jsonSection{},
		Counts:   p.Counts,
	}
	why := reasonsFor(p, p.Language)
	roles := make(map[string]int, len(p.Roles))
	for _, r := range p.Roles {
		roles[r.ID] = p.Counts.Roles[r.ID]
	}
	out.Counts.Roles = roles
	for _, s := range p.Sections {
		js := jsonSection{ID: s.ID, Title: s.Title, Status: string(s.Status), Reason: why.word(s.Reason, s.Why), Steps: []jsonStep{}}
		for _, st := range s.Steps {
			step := jsonStep{
				ID: st.ID, Title: st.Title, Status: string(st.Status), Required: st.Required,
				Where: st.Where, After: st.After, Wait: st.Wait, Reason: why.word(st.Reason, st.Why),
			}
			if step.After == nil {
				step.After = []string{}
			}
			if st.Role != nil {
				step.Role, step.Holder = st.Role.ID, st.Role.Holder
			}
			js.Steps = append(js.Steps, step)
		}
		out.Sections = append(out.Sections, js)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

package render

import (
	"io"
	"maps"
	"slices"

	"prereq/internal/links"
	"prereq/internal/plan"
	"prereq/internal/schedule"
	"prereq/internal/wait"
)

// JSONVersion is the version of checklist.json's format, its "version":
// docs/checklist.schema.json describes it and docs/outputs.md explains it.
// A change that could break a program reading it (a field removed or
// changing meaning) takes a new version; fields may be added within one.
const JSONVersion = 1

// JSON renders checklist.json (version JSONVersion) from the rendered
// page c: indented by two spaces, keys in the fixed order docs/outputs.md
// lists, facts sorted by name, every declared role counted, each step's
// body as the page shows it and as plain text. o.URL gives the links.
// Titles, labels, reasons, where and wait are in the plan's language
// where the guide has them translated; lang says which.
func JSON(c *Checklist, o Options) ([]byte, error) {
	w := &jsonWriter{b: make([]byte, 0, jsonSize(c))}
	if err := writeJSON(w, c, o); err != nil {
		return nil, err
	}
	return w.b, nil
}

// WriteJSON writes what JSON returns to out, a step or a few at a time:
// checklist.json, the largest output of a large guide (44 MB for 10,000
// steps), is then never whole in memory. It returns out's first error.
func WriteJSON(out io.Writer, c *Checklist, o Options) error {
	w := &jsonWriter{b: make([]byte, 0, min(jsonSize(c), 2*jsonChunk)), out: out}
	if err := writeJSON(w, c, o); err != nil {
		return err
	}
	return w.flush(0)
}

// jsonSize is about the size of c's checklist.json, a little more.
func jsonSize(c *Checklist) int {
	p := c.plan
	size := 1024 + 512*len(p.Sections) + 768*p.Counts.Todo + 640*p.Counts.Skipped
	for _, b := range c.bodies {
		size += 2*len(b.html) + len(b.html)/4 // the body and its text, quoted
	}
	return size
}

// writeJSON writes checklist.json with w.
func writeJSON(w *jsonWriter, c *Checklist, o Options) error {
	p := c.plan
	why := reasonsFor(p, p.Language)
	w.open('{')
	w.key("version")
	w.int(JSONVersion)
	w.key("title")
	w.str(p.Title)
	w.key("language")
	w.str(p.Language)
	w.key("service")
	w.str(p.Service)
	w.key("url")
	w.str(links.Page(o.URL))
	var dates schedule.Schedule
	w.key("start")
	if o.Start.IsZero() {
		w.null()
	} else {
		w.str(o.Start.Format(wait.DateLayout))
		dates = schedule.Make(p, o.Start)
	}
	w.key("facts")
	w.open('{')
	for _, name := range slices.Sorted(maps.Keys(p.Facts)) {
		w.key(name)
		if err := w.value(p.Facts[name]); err != nil {
			return err
		}
	}
	w.close('}')
	w.key("sections")
	w.open('[')
	for _, s := range p.Sections {
		w.elem()
		w.open('{')
		jsonHead(w, s.ID, s.Title, s.Lang, s.Status)
		w.key("required")
		w.boolean(s.Required)
		w.key("url")
		w.str(links.Section(o.URL, s.ID))
		w.key("reason")
		w.str(why.word(s.Reason, s.Why))
		w.key("steps")
		w.open('[')
		for _, st := range s.Steps {
			w.elem()
			jsonStep(w, c, st, why, o, dates)
			if err := w.flush(jsonChunk); err != nil {
				return err
			}
		}
		w.close(']')
		w.close('}')
	}
	w.close(']')
	w.key("counts")
	w.open('{')
	w.key("todo")
	w.int(p.Counts.Todo)
	w.key("skipped")
	w.int(p.Counts.Skipped)
	w.key("roles")
	w.open('{')
	for _, id := range slices.Sorted(slices.Values(roleIDs(p))) {
		w.key(id)
		w.int(p.Counts.Roles[id])
	}
	w.close('}')
	w.close('}')
	w.close('}')
	w.b = append(w.b, '\n')
	return nil
}

// jsonHead writes the keys a section's object and a step's object both
// begin with: id, title, lang and status.
func jsonHead(w *jsonWriter, id, title, lang string, status plan.Status) {
	w.key("id")
	w.str(id)
	w.key("title")
	w.str(title)
	w.key("lang")
	w.str(lang)
	w.key("status")
	w.str(string(status))
}

// jsonStep writes one step's object.
func jsonStep(w *jsonWriter, c *Checklist, st *plan.Step, why reasons, o Options, dates schedule.Schedule) {
	p := c.plan
	w.open('{')
	jsonHead(w, st.ID, st.Title, st.Lang, st.Status)
	w.key("number")
	w.int(st.Number)
	w.key("required")
	w.boolean(st.Required)
	w.key("url")
	w.str(links.Step(o.URL, st.ID))
	w.key("role")
	if r := st.Role; r != nil {
		w.open('{')
		w.key("id")
		w.str(r.ID)
		w.key("label")
		w.str(r.Label)
		w.key("holder")
		w.str(r.Holder)
		w.close('}')
	} else {
		w.null()
	}
	w.key("where")
	if st.Where != "" {
		w.open('{')
		w.key("text")
		w.str(st.Where)
		w.key("url")
		w.str(st.WhereURL) // the place's address, when the guide declares places
		w.close('}')
	} else {
		w.null()
	}
	// after: the steps still to do first, and those not needed.
	w.key("after")
	w.open('{')
	for _, status := range []plan.Status{plan.Todo, plan.Skipped} {
		w.key(string(status))
		w.open('[')
		for _, id := range st.Step.After {
			if dep := p.Step(id); dep != nil && dep.Status == status {
				w.elem()
				w.str(id)
			}
		}
		w.close(']')
	}
	w.close('}')
	w.key("wait")
	if st.Wait != "" {
		w.open('{')
		w.key("text")
		w.str(waitText(st))         // as the page words it, in the step's language
		if l := st.Lead; l != nil { // the numbers, from the original's wait
			w.key("min")
			w.int(l.Min)
			w.key("max")
			w.int(l.Max)
			w.key("unit")
			w.str(string(l.Unit))
		}
		w.close('}')
	} else {
		w.null()
	}
	// dates: with a start date, when the step to do starts and is done.
	w.key("dates")
	if d, ok := dates[st.ID]; ok {
		w.open('{')
		w.key("start")
		w.str(d.Start.Format(wait.DateLayout))
		w.key("first")
		w.str(d.First.Format(wait.DateLayout))
		w.key("end")
		w.str(d.End.Format(wait.DateLayout))
		w.close('}')
	} else {
		w.null()
	}
	w.key("reason")
	w.str(why.word(st.Reason, st.Why))
	w.key("body")
	w.open('{')
	c.writeBodyJSON(w, st)
	w.close('}')
	w.close('}')
}

// roleIDs lists the plan's declared roles' ids.
func roleIDs(p *plan.Plan) []string {
	ids := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		ids[i] = r.ID
	}
	return ids
}

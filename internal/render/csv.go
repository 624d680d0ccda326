package render

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"prereq/internal/links"
	"prereq/internal/plan"
	"prereq/internal/schedule"
	"prereq/internal/wait"
)

// CSVColumns are checklist.csv's columns, as Jira's CSV importer names the
// fields it maps them to. Labels repeats, once per label of the row that
// has the most (Jira reads each repeated column as one more label); Due
// date is there only when the build is given a start date.
var CSVColumns = []string{"Issue ID", "Issue Type", "Summary", "Description", "Parent", "Labels", "Due date"}

// CSVOptions say what checklist.csv links to, holds and dates.
type CSVOptions struct {
	URL  string                  // the checklist's address (see links.Step); "" for relative links
	Body func(*plan.Step) string // a step's instructions as plain text; nil for none
	Due  schedule.Schedule       // the steps' dates (-start); nil for no Due date column
}

// CSV renders the plan as checklist.csv, for a tracker's CSV import: one
// row for each section with steps to do, an Epic, and after them one for
// each step to do, a Task whose Parent is its section's Epic's Issue ID.
// Issue IDs are 1, 2, ... in that order.
// A step's description is its instructions as plain text (o.Body), its
// role and holder, place, wait and steps to do first, and its link (see
// links.Step); an Epic's is its section's link. With o.Due, each Task's
// Due date is its step's end (schedule.Dates.End) and each Epic's the last
// of its Tasks'.
//
// The file is UTF-8 with CRLF line ends, quoted as RFC 4180 says
// (encoding/csv); every cell that starts with =, +, -, @, a tab or a line
// end is prefixed with ' so that no spreadsheet runs it as a formula (see
// csvCell).
func CSV(p *plan.Plan, o CSVOptions) ([]byte, error) {
	due := o.Due
	tr := stringsFor(p.Language)
	type row struct {
		id, kind, summary, description, parent string
		labels                                 []string
		due                                    string
	}
	// Every Epic first, then every Task: Jira links a row to its Parent
	// only when the parent's row comes before it.
	var epics, tasks []row
	labels := 0
	for _, s := range p.Sections {
		var ids []string
		for _, st := range s.Steps {
			if st.Status == plan.Todo {
				ids = append(ids, st.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		epic := row{id: strconv.Itoa(len(epics) + 1), kind: "Epic", summary: s.Title,
			description: links.Section(o.URL, s.ID)}
		if due != nil {
			epic.due = due.End(ids...).Format(wait.DateLayout)
		}
		epics = append(epics, epic)
		for _, st := range s.Steps {
			if st.Status != plan.Todo {
				continue
			}
			task := row{kind: "Task", summary: st.Title, description: stepDescription(p, st, o, tr), parent: epic.id}
			if st.Role != nil {
				task.labels = append(task.labels, "role-"+st.Role.ID)
			}
			if st.Lead != nil {
				task.labels = append(task.labels, "wait")
			}
			if due != nil {
				task.due = due[st.ID].End.Format(wait.DateLayout)
			}
			labels = max(labels, len(task.labels))
			tasks = append(tasks, task)
		}
	}
	for i := range tasks {
		tasks[i].id = strconv.Itoa(len(epics) + i + 1)
	}
	rows := append(epics, tasks...)
	header := append([]string(nil), CSVColumns[:5]...)
	for range max(labels, 1) {
		header = append(header, "Labels")
	}
	if due != nil {
		header = append(header, "Due date")
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, r := range rows {
		rec := []string{r.id, r.kind, csvCell(oneLine(r.summary)), csvCell(r.description), r.parent}
		for i := range max(labels, 1) {
			l := ""
			if i < len(r.labels) {
				l = r.labels[i]
			}
			rec = append(rec, csvCell(l))
		}
		if due != nil {
			rec = append(rec, r.due)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// stepDescription is a Task's description, plain text in lines: the
// step's instructions, then its details and link.
func stepDescription(p *plan.Plan, st *plan.Step, o CSVOptions, tr map[string]string) string {
	var parts []string
	if o.Body != nil {
		if body := strings.TrimSpace(o.Body(st)); body != "" {
			parts = append(parts, body)
		}
	}
	var details []string
	if st.Role != nil {
		details = append(details, roleText(st.Role, tr))
	}
	if st.Where != "" {
		where := st.Where
		if st.WhereURL != "" {
			where += " (" + st.WhereURL + ")"
		}
		details = append(details, tr["where"]+": "+where)
	}
	if st.Lead != nil || st.Wait != "" {
		details = append(details, tr["wait"]+": "+waitText(st))
	}
	var after []string
	for _, id := range st.Step.After {
		if dep := p.Step(id); dep != nil && dep.Status == plan.Todo {
			after = append(after, dep.Title)
		}
	}
	if len(after) > 0 {
		details = append(details, tr["after"]+": "+strings.Join(after, ", "))
	}
	details = append(details, links.Step(o.URL, st.ID))
	parts = append(parts, strings.Join(details, "\n"))
	return strings.Join(parts, "\n\n")
}

// csvCell keeps a cell's text inert in a spreadsheet: a cell that starts
// with =, +, -, @, a tab or a line end is a formula to Excel, LibreOffice
// or Google Sheets (CSV injection), so it gets a leading ', which they
// show as text and do not run. Line ends within the cell are one \n each
// (encoding/csv writes them CRLF, as RFC 4180 does, and would drop a lone
// CR). Quoting is encoding/csv's.
func csvCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

// formulaStart holds the characters a cell that spreadsheets run as a
// formula may start with.
const formulaStart = "=+-@\t\r\n"

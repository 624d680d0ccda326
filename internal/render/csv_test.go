package render_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/plan"
	"prereq/internal/render"
	"prereq/internal/schedule"
	"prereq/internal/wait"
)

// inert is the text a cell must hold for s: its line ends \n, with a '
// before what a spreadsheet would run as a formula.
func inert(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if s != "" && strings.ContainsRune("=+-@\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}

// TestCSVHostile puts hostile text in every field checklist.csv shows
// (see hostileSite; the step's instructions too), parses the file back
// with encoding/csv, and checks each cell's text: as written, the summary
// on one line, nothing a spreadsheet runs as a formula.
func TestCSVHostile(t *testing.T) {
	for _, s := range []string{
		"Plain words",
		`Comma, "quotes" and ""doubled""`,
		"Two\nlines\r\nand a CR\rhere",
		"=HYPERLINK(\"https://evil.example\",\"click\")",
		"+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
		"=cmd|' /C calc'!A0",
		"가나다 쇼핑, \"주식회사\"\n=1+1",
		"ends with a comma,",
		"'already quoted",
	} {
		t.Run(s, func(t *testing.T) {
			in, errs := build.Load(build.Options{SiteDir: hostileSite(t, s)})
			if errs != nil {
				t.Fatal(errs)
			}
			p, errs := plan.Make(in.Guide, in.Site)
			if errs != nil {
				t.Fatal(errs)
			}
			start, _ := wait.ParseDate("2026-12-24")
			out, err := render.CSV(p, render.CSVOptions{
				URL:  "https://docs.example/acme/",
				Body: func(*plan.Step) string { return s },
				Due:  schedule.Make(p, start),
			})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasSuffix(out, []byte("\r\n")) {
				t.Errorf("lines do not end in CRLF")
			}
			r := csv.NewReader(bytes.NewReader(out))
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("parsing it back: %v\n%s", err, out)
			}
			want := [][]string{{"Issue ID", "Issue Type", "Summary", "Description", "Parent", "Labels", "Labels", "Due date"}}
			sec := p.Sections[0]
			want = append(want, []string{"1", "Epic", inert(summary(sec.Title)), "https://docs.example/acme/#section-a", "", "", "", "2026-12-25"})
			st := p.Step("todo")
			desc := strings.TrimSpace(s) + "\n\n" +
				st.Role.Label + " only (" + st.Role.Holder + ")\nWhere: " + st.Where + "\nWait: 1 day\nhttps://docs.example/acme/#step-todo"
			if strings.TrimSpace(s) == "" {
				desc = desc[2:]
			}
			want = append(want, []string{"2", "Task", inert(summary(st.Title)), inert(desc), "1", "role-owner", "wait", "2026-12-25"})
			if len(rows) != len(want) {
				t.Fatalf("%d rows, want %d:\n%q", len(rows), len(want), rows)
			}
			for i := range want {
				if !slices.Equal(rows[i], want[i]) {
					t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], want[i])
				}
				for j, cell := range rows[i] {
					if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) {
						t.Errorf("row %d, column %d starts a formula: %q", i, j, cell)
					}
				}
			}
		})
	}
}

// summary is text on one line, as a summary shows it.
func summary(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return collapse(s)
}

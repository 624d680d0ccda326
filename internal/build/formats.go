package build

import (
	"fmt"
	"slices"
	"strings"

	"prereq/internal/diag"
	"prereq/internal/plan"
	"prereq/internal/render"
	"prereq/internal/schedule"
)

// Formats are the output formats a build may write (-formats), each
// standing for files of a checklist:
//
//	html   the pages: index.html and the guide pages (index and guide)
//	index  index.html alone
//	guide  the guide page in each language (guide.html, guide.LANG.html) alone
//	json   checklist.json
//	md     checklist.md
//	csv    checklist.csv, for a tracker's CSV import
//
// The partners index of a many-partner build is written whatever the
// formats; the pictures the guide shows are copied beside checklist.json
// and checklist.md.
var Formats = []string{"html", "index", "guide", "json", "md", "csv"}

// DefaultFormats are the formats a build writes unless told otherwise.
// -formats index,json,md is the way to a cheaper build when the guide
// pages are not wanted: each is a second whole page (see
// docs/performance.md).
var DefaultFormats = []string{"html", "json", "md"}

// formatOutputs are the names renderPlan renders for each format.
var formatOutputs = map[string][]string{
	"html":  {"index.html", "guide.html"},
	"index": {"index.html"},
	"guide": {"guide.html"},
	"json":  {"checklist.json"},
	"md":    {"checklist.md"},
	"csv":   {"checklist.csv"},
}

// ParseFormats reads -formats: format names separated by commas
// ("html,json,md,csv"), spaces around them allowed, each once. An unknown
// name is an error with the closest known one suggested.
func ParseFormats(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			return nil, fmt.Errorf("%q: an empty format name; formats are %s", s, strings.Join(Formats, ", "))
		case !slices.Contains(Formats, f):
			hint := diag.DidYouMean(f, Formats)
			if lower := strings.ToLower(f); slices.Contains(Formats, lower) {
				hint = " (did you mean " + lower + "?)"
			}
			return nil, fmt.Errorf("unknown format %s%s; formats are %s", f, hint, strings.Join(Formats, ", "))
		case slices.Contains(out, f):
			return nil, fmt.Errorf("format %s is named twice", f)
		}
		out = append(out, f)
	}
	return out, nil
}

// outputNames are the names of the outputs the formats stand for; for no
// formats, those of DefaultFormats.
func outputNames(formats []string) []string {
	if len(formats) == 0 {
		formats = DefaultFormats
	}
	var out []string
	for _, f := range formats {
		for _, name := range formatOutputs[f] {
			if !slices.Contains(out, name) { // html and index both name index.html
				out = append(out, name)
			}
		}
	}
	return out
}

// addCSV renders checklist.csv into out when names ask for it, linking
// to url (see links.Step), with each step's instructions from the page
// as rendered and due dates from the inputs' start date when there is
// one.
func addCSV(out sink, p *plan.Plan, in *Inputs, names []string, url string, page *render.Checklist) error {
	if !slices.Contains(names, "checklist.csv") {
		return nil
	}
	o := render.CSVOptions{URL: url, Body: page.BodyText}
	if !in.Start.IsZero() {
		o.Due = schedule.Make(p, in.Start)
	}
	csv, err := render.CSV(p, o)
	if err != nil {
		return err
	}
	return out.put("checklist.csv", csv)
}

package build

import (
	"slices"
	"strings"
	"testing"
)

func TestParseFormats(t *testing.T) {
	for _, c := range []struct {
		in, want, err string
	}{
		{"html,json,md", "html json md", ""},
		{"csv", "csv", ""},
		{" html , csv ", "html csv", ""},
		{"html,jsno", "", "unknown format jsno (did you mean json?); formats are html, index, guide, json, md, csv"},
		{"html,guid", "", "unknown format guid (did you mean guide?)"},
		{"HTML", "", "unknown format HTML (did you mean html?)"},
		{"xlsx", "", "unknown format xlsx; formats are"},
		{"html,,md", "", "an empty format name"},
		{"", "", "an empty format name"},
		{"md,md", "", "format md is named twice"},
	} {
		got, err := ParseFormats(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseFormats(%q) = %v, %v; want an error with %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != c.want {
			t.Errorf("ParseFormats(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct {
		formats []string
		want    []string
	}{
		{nil, []string{"index.html", "guide.html", "checklist.json", "checklist.md"}},
		{[]string{"index", "json"}, []string{"index.html", "checklist.json"}},
		{[]string{"guide"}, []string{"guide.html"}},
		{[]string{"html", "index", "guide", "csv"}, []string{"index.html", "guide.html", "checklist.csv"}},
	} {
		if got := outputNames(c.formats); !slices.Equal(got, c.want) {
			t.Errorf("outputNames(%v) = %v, want %v", c.formats, got, c.want)
		}
	}
}

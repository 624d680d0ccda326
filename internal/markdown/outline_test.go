package markdown

import (
	"testing"
)

// TestOutline: a body's `::: when` blocks and `{{ fact }}` values, with
// where each is written and which block holds it; values in code and
// service.name are not listed.
func TestOutline(t *testing.T) {
	src := "Hello {{ service.name }}, plan {{ plan }}.\n" +
		"\n" +
		"::: when existing_app\n" +
		"::: note\n" +
		"Items: {{ consent_items }}.\n" +
		":::\n" +
		"  ::: when  has_channel and max_users > 5\n" +
		"  Hé {{ max_users }}\n" +
		"  :::\n" +
		":::\n" +
		"`{{ plan }}` {{ has_channel }}\n"
	doc, errs := NewParser(testSchema()).Parse("s.md", 10, []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	type part struct {
		what      string
		line, col int
		in        int
	}
	var got []part
	for _, p := range doc.Outline() {
		what := p.Fact
		if p.When != nil {
			what = "when " + p.When.Source
		}
		got = append(got, part{what, p.Line, p.Col, p.In})
	}
	want := []part{
		{"plan", 10, 32, -1},
		{"when existing_app", 12, 10, -1},
		{"consent_items", 14, 8, 1},
		{"when has_channel and max_users > 5", 16, 13, 1},
		{"max_users", 17, 6, 3},
		{"has_channel", 20, 14, -1},
	}
	if len(got) != len(want) {
		t.Fatalf("outline = %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("part %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

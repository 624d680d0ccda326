package render

import (
	"bytes"
	"slices"
	"testing"

	"prereq/internal/cond"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/wait"
)

// TestGuideStepCompact writes guide steps of every shape compact, as a
// minified guide page writes them when compactSafe, and in full through
// the page's minifier: the bytes must be the same. Text with odd spaces
// is not compactSafe (the page minifies those steps).
func TestGuideStepCompact(t *testing.T) {
	odd := `<b>"Q" & 'A' + 1 > 0</b> 한글` + "\x00"
	spaced := " two  spaces\tand a tab "
	plain := "Plain words, 한글 (and more)."
	schema := &facts.Schema{Facts: []*facts.Decl{{Name: "web", Type: facts.Bool, Question: "Web?"}}}
	when, err := cond.Compile(`web`, schema)
	if err != nil {
		t.Fatal(err)
	}
	oddWhen, err := cond.Compile(`web and "x" != "<y>"`, schema)
	if err != nil {
		t.Fatal(err)
	}
	oddReason := `Not <a class="xref" href="#step-dep-1">for &amp; you</a>`
	titles := map[string]*StepRef{
		"dep-1":   {ID: "dep-1", Lang: "en", Title: "Dep one"},
		"dep-odd": {ID: "dep-odd", Lang: "en", Title: "Dep " + odd},
		"dep-2":   {ID: "dep-2", Lang: "ko", Title: "먼저"},
	}
	m := htmlMinifier()
	n := 0
	for _, lang := range []string{"en", "ko"} {
		for _, langAttr := range []string{"", "en"} {
			for _, c := range []*cond.Cond{nil, when, oddWhen} {
				for _, skipReason := range []string{"", `Not <a class="xref" href="#step-dep-1">for you</a>`, oddReason} {
					for _, role := range []*RoleRef{nil, {ID: "owner", Label: "Owner"}, {ID: "owner", Label: odd}} {
						for _, required := range []bool{false, true} {
							for _, text := range []string{"", plain, odd, spaced} {
								for _, after := range [][]string{nil, {"dep-1", "dep-2", "gone"}, {"dep-odd"}} {
									for _, hasBody := range []bool{false, true} {
										st := &guideStep{
											Step: &guide.Step{Item: guide.Item{ID: "s-" + text, When: c, Required: required}, After: after, Wait: text},
											text: guide.Text{Lang: lang, Title: "Title" + text, Where: text, Wait: text},
											tx:   textsFor(lang), langAttr: langAttr, role: role, skipReason: skipReason,
										}
										if text == plain {
											st.Lead = &wait.Span{Min: 3, Max: 5, Unit: wait.BusinessDays} // its wait worded from numbers, with its dates
										}
										if c != nil {
											st.flag = `<p class="flag"><strong>Only if:</strong> <code>` + textEscaper.Replace(c.Source) + `</code></p>`
										}
										if !compactSafe(st, titles) {
											if (text == "" || text == plain) && c != oddWhen && skipReason != oddReason && (role == nil || role.Label != odd) && !slices.Contains(after, "dep-odd") {
												t.Fatalf("a step of plain text is not compactSafe: %+v", st)
											}
											continue
										}
										var full, compact bytes.Buffer
										writeGuideStep(&full, st, titles, hasBody, false)
										writeGuideStep(&compact, st, titles, hasBody, true)
										want, err := m.Bytes("text/html", full.Bytes())
										if err != nil {
											t.Fatal(err)
										}
										if !bytes.Equal(compact.Bytes(), want) {
											t.Fatalf("compact step differs from the minified one:\n got %s\nwant %s", compact.Bytes(), want)
										}
										n++
									}
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d steps compared", n)
}

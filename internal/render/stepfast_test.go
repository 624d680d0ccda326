package render

import (
	"bytes"
	"html/template"
	"testing"
	"testing/fstest"

	"prereq/internal/guide"
	"prereq/internal/plan"
	"prereq/internal/wait"
)

// TestWriteStepMatchesTemplate renders steps of every shape with writeStep
// and with the embedded "step" template: the bytes must be the same. A
// step is rendered with the page in its own language (Page.In), inside a
// section in the same or another language, naming steps in either.
func TestWriteStepMatchesTemplate(t *testing.T) {
	tmpl, errs := LoadTemplates(nil, "templates")
	if errs != nil {
		t.Fatal(errs)
	}
	if !tmpl.fastStep {
		t.Fatal("the embedded templates do not use writeStep")
	}
	odd := `<b>"Q" & 'A' + 1 > 0</b> 한글 ` + "\x00"
	texts := []string{"", "Plain", odd}
	depTodo := &plan.Step{Step: &guide.Step{Item: guide.Item{ID: "dep-1"}}, Lang: "en", Title: "Dep " + odd, Status: plan.Todo}
	depKo := &plan.Step{Step: &guide.Step{Item: guide.Item{ID: "dep-3"}}, Lang: "ko", Title: "먼저", Status: plan.Todo}
	depSkipped := &plan.Step{Step: &guide.Step{Item: guide.Item{ID: "dep_2"}}, Lang: "en", Title: "Skipped dep", Status: plan.Skipped}
	n := 0
	for _, langs := range [][2]string{{"en", "en"}, {"ko", "ko"}, {"en", "ko"}, {"ko", "en"}} {
		lang, sectionLang := langs[0], langs[1]
		pg := &Page{Lang: lang, strings: stringsFor(lang)}
		section := &plan.Section{Lang: sectionLang}
		for _, status := range []plan.Status{plan.Todo, plan.Skipped} {
			for _, required := range []bool{false, true} {
				for _, role := range []*RoleRef{nil, {ID: "owner", Label: "Owner"}, {ID: "master", Label: odd, Holder: odd}} {
					for _, text := range texts {
						for _, after := range [][]*plan.Step{nil, {depSkipped}, {depTodo, depSkipped, depKo, depTodo}} {
							v := &StepView{
								Step: &plan.Step{Step: &guide.Step{}, Section: section}, ID: "s-" + lang, Lang: lang, Title: "Title " + text,
								Status: status, Required: required, Role: role, Where: text, Wait: text,
								Number: n, Reason: template.HTML("Because " + template.HTMLEscapeString(text) + ` <a href="#step-x">x</a>`), After: after, page: pg,
							}
							if text != "" {
								v.Body = bodyMark
								v.Condition = "`not a` is false because a = " + text
							}
							var fast, slow bytes.Buffer
							writeStep(&fast, pg, v)
							if err := tmpl.page.ExecuteTemplate(&slow, "step", stepArgs{pg, v}); err != nil {
								t.Fatal(err)
							}
							if fast.String() != slow.String() {
								t.Fatalf("step %d (%s in %s, %s, required=%v, role=%v, %q, after %d):\n--- writeStep\n%s\n--- template\n%s",
									n, lang, sectionLang, status, required, role, text, len(after), fast.String(), slow.String())
							}
							if lang != sectionLang && !bytes.Contains(fast.Bytes(), []byte(` lang="`+lang+`">`)) {
								t.Fatalf("step %d in a %s section: no lang=%q\n%s", n, sectionLang, lang, fast.String())
							}
							n++
						}
					}
				}
			}
		}
	}
}

// TestFastStepOnlyForEmbeddedTemplates checks that a site that changes the
// step's markup gets its own: writeStep is off when "step" or "badges"
// differ from the embedded ones, wherever they are defined.
func TestFastStepOnlyForEmbeddedTemplates(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		fast  bool
	}{
		{"no templates", fstest.MapFS{}, true},
		{"another file only", fstest.MapFS{"templates/style.css": {Data: []byte("body{}")}}, true},
		{"step.html", fstest.MapFS{"templates/step.html": {Data: []byte(`{{ define "step" }}<li>{{ .Step.Title }}</li>{{ end }}{{ define "badges" }}{{ end }}`)}}, false},
		{"badges redefined in a later file", fstest.MapFS{"templates/zz.html": {Data: []byte(`{{ define "badges" }}<p>mine</p>{{ end }}`)}}, false},
	} {
		tmpl, errs := LoadTemplates(tc.files, "templates")
		if errs != nil {
			t.Fatalf("%s: %v", tc.name, errs)
		}
		if tmpl.fastStep != tc.fast {
			t.Errorf("%s: fastStep = %v, want %v", tc.name, tmpl.fastStep, tc.fast)
		}
	}
}

// TestWriteStepCompact writes steps of every shape compact, as a minified
// page writes them when stepCompactSafe, and in full through the page's
// minifier: the bytes must be the same. A step of plain text must be
// stepCompactSafe (or minified pages would lose the shortcut unnoticed).
func TestWriteStepCompact(t *testing.T) {
	odd := `<b>"Q" & 'A' + 1 > 0</b> 한글 ` + "\x00"
	spaced := " two  spaces\tand a tab "
	plain := "Plain words, 한글 (and more)."
	depTodo := &plan.Step{Step: &guide.Step{Item: guide.Item{ID: "dep-1"}}, Lang: "en", Title: "Dep one", Status: plan.Todo}
	depOdd := &plan.Step{Step: &guide.Step{Item: guide.Item{ID: "dep-4"}}, Lang: "en", Title: "Dep " + odd, Status: plan.Todo}
	depKo := &plan.Step{Step: &guide.Step{Item: guide.Item{ID: "dep-3"}}, Lang: "ko", Title: "먼저", Status: plan.Todo}
	depSkipped := &plan.Step{Step: &guide.Step{Item: guide.Item{ID: "dep_2"}}, Lang: "en", Title: "Skipped " + odd, Status: plan.Skipped}
	m := htmlMinifier()
	n, compact := 0, 0
	for _, langs := range [][2]string{{"en", "en"}, {"ko", "ko"}, {"en", "ko"}} {
		lang, sectionLang := langs[0], langs[1]
		pg := &Page{Lang: lang, strings: stringsFor(lang)}
		section := &plan.Section{Lang: sectionLang}
		for _, status := range []plan.Status{plan.Todo, plan.Skipped} {
			for _, required := range []bool{false, true} {
				for _, role := range []*RoleRef{nil, {ID: "owner", Label: "Owner"}, {ID: "owner", Label: "Owner", Holder: "Kim"}, {ID: "master", Label: odd, Holder: spaced}} {
					for _, text := range []string{"", plain, odd, spaced} {
						for _, after := range [][]*plan.Step{nil, {depSkipped}, {depTodo, depSkipped, depKo}, {depOdd}} {
							for _, lead := range []*wait.Span{nil, {Min: 3, Max: 5, Unit: wait.BusinessDays}} {
								for _, reason := range []template.HTML{"", "Because" + template.HTML(template.HTMLEscapeString(text)) + ` <a href="#step-x">x</a>`} {
									v := &StepView{
										Step: &plan.Step{Step: &guide.Step{Lead: lead}, Section: section}, ID: "s-" + lang, Lang: lang, Title: "Title" + text,
										Status: status, Required: required, Role: role, Where: text, Wait: text,
										Number: n, Reason: reason, After: after, page: pg,
									}
									if text == plain {
										v.WhereURL = "https://example.com/a?b=c"
									}
									if text != "" {
										v.Body = bodyMark
									}
									n++
									if !stepCompactSafe(pg, v) {
										if (text == "" || text == plain) && (role == nil || role.Label != odd) &&
											(len(after) == 0 || after[0] != depOdd) && (status == plan.Todo || reason != "") {
											t.Fatalf("step %d of plain text is not stepCompactSafe: %+v", n, v)
										}
										continue
									}
									var full bytes.Buffer
									writeStep(&full, pg, v)
									want, err := m.Bytes("text/html", full.Bytes())
									if err != nil {
										t.Fatal(err)
									}
									dropNewlines(&full, 0)
									if !bytes.Equal(full.Bytes(), want) {
										t.Fatalf("step %d: compact differs from minified:\n got %s\nwant %s", n, full.Bytes(), want)
									}
									compact++
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d steps, %d compared", n, compact)
}

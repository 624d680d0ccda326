package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"prereq/internal/cond"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/plan"
)

// TestReasons words a generated reason for every form of condition, in
// English and Korean: by the questions of the facts that decided and the
// answers given, never by the condition's syntax.
func TestReasons(t *testing.T) {
	schema := &facts.Schema{Facts: []*facts.Decl{
		{Name: "has_app", Type: facts.Bool, Question: "Do you have an app?"},
		{Name: "has_channel", Type: facts.Bool, Question: "Do you have a channel?"},
		{Name: "kind", Type: facts.String, Question: "What kind of business is it?"},
		{Name: "items", Type: facts.List, Question: "Which items will you request?"},
		{Name: "seats", Type: facts.Number, Question: "How many seats?"},
	}}
	values := facts.Values{
		"has_app": true, "has_channel": false, "kind": "individual",
		"items": []string{"email", "phone"}, "seats": float64(3),
	}
	empty := facts.Values{"has_app": true, "has_channel": false, "kind": "", "items": []string{}, "seats": float64(0)}
	tests := []struct {
		when   string
		values facts.Values
		en, ko string
	}{
		{"not has_app", values,
			"Not needed: you answered Yes to 'Do you have an app?'",
			"필요 없음: ‘Do you have an app?’ 질문에 ‘예’라고 답했습니다."},
		{"has_channel", values,
			"Not needed: you answered No to 'Do you have a channel?'",
			"필요 없음: ‘Do you have a channel?’ 질문에 ‘아니요’라고 답했습니다."},
		{`kind == "company"`, values,
			"Not needed: you answered individual to 'What kind of business is it?'",
			"필요 없음: ‘What kind of business is it?’ 질문에 ‘individual’라고 답했습니다."},
		{`kind != "individual"`, values,
			"Not needed: you answered individual to 'What kind of business is it?'", ""},
		{`kind in ["company", "nonprofit"]`, values,
			"Not needed: you answered individual to 'What kind of business is it?'", ""},
		{`kind == "company"`, empty,
			"Not needed: you answered none to 'What kind of business is it?'",
			"필요 없음: ‘What kind of business is it?’ 질문에 ‘없음’라고 답했습니다."},
		{`"address" in items`, values,
			"Not needed: your answer to 'Which items will you request?' does not include address",
			"필요 없음: ‘Which items will you request?’ 질문의 답에 address 항목이 없습니다."},
		{`"email" not in items`, values,
			"Not needed: your answer to 'Which items will you request?' includes email",
			"필요 없음: ‘Which items will you request?’ 질문의 답에 email 항목이 있습니다."},
		{"len(items) > 0", empty,
			"Not needed: you answered none to 'Which items will you request?'", ""},
		{"len(items) > 2", values,
			"Not needed: you answered email, phone to 'Which items will you request?'", ""},
		{"seats >= 10", values,
			"Not needed: you answered 3 to 'How many seats?'",
			"필요 없음: ‘How many seats?’ 질문에 ‘3’라고 답했습니다."},
		// and: the false side only; or: every side; not: what made it true.
		{"has_app and has_channel", values,
			"Not needed: you answered No to 'Do you have a channel?'", ""},
		{`has_channel or "address" in items`, values,
			"Not needed: you answered No to 'Do you have a channel?' and your answer to 'Which items will you request?' does not include address",
			"필요 없음: ‘Do you have a channel?’ 질문에 ‘아니요’라고 답했고, ‘Which items will you request?’ 질문의 답에 address 항목이 없습니다."},
		{"not (has_app or has_channel)", values,
			"Not needed: you answered Yes to 'Do you have an app?'", ""},
		{"not (has_app and not has_channel)", values,
			"Not needed: you answered Yes to 'Do you have an app?' and you answered No to 'Do you have a channel?'", ""},
		// No fact decided.
		{"1 > 2", values, "Not needed for any service.", "어느 서비스에도 필요 없습니다."},
	}
	for _, tt := range tests {
		c, err := cond.Compile(tt.when, schema)
		if err != nil {
			t.Fatalf("%s: %v", tt.when, err)
		}
		why := &plan.Why{When: tt.when}
		for _, cause := range c.Causes(tt.values) {
			why.Facts = append(why.Facts, plan.Binding{Name: cause.Fact, Value: tt.values[cause.Fact], Member: cause.Member, Has: cause.Has})
		}
		p := &plan.Plan{Guide: &guide.Guide{Schema: schema}}
		for lang, want := range map[string]string{"en": tt.en, "ko": tt.ko} {
			got := reasonsFor(p, lang).word("", why)
			if want != "" && got != want {
				t.Errorf("%s, %s:\n got %s\nwant %s", tt.when, lang, got, want)
			}
			if strings.ContainsAny(got, "`=") || strings.Contains(got, tt.when) {
				t.Errorf("%s, %s: %q shows the condition", tt.when, lang, got)
			}
		}
	}
	// A skip_reason is shown as written.
	if got := reasonsFor(&plan.Plan{Guide: &guide.Guide{Schema: schema}}, "en").word("Use your app.", nil); got != "Use your app." {
		t.Errorf("skip_reason worded as %q", got)
	}
}

// TestConditionTooltips: with Options.Conditions (the live preview), a
// skipped item's reason carries its condition and the facts that made it
// false as a tooltip; without, the page shows no condition at all.
func TestConditionTooltips(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":      {Data: []byte("+++\ntitle = \"G\"\nfacts.a = { type = \"bool\", question = \"A?\", default = true }\n+++\n")},
		"content/01-s/_index.md": {Data: []byte("+++\ntitle = \"S\"\n+++\n")},
		"content/01-s/01-x.md":   {Data: []byte("+++\ntitle = \"X\"\nwhen = \"not a\"\n+++\n")},
		"content/02-t/_index.md": {Data: []byte("+++\ntitle = \"T\"\nwhen = \"not a\"\nskip_reason = \"Done.\"\n+++\n")},
		"content/02-t/01-y.md":   {Data: []byte("+++\ntitle = \"Y\"\n+++\n")},
	}
	g, errs := guide.Load(fsys, "content")
	if errs != nil {
		t.Fatal(errs)
	}
	site, errs := facts.ParseSite("site.toml", []byte("[service]\nname = \"A\"\n"), g.Schema)
	if errs != nil {
		t.Fatal(errs)
	}
	p, _ := plan.Make(g, site)
	tmpl, errs := LoadTemplates(nil, "templates")
	if errs != nil {
		t.Fatal(errs)
	}
	const tip = " title=\"`not a` is false because a = true\""
	for _, shown := range []bool{false, true} {
		page, err := Render(p, tmpl, Options{Conditions: shown})
		if err != nil {
			t.Fatal(err)
		}
		// The step, the skipped section, and the step skipped with it.
		if got, want := strings.Count(string(page), tip), map[bool]int{false: 0, true: 3}[shown]; got != want {
			t.Errorf("Conditions=%v: %d tooltips, want %d", shown, got, want)
		}
	}
}

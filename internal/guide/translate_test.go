package guide

import (
	"testing"
	"testing/fstest"

	"prereq/internal/corpus"
)

// txtarFS reads a small content folder written inline.
func txtarFS(archive string) fstest.MapFS {
	return corpus.TxtarFS(archive)
}

// translated is a guide in English with Korean translations of the guide,
// a section and one of its two steps.
const translated = `
-- content/_index.md --
+++
title = "Guide"
[facts.web]
type = "bool"
question = "Web?"
default = true
[facts.plan]
type = "string"
question = "Which plan?"
values = ["free", "paid"]
default = "free"
[roles.owner]
label = "Owner"
description = "Made the app."
+++
Intro.
-- content/_index.ko.md --
+++
title = "가이드"
[facts.web]
question = "웹 서비스인가요?"
[roles.owner]
label = "소유자"
+++
소개.
-- content/01-app/_index.md --
+++
title = "App"
when = "web"
skip_reason = "No web."
+++
-- content/01-app/_index.ko.md --
+++
title = "앱"
+++
-- content/01-app/01-register.md --
+++
title = "Register"
role = "owner"
where = "Console"
wait = "3-5 business days"
skip_reason = "Done."
+++
Register {{ service.name }}.
-- content/01-app/01-register.ko.md --
+++
title = "등록"
wait = "영업일 기준 3~5일"
+++
{{ service.name }} 등록.
::: when web
웹.
:::
-- content/01-app/02-invite.md --
+++
title = "Invite"
+++
`

func TestTranslationsPaired(t *testing.T) {
	g, errs := Load(txtarFS(translated), "content")
	if errs != nil {
		t.Fatal(errs)
	}
	if got := g.Languages(); len(got) != 1 || got[0] != "ko" {
		t.Errorf("Languages() = %v, want [ko]", got)
	}
	in := g.In("ko")
	if in.Lang != "ko" || in.Title != "가이드" || in.File != "content/_index.ko.md" || in.Intro == nil || in.Intro.Empty() {
		t.Errorf("In(ko) = %+v", in)
	}
	if en := g.In("en"); en.Lang != "en" || en.Title != "Guide" {
		t.Errorf("In(en) = %+v", en)
	}
	if q := g.Question("web", "ko"); q != "웹 서비스인가요?" {
		t.Errorf("Question(web, ko) = %q", q)
	}
	if q := g.Question("plan", "ko"); q != "Which plan?" {
		t.Errorf("an untranslated question: %q, want the original", q)
	}
	if r := g.Role("owner", "ko"); r.Label != "소유자" || r.Description != "Made the app." {
		t.Errorf("Role(owner, ko) = %+v, want the label translated, the description as declared", r)
	}
	sec := g.Sections[0]
	if st := g.SectionText(sec, "ko"); st.Lang != "ko" || st.Title != "앱" || st.SkipReason != "No web." {
		t.Errorf("SectionText(ko) = %+v, want the skip reason the original's", st)
	}
	reg := g.StepText(sec.Steps[0], "ko")
	if reg.Lang != "ko" || reg.Title != "등록" || reg.Wait != "영업일 기준 3~5일" || reg.Where != "Console" || reg.SkipReason != "Done." {
		t.Errorf("StepText(register, ko) = %+v", reg)
	}
	if reg.Body == sec.Steps[0].Body || reg.Body == nil {
		t.Error("the translated step has the original's body")
	}
	if sec.Steps[0].Role != "owner" || sec.Steps[0].Title != "Register" {
		t.Errorf("the original step changed: %+v", sec.Steps[0])
	}
	inv := g.StepText(sec.Steps[1], "ko")
	if inv.Lang != "en" || inv.Title != "Invite" || inv.File != "content/01-app/02-invite.md" {
		t.Errorf("an untranslated step falls back to the original, in the guide's language: %+v", inv)
	}
	if en := g.StepText(sec.Steps[0], "en"); en.Lang != "en" || en.Title != "Register" {
		t.Errorf("StepText(en) = %+v", en)
	}
}

func TestUntranslated(t *testing.T) {
	g, errs := Load(txtarFS(translated), "content")
	if errs != nil {
		t.Fatal(errs)
	}
	want := "content/01-app/02-invite.md: no ko translation (02-invite.ko.md)"
	if got := g.Untranslated("ko").Error(); got != want {
		t.Errorf("Untranslated(ko) =\n%s\nwant\n%s", got, want)
	}
	if got := g.Untranslated("en"); got != nil {
		t.Errorf("Untranslated(en), the guide's own language = %v", got)
	}
}

// TestTranslationErrors checks each rule of translation files: where the
// error points and what it says.
func TestTranslationErrors(t *testing.T) {
	base := `
-- content/_index.md --
+++
title = "Guide"
[facts.web]
type = "bool"
question = "Web?"
[roles.owner]
label = "Owner"
+++
-- content/01-app/_index.md --
+++
title = "App"
+++
-- content/01-app/01-register.md --
+++
title = "Register"
+++
`
	tests := []struct {
		name, files, want string
	}{
		{"step id", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\nid = \"x\"\n+++\n",
			"content/01-app/01-register.ko.md:3:1: id cannot be set in a translation: set it in 01-register.md"},
		{"step weight", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\nweight = 2\n+++\n",
			"content/01-app/01-register.ko.md:3:1: weight cannot be set in a translation: set it in 01-register.md"},
		{"step required", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\nrequired = true\n+++\n",
			"content/01-app/01-register.ko.md:3:1: required cannot be set in a translation: set it in 01-register.md"},
		{"step when", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\nwhen = \"web\"\n+++\n",
			"content/01-app/01-register.ko.md:3:1: when cannot be set in a translation: set it in 01-register.md"},
		{"step role", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\nrole = \"owner\"\n+++\n",
			"content/01-app/01-register.ko.md:3:1: role cannot be set in a translation: set it in 01-register.md"},
		{"step after", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\nafter = []\n+++\n",
			"content/01-app/01-register.ko.md:3:1: after cannot be set in a translation: set it in 01-register.md"},
		{"step language", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\nlanguage = \"ko\"\n+++\n",
			"content/01-app/01-register.ko.md:3:1: language cannot be set in a translation: its file name (01-register.ko.md) says its language"},
		{"step unknown key", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\nwiat = \"3일\"\n+++\n",
			"content/01-app/01-register.ko.md:3:1: unknown front matter key wiat (did you mean wait?)"},
		{"step no title", "-- content/01-app/01-register.ko.md --\n+++\nwhere = \"콘솔\"\n+++\n",
			"content/01-app/01-register.ko.md:1: missing title in front matter"},
		{"section id", "-- content/01-app/_index.ko.md --\n+++\ntitle = \"앱\"\nid = \"x\"\n+++\n",
			"content/01-app/_index.ko.md:3:1: id cannot be set in a translation: set it in _index.md"},
		{"section weight", "-- content/01-app/_index.ko.md --\n+++\ntitle = \"앱\"\nweight = 1\n+++\n",
			"content/01-app/_index.ko.md:3:1: weight cannot be set in a translation: set it in _index.md"},
		{"section required", "-- content/01-app/_index.ko.md --\n+++\ntitle = \"앱\"\nrequired = false\n+++\n",
			"content/01-app/_index.ko.md:3:1: required cannot be set in a translation: set it in _index.md"},
		{"section when", "-- content/01-app/_index.ko.md --\n+++\ntitle = \"앱\"\nwhen = \"web\"\n+++\n",
			"content/01-app/_index.ko.md:3:1: when cannot be set in a translation: set it in _index.md"},
		{"section where", "-- content/01-app/_index.ko.md --\n+++\ntitle = \"앱\"\nwhere = \"x\"\n+++\n",
			"content/01-app/_index.ko.md:3:1: unknown front matter key where"},
		{"guide language", "-- content/_index.ko.md --\n+++\ntitle = \"가이드\"\nlanguage = \"ko\"\n+++\n",
			"content/_index.ko.md:3:1: language cannot be set in a translation: its file name (_index.ko.md) says its language"},
		{"fact type", "-- content/_index.ko.md --\n+++\ntitle = \"가이드\"\n[facts.web]\ntype = \"string\"\n+++\n",
			"content/_index.ko.md:4:1: facts.web.type cannot be set in a translation: set it in _index.md"},
		{"fact default", "-- content/_index.ko.md --\n+++\ntitle = \"가이드\"\n[facts.web]\ndefault = true\n+++\n",
			"content/_index.ko.md:4:1: facts.web.default cannot be set in a translation: set it in _index.md"},
		{"fact values", "-- content/_index.ko.md --\n+++\ntitle = \"가이드\"\n[facts.web]\nvalues = []\n+++\n",
			"content/_index.ko.md:4:1: facts.web.values cannot be set in a translation: set it in _index.md"},
		{"unknown fact", "-- content/_index.ko.md --\n+++\ntitle = \"가이드\"\n[facts.webb]\nquestion = \"웹?\"\n+++\n",
			"content/_index.ko.md:3:1: unknown fact webb (did you mean web?); declared facts: web"},
		{"unknown role", "-- content/_index.ko.md --\n+++\ntitle = \"가이드\"\n[roles.ownr]\nlabel = \"소유자\"\n+++\n",
			"content/_index.ko.md:3:1: unknown role ownr (did you mean owner?); declared roles: owner"},
		{"unknown role key", "-- content/_index.ko.md --\n+++\ntitle = \"가이드\"\n[roles.owner]\nlable = \"소유자\"\n+++\n",
			"content/_index.ko.md:4:1: unknown key roles.owner.lable (did you mean label?)"},
		{"no original", "-- content/01-app/02-invite.ko.md --\n+++\ntitle = \"초대\"\n+++\n",
			"content/01-app/02-invite.ko.md: translation of nothing: there is no 02-invite.md beside it (a translation NAME.ko.md sits beside its original NAME.md)"},
		{"no section original", "-- content/02-x/_index.ko.md --\n+++\ntitle = \"엑스\"\n+++\n",
			"content/02-x: section folder has no _index.md: add one with a title\n" +
				"content/02-x/_index.ko.md: translation of nothing: there is no _index.md beside it (a translation NAME.ko.md sits beside its original NAME.md)"},
		{"language without interface", "-- content/01-app/01-register.fr.md --\n+++\ntitle = \"Inscrire\"\n+++\n",
			"content/01-app/01-register.fr.md: fr is not a language prereq has interface text for: translations may be into en, ko"},
		{"language misspelt", "-- content/01-app/01-register.kr.md --\n+++\ntitle = \"등록\"\n+++\n",
			"content/01-app/01-register.kr.md: kr is not a language prereq has interface text for (did you mean ko?): translations may be into en, ko"},
		{"guide language misspelt", "-- content/_index.kr.md --\n+++\ntitle = \"가이드\"\n+++\n",
			"content/_index.kr.md: kr is not a language prereq has interface text for (did you mean ko?): translations may be into en, ko"},
		{"own language", "-- content/01-app/01-register.en.md --\n+++\ntitle = \"Register\"\n+++\n",
			"content/01-app/01-register.en.md: the guide is in en already (language in content/_index.md): write this text in 01-register.md, or remove 01-register.en.md"},
		{"body condition", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\n+++\n\n::: when webb\n웹.\n:::\n",
			"content/01-app/01-register.ko.md:5:10: unknown fact webb in condition (did you mean web?)"},
		{"body value", "-- content/01-app/01-register.ko.md --\n+++\ntitle = \"등록\"\n+++\n{{ servce.name }}\n",
			"content/01-app/01-register.ko.md:4:1: {{ servce.name }} is not a fact name: only {{ fact_name }} and {{ service.name }} are allowed (did you mean service.name?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Load(txtarFS(base+tt.files), "content")
			if got := errs.Error(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestSplitLang(t *testing.T) {
	tests := []struct{ name, original, lang string }{
		{"01-x.ko.md", "01-x.md", "ko"},
		{"_index.ko.md", "_index.md", "ko"},
		{"01-x.md", "", ""},
		{"x.v2.md", "", ""},
		{"x.KO.md", "", ""},
		{"x.kor.md", "", ""},
		{"x.ko.txt", "", ""},
		{".ko.md", ".md", "ko"},
	}
	for _, tt := range tests {
		original, lang, ok := splitLang(tt.name)
		if original != tt.original || lang != tt.lang || ok != (tt.lang != "") {
			t.Errorf("splitLang(%q) = %q, %q, %v", tt.name, original, lang, ok)
		}
	}
}

// TestTranslationLoaderKeepsSteps checks that a step keeps its *Step while
// neither it nor its translation changes, and gets a new one when its
// translation does.
func TestTranslationLoaderKeepsSteps(t *testing.T) {
	fsys := txtarFS(translated)
	l := NewLoader(fsys, "content")
	g1, _ := l.Load()
	l.Invalidate("content/01-app/02-invite.md")
	g2, _ := l.Load()
	if g1.Sections[0].Steps[0] != g2.Sections[0].Steps[0] {
		t.Error("an edit elsewhere gave a translated step a new *Step")
	}
	fsys["content/01-app/01-register.ko.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"등록\"\nwait = \"영업일 기준 3~5일\"\n+++\n새 본문.\n")}
	l.Invalidate("content/01-app/01-register.ko.md")
	g3, _ := l.Load()
	if g3.Sections[0].Steps[0] == g2.Sections[0].Steps[0] {
		t.Error("an edit to its translation kept the step's *Step")
	}
	if g3.Version != g2.Version {
		t.Error("an edit to a translation's body alone changed the outline's version")
	}
	if tr := g3.Sections[0].Steps[0].Translations["ko"]; tr == nil || tr == g2.Sections[0].Steps[0].Translations["ko"] {
		t.Errorf("the edited translation is not the one loaded: %+v", tr)
	}
}

func TestRuleTranslations(t *testing.T) {
	base := `
-- content/_index.md --
+++
title = "Guide"
[facts.web]
type = "bool"
question = "Web?"
default = false
[facts.app]
type = "bool"
question = "App?"
default = false
[[rules]]
require = "not web or app"
message = "A web service has an app."
[[rules]]
require = "not app or web"
message = "An app has a web service."
+++
-- content/01-app/_index.md --
+++
title = "App"
+++
-- content/01-app/01-register.md --
+++
title = "Register"
+++
`
	tests := []struct {
		name, index string
		want        string   // the errors, one per line
		messages    []string // each rule's message in ko, when it loads
	}{
		{"both translated", "[[rules]]\nmessage = \"웹 서비스에는 앱이 있습니다.\"\n[[rules]]\nmessage = \"앱에는 웹 서비스가 있습니다.\"\n",
			"", []string{"웹 서비스에는 앱이 있습니다.", "앱에는 웹 서비스가 있습니다."}},
		{"none translated", "",
			"", []string{"A web service has an app.", "An app has a web service."}},
		{"too few", "[[rules]]\nmessage = \"웹 서비스에는 앱이 있습니다.\"\n",
			"content/_index.ko.md:3:1: 1 [[rules]] here, 2 in _index.md: a translation gives a message for each rule, in the same order",
			nil},
		{"require set", "[[rules]]\nrequire = \"web\"\nmessage = \"웹.\"\n[[rules]]\nmessage = \"앱.\"\n",
			"content/_index.ko.md:4:1: rules.require cannot be set in a translation: set it in _index.md", nil},
		{"unknown key", "[[rules]]\nmesage = \"웹.\"\n[[rules]]\nmessage = \"앱.\"\n",
			"content/_index.ko.md:4:1: unknown key rules.mesage (did you mean message?)", nil},
		{"empty message", "[[rules]]\nmessage = \" \"\n[[rules]]\nmessage = \"앱.\"\n",
			"content/_index.ko.md:4:1: rules.message must be a non-empty string: what a site file that breaks the rule is told", nil},
		{"not tables", "rules = [\"웹.\", \"앱.\"]\n",
			"content/_index.ko.md:3:1: rules must be an array of tables: one [[rules]] with a message for each rule of _index.md, in its order", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := base + "-- content/_index.ko.md --\n+++\ntitle = \"가이드\"\n" + tt.index + "+++\n"
			g, errs := Load(txtarFS(files), "content")
			if got := errs.Error(); got != tt.want {
				t.Fatalf("errors: got\n%s\nwant\n%s", got, tt.want)
			}
			if tt.messages == nil {
				return
			}
			for i, r := range g.Schema.Rules {
				if got := g.RuleMessage(r, "ko"); got != tt.messages[i] {
					t.Errorf("rule %d in ko: got %q, want %q", i, got, tt.messages[i])
				}
				if got := g.RuleMessage(r, "en"); got != r.Message {
					t.Errorf("rule %d in en: got %q, want the original's %q", i, got, r.Message)
				}
			}
		})
	}
}

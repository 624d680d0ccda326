package render_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/checklisttest"
	"prereq/internal/cond"
	"prereq/internal/corpus"
	"prereq/internal/guide"
	"prereq/internal/render"
)

// formsArchive is a small guide with every kind of fact the questionnaire
// asks (a bool, a string with few values and with many, a free string, a
// number, a list with values and without), facts without a default, a
// rule, a role, waits, `after`, skip reasons, nested `::: when` blocks and
// {{ }} values of every kind.
const formsArchive = `
-- content/_index.md --
+++
title = "Every form"

[facts.has_app]
type = "bool"
question = "Does your service have an app?"
default = false

[facts.region]
type = "string"
question = "Where is your service?"
values = ["kr", "jp", "eu"]
default = "kr"

[facts.plan]
type = "string"
question = "Which plan are you on?"
values = ["free", "starter", "team", "business", "pro", "enterprise", "custom"]

[facts.nick]
type = "string"
question = "What is your app's nickname?"

[facts.seats]
type = "number"
question = "How many seats?"
default = 5

[facts.tags]
type = "list"
question = "Which features do you use?"
values = ["login", "pay", "chat"]

[facts.labels]
type = "list"
question = "Which labels do you use?"
default = []

[[rules]]
require = "not has_app or seats > 0"
message = "An app has seats: set seats above 0."

[roles.owner]
label = "Owner"
description = "Owns the app."
+++
A guide for {{ service.name }} on {{ plan }}, with {{ tags }}.
-- content/01-apps/_index.md --
+++
title = "Apps"
when = "not has_app"
+++
Set up an app for {{ service.name }}.
-- content/01-apps/01-create.md --
+++
title = "Create the app"
when = 'region == "kr"'
role = "owner"
wait = "2 days"
required = true
where = "Console"
+++
Create it.

::: when "login" in tags
Turn on login for {{ nick }}.

::: when seats > 10
A big team: invite them all.
:::
:::

::: note
Keep the key.
:::
-- content/01-apps/02-check.md --
+++
title = "Check the seats"
when = 'seats * 2 > 10 and plan != "free"'
skip_reason = "Small teams on the free plan skip it."
after = ["create"]
+++
{{ seats }} seats, {{ has_app }}, {{ labels }}.
-- content/01-apps/03-always.md --
+++
title = "Read the terms"
after = ["check"]
+++
Always.
-- content/02-features/_index.md --
+++
title = "Features"
when = "len(tags) > 0"
+++
-- content/02-features/01-pay.md --
+++
title = "Set up payments"
when = '"pay" in tags or region in ["jp", "eu"]'
role = "owner"
+++
Pay.
-- content/02-features/02-any.md --
+++
title = "Name the features"
when = 'any(tags, # startsWith "ch") and nick != ""'
wait = "1 day"
+++
Chat.
-- site.toml --
[service]
name = "Forms Shop"

[facts]
plan = "team"
nick = "shop"
tags = ["login", "pay"]

[team]
owner = "Kim & <Lee>"
`

// writeArchive writes a txtar archive into a new folder and returns it.
func writeArchive(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.WriteTree(dir, corpus.Txtar(archive)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// formsKoArchive is formsArchive partly translated into Korean: the
// guide (two questions and the role), the first section and its first
// step. The rest is shown in English on guide.ko.html.
const formsKoArchive = formsArchive + `
-- content/_index.ko.md --
+++
title = "모든 양식"

[facts.has_app]
question = "서비스에 앱이 있습니까?"

[facts.tags]
question = "어떤 기능을 사용합니까?"

[roles.owner]
label = "소유자"
+++
{{ plan }} 요금제를 쓰는 {{ service.name }}의 가이드입니다.
-- content/01-apps/_index.ko.md --
+++
title = "앱"
+++
{{ service.name }}의 앱을 만드세요.
-- content/01-apps/01-create.ko.md --
+++
title = "앱 만들기"
where = "콘솔"
wait = "2일"
+++
앱을 만드세요.

::: when "login" in tags
{{ nick }}의 로그인을 켜세요.
:::

::: note
키를 보관하세요.
:::
`

// guideSite is a guide whose guide page in one language the tests check.
type guideSite struct {
	name string
	dir  func(t testing.TB) string
	lang string // the page's language; "" for the guide's own (guide.html)
}

var guideSites = []guideSite{
	{"kakao", func(testing.TB) string { return "../.." }, ""},
	{"forms", func(t testing.TB) string { return writeArchive(t, formsArchive) }, ""},
	{"kakao-ko", func(testing.TB) string { return "../.." }, "ko"},
	{"forms-ko", func(t testing.TB) string { return writeArchive(t, formsKoArchive) }, "ko"},
}

// pageLang is the language of the site's guide page.
func (gs guideSite) pageLang() string { return cmp.Or(gs.lang, "en") }

// renderGuideIn builds a site and returns its guide page in lang ("": in
// the guide's own language) and its guide.
func renderGuideIn(t testing.TB, dir, lang string, minify bool) ([]byte, *guide.Guide) {
	t.Helper()
	in, errs := build.Load(build.Options{SiteDir: dir})
	if errs != nil {
		t.Fatalf("loading %s:\n%s", dir, errs)
	}
	out, err := build.Render(in, minify)
	if err != nil {
		t.Fatalf("rendering %s: %v", dir, err)
	}
	checklisttest.Check(t, dir+"/checklist.json", out["checklist.json"])
	name := "guide.html"
	if lang != "" {
		name = render.GuideFile(in.Guide, lang)
	}
	page, ok := out[name]
	if !ok {
		t.Fatalf("%s: the build wrote no %s", dir, name)
	}
	return page, in.Guide
}

func TestGuideGolden(t *testing.T) {
	for _, gs := range guideSites {
		t.Run(gs.name, func(t *testing.T) {
			page, _ := renderGuideIn(t, gs.dir(t), gs.lang, false)
			golden := filepath.Join("testdata", "guide-"+gs.name+".golden")
			if *update {
				if err := os.WriteFile(golden, page, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(page, want) {
				t.Errorf("guide.html differs from %s (run go test -update and review the diff):\n%s", golden, firstDiff(want, page))
			}
		})
	}
}

// TestGuideBuildMatchesServe: the guide page of a build, whose bodies were
// rendered as the guide loaded (render.Prerender), is the page rendered
// from the parsed guide, as check and a many-partner build render it.
func TestGuideBuildMatchesServe(t *testing.T) {
	for _, gs := range guideSites {
		for _, minify := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/minify=%v", gs.name, minify), func(t *testing.T) {
				dir := gs.dir(t)
				loaded, g := renderGuideIn(t, dir, gs.lang, minify)
				out := filepath.Join(t.TempDir(), "public")
				if errs := build.Build(context.Background(), build.Options{SiteDir: dir, OutDir: out, Minify: minify}); errs != nil {
					t.Fatal(errs)
				}
				built, err := os.ReadFile(filepath.Join(out, render.GuideFile(g, gs.pageLang())))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(built, loaded) {
					t.Errorf("the built guide.html differs from the one rendered from the parsed guide:\n%s", firstDiff(loaded, built))
				}
			})
		}
	}
}

// TestGuideContract checks the static page, as a reader without
// JavaScript gets it: the whole guide, every section, step and `::: when`
// block once, in the HTML contract of index.html, each conditional one
// flagged, and everything the script needs.
func TestGuideContract(t *testing.T) {
	for _, gs := range guideSites {
		for _, minify := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/minify=%v", gs.name, minify), func(t *testing.T) {
				page, g := renderGuideIn(t, gs.dir(t), gs.lang, minify)
				doc := parseDOM(t, page)
				checkPage(t, doc, nil, gs.pageLang())
				checkHeadings(t, doc)
				data := guideDataOf(t, doc)
				checkGuideItems(t, doc, g, gs.pageLang(), data)
				checkGuideForm(t, doc, g, gs.pageLang())
			})
		}
	}
}

// guideJSON is the part of the page's data that the tests read.
type guideJSON struct {
	Facts []struct {
		Name string `json:"name"`
	} `json:"facts"`
	Conds map[string]struct {
		Src string `json:"s"`
	} `json:"conds"`
	Rules []struct {
		When    string `json:"c"`
		Message string `json:"m"`
	} `json:"rules"`
	Text map[string]string `json:"t"`
}

func guideDataOf(t *testing.T, doc *node) guideJSON {
	t.Helper()
	els := doc.all(byAttr("id", "guide-data"))
	if len(els) != 1 || els[0].tag != "script" || els[0].attrs["type"] != "application/json" {
		t.Fatalf("want one <script type=application/json id=guide-data>, got %d", len(els))
	}
	var data guideJSON
	if err := json.Unmarshal([]byte(els[0].textContent()), &data); err != nil {
		t.Fatalf("guide-data: %v", err)
	}
	return data
}

func checkGuideItems(t *testing.T, doc *node, g *guide.Guide, lang string, data guideJSON) {
	t.Helper()
	checkWhen := func(what string, e *node, c *cond.Cond) {
		t.Helper()
		flags := 0
		for _, k := range e.children {
			if k.attrs["class"] == "flag" {
				flags++
			}
		}
		switch {
		case c == nil && (e.has("data-when") || flags != 0):
			t.Errorf("%s has no condition but data-when %q and %d flags", what, e.attrs["data-when"], flags)
		case c != nil && (e.attrs["data-when"] != c.Source || flags != 1):
			t.Errorf("%s: data-when %q and %d flags, want %q and one flag", what, e.attrs["data-when"], flags, c.Source)
		case c != nil:
			if _, ok := data.Conds[c.Source]; !ok {
				t.Errorf("%s: the page's data has no tree for %q", what, c.Source)
			}
		}
	}
	whens := len(g.In(lang).Intro.Whens())
	labels := map[string]*node{}
	for _, l := range doc.all(byTag("label")) {
		labels[l.attrs["for"]] = l
	}
	for _, s := range g.Sections {
		text := g.SectionText(s, lang)
		whens += len(text.Body.Whens())
		els := doc.all(byAttr("data-section", s.ID))
		if len(els) != 1 || els[0].tag != "section" || els[0].attrs["data-status"] != "todo" || els[0].has("data-required") != s.Required {
			t.Errorf("section %s: want one <section data-status=todo>, required %v; got %d", s.ID, s.Required, len(els))
			continue
		}
		checkWhen("section "+s.ID, els[0], s.When)
		checkLang(t, "section "+s.ID, els[0], lang, text.Lang)
		for _, st := range s.Steps {
			stText := g.StepText(st, lang)
			whens += len(stText.Body.Whens())
			steps := doc.all(byAttr("data-step", st.ID))
			if len(steps) != 1 {
				t.Errorf("step %s: %d elements, want 1", st.ID, len(steps))
				continue
			}
			e := steps[0]
			if e.tag != "li" || e.attrs["id"] != "step-"+st.ID || e.attrs["data-status"] != "todo" || e.has("data-required") != st.Required || e.attrs["data-role"] != st.Role {
				t.Errorf("step %s: <%s %v> breaks the contract", st.ID, e.tag, e.attrs)
			}
			if !e.within(func(n *node) bool { return n == els[0] }) {
				t.Errorf("step %s is not in its section", st.ID)
			}
			checkWhen("step "+st.ID, e, st.When)
			boxes := e.all(byTag("input"))
			if len(boxes) != 1 || boxes[0].attrs["data-check"] != st.ID || labels[boxes[0].attrs["id"]] == nil ||
				labels[boxes[0].attrs["id"]].textContent() != stText.Title {
				t.Errorf("step %s: want one checkbox labelled by its title %q", st.ID, stText.Title)
			}
			if w := render.ShownWait(st, stText.Lang); w != "" && !strings.Contains(e.textContent(), w) {
				t.Errorf("step %s does not show its wait %q", st.ID, w)
			}
			checkLang(t, "step "+st.ID, e, lang, stText.Lang)
			var after []string
			for _, r := range e.all(func(n *node) bool {
				return n.has("data-ref") && n.within(func(p *node) bool { return p.has("data-after-list") })
			}) {
				after = append(after, r.attrs["data-ref"])
			}
			if strings.Join(after, " ") != strings.Join(st.After, " ") {
				t.Errorf("step %s: its Do first list names %q, want %q", st.ID, after, st.After)
			}
		}
	}
	blocks := doc.all(func(n *node) bool { return n.tag == "div" && n.attrs["class"] == "when" })
	if len(blocks) != whens {
		t.Errorf("%d `::: when` blocks on the page, want every one of the guide's %d", len(blocks), whens)
	}
	for _, b := range blocks {
		if _, ok := data.Conds[b.attrs["data-when"]]; !ok {
			t.Errorf("block %q: the page's data has no tree for it", b.attrs["data-when"])
		}
		if len(b.children) == 0 || b.children[0].attrs["class"] != "flag" {
			t.Errorf("block %q does not start with its flag", b.attrs["data-when"])
		}
	}
	if len(data.Rules) != len(g.Schema.Rules) {
		t.Errorf("%d rules in the page's data, want %d", len(data.Rules), len(g.Schema.Rules))
	}
	for _, v := range doc.all(byTag("var")) {
		name := v.attrs["data-value"]
		if name != "service.name" && g.Schema.Fact(name) == nil {
			t.Errorf("<var data-value=%q> names no fact", name)
		}
	}
}

func checkGuideForm(t *testing.T, doc *node, g *guide.Guide, lang string) {
	t.Helper()
	forms := doc.all(byTag("form"))
	if len(forms) != 1 || !forms[0].has("data-js") {
		t.Fatalf("want one <form data-js hidden>, got %d", len(forms))
	}
	form := forms[0]
	labels := map[string]bool{}
	for _, l := range form.all(byTag("label")) {
		labels[l.attrs["for"]] = true
	}
	for _, d := range g.Schema.Facts {
		controls := form.all(byAttr("name", d.Name))
		if len(controls) == 0 {
			t.Errorf("fact %s has no control", d.Name)
			continue
		}
		for _, c := range controls {
			labelled := labels[c.attrs["id"]] || c.within(byTag("label"))
			if !labelled {
				t.Errorf("fact %s: <%s> has no label", d.Name, c.tag)
			}
			if typ := c.attrs["type"]; typ == "radio" || typ == "checkbox" {
				if !c.within(byTag("fieldset")) {
					t.Errorf("fact %s: its %s buttons are not in a fieldset", d.Name, typ)
				}
			}
		}
		if q := g.Question(d.Name, lang); !strings.Contains(form.textContent(), q) {
			t.Errorf("fact %s: the form does not ask %q", d.Name, q)
		}
	}
}

// checkLang wants an element shown in the language in (the guide's own,
// when it is not translated into the page's) to be in it: the nearest
// lang attribute, itself or of what holds it, says in.
func checkLang(t *testing.T, what string, e *node, page, in string) {
	t.Helper()
	got := page
	for n := e; n != nil; n = n.parent {
		if l, ok := n.attrs["lang"]; ok {
			got = l
			break
		}
	}
	if got != in {
		t.Errorf("%s is in %s, marked %s", what, in, got)
	}
}

// TestGuideFlags: conditions worded from the facts' questions, in the
// language of what they flag: guide.ko.html words a translated part in
// Korean with the translated questions (the others as declared), and an
// untranslated part in English.
func TestGuideFlags(t *testing.T) {
	tests := []struct {
		name, archive, lang string
		want                map[string]string // condition -> its flag's words
	}{
		{"en", formsArchive, "", map[string]string{
			"not has_app":                             "Only if: your answer to “Does your service have an app?” is no",
			`region == "kr"`:                          "Only if: your answer to “Where is your service?” is “kr”",
			"len(tags) > 0":                           "Only if: you choose at least one answer to “Which features do you use?”",
			`"login" in tags`:                         "Only if: your answers to “Which features do you use?” include “login”",
			"seats > 10":                              "Only if: your answer to “How many seats?” is more than 10",
			`seats * 2 > 10 and plan != "free"`:       "Only if: seats * 2 > 10 (about “How many seats?”) and your answer to “Which plan are you on?” is not “free”",
			`"pay" in tags or region in ["jp", "eu"]`: "Only if: your answers to “Which features do you use?” include “pay” or your answer to “Where is your service?” is “eu” or “jp”",
		}},
		{"ko", formsKoArchive, "ko", map[string]string{
			"not has_app":     "다음 경우에만: “서비스에 앱이 있습니까?”에 대한 답이 아니요",
			`region == "kr"`:  "다음 경우에만: “Where is your service?”에 대한 답이 “kr”",
			`"login" in tags`: "다음 경우에만: “어떤 기능을 사용합니까?”의 답에 “login” 포함",
			// Untranslated: in English, as the part it flags.
			"len(tags) > 0":                     "Only if: you choose at least one answer to “Which features do you use?”",
			`seats * 2 > 10 and plan != "free"`: "Only if: seats * 2 > 10 (about “How many seats?”) and your answer to “Which plan are you on?” is not “free”",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, _ := renderGuideIn(t, writeArchive(t, tt.archive), tt.lang, false)
			doc := parseDOM(t, page)
			for src, words := range tt.want {
				var got []string
				for _, e := range doc.all(byAttr("data-when", src)) {
					for _, k := range e.children {
						if k.attrs["class"] == "flag" {
							got = append(got, k.textContent())
						}
					}
				}
				if len(got) == 0 {
					t.Errorf("%s: no flag", src)
				}
				for _, g := range got {
					if g != words {
						t.Errorf("%s:\n got %s\nwant %s", src, g, words)
					}
				}
			}
		})
	}
}

package render_test

import (
	"strings"
	"testing"

	"prereq/internal/corpus"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/plan"
	"prereq/internal/render"
)

// bilingual is a guide in English, translated into Korean but for one
// section and one step: the fallbacks.
const bilingual = `
-- content/_index.md --
+++
title = "Guide"
[facts.web]
type = "bool"
question = "Is it on the web?"
default = true
[facts.app]
type = "bool"
question = "Has an app?"
default = false
[roles.owner]
label = "Owner"
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
+++
-- content/01-app/_index.ko.md --
+++
title = "앱"
+++
-- content/01-app/01-register.md --
+++
title = "Register"
role = "owner"
wait = "3-5 business days"
where = "Console"
+++
Register.
-- content/01-app/01-register.ko.md --
+++
title = "앱 등록"
wait = "영업일 기준 3~5일"
where = "콘솔"
+++
::: note
등록하세요.
:::
-- content/01-app/02-invite.md --
+++
title = "Invite"
role = "owner"
where = "Console"
after = ["register"]
+++
::: note
Invite them.
:::
-- content/01-app/03-mobile.md --
+++
title = "Mobile"
when = "app"
+++
-- content/02-channel/_index.md --
+++
title = "Channel"
+++
-- content/02-channel/01-open.md --
+++
title = "Open"
after = ["invite"]
+++
-- content/02-channel/01-open.ko.md --
+++
title = "채널 열기"
+++
`

// renderBilingual renders the bilingual guide for a site file.
func renderBilingual(t *testing.T, site string) (*node, *plan.Plan, map[string]string) {
	t.Helper()
	fsys := corpus.TxtarFS(bilingual)
	g, errs := guide.Load(fsys, "content")
	if errs != nil {
		t.Fatal(errs)
	}
	s, errs := facts.ParseSite("site.toml", []byte(site), g.Schema)
	if errs != nil {
		t.Fatal(errs)
	}
	p, errs := plan.Make(g, s)
	if errs != nil {
		t.Fatal(errs)
	}
	tmpl, errs := render.LoadTemplates(nil, "templates")
	if errs != nil {
		t.Fatal(errs)
	}
	c, js := renderJSON(t, p, tmpl)
	return parseDOM(t, c.HTML), p, map[string]string{"html": string(c.HTML), "json": string(js), "md": string(render.Markdown(p, nil, render.Options{}))}
}

// langOf is the language an element is in: its own lang, or its nearest
// ancestor's.
func langOf(n *node) string {
	for ; n != nil; n = n.parent {
		if l, ok := n.attrs["lang"]; ok {
			return l
		}
	}
	return ""
}

// TestTranslatedPage checks a Korean page of a guide translated but for a
// section and a step: each is in Korean where translated and marked with
// its language where not, whole, its interface text included.
func TestTranslatedPage(t *testing.T) {
	doc, _, out := renderBilingual(t, "language = \"ko\"\n[service]\nname = \"Acme\"\n")
	el := func(match func(*node) bool, what string) *node {
		t.Helper()
		found := doc.all(match)
		if len(found) != 1 {
			t.Fatalf("%d elements for %s, want 1", len(found), what)
		}
		return found[0]
	}
	step := func(id string) *node { return el(byAttr("id", "step-"+id), "step "+id) }
	section := func(id string) *node { return el(byAttr("data-section", id), "section "+id) }

	if h := el(byTag("html"), "html"); h.attrs["lang"] != "ko" {
		t.Errorf("html lang %q, want ko", h.attrs["lang"])
	}
	if h1 := el(byTag("h1"), "h1"); h1.textContent() != "가이드" || langOf(h1) != "ko" {
		t.Errorf("h1 %q in %s", h1.textContent(), langOf(h1))
	}
	for _, tc := range []struct {
		n          *node
		lang, text string // text the element holds
	}{
		{section("app"), "ko", "앱"},
		{step("register"), "ko", "앱 등록"},
		{step("register"), "ko", "영업일 기준 3~5일"},
		{step("register"), "ko", "소유자 계정만 가능"},
		{step("register"), "ko", "작업 위치"},
		{step("register"), "ko", "참고"},
		{step("invite"), "en", "Invite"},
		{step("invite"), "en", "Owner only"},
		{step("invite"), "en", "Where"},
		{step("invite"), "en", "Note"},
		{step("invite"), "en", "Do first"},
		{step("invite"), "en", "앱 등록"}, // the step it names, in Korean
		{section("channel"), "en", "Channel"},
		{step("open"), "ko", "채널 열기"},
		{step("open"), "ko", "먼저 할 단계"},
		{step("mobile"), "en", "Mobile"},
		{step("mobile"), "en", "Not needed"},
	} {
		if got := langOf(tc.n); got != tc.lang {
			t.Errorf("<%s id=%q> is in %q, want %q", tc.n.tag, tc.n.attrs["id"], got, tc.lang)
		}
		if !strings.Contains(tc.n.textContent(), tc.text) {
			t.Errorf("<%s id=%q> does not say %q: %s", tc.n.tag, tc.n.attrs["id"], tc.text, tc.n.textContent())
		}
	}
	// The Korean step's interface text is Korean; no English sentence
	// wraps its wait.
	if text := step("register").textContent(); strings.Contains(text, "business days") || strings.Contains(text, "Where") {
		t.Errorf("the translated step mixes in English: %s", text)
	}
	// A name of a step in another language than where it is named says so.
	for _, a := range doc.all(byTag("a")) {
		if a.attrs["href"] == "#step-invite" && langOf(a) != "en" {
			t.Errorf("a link to the English step %q is in %q", a.textContent(), langOf(a))
		}
		if a.attrs["href"] == "#step-register" && langOf(a) != "ko" {
			t.Errorf("a link to the Korean step %q is in %q", a.textContent(), langOf(a))
		}
	}
	// The facts the page was made from: questions translated where they are.
	for _, dt := range doc.all(byTag("dt")) {
		text := dt.textContent()
		if strings.Contains(text, "web") && (!strings.Contains(text, "웹 서비스인가요?") || langOf(dt.children[0]) != "ko") {
			t.Errorf("the web question %q is not the translated one", text)
		}
		if strings.Contains(text, "Has an app?") && langOf(dt.children[0]) != "en" {
			t.Errorf("the untranslated app question is in %q", langOf(dt.children[0]))
		}
	}
	for _, want := range []string{`"language": "ko"`, `"title": "가이드"`, `"title": "앱 등록"`, `"text": "영업일 기준 3~5일"`, `"title": "Invite"`} {
		if !strings.Contains(out["json"], want) {
			t.Errorf("checklist.json lacks %s", want)
		}
	}
	for _, want := range []string{"# 가이드: Acme", "**앱 등록**](index.html#step-register) · 소유자 계정만 가능 · 작업 위치: 콘솔 · 소요 기간: 영업일 기준 3\\~5일", "**Invite**"} {
		if !strings.Contains(out["md"], want) {
			t.Errorf("checklist.md lacks %q:\n%s", want, out["md"])
		}
	}
}

// TestUntranslatedLanguagePage checks that the guide's own language shows
// no translation and no lang but the page's.
func TestUntranslatedLanguagePage(t *testing.T) {
	doc, _, out := renderBilingual(t, "[service]\nname = \"Acme\"\n")
	for _, e := range doc.all(func(n *node) bool { return n.has("lang") }) {
		if e.tag != "html" {
			t.Errorf("<%s %v> has a lang of its own in the guide's language", e.tag, e.attrs)
		}
	}
	if strings.ContainsAny(out["html"]+out["json"]+out["md"], "가등채") {
		t.Error("the English page shows Korean text")
	}
	if !strings.Contains(out["json"], `"language": "en"`) {
		t.Error(`checklist.json lacks "language": "en"`)
	}
}

package livepage

import (
	stdhtml "html"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"prereq/internal/render"
)

// TestInject checks that Inject adds to a page without changing it.
func TestInject(t *testing.T) {
	tests := []struct{ name, page string }{
		{"page", "<!DOCTYPE html><html><head><title>t</title></head><body><main>m</main></body></html>"},
		{"upper case", "<HTML><HEAD></HEAD><BODY>m</BODY></HTML>"},
		{"no head", "<!DOCTYPE html><title>t</title><p>m</p></body>"},
		{"no body end", "<!DOCTYPE html><head></head><p>m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Inject([]byte(tt.page), Additions{Version: 7})
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			for _, part := range []string{"head", "body"} {
				var b strings.Builder
				if err := pageTemplates.ExecuteTemplate(&b, part, Additions{Version: 7}); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(s, b.String()) {
					t.Errorf("no %s part in %s", part, s)
				}
				s = strings.Replace(s, b.String(), "", 1)
			}
			if s != tt.page {
				t.Errorf("page changed:\n got %s\nwant %s", s, tt.page)
			}
		})
	}
}

// TestKoreanAdditions renders everything serve adds to a page (the error
// overlay with both kinds of error, the facts panel with every control and
// an overridden fact, the untranslated files, the findings) and the error
// page, for a Korean page: no part of the English text of the keys they use
// is left, and no English word that is not a name (site.toml, prereq check
// -matrix), a value as site.toml writes it, or data.
func TestKoreanAdditions(t *testing.T) {
	keys := usedKeys(t)
	var english []string
	for _, key := range keys {
		en, _ := render.Text("en", key)
		ko, _ := render.Text("ko", key)
		for _, part := range formatVerb.Split(en, -1) {
			part = strings.Trim(part, " .,:;()'‘’“”?!-")
			if latinWord.MatchString(part) && !strings.Contains(ko, part) && !slices.Contains(english, part) {
				english = append(english, part)
			}
		}
	}
	if len(english) < 20 {
		t.Fatalf("only %d English parts in the keys %q", len(english), keys)
	}
	// Names, and values as site.toml writes them ("site.toml: false").
	names := map[string]bool{"site": true, "toml": true, "prereq": true, "check": true, "matrix": true, "serve": true, "true": true, "false": true}
	for _, lang := range []string{"ko", "en"} {
		a := Additions{
			Lang: lang, Version: 3, HasPage: true, Overridden: 2,
			Errors: []ErrorView{
				{Text: "가/나.md:2:1: 오류", Path: "가/나.md", Lines: []SourceLine{{N: 1, Text: "가"}, {N: 2, At: "나", Caret: "^", Error: true}}},
				{Text: "?a: 오류", Path: "?a", Query: true},
			},
			Facts: []FactView{
				{Name: "a", Question: "가?", Control: "switch", Value: "true", Site: "false", Overridden: true},
				{Name: "b", Question: "나?", Control: "select", Value: "다", Site: "다", Known: true, Options: []option{{Value: "다", Selected: true}, {Value: "라"}}},
				{Name: "c", Question: "다?", Control: "checkboxes", Value: "", Site: "", Options: []option{{Value: "마"}}},
				{Name: "d", Question: "라?", Control: "number", Value: "1", Site: "", Overridden: true},
				{Name: "e", Question: "마?", Control: "text", Value: "바", Site: "바"},
			},
			Findings:  &Findings{Gen: 1, Combinations: 5000, Pairwise: true, Bound: 4096, Items: []FindingView{{Text: "가/나.md:1:1: 문제", Query: "?a=1"}, {Text: "가/다.md:1:1: 문제"}}},
			Languages: LanguageViews(lang), SiteLanguage: lang, Warnings: []string{"가/나.ko.md"},
		}
		page, err := Inject([]byte("<!DOCTYPE html><html lang=\""+lang+"\"><head><title>가</title></head><body><main>가</main></body></html>"), a)
		if err != nil {
			t.Fatal(err)
		}
		a.HasPage, a.Facts, a.Findings = false, nil, nil
		errorPage, err := ErrorPage(a)
		if err != nil {
			t.Fatal(err)
		}
		for what, html := range map[string]string{"page": string(page), "error page": string(errorPage)} {
			text := shownText(html)
			var found []string
			for _, part := range english {
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(part) + `\b`).MatchString(text) {
					found = append(found, part)
				}
			}
			if lang == "en" {
				if len(found) == 0 {
					t.Errorf("the English %s shows none of the English parts; the test finds nothing:\n%s", what, text)
				}
				continue
			}
			if len(found) > 0 {
				t.Errorf("the Korean %s shows English interface text %q:\n%s", what, found, text)
			}
			for _, w := range latinWord.FindAllString(text, -1) {
				if !names[w] {
					t.Errorf("the Korean %s shows the English word %q:\n%s", what, w, text)
				}
			}
		}
	}
}

// usedKeys lists the interface text keys that live.html and livepage.go
// read, with the singular ".one" keys of those that count.
func usedKeys(t *testing.T) []string {
	t.Helper()
	var keys []string
	for _, file := range []string{"assets/live.html", "livepage.go"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`\.(?:T|Tf|N)[ (]"([\w.]+)"`).FindAllStringSubmatch(string(b), -1) {
			for _, k := range []string{m[1], m[1] + ".one"} {
				if _, ok := render.Text("en", k); ok && !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
	}
	return keys
}

var (
	formatVerb = regexp.MustCompile(`%(\[\d\])?[a-z]`)
	latinWord  = regexp.MustCompile(`[A-Za-z]{3,}`)
	scripts    = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>`)
	textAttrs  = regexp.MustCompile(`\s(aria-label|aria-description|aria-roledescription|aria-valuetext|title|alt|placeholder|data-updated)="([^"]*)"`)
	tags       = regexp.MustCompile(`<[^>]*>`)
)

// shownText is the text of html that a reader sees or hears: the text
// outside script and style, and the attributes that carry text.
func shownText(html string) string {
	html = scripts.ReplaceAllString(html, "")
	var b strings.Builder
	for _, m := range textAttrs.FindAllStringSubmatch(html, -1) {
		b.WriteString(m[2] + "\n")
	}
	b.WriteString(tags.ReplaceAllString(html, " "))
	return stdhtml.UnescapeString(b.String())
}

package render_test

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/render"
)

// TestKoreanPageHasNoEnglish builds the Kakao guide for a Korean partner and
// finds none of the English interface text in its Korean pages: no part of
// an English string of the tables (the text between its format verbs) that
// no Korean string shares, in the text or in an attribute a reader or a
// script shows (aria-label, title, alt, placeholder, data-*, ...).
func TestKoreanPageHasNoEnglish(t *testing.T) {
	english := englishParts(render.Messages["en"], render.Messages["ko"])
	if len(english) < 50 {
		t.Fatalf("only %d English parts to look for", len(english))
	}
	for _, minify := range []bool{false, true} {
		in, errs := build.Load(build.Options{SiteDir: "../..", SiteFile: "testdata/acme-ko.toml"})
		if errs != nil {
			t.Fatal(errs)
		}
		out, err := build.Render(in, minify)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, name := range slices.Sorted(maps.Keys(out)) {
			if !strings.HasSuffix(name, ".html") || !bytes.Contains(out[name], []byte(`<html lang="ko"`)) {
				continue
			}
			checked++
			text := koreanText(parseDOM(t, out[name]))
			for _, p := range english {
				if p.re.MatchString(text) {
					t.Errorf("%s (minify=%v): English interface text %q (from %q) in a Korean page", name, minify, p.text, p.key)
				}
			}
		}
		if checked == 0 {
			t.Fatalf("minify=%v: no Korean page among %v", minify, slices.Sorted(maps.Keys(out)))
		}
	}
}

// An englishPart is a piece of an English interface string to look for.
type englishPart struct {
	key, text string
	re        *regexp.Regexp // text as whole words
}

// englishParts splits the English strings at their format verbs and keeps
// the parts that hold a word of three letters or more and that no Korean
// string holds (such as "site.toml" or "JavaScript").
func englishParts(en, ko map[string]string) []englishPart {
	word := regexp.MustCompile(`[A-Za-z]{3,}`)
	korean := slices.Collect(maps.Values(ko))
	var out []englishPart
	seen := map[string]bool{}
	for _, key := range slices.Sorted(maps.Keys(en)) {
		for _, part := range formatVerb.Split(en[key], -1) {
			part = strings.Trim(part, " .,:;()'‘’“”?!-")
			if !word.MatchString(part) || seen[part] || slices.ContainsFunc(korean, func(k string) bool { return strings.Contains(k, part) }) {
				continue
			}
			seen[part] = true
			out = append(out, englishPart{key, part, regexp.MustCompile(`\b` + regexp.QuoteMeta(part) + `\b`)})
		}
	}
	return out
}

// textAttrs are the attributes whose values a reader sees or hears.
var textAttrs = map[string]bool{"aria-label": true, "aria-description": true, "aria-roledescription": true, "aria-valuetext": true, "title": true, "alt": true, "placeholder": true}

// formatVerb matches a format verb, %s or %[2]d.
var formatVerb = regexp.MustCompile(`%(\[\d\])?[a-z]`)

// koreanText is the text of a page that a reader or its script shows, less
// what is marked as another language: text outside script and style, and
// the values of the attributes that carry text (textAttrs, and data-*
// for the page's script), one a line.
func koreanText(n *node) string {
	var b strings.Builder
	var rec func(*node)
	rec = func(n *node) {
		if n.tag == "" {
			fmt.Fprintln(&b, n.text)
			return
		}
		if n.tag == "script" || n.tag == "style" || n.attrs["lang"] != "" && n.attrs["lang"] != "ko" {
			return
		}
		for _, k := range slices.Sorted(maps.Keys(n.attrs)) {
			if textAttrs[k] || strings.HasPrefix(k, "data-") {
				fmt.Fprintln(&b, n.attrs[k])
			}
		}
		for _, c := range n.children {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

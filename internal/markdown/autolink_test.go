package markdown

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// asGFM renders src with goldmark's own GFM and with gfm: the links must
// be the same. goldmark's autolink parser, called after every space,
// splits text there, which changes which white space is kept at the end of
// a line of a paragraph ("a <br>" or "a<br>"), where it shows as nothing;
// that white space is not compared.
func asGFM(src []byte) (want, got string) {
	var a, b bytes.Buffer
	_ = goldmark.New(goldmark.WithExtensions(extension.GFM, Extension(nil))).Convert(src, &a)
	_ = goldmark.New(goldmark.WithExtensions(gfm, Extension(nil))).Convert(src, &b)
	return lineEndSpace.ReplaceAllString(a.String(), "$1"), lineEndSpace.ReplaceAllString(b.String(), "$1")
}

var lineEndSpace = regexp.MustCompile(`[ \t\r\v\f]+(\n|<br>)`)

// gfmDiffers is the one documented difference: an address whose local part
// holds a backquote or a brace (goldmark's GFM links it whole before the
// code span or `{{ }}` parser sees it).
func gfmDiffers(src []byte) bool {
	for at := range src {
		if src[at] != '@' {
			continue
		}
		for i := at - 1; i >= 0 && isEmailChar(src[i]); i-- {
			if src[i] == '`' || src[i] == '{' {
				return true
			}
		}
	}
	return false
}

func TestAutolinksAsGFM(t *testing.T) {
	srcs := map[string]string{
		"urls":        "See http://a.example/x, https://b.example and ftp://c.example/f.\n(www.d.example) *www.e.example* _http://f.example_ ~www.g.example~",
		"emails":      "Mail me@example.com or (you@example.org), *us@example.net*.\nme@nodot and a@b.c. x.y+z@example.com",
		"long local":  "x" + strings.Repeat("a", 63) + "@example.com and " + strings.Repeat("b", 65) + "@example.com",
		"line heads":  "www.head.example\nhttps://head.example\nhead@example.com\n\n- www.item.example\n- a@item.example\n\n> https://quote.example",
		"not links":   "Hyper text http but no colon, xhttp://x.example, wwwx.example, WWW.upper.example, HTTP://upper.example, @at and ftp-site.",
		"in code":     "`http://in.code.example` and [a link](http://x.example) www.after.example <https://angle.example>",
		"tildes":      "~~~www.a.example ~~www.b.example~~ ~www.c.example a~~~b@c.example ~~~a@b.example \\~www.d.example",
		"escapes":     "\\(www.a.example \\*http://b.example \\\\(www.c.example",
		"delimiters":  "first_name@example.com a*b@example.com *a@b.example* _a_b@c.example x__y@z.example",
		"emphasis":    "**https://bold.example** _www.it.example_ **a@b.example**",
		"parens":      "(https://x.example/a_(b)) ((www.y.example)) (a@b.example)",
		"twice":       "http://a.example/http://b.example www.a.example.www.b.example a@b.example@c.example",
		"punct start": " _a@b.example .a@b.example -a@b.example +a@b.example",
		"tabs":        "a\thttp://tab.example\tb\twww.t.example",
		"hard break":  "a   \nb \\\nc www.x.example   \nd",
		"table":       "| a | b |\n|---|---|\n| http://x.example | me@y.example www.z.example |\n| (www.w.example) | *https://v.example* |",
		"headings":    "# See http://h1.example\n\nSetext www.setext.example\n===\n\n### a@h3.example ###",
		"nesting":     "> - item www.a.example\n>   1. http://b.example and c@d.example\n>\n>      > www.deep.example",
		"tasks":       "- [ ] www.task.example\n- [x] http://done.example",
		"callout":     "::: note\nSee www.note.example.\n:::",
		"link label":  "[see http://x.example](http://y.example) [www.z.example][r]\n\n[r]: http://r.example",
	}
	// Every character before a link, after a letter and at a line's head.
	for c := byte(0x21); c < 0x7f; c++ {
		s := string(c)
		srcs["after "+s] = "a" + s + "www.x.example a" + s + "http://y.example a" + s + "b@c.example\n" +
			s + "www.x.example\n" + s + s + "http://y.example\n" + s + "b@c.example"
		srcs["links after "+s] = "a" + s + "www.x.example a" + s + "http://y.example\n" + s + "www.x.example\n" + s + s + "http://y.example"
	}
	for _, pre := range []string{"![", "\\`", "``", "\\``", "[a]", "[a][b]", "<x", "&amp;", "**", "__", "~~", "~~~", "\\~~", "***", "\\\\(", "{{", "{{ x }}", "{{ service.name }}", "x@", "www.", "http:"} {
		srcs["after "+pre] = "a" + pre + "www.x.example " + pre + "http://y.example a" + pre + "b@c.example\n" + pre + "d@e.example"
	}
	for _, c := range readCases(t, "testdata/cases.txt") {
		srcs[c.name] = c.markdown
	}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzParse/*")
	for _, f := range seeds {
		srcs[f] = string(fuzzSeed(t, f))
	}
	for name, src := range srcs {
		if gfmDiffers([]byte(src)) {
			t.Logf("%s: not compared (an address with a backquote or brace)", name)
			continue
		}
		if want, got := asGFM([]byte(src)); got != want {
			t.Errorf("%s: differs from goldmark's GFM\n--- goldmark\n%s--- prereq\n%s", name, want, got)
		}
	}
}

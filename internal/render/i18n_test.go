package render

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestMessages checks that every language has the same keys and, for each
// key, the same format verbs as English (a singular "key.one" the same as
// "key").
func TestMessages(t *testing.T) {
	en := messages["en"]
	for lang, m := range messages {
		if got, want := slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Keys(en)); !slices.Equal(got, want) {
			t.Errorf("%s keys differ from en:\n got %q\nwant %q", lang, got, want)
		}
		for key, s := range m {
			if s == "" {
				t.Errorf("%s %q is empty", lang, key)
			}
			if got, want := verbs(s), verbs(en[key]); !slices.Equal(got, want) {
				t.Errorf("%s %q has verbs %q, en has %q", lang, key, got, want)
			}
			if base, ok := strings.CutSuffix(key, ".one"); ok {
				if got, want := verbs(s), verbs(m[base]); !slices.Equal(got, want) {
					t.Errorf("%s %q has verbs %q, %q has %q", lang, key, got, base, want)
				}
			}
		}
	}
}

var verbPattern = regexp.MustCompile(`%(\[\d\])?[a-z]`)

// verbs lists a string's format verbs by argument: "%[2]d %[1]s" gives
// ["1s", "2d"]; plain verbs count from 1.
func verbs(s string) []string {
	var out []string
	n := 0
	for _, m := range verbPattern.FindAllStringSubmatch(s, -1) {
		n++
		arg := fmt.Sprint(n)
		if m[1] != "" {
			arg = m[1][1:2]
		}
		out = append(out, arg+m[0][len(m[0])-1:])
	}
	slices.Sort(out)
	return out
}

func TestPlural(t *testing.T) {
	en := &Page{strings: stringsFor("en")}
	ko := &Page{strings: stringsFor("ko")}
	for _, c := range []struct {
		p    *Page
		n    int
		want string
	}{
		{en, 1, "1 step"},
		{en, 2, "2 steps"},
		{en, 0, "0 steps"},
		{ko, 1, "1개 단계"},
		{ko, 3, "3개 단계"},
	} {
		if got := c.p.N("roleStepCount", c.n); got != c.want {
			t.Errorf("N(roleStepCount, %d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := en.N("moreSkipped", 1, "Acme"); got != "1 more step in this section is not needed for Acme." {
		t.Errorf("N with an argument = %q", got)
	}
	if got := (&Page{strings: stringsFor("fr")}).T("required"); got != "Required" {
		t.Errorf("an unknown language gives %q, want English", got)
	}
}

// TestKoreanHasNoEnglish checks that the Korean interface text says
// everything in Korean: once format verbs and the names a reader types or
// sees elsewhere as they are (the site file, its [team] table, prereq,
// prereq serve, prereq check -matrix, JavaScript) are taken out, no Latin
// letter is left.
func TestKoreanHasNoEnglish(t *testing.T) {
	names := strings.NewReplacer("site.toml", "", "[team]", "", "prereq check -matrix", "", "prereq serve", "", "prereq", "", "JavaScript", "")
	for key, s := range messages["ko"] {
		rest := names.Replace(verbPattern.ReplaceAllString(s, ""))
		if strings.IndexFunc(rest, func(r rune) bool { return r < 0x80 && ('a' <= r|0x20 && r|0x20 <= 'z') }) >= 0 {
			t.Errorf("ko %q embeds English: %q", key, s)
		}
	}
}

// TestTextsSingular: a singular form is found in the guide page's own
// interface text as well as in the checklist's.
func TestTextsSingular(t *testing.T) {
	tx := uiText{map[string]string{"b": "%d bs", "b.one": "%d b"}, map[string]string{"a": "%d as", "a.one": "%d a"}}
	for _, c := range []struct {
		key  string
		n    int
		want string
	}{{"a", 1, "1 a"}, {"a", 2, "2 as"}, {"b", 1, "1 b"}, {"b", 3, "3 bs"}} {
		if got := tx.N(c.key, c.n); got != c.want {
			t.Errorf("N(%q, %d) = %q, want %q", c.key, c.n, got, c.want)
		}
	}
}

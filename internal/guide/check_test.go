package guide

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestErrorPlaces: each mistake is one error, at the place to edit.
func TestErrorPlaces(t *testing.T) {
	step := func(front string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\n" + front + "+++\n")}
	}
	index := &fstest.MapFile{Data: []byte(`+++
title = "G"
[facts.items]
type = "list"
question = "Items?"
[facts.count]
type = "int"
question = "How many?"
[roles.owner]
label = "Owner"
[roles]
admin = "Admin"
+++
`)}
	tests := []struct {
		name  string
		files map[string]*fstest.MapFile
		want  []string
	}{
		{"a cycle: at the first step in guide order, at the id it waits for",
			map[string]*fstest.MapFile{
				// DFS meets c first: the cycle is still told from b.
				"content/01-s/01-a.md": step("title = \"A\"\nafter = [\"b\"]\n"),
				"content/01-s/02-b.md": step("title = \"B\"\nafter = [\"x\", \"c\"]\n"),
				"content/01-s/03-c.md": step("title = \"C\"\nafter = [ \"b\" ]\n"),
				"content/01-s/04-x.md": step("title = \"X\"\n"),
			},
			[]string{"content/01-s/02-b.md:3:15: after forms a cycle: b -> c -> b (each waits for the next, so none can start)"}},
		{"a cycle begun later in the guide, and one of a step alone",
			map[string]*fstest.MapFile{
				"content/01-s/01-a.md": step("title = \"A\"\nafter = [\"c\"]\n"),
				"content/01-s/02-b.md": step("title = \"B\"\nafter = [\n  \"a\",\n]\n"),
				"content/01-s/03-c.md": step("title = \"C\"\nafter = [\"b\"]\n"),
				"content/01-s/04-d.md": step("title = \"D\"\nafter = [\"d\"]\n"),
			},
			[]string{
				"content/01-s/01-a.md:3:10: after forms a cycle: a -> c -> b -> a (each waits for the next, so none can start)",
				"content/01-s/04-d.md:3:10: after forms a cycle: d -> d (each waits for the next, so none can start)",
			}},
		{"an unknown step: at its id",
			map[string]*fstest.MapFile{
				"content/01-s/01-alpha.md": step("title = \"A\"\n"),
				"content/01-s/02-b.md":     step("title = \"B\"\nafter = [\"alpha\", \"한국\", 'alpah']\n"),
			},
			[]string{
				"content/01-s/02-b.md:3:19: after names unknown step 한국",
				"content/01-s/02-b.md:3:25: after names unknown step alpah (did you mean alpha?)",
			}},
		{"duplicate ids: at the id key",
			map[string]*fstest.MapFile{
				"content/01-s/01-a.md": step("title = \"A\"\n"),
				"content/01-s/02-b.md": step("title = \"B\"\n\nid = \"a\"\n"),
			},
			[]string{"content/01-s/02-b.md:4:1: duplicate step id a: content/01-s/01-a.md has it too"}},
		{"front matter that does not decode: its step still exists",
			map[string]*fstest.MapFile{
				"content/01-s/01-a.md": step("title = \"A\"\nrequired = tru\n"),
				"content/01-s/02-b.md": step("title = \"B\"\nid = \"bee\"\nwhen = \"\n"),
				"content/01-s/03-c.md": {Data: []byte("no front matter\n")},
				"content/01-s/04-d.md": step("title = \"D\"\nafter = [\"a\", \"bee\", \"c\"]\n"),
			},
			[]string{
				"content/01-s/01-a.md:3:12: expected value but found \"tru\" instead",
				"content/01-s/02-b.md:4:9: strings cannot contain newlines",
				"content/01-s/03-c.md:1: file must start with a +++ line opening its TOML front matter",
			}},
		{"a section whose front matter does not decode keeps its steps",
			map[string]*fstest.MapFile{
				"content/01-s/_index.md": step("title = 'S\n"),
				"content/01-s/01-a.md":   step("title = \"A\"\n"),
				"content/02-t/_index.md": step("title = \"T\"\n"),
				"content/02-t/01-b.md":   step("title = \"B\"\nafter = [\"a\"]\n"),
			},
			[]string{"content/01-s/_index.md:2:11: strings cannot contain newlines"}},
		{"a fact or role declared in error is not unknown where it is used",
			map[string]*fstest.MapFile{
				"content/01-s/01-a.md": step("title = \"A\"\nwhen = \"count > 2\"\nrole = \"admin\"\n"),
				"content/01-s/02-b.md": step("title = \"B\"\nwhen = \"counts > 2\"\n"),
				"content/01-s/03-c.md": {Data: []byte("+++\ntitle = \"C\"\n+++\n::: when count > 1\n{{ count }}\n:::\n")},
			},
			[]string{
				"content/01-s/02-b.md:3:9: when: unknown fact counts in condition (did you mean count?)",
				`content/_index.md:7:1: fact count has unknown type "int" (did you mean number?); use one of bool, string, number or list`,
				"content/_index.md:12:1: roles.admin must be a table with label and description",
			}},
		{"a condition's error in a multi-line string: at its line and column",
			map[string]*fstest.MapFile{
				"content/01-s/01-a.md": step("title = \"A\"\nwhen = \"\"\"\n  len(items) > 0 and\n  itms[0] == \"x\"\"\"\"\n"),
				"content/01-s/02-b.md": step("title = \"한국어\"\nwhen = \"len(items) == 0 and \\\"한\\\" in itemz\"\n"),
			},
			[]string{
				"content/01-s/01-a.md:5:3: when: unknown fact itms in condition (did you mean items?)",
				"content/01-s/02-b.md:3:38: when: unknown fact itemz in condition (did you mean items?)",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/_index.md": index}
			if tt.files["content/01-s/_index.md"] == nil {
				fsys["content/01-s/_index.md"] = step("title = \"S\"\n")
			}
			for p, f := range tt.files {
				fsys[p] = f
			}
			_, errs := Load(fsys, "content")
			want := append(tt.want[:len(tt.want):len(tt.want)], index0(tt.want)...)
			if got := errs.Error(); got != strings.Join(want, "\n") {
				t.Errorf("errors\n%s\nwant\n%s", got, strings.Join(want, "\n"))
			}
		})
	}
}

// index0 adds the index file's own errors where a case does not list them.
func index0(want []string) []string {
	for _, w := range want {
		if strings.HasPrefix(w, "content/_index.md") {
			return nil
		}
	}
	return []string{
		`content/_index.md:7:1: fact count has unknown type "int" (did you mean number?); use one of bool, string, number or list`,
		"content/_index.md:12:1: roles.admin must be a table with label and description",
	}
}

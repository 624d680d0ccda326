package plan_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"prereq/internal/corpus"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/plan"
)

// load builds a guide and a site from a txtar archive holding content/ and
// site.toml.
func load(t *testing.T, archive string) (*guide.Guide, *facts.Site) {
	t.Helper()
	fsys := corpus.TxtarFS(archive)
	var siteSrc []byte
	if f := fsys["site.toml"]; f != nil {
		siteSrc = f.Data
	}
	g, errs := guide.Load(fsys, "content")
	if errs != nil {
		t.Fatalf("guide: %v", errs)
	}
	site, errs := facts.ParseSite("site.toml", siteSrc, g.Schema)
	if errs != nil {
		t.Fatalf("site: %v", errs)
	}
	return g, site
}

const guideArchive = `
-- content/_index.md --
+++
title = "G"
[facts.a]
type = "bool"
question = "A?"
[facts.b]
type = "bool"
question = "B?"
default = false
[facts.items]
type = "list"
question = "Items?"
values = ["x", "y", "z"]
default = []
[roles.owner]
label = "Owner"
[roles.master]
label = "Master"
+++
-- content/01-one/_index.md --
+++
title = "One"
+++
-- content/01-one/01-always.md --
+++
title = "Always"
role = "owner"
+++
-- content/01-one/02-if-a.md --
+++
title = "If a"
when = "a"
role = "master"
wait = "2 days"
+++
-- content/01-one/03-if-not-a.md --
+++
title = "If not a"
when = "not a"
skip_reason = "You have a."
+++
-- content/01-one/04-if-x.md --
+++
title = "If x"
when = '"x" in items'
+++
-- content/02-two/_index.md --
+++
title = "Two"
when = "b"
+++
-- content/02-two/01-inner.md --
+++
title = "Inner"
when = "a"
role = "owner"
+++
`

func TestMake(t *testing.T) {
	tests := []struct {
		site  string
		want  string // status of each section and step, in order
		todo  int
		roles map[string]int
	}{
		{"a = true", "one:todo always:todo if-a:todo if-not-a:skipped if-x:skipped two:skipped inner:skipped", 2, map[string]int{"owner": 1, "master": 1}},
		{"a = false", "one:todo always:todo if-a:skipped if-not-a:todo if-x:skipped two:skipped inner:skipped", 2, map[string]int{"owner": 1}},
		{"a = true\nb = true\nitems = [\"x\"]", "one:todo always:todo if-a:todo if-not-a:skipped if-x:todo two:todo inner:todo", 4, map[string]int{"owner": 2, "master": 1}},
		{"a = false\nb = true", "one:todo always:todo if-a:skipped if-not-a:todo if-x:skipped two:todo inner:skipped", 2, map[string]int{"owner": 1}},
	}
	for _, tt := range tests {
		t.Run(strings.ReplaceAll(tt.site, "\n", ","), func(t *testing.T) {
			g, site := load(t, guideArchive+"-- site.toml --\n[service]\nname = \"S\"\n[facts]\n"+tt.site+"\n")
			p, errs := plan.Make(g, site)
			if errs != nil {
				t.Fatal(errs)
			}
			var got []string
			for _, s := range p.Sections {
				got = append(got, fmt.Sprintf("%s:%s", s.ID, s.Status))
				for _, st := range s.Steps {
					got = append(got, fmt.Sprintf("%s:%s", st.ID, st.Status))
				}
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, " "), tt.want)
			}
			if p.Counts.Todo != tt.todo || p.Counts.Todo+p.Counts.Skipped != 5 {
				t.Errorf("counts = %+v, want %d todo of 5", p.Counts, tt.todo)
			}
			if fmt.Sprint(p.Counts.Roles) != fmt.Sprint(tt.roles) {
				t.Errorf("roles = %v, want %v", p.Counts.Roles, tt.roles)
			}
		})
	}
}

func TestReasons(t *testing.T) {
	g, site := load(t, guideArchive+"-- site.toml --\n[service]\nname = \"S\"\n[facts]\na = true\n[team]\nowner = \"Kim\"\n")
	p, _ := plan.Make(g, site)
	tests := []struct{ id, reason string }{
		{"always", ""},
		{"if-not-a", "You have a."}, // skip_reason wins
		{"if-x", "Not needed: `\"x\" in items` is false because items = []."},
		{"inner", "Not needed: `b` is false because b = false."}, // the section's reason
	}
	for _, tt := range tests {
		if got := p.Step(tt.id).Reason; got != tt.reason {
			t.Errorf("%s: reason %q, want %q", tt.id, got, tt.reason)
		}
	}
	// Roles resolve to label and holder; only todo steps are handed to a role.
	st := p.Step("always")
	if st.Role == nil || st.Role.Label != "Owner" || st.Role.Holder != "Kim" {
		t.Errorf("always: role %+v", st.Role)
	}
	if inner := p.Step("inner"); inner.Role == nil || inner.Role.ID != "owner" {
		t.Error("a skipped step keeps its role")
	}
	if n := len(p.Roles[0].Steps); p.Roles[0].ID != "owner" || n != 1 {
		t.Errorf("owner has %d todo steps, want 1", n)
	}
	if len(p.Waits) != 1 || p.Waits[0].ID != "if-a" {
		t.Errorf("waits = %v", p.Waits)
	}
	if p.Step("if-a").Number != 2 || p.Step("if-x").Number != 0 {
		t.Error("todo steps are numbered in order; skipped ones are not")
	}
}

func TestRuntimeError(t *testing.T) {
	g, site := load(t, `
-- content/_index.md --
+++
title = "G"
[facts.items]
type = "list"
question = "Items?"
default = []
+++
-- content/01-s/_index.md --
+++
title = "S"
+++
-- content/01-s/01-x.md --
+++
title = "X"
when = 'items[3] == "a"'
+++
-- site.toml --
[service]
name = "S"
`)
	p, errs := plan.Make(g, site)
	// At the failing part of the condition, on one line, with the values
	// it read.
	if len(errs) != 1 || errs[0].Error() != "content/01-s/01-x.md:3:14: when: cannot be evaluated: index out of range: 3 (array length is 0), with items = []" {
		t.Fatalf("errors = %v", errs)
	}
	if p.Step("x").Status != plan.Todo {
		t.Error("a step whose condition fails stays todo")
	}
}

// TestMakeTranslated checks that a plan shows each section and step in the
// site's language where the guide has a translation, and in the guide's
// own where not, saying which in Lang.
func TestMakeTranslated(t *testing.T) {
	archive := guideArchive + `
-- content/_index.ko.md --
+++
title = "지"
[facts.a]
question = "에이?"
[roles.owner]
label = "소유자"
+++
-- content/01-one/_index.ko.md --
+++
title = "하나"
+++
-- content/01-one/02-if-a.ko.md --
+++
title = "에이라면"
wait = "2일"
+++
-- content/01-one/03-if-not-a.ko.md --
+++
title = "에이가 아니라면"
skip_reason = "에이가 있습니다."
+++
`
	for _, tt := range []struct {
		lang, title, titleLang, owner string
		sections, steps               []string // title:lang
		waits, reason, question       string
	}{
		{"ko", "지", "ko", "소유자", []string{"하나:ko", "Two:en"},
			[]string{"Always:en", "에이라면:ko", "에이가 아니라면:ko", "If x:en", "Inner:en"}, "2일", "에이가 있습니다.", "에이?"},
		{"en", "G", "en", "Owner", []string{"One:en", "Two:en"},
			[]string{"Always:en", "If a:en", "If not a:en", "If x:en", "Inner:en"}, "2 days", "You have a.", "A?"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			g, site := load(t, archive+"-- site.toml --\nlanguage = \""+tt.lang+"\"\n[service]\nname = \"S\"\n[facts]\na = true\n")
			p, errs := plan.Make(g, site)
			if errs != nil {
				t.Fatal(errs)
			}
			if p.Language != tt.lang || p.Title != tt.title || p.TitleLang != tt.titleLang || p.Intro == nil {
				t.Errorf("plan: language %s, title %q in %s", p.Language, p.Title, p.TitleLang)
			}
			var sections, steps []string
			for _, s := range p.Sections {
				sections = append(sections, s.Title+":"+s.Lang)
				for _, st := range s.Steps {
					steps = append(steps, st.Title+":"+st.Lang)
				}
			}
			if !slices.Equal(sections, tt.sections) || !slices.Equal(steps, tt.steps) {
				t.Errorf("sections %v\nsteps %v\nwant %v\n%v", sections, steps, tt.sections, tt.steps)
			}
			if len(p.Waits) != 1 || p.Waits[0].Wait != tt.waits {
				t.Errorf("waits %v, want one of %q", p.Waits, tt.waits)
			}
			if r := p.Step("if-not-a").Reason; r != tt.reason {
				t.Errorf("skip reason %q, want %q", r, tt.reason)
			}
			if p.Roles[0].Label != tt.owner || p.Roles[1].Label != "Master" {
				t.Errorf("role labels %q, %q", p.Roles[0].Label, p.Roles[1].Label)
			}
			if q := p.Question("a"); q != tt.question {
				t.Errorf("Question(a) = %q, want %q", q, tt.question)
			}
			if p.Step("if-a").Step.Title != "If a" {
				t.Error("the guide's step changed")
			}
		})
	}
}

package render_test

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/plan"
	"prereq/internal/render"
)

// TestCache checks that rendering through a cache gives the same bytes as
// rendering afresh, minified or not, and that a second render of the same
// plan reuses every step.
func TestCache(t *testing.T) {
	in, errs := build.Load(build.Options{SiteDir: "../.."})
	if errs != nil {
		t.Fatal(errs)
	}
	p, errs := plan.Make(in.Guide, in.Site)
	if errs != nil {
		t.Fatal(errs)
	}
	steps := len(p.Guide.StepIDs())
	for _, minify := range []bool{false, true} {
		want, err := render.Render(p, in.Templates, render.Options{Minify: minify})
		if err != nil {
			t.Fatal(err)
		}
		c := render.NewCache()
		for i := range 2 {
			got, err := render.Render(p, in.Templates, render.Options{Minify: minify, Cache: c})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("minify=%v render %d through the cache differs from a fresh render", minify, i)
			}
		}
		if c.Hits() != steps {
			t.Errorf("minify=%v: %d steps reused on the second render, want %d", minify, c.Hits(), steps)
		}
		// Other facts: nothing may be reused, since bodies depend on them.
		site := *in.Site
		site.Facts = map[string]any{}
		for k, v := range in.Site.Facts {
			site.Facts[k] = v
		}
		site.Facts["has_channel"] = !site.Facts["has_channel"].(bool)
		p2, _ := plan.Make(in.Guide, &site)
		want2, _ := render.Render(p2, in.Templates, render.Options{Minify: minify})
		got2, _ := render.Render(p2, in.Templates, render.Options{Minify: minify, Cache: c})
		if !bytes.Equal(got2, want2) {
			t.Errorf("minify=%v: after a fact changed, the cached render differs", minify)
		}
	}
}

// TestCacheFollowsEdits edits a guide the way the live preview sees it (a
// guide.Loader told which file changed) and checks that every render
// through one cache equals a fresh render: body edits reuse the page
// around the steps, anything else renders it again.
func TestCacheFollowsEdits(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md": {Data: []byte("+++\ntitle = \"G\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = true\n" +
			"[roles.owner]\nlabel = \"Owner\"\n+++\nIntro.\n")},
		"content/01-s/_index.md": {Data: []byte("+++\ntitle = \"S\"\n+++\nSection body.\n")},
		"content/01-s/01-x.md":   {Data: []byte("+++\ntitle = \"X\"\nrole = \"owner\"\n+++\nBody of x.\n")},
		"content/01-s/02-y.md":   {Data: []byte("+++\ntitle = \"Y\"\nwhen = \"a\"\nafter = [\"x\"]\n+++\nBody of y.\n")},
		"content/02-t/_index.md": {Data: []byte("+++\ntitle = \"T\"\nwhen = \"not a\"\n+++\n")},
		"content/02-t/01-z.md":   {Data: []byte("+++\ntitle = \"Z\"\n+++\nBody of z.\n")},
	}
	tmpl, errs := render.LoadTemplates(nil, "templates")
	if errs != nil {
		t.Fatal(errs)
	}
	loader := guide.NewLoader(fsys, "content")
	cache := render.NewCache()
	site := "[service]\nname = \"Acme\"\n[team]\nowner = \"Kim\"\n"
	var edited []string
	var g *guide.Guide
	check := func(what string) {
		t.Helper()
		if len(edited) > 0 || g == nil { // a site file change re-plans the same guide
			var errs diag.List
			if g, errs = loader.Load(); errs != nil {
				t.Fatalf("%s: %v", what, errs)
			}
			edited = nil
		}
		checkCached(t, what, g, site, tmpl, cache)
	}
	edit := func(file, data string) {
		fsys[file] = &fstest.MapFile{Data: []byte(data)}
		loader.Invalidate(file)
		edited = append(edited, file)
	}
	check("first render")
	check("nothing changed")
	loader.Invalidate("content/01-s/01-x.md")
	edited = []string{"content/01-s/01-x.md"}
	check("a file saved unchanged")
	edit("content/01-s/01-x.md", "+++\ntitle = \"X\"\nrole = \"owner\"\n+++\nNew body of x.\n")
	check("a step's body")
	edit("content/01-s/01-x.md", "+++\ntitle = \"X renamed\"\nrole = \"owner\"\n+++\nNew body of x.\n")
	check("a step's title, which y's after shows and the role summary lists")
	edit("content/01-s/02-y.md", "+++\ntitle = \"Y\"\nwhen = \"not a\"\nafter = [\"x\"]\n+++\nBody of y.\n")
	check("a step's condition")
	edit("content/01-s/_index.md", "+++\ntitle = \"S\"\n+++\nNew section body.\n")
	check("a section's body")
	edit("content/_index.md", "+++\ntitle = \"G\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = false\n"+
		"[roles.owner]\nlabel = \"Owner\"\n+++\nIntro.\n")
	check("a fact's default")
	site = "[service]\nname = \"Acme\"\n[team]\nowner = \"Lee\"\n"
	check("the role's holder")
	site = "[service]\nname = \"Other\"\n[facts]\na = true\n"
	check("the service and a fact")
	edit("content/02-t/01-z.md", "+++\ntitle = \"Z\"\n+++\nNew body of z.\n")
	check("a skipped step's body")
}

// TestCacheMatchesFreshRender edits a guide and its site file at random and
// checks after each edit that the page rendered through one cache (as the
// live preview does) is the page rendered afresh.
func TestCacheMatchesFreshRender(t *testing.T) {
	step := func(lines ...string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\n" + strings.Join(lines[1:], "\n") + "\n+++\n" + lines[0] + "\n")}
	}
	variants := map[string][]*fstest.MapFile{
		"content/01-s/01-x.md": {
			step("Body of x.", `title = "X"`), step("Other body of x.", `title = "X"`),
			step("Body of x.", `title = "X renamed"`, `role = "owner"`), step("Body {{ service.name }}.", `title = "X"`, `wait = "3 days"`),
			step("See [](#step-y), [the z step](#step-z) and [](#section-t).", `title = "X"`),
		},
		"content/01-s/02-y.md": {
			step("Body of y.", `title = "Y"`, `when = "a"`, `after = ["x"]`), step("New body of y.", `title = "Y"`, `when = "a"`, `after = ["x"]`),
			step("::: when not a\nOnly without a.\n:::", `title = "Y"`, `when = "not a"`), step("Body of y.", `title = "Y"`, `required = true`, `where = "Console"`),
			step("Body of y.", `title = "Y renamed"`, `when = "not a"`),
		},
		"content/01-s/_index.md": {step("Section body.", `title = "S"`), step("Other section body.", `title = "S"`), step("", `title = "S"`, `when = "a"`),
			step("Then [](#step-y).", `title = "S"`), step("", `title = "S"`, `when = "a"`, `skip_reason = "Go to [](#section-t)."`)},
		"content/02-t/01-z.md": {step("Body of z.", `title = "Z"`), step("Body of z, again.", `title = "Z"`, `after = ["y"]`),
			step("Back to [](#step-x).", `title = "Z"`)},
		"content/02-t/_index.md":  {step("", `title = "T"`, `when = "not a"`), step("", `title = "T renamed"`, `when = "a"`, `skip_reason = "See [](#step-y)."`)},
		"content/01-s/02-y.ko.md": {step("와이 [](#step-x).", `title = "와이"`), nil},
		// Translations, added, edited and removed (nil).
		"content/01-s/01-x.ko.md": {step("엑스 본문.", `title = "엑스"`), step("다른 본문.", `title = "엑스"`),
			step("::: note\n엑스.\n:::", `title = "엑스 2"`, `where = "콘솔"`), nil},
		"content/01-s/_index.ko.md": {step("섹션 본문.", `title = "에스"`), step("", `title = "에스"`, `skip_reason = "없음."`), nil},
		"content/_index.ko.md": {step("소개.", `title = "지"`, `[facts.a]`, `question = "에이?"`),
			step("", `title = "지"`, `[roles.owner]`, `label = "소유자"`), nil},
	}
	fsys := fstest.MapFS{
		"content/_index.md": {Data: []byte("+++\ntitle = \"G\"\n[facts.a]\ntype = \"bool\"\nquestion = \"A?\"\ndefault = true\n" +
			"[roles.owner]\nlabel = \"Owner\"\n+++\nIntro.\n")},
	}
	files := slices.Sorted(maps.Keys(variants))
	for _, f := range files {
		fsys[f] = variants[f][0]
	}
	sites := []string{
		"language = \"en\"\n[service]\nname = \"Acme\"\n[facts]\na = false\n",
		"[service]\nname = \"Acme\"\n[team]\nowner = \"Kim\"\n",
		"[service]\nname = \"Acme\"\n[team]\nowner = \"Lee\"\n",
		"[service]\nname = \"Other\"\n[facts]\na = false\n",
		"language = \"ko\"\n[service]\nname = \"Acme\"\n",
	}
	tmpl, errs := render.LoadTemplates(nil, "templates")
	if errs != nil {
		t.Fatal(errs)
	}
	loader := guide.NewLoader(fsys, "content")
	cache := render.NewCache()
	g, _ := loader.Load()
	site := sites[0]
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 300 {
		if r.IntN(4) == 0 { // a site file change: the same guide, re-planned
			site = sites[r.IntN(len(sites))]
		} else {
			f := files[r.IntN(len(files))]
			if v := variants[f][r.IntN(len(variants[f]))]; v != nil {
				fsys[f] = v
			} else {
				delete(fsys, f)
			}
			loader.Invalidate(f)
			var errs diag.List
			if g, errs = loader.Load(); errs != nil {
				t.Fatal(errs)
			}
		}
		if !checkCached(t, fmt.Sprintf("edit %d", i), g, site, tmpl, cache) {
			return
		}
	}
}

// checkCached plans g for the site file text site and renders it, minified
// and not, afresh and through cache: the pages must be the same. It reports
// whether they were.
func checkCached(t *testing.T, what string, g *guide.Guide, site string, tmpl *render.Templates, cache *render.Cache) bool {
	t.Helper()
	s, errs := facts.ParseSite("site.toml", []byte(site), g.Schema)
	if errs != nil {
		t.Fatalf("%s: %v", what, errs)
	}
	p, errs := plan.Make(g, s)
	if errs != nil {
		t.Fatalf("%s: %v", what, errs)
	}
	same := true
	for _, minify := range []bool{false, true} {
		want, err := render.Render(p, tmpl, render.Options{Minify: minify})
		if err != nil {
			t.Fatal(err)
		}
		got, err := render.Render(p, tmpl, render.Options{Minify: minify, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s (minify=%v): the render through the cache differs from a fresh one", what, minify)
			same = false
		}
	}
	return same
}

package render_test

import (
	"path/filepath"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/plan"
	"prereq/internal/render"
)

// TestBodyTextStream: checklist.json's plain text, written in one pass
// over a body's HTML, is the text written from the body's tree, for every
// body of the Kakao guide (each test partner, both languages, minified and
// not), of a generated guide and of a guide with every block Markdown has,
// hostile answers in it.
func TestBodyTextStream(t *testing.T) {
	gen := t.TempDir()
	if err := corpus.Write(gen, corpus.Options{Steps: 150, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	kakao, err := filepath.Glob("../build/testdata/kakao/*.toml")
	if err != nil || len(kakao) == 0 {
		t.Fatal("no Kakao site files", err)
	}
	type site struct{ dir, file string }
	sites := []site{{gen, ""}, {gfmSite(t, "Pro"), ""}}
	for _, s := range hostileTexts {
		sites = append(sites, site{gfmSite(t, s), ""})
	}
	for _, f := range kakao {
		sites = append(sites, site{"../..", f})
	}
	n := 0
	for _, s := range sites {
		in, errs := build.Load(build.Options{SiteDir: s.dir, SiteFile: s.file})
		if errs != nil {
			t.Fatal(errs)
		}
		for _, lang := range []string{"", "ko"} {
			if lang != "" && in.Site.Language == "" {
				in.Site.Language = lang
			}
			p, errs := plan.Make(in.Guide, in.Site)
			if errs != nil {
				t.Fatal(errs)
			}
			for _, minify := range []bool{false, true} {
				c, err := render.RenderChecklist(t.Context(), p, in.Templates, render.Options{Minify: minify})
				if err != nil {
					t.Fatal(err)
				}
				for _, sec := range p.Sections {
					for _, st := range sec.Steps {
						html := c.BodyHTML(st)
						if html == nil {
							continue
						}
						n++
						if tree, stream := render.BodyTextTree(html), render.BodyTextStream(html); tree != stream {
							t.Errorf("%s %s minify=%v: the texts differ\nhtml:\n%s\ntree:\n%q\nstream:\n%q", s.dir, st.ID, minify, html, tree, stream)
						}
					}
				}
			}
		}
	}
	t.Logf("%d bodies", n)
}

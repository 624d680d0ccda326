package render_test

import (
	"bytes"
	"testing"

	"prereq/internal/build"
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

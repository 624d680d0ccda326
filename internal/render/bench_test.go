package render_test

// Benchmarks of rendering a planned guide of 10,000 steps, stage by stage.
// They run only with -bench; the generated corpus is written once per test
// binary and removed by TestMain.
//
//	go test ./internal/render -run '^$' -bench . -benchmem

import (
	"os"
	"sync"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/plan"
	"prereq/internal/render"
)

var sites corpus.Cache

func TestMain(m *testing.M) {
	code := sites.Run(m)
	browser.Close()
	os.Exit(code)
}

var (
	loadOnce sync.Once
	loaded   *build.Inputs
	loadErr  error
)

// inputs10k loads a generated guide of 10,000 steps with its site.toml,
// once per test binary.
func inputs10k(b *testing.B) *build.Inputs {
	b.Helper()
	loadOnce.Do(func() {
		dir, err := sites.Site(corpus.Options{Steps: 10000, Seed: 1})
		if err != nil {
			loadErr = err
			return
		}
		in, errs := build.Load(build.Options{SiteDir: dir})
		if errs != nil {
			loadErr = errs
			return
		}
		loaded = in
	})
	if loadErr != nil {
		b.Fatal(loadErr)
	}
	return loaded
}

// BenchmarkRender10k renders a loaded guide of 10,000 steps: All is what a
// build does after loading (plan, minified HTML, JSON, Markdown); the other
// sub-benchmarks time one stage each.
func BenchmarkRender10k(b *testing.B) {
	in := inputs10k(b)
	p, errs := plan.Make(in.Guide, in.Site)
	if errs != nil {
		b.Fatal(errs)
	}
	page, err := render.HTML(p, in.Templates, false)
	if err != nil {
		b.Fatal(err)
	}
	run := func(name string, f func() error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			defer corpus.ReportCPU(b)()
			for b.Loop() {
				if err := f(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("All", func() error {
		_, err := build.Render(in, true)
		return err
	})
	run("Plan", func() error {
		_, errs := plan.Make(in.Guide, in.Site)
		return errs.Err()
	})
	run("HTML", func() error { // bodies, step and page templates, not minified
		_, err := render.HTML(p, in.Templates, false)
		return err
	})
	run("HTMLMinified", func() error { // the same, each step minified on its own
		_, err := render.HTML(p, in.Templates, true)
		return err
	})
	checklist, err := render.RenderChecklist(b.Context(), p, in.Templates, render.Options{})
	if err != nil {
		b.Fatal(err)
	}
	run("JSON", func() error { // from the page rendered: bodies as it shows them, and as text
		render.ForgetBodyText(checklist) // converted again, as each build does
		_, err := render.JSON(checklist, render.Options{})
		return err
	})
	// Every body and its text quoted as JSON strings (the texts made
	// once, before).
	render.QuoteBodies(checklist)
	run("Quote", func() error {
		render.QuoteBodies(checklist)
		return nil
	})
	run("BodyText", func() error { // every body as plain text, for checklist.json and .csv
		render.BodyTexts(checklist)
		return nil
	})
	run("CSV", func() error { // from the page rendered: the steps' bodies as text
		render.ForgetBodyText(checklist)
		_, err := render.CSV(p, render.CSVOptions{Body: checklist.BodyText})
		return err
	})
	run("Markdown", func() error {
		render.Markdown(p, nil, render.Options{})
		return nil
	})
	b.Logf("index.html: %d bytes unminified", len(page))
}

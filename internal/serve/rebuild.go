package serve

import (
	"bytes"
	"hash/maphash"
	"io/fs"
	"os"
	"time"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/render"
)

// A builder keeps a site's inputs loaded and rebuilds only what changed: a
// content file is re-read and re-parsed alone, a site file change re-plans
// without parsing any Markdown, a template change reloads the templates.
// It is used by one goroutine at a time.
type builder struct {
	in     inputs
	fsys   fs.FS
	loader *guide.Loader

	guide      *guide.Guide
	guideErrs  diag.List
	tmpl       *render.Templates
	tmplErrs   diag.List
	site       *facts.Site
	siteErrs   diag.List
	siteSchema *facts.Schema // the schema site was checked against

	seed maphash.Seed
	seen map[string]fileState // what changed files held when last read
}

// fileState is what a file held when it was last read.
type fileState struct {
	sum     uint64
	missing bool
}

// outcome is the result of one build.
type outcome struct {
	in   *build.Inputs // nil when errs is not empty
	out  build.Outputs // the outputs of in
	errs diag.List     // every error found, sorted
	took time.Duration
}

func newBuilder(in inputs) *builder {
	fsys := os.DirFS(in.dir)
	return &builder{
		in:     in,
		fsys:   fsys,
		loader: guide.NewLoader(fsys, contentDir),
		seed:   maphash.MakeSeed(),
		seen:   map[string]fileState{},
	}
}

// build loads what c says changed and builds the site. changed is false
// when no input really changed (an editor's second event for one save, a
// file written with what it held), and the build was skipped.
func (b *builder) build(c changes) (o outcome, changed bool) {
	start := time.Now()
	if !c.all && !c.dirs {
		c = b.filter(c)
		if c.empty() {
			return outcome{}, false
		}
	}
	reloadContent, reloadTemplates, reloadSite := c.all, c.all, c.all
	var stale []string
	for p := range c.paths {
		switch b.in.kindOf(p) {
		case contentInput:
			reloadContent = true
			stale = append(stale, p)
		case templatesInput:
			reloadTemplates = true
		case siteInput:
			reloadSite = true
		}
	}
	if c.all {
		stale = []string{contentDir}
	}
	if reloadContent || b.guide == nil && b.guideErrs == nil {
		b.loader.Invalidate(stale...)
		b.guide, b.guideErrs = b.loader.Load()
	}
	if reloadTemplates || b.tmpl == nil && b.tmplErrs == nil {
		b.tmpl, b.tmplErrs = render.LoadTemplates(b.fsys, templatesDir)
	}
	if b.guide == nil {
		b.site, b.siteErrs, b.siteSchema = nil, nil, nil
	} else if reloadSite || b.guide.Schema != b.siteSchema {
		b.site, b.siteErrs = build.LoadSite(b.in.siteFile, b.in.siteKey, b.guide.Schema)
		b.siteSchema = b.guide.Schema
	}

	var errs diag.List
	errs = append(errs, b.guideErrs...)
	errs = append(errs, b.tmplErrs...)
	errs = append(errs, b.siteErrs...)
	if len(errs) > 0 {
		return outcome{errs: errs.Sort(), took: time.Since(start)}, true
	}
	in := &build.Inputs{Guide: b.guide, Site: b.site, Templates: b.tmpl}
	out, err := build.Render(in, false)
	if err != nil {
		return outcome{errs: diag.From(err, templatesDir), took: time.Since(start)}, true
	}
	return outcome{in: in, out: out, took: time.Since(start)}, true
}

// filter drops the files of c that hold what they held when last read.
func (b *builder) filter(c changes) changes {
	var out changes
	for p := range c.paths {
		st := b.state(p)
		if old, ok := b.seen[p]; !ok || old != st {
			out.add(p)
		}
		b.seen[p] = st
	}
	return out
}

func (b *builder) state(key string) fileState {
	src, err := os.ReadFile(b.in.path(key))
	if err != nil {
		return fileState{missing: true}
	}
	return fileState{sum: maphash.Bytes(b.seed, src)}
}

// sameOutputs reports whether two builds render the same bytes.
func sameOutputs(a, b build.Outputs) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

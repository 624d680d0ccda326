package serve

import (
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"slices"
	"time"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/dirfs"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/ignore"
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
	steps      *render.Cache // rendered steps, reused while their inputs stay the same

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
	// changed lists the inputs read again, for the log; nil when all were.
	changed []string
}

func newBuilder(in inputs) *builder {
	fsys := dirfs.New(in.dir)
	return &builder{
		in:     in,
		fsys:   fsys,
		loader: guide.NewLoader(fsys, contentDir),
		steps:  render.NewCache(),
		seed:   maphash.MakeSeed(),
		seen:   map[string]fileState{},
	}
}

// build loads what c says changed and builds the site. changed is false
// when no input really changed (an editor's second event for one save, a
// file written with what it held), and the build was skipped.
func (b *builder) build(c changes) (o outcome, changed bool) {
	start := time.Now()
	keys := slices.Collect(maps.Keys(c.paths))
	switch {
	case c.all:
		keys = b.allInputs()
	case c.dirs:
		// Files in a new folder are read by this build; know what they
		// held, so that their own events do not build again.
		for _, k := range keys {
			keys = append(keys, b.filesIn(k)...)
		}
	}
	before := b.states(keys)
	if !c.all && !c.dirs {
		var stale changes
		for _, k := range keys {
			if old, ok := b.seen[k]; !ok || old != before[k] {
				stale.add(k)
			}
		}
		if stale.empty() {
			return outcome{}, false
		}
		c = stale
	}
	o = b.load(c)
	o.took = time.Since(start)
	if !c.all {
		o.changed = slices.Sorted(maps.Keys(c.paths))
	}
	// Trust what was read only if the files held still meanwhile and built:
	// a file caught half-written must be read again on its next event.
	after := b.states(keys)
	for _, k := range keys {
		if len(o.errs) == 0 && before[k] == after[k] {
			b.seen[k] = before[k]
		} else {
			delete(b.seen, k)
		}
	}
	return o, true
}

// load reloads the inputs c names and renders the outputs.
func (b *builder) load(c changes) outcome {
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
		return outcome{errs: errs.Sort()}
	}
	in := &build.Inputs{Guide: b.guide, Site: b.site, Templates: b.tmpl, Cache: b.steps}
	out, err := build.RenderOnly(in, false, "index.html") // the others when asked
	if err != nil {
		return outcome{errs: diag.From(err, templatesDir)}
	}
	return outcome{in: in, out: out}
}

// allInputs lists every file the build reads: under content/ and
// templates/, and the site file.
func (b *builder) allInputs() []string {
	return append(append([]string{b.in.siteKey}, b.filesIn(contentDir)...), b.filesIn(templatesDir)...)
}

// filesIn lists the files under the folder root (a key) that the build
// reads; none when root is not a folder.
func (b *builder) filesIn(root string) []string {
	var keys []string
	fs.WalkDir(b.fsys, root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
		case p != root && ignore.Name(d.Name()) && d.IsDir():
			return fs.SkipDir
		case p != root && !d.IsDir() && !ignore.Name(d.Name()):
			keys = append(keys, p)
		}
		return nil
	})
	return keys
}

// states reads what the files hold.
func (b *builder) states(keys []string) map[string]fileState {
	m := make(map[string]fileState, len(keys))
	for _, k := range keys {
		m[k] = b.state(k)
	}
	return m
}

func (b *builder) state(key string) fileState {
	src, err := os.ReadFile(b.in.path(key))
	if err != nil {
		return fileState{missing: true}
	}
	return fileState{sum: maphash.Bytes(b.seed, src)}
}

// Package rebuild is the live preview's builder: it keeps a site's inputs
// loaded and builds the site again after changes, re-reading only the files
// that changed. It runs build's pipeline (build.LoadSite, build.RenderOnly)
// on inputs it keeps: a content file is re-read and re-parsed alone
// (guide.Loader.Invalidate), a site file change re-plans without parsing
// any Markdown, a template change reloads the templates, and rendered steps
// are reused through a render.Cache.
package rebuild

import (
	"hash/maphash"
	"io/fs"
	"maps"
	"path"
	"slices"
	"time"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/dirfs"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/ignore"
	"prereq/internal/render"
	"prereq/internal/watch"
)

// A Builder keeps a site's inputs loaded and rebuilds only what changed.
// It is used by one goroutine at a time.
type Builder struct {
	layout watch.Layout
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

// An Outcome is the result of one build.
type Outcome struct {
	In   *build.Inputs // nil when Errs is not empty
	Out  build.Outputs // the outputs of In: index.html (the others are rendered when asked for)
	Errs diag.List     // every error found, sorted
	Took time.Duration
	// Changed lists the inputs read again, for the log; nil when all were.
	Changed []string
	// Language is the page's interface language as far as the inputs that
	// loaded tell (the site file's, else the guide's), even when the build
	// failed; "" when neither loaded.
	Language string
}

// New returns a builder for the site of l. Its first Build should be of
// watch.Changes{All: true}.
func New(l watch.Layout) *Builder {
	fsys := dirfs.New(l.Dir)
	return &Builder{
		layout: l,
		fsys:   fsys,
		loader: guide.NewLoader(fsys, watch.ContentDir),
		steps:  render.NewCache(),
		seed:   maphash.MakeSeed(),
		seen:   map[string]fileState{},
	}
}

// Build loads what c says changed and builds the site. changed is false
// when no input really changed (an editor's second event for one save, a
// file written with what it held), and the build was skipped.
func (b *Builder) Build(c watch.Changes) (o Outcome, changed bool) {
	start := time.Now()
	keys := slices.Collect(maps.Keys(c.Paths))
	switch {
	case c.All:
		keys = b.allInputs()
	case c.Dirs:
		// Files in a new folder are read by this build; know what they
		// held, so that their own events do not build again.
		for _, k := range keys {
			keys = append(keys, b.filesIn(k)...)
		}
	}
	before := b.states(keys)
	if !c.All && !c.Dirs {
		var stale watch.Changes
		for _, k := range keys {
			if old, ok := b.seen[k]; !ok || old != before[k] {
				stale.Add(k)
			}
		}
		if stale.Empty() {
			return Outcome{}, false
		}
		c = stale
	}
	o = b.load(c)
	o.Took = time.Since(start)
	if b.guide != nil {
		o.Language = b.guide.Language
	}
	if b.site != nil && b.site.Language != "" {
		o.Language = b.site.Language
	}
	if !c.All {
		o.Changed = slices.Sorted(maps.Keys(c.Paths))
	}
	// A folder read again holds what this build read in it: forget what
	// its files held before. A file this build did not list (created after
	// the folder was listed, as a copy of a whole folder does) is then read
	// on its next event even if it holds what it held before the folder
	// went away.
	if c.All {
		clear(b.seen)
	} else if c.Dirs {
		for k := range b.seen {
			if c.Paths[k] || under(k, c.Paths) {
				delete(b.seen, k)
			}
		}
	}
	// Trust what was read only if the files held still meanwhile and built:
	// a file caught half-written must be read again on its next event.
	after := b.states(keys)
	for _, k := range keys {
		if len(o.Errs) == 0 && before[k] == after[k] {
			b.seen[k] = before[k]
		} else {
			delete(b.seen, k)
		}
	}
	return o, true
}

// under reports whether key is inside one of the folders (keys) dirs.
func under(key string, dirs map[string]bool) bool {
	for d := key; ; {
		parent := path.Dir(d)
		if parent == d || parent == "." {
			return false
		}
		if dirs[parent] {
			return true
		}
		d = parent
	}
}

// load reloads the inputs c names and renders the outputs.
func (b *Builder) load(c watch.Changes) Outcome {
	reloadContent, reloadTemplates, reloadSite := c.All, c.All, c.All
	var stale []string
	for p := range c.Paths {
		switch b.layout.KindOf(p) {
		case watch.ContentInput:
			reloadContent = true
			stale = append(stale, p)
		case watch.TemplatesInput:
			reloadTemplates = true
		case watch.SiteInput:
			reloadSite = true
		}
	}
	if c.All {
		stale = []string{watch.ContentDir}
	}
	if reloadContent || b.guide == nil && b.guideErrs == nil {
		b.loader.Invalidate(stale...)
		b.guide, b.guideErrs = b.loader.Load()
	}
	if reloadTemplates || b.tmpl == nil && b.tmplErrs == nil {
		b.tmpl, b.tmplErrs = render.LoadTemplates(b.fsys, watch.TemplatesDir)
	}
	if b.guide == nil {
		b.site, b.siteErrs, b.siteSchema = nil, nil, nil
	} else if reloadSite || b.guide.Schema != b.siteSchema {
		b.site, b.siteErrs = build.LoadSite(b.layout.SiteFile, b.layout.SiteKey, b.guide.Schema)
		b.siteSchema = b.guide.Schema
	}

	var errs diag.List
	errs = append(errs, b.guideErrs...)
	errs = append(errs, b.tmplErrs...)
	errs = append(errs, b.siteErrs...)
	if len(errs) > 0 {
		return Outcome{Errs: errs.Sort()}
	}
	in := &build.Inputs{Guide: b.guide, Site: b.site, Templates: b.tmpl, Cache: b.steps, Conditions: true}
	out, err := build.RenderOnly(in, false, "index.html") // the others when asked
	if err != nil {
		return Outcome{Errs: diag.From(err, watch.TemplatesDir)}
	}
	return Outcome{In: in, Out: out}
}

// Pictures returns the paths in the site folder of the pictures the
// guide's bodies show, found or not, as last loaded: what the live preview
// watches besides content/ and templates/.
func (b *Builder) Pictures() []string {
	if b.guide == nil {
		return nil
	}
	return b.guide.ImagePaths()
}

// allInputs lists every file the build reads: under content/ and
// templates/, and the site file.
func (b *Builder) allInputs() []string {
	return append(append([]string{b.layout.SiteKey}, b.filesIn(watch.ContentDir)...), b.filesIn(watch.TemplatesDir)...)
}

// filesIn lists the files under the folder root (a key) that the build
// reads; none when root is not a folder.
func (b *Builder) filesIn(root string) []string {
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
func (b *Builder) states(keys []string) map[string]fileState {
	m := make(map[string]fileState, len(keys))
	for _, k := range keys {
		m[k] = b.state(k)
	}
	return m
}

// state reads what a file holds, as the build reads it: anything that is
// not a regular file (a named pipe would block the read until a writer
// came) or is over its kind's limit counts as missing, and the build
// reports it.
func (b *Builder) state(key string) fileState {
	kind := dirfs.Content
	switch b.layout.KindOf(key) {
	case watch.TemplatesInput:
		kind = dirfs.Template
	case watch.SiteInput:
		kind = dirfs.Site
	default:
		if watch.IsPicture(key) {
			kind = dirfs.Image
		}
	}
	src, err := dirfs.ReadFile(b.layout.Path(key), kind)
	if err != nil {
		return fileState{missing: true}
	}
	return fileState{sum: maphash.Bytes(b.seed, src)}
}

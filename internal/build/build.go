// Package build runs prereq's pipeline for the command line: load a site
// folder (content, templates, site file), plan it, render the outputs, and
// write them to the output folder atomically, or report every error found.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"prereq/internal/diag"
	"prereq/internal/dirfs"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/links"
	"prereq/internal/plan"
	"prereq/internal/render"
	"prereq/internal/verify"
)

// Options says where a site's inputs and outputs are.
type Options struct {
	SiteDir  string // holds content/, optional templates/, site.toml
	SiteFile string // default SiteDir/site.toml
	OutDir   string // default SiteDir/public
	Minify   bool
	Formats  []string  // the formats to write (-formats, see Formats); nil: DefaultFormats
	Start    time.Time // -start: the day the steps are dated from (see schedule); zero: no dates
	// BaseURL is where the output folder will be hosted (-base-url; see
	// links.Base), for the links of checklist.md, checklist.json,
	// checklist.csv and the pages' canonical links; it wins over a site
	// file's base_url. In a many-partner build each partner's checklist is
	// in its folder below.
	BaseURL string
	// MarkdownBodies adds each step's instructions under its item in
	// checklist.md (-md-bodies).
	MarkdownBodies bool
}

func (o Options) siteDir() string {
	if o.SiteDir == "" {
		return "."
	}
	return o.SiteDir
}

func (o Options) siteFile() string {
	if o.SiteFile == "" {
		return filepath.Join(o.siteDir(), "site.toml")
	}
	return o.SiteFile
}

// OutputDir is where Build writes.
func (o Options) OutputDir() string {
	if o.OutDir == "" {
		return filepath.Join(o.siteDir(), "public")
	}
	return o.OutDir
}

// Inputs are a site's loaded and checked inputs: one guide and its
// templates, and one site file or, for a many-partner build, several.
type Inputs struct {
	Guide     *guide.Guide
	Templates *render.Templates
	Site      *facts.Site   // the site file; nil in a many-partner build
	Partners  []*facts.Site // a many-partner build's site files, by name
	Names     []string      // Partners[i]'s output folder: its file name without .toml
	// Cache, when set, keeps rendered steps from one Render to the next, so
	// that a rebuild renders only what changed (the live preview sets it).
	Cache *render.Cache
	// Conditions shows each skipped item's condition as a tooltip (see
	// render.Options; the live preview sets it).
	Conditions bool
	// Formats and Start are Options'.
	Formats []string
	Start   time.Time
	// BaseURL is Options.BaseURL, checked (see links.Base).
	BaseURL string
	// MarkdownBodies is Options.MarkdownBodies.
	MarkdownBodies bool
}

// Load reads and checks the guide, the templates and the site file or
// files. It returns every error found in any of them.
func Load(o Options) (*Inputs, diag.List) {
	return load(context.Background(), o, false)
}

// load is Load that stops between files when ctx is done (and then returns
// only that, see interrupted); prerender renders bodies as they are
// parsed, for a build for one service that renders its guide once (see
// render.Prerender).
func load(ctx context.Context, o Options, prerender bool) (*Inputs, diag.List) {
	fsys := dirfs.New(o.siteDir())
	var errs diag.List
	files, many, err := o.siteFiles()
	if err != nil {
		errs = append(errs, diag.From(err, o.siteFile())...)
	}
	in := &Inputs{Formats: o.Formats, Start: o.Start, MarkdownBodies: o.MarkdownBodies}
	if o.BaseURL != "" {
		var urlErr error
		if in.BaseURL, urlErr = links.Base(o.BaseURL); urlErr != nil {
			errs = append(errs, &diag.Error{Msg: fmt.Sprintf("-base-url %q %v", o.BaseURL, urlErr), Err: urlErr})
		}
	}
	loader := guide.NewLoader(fsys, "content")
	if err == nil && !many {
		// The site file is read as soon as the guide's declarations are.
		loader.Prepare = func(g *guide.Guide) guide.Finish {
			var siteErrs diag.List
			in.Site, siteErrs = LoadSite(files[0], DisplayPath(o.siteDir(), files[0]), g.Schema)
			errs = append(errs, siteErrs...)
			if !prerender || in.Site == nil {
				return nil
			}
			return render.Prerender(g, in.Site, render.Options{Minify: o.Minify})
		}
	}
	g, gErrs := loader.LoadContext(ctx)
	if ctx.Err() != nil {
		return nil, interrupted(ctx)
	}
	errs = append(errs, gErrs...)
	t, tErrs := render.LoadTemplates(fsys, "templates")
	errs = append(errs, tErrs...)
	in.Guide, in.Templates = g, t
	if err == nil && many && g != nil {
		errs = append(errs, in.loadPartners(o, files)...)
	}
	if ctx.Err() != nil {
		return nil, interrupted(ctx)
	}
	if len(errs) > 0 {
		return nil, errs.Sort()
	}
	return in, nil
}

// LoadSite reads a site file and checks it against the schema.
func LoadSite(file, display string, schema *facts.Schema) (*facts.Site, diag.List) {
	src, err := dirfs.ReadFile(file, dirfs.Site)
	if err != nil {
		msg := "cannot read the site file: " + errText(err)
		if os.IsNotExist(err) {
			msg = "no site file: create it with a [service] name and the guide's [facts], or pass -site FILE"
		}
		return nil, diag.List{{Pos: diag.Pos{Path: display}, Msg: msg, Err: err}}
	}
	return facts.ParseSite(display, src, schema)
}

// errText is an I/O error's message without the Go operation and path (a
// message's place names the file).
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// DisplayPath is how messages name a file: relative to the site folder when
// inside it, as given otherwise.
func DisplayPath(siteDir, file string) string {
	absDir, err1 := filepath.Abs(siteDir)
	absFile, err2 := filepath.Abs(file)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absDir, absFile); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return file
}

// Outputs are the rendered files of one checklist, by name.
type Outputs map[string][]byte

// sink takes a checklist's outputs as they are rendered: memory keeps
// them, a build's dirWriter writes each to its file at once (so that a
// large guide's outputs are never all in memory together). Its methods may
// be called from two goroutines at once: renderPlan writes checklist.json
// beside the pages.
type sink interface {
	// put takes a whole file.
	put(name string, data []byte) error
	// putPage takes a page in its pieces (see render.Spliced).
	putPage(name string, page *render.Spliced) error
	// putJSON takes checklist.json, to be written from the page (see
	// render.WriteJSON).
	putJSON(page *render.Checklist, o render.Options) error
}

// memory is the sink that keeps the outputs in memory, by name in files.
type memory struct {
	mu    sync.Mutex
	files Outputs
}

func newMemory() *memory { return &memory{files: Outputs{}} }

func (m *memory) put(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = data
	return nil
}

func (m *memory) putPage(name string, page *render.Spliced) error {
	return m.put(name, page.Bytes())
}

func (m *memory) putJSON(page *render.Checklist, o render.Options) error {
	js, err := render.JSON(page, o)
	if err != nil {
		return err
	}
	return m.put("checklist.json", js)
}

// Render plans the inputs and renders the checklist's three files; for a
// many-partner build, each partner's in a folder of its name, and an
// index.html listing them.
func Render(in *Inputs, minify bool) (Outputs, error) {
	return renderContext(context.Background(), in, minify)
}

// renderContext is Render that stops between steps and partners when ctx
// is done, and then returns ctx's error.
func renderContext(ctx context.Context, in *Inputs, minify bool) (Outputs, error) {
	out := newMemory()
	if err := renderTo(ctx, in, minify, out); err != nil {
		return nil, err
	}
	return out.files, nil
}

// renderTo is renderContext, giving the outputs to out as they are
// rendered. On an error out may have taken some of them.
func renderTo(ctx context.Context, in *Inputs, minify bool, out sink) error {
	if in.Site == nil {
		files, err := renderPartners(ctx, in, minify)
		if err != nil {
			return err
		}
		if w, ok := out.(*dirWriter); ok { // thousands of files: a few at a time
			return w.putAll(files)
		}
		for name, data := range files {
			out.put(name, data)
		}
		return nil
	}
	return renderSite(ctx, in, minify, out)
}

// RenderOnly renders only the named outputs of one site file ("index.html",
// "checklist.json", "checklist.md", "guide.html": the guide page in every
// language, see GuideFiles); with no names, all of them.
// The live preview renders the page at each rebuild and the others when
// asked.
func RenderOnly(in *Inputs, minify bool, names ...string) (Outputs, error) {
	out := newMemory()
	if err := renderSite(context.Background(), in, minify, out, names...); err != nil {
		return nil, err
	}
	return out.files, nil
}

// GuidePage renders the inputs' guide page in lang (one of
// render.GuideLanguages): the whole guide, which no site file's facts
// decide (the live preview serves it).
func GuidePage(in *Inputs, lang string, minify bool) ([]byte, error) {
	o := render.Options{Minify: minify, URL: in.BaseURL}
	if in.Site != nil {
		o.URL = cmpOr(in.BaseURL, in.Site.BaseURL)
	}
	return render.GuideHTML(in.Guide, lang, in.Templates, o)
}

// guidePages renders the guide page in each of its languages into out:
// guide.html in the guide's, guide.LANG.html in each it is translated
// into (see render.GuideFile). o.URL is the folder they are hosted in.
func guidePages(out sink, g *guide.Guide, t *render.Templates, o render.Options) error {
	for _, lang := range render.GuideLanguages(g) {
		page, err := render.GuideSpliced(g, lang, t, o)
		if err != nil {
			return err
		}
		if err := out.putPage(render.GuideFile(g, lang), page); err != nil {
			return err
		}
	}
	return nil
}

// renderSite plans the site file and renders the named outputs into out.
func renderSite(ctx context.Context, in *Inputs, minify bool, out sink, names ...string) error {
	p, errs := plan.Make(in.Guide, in.Site)
	if len(names) == 0 {
		names = outputNames(in.Formats)
	}
	if errs != nil {
		// Rendered all the same, and kept nowhere: the bodies' `::: when`
		// conditions may fail too, and every error is reported at once.
		out = newMemory()
	}
	o := render.Options{Minify: minify, Cache: in.Cache, Conditions: in.Conditions, URL: cmpOr(in.BaseURL, in.Site.BaseURL), MarkdownBodies: in.MarkdownBodies, Start: in.Start}
	page, err := renderPlan(ctx, p, in.Templates, o, out, names...)
	if err == nil {
		err = addCSV(out, p, in, names, o.URL, page)
	}
	if errs != nil {
		return append(errs, diag.From(err, "")...).Sort()
	}
	return err
}

// renderPlan renders the named outputs of one plan into out; with no
// names, all. Each is given to out as soon as it is rendered: index.html
// first; checklist.md, written while the page renders (unless it shows
// the steps' bodies); the guide pages, one after the other, while
// checklist.json is written from the page (it holds the bodies as the
// page shows them); with checklist.json or .md, the copies of the guide's
// pictures (images/HASH.EXT). The rendered page is returned too, for
// checklist.csv (nil when no output asked for it).
func renderPlan(ctx context.Context, p *plan.Plan, t *render.Templates, o render.Options, out sink, names ...string) (*render.Checklist, error) {
	want := func(name string) bool { return len(names) == 0 || slices.Contains(names, name) }
	var md []byte
	mdDone := make(chan struct{})
	go func() {
		defer close(mdDone)
		if want("checklist.md") && !o.MarkdownBodies {
			md = render.Markdown(p, nil, o)
		}
	}()
	defer func() { <-mdDone }()
	var page *render.Checklist
	if want("index.html") || want("checklist.json") || want("checklist.csv") || want("checklist.md") && o.MarkdownBodies {
		var html *render.Spliced
		var err error
		if page, html, err = render.RenderChecklistSpliced(ctx, p, t, o); err != nil {
			return nil, err
		}
		if want("index.html") {
			if err := out.putPage("index.html", html); err != nil {
				return nil, err
			}
		}
	}
	var jsErr error
	jsDone := make(chan struct{})
	go func() {
		defer close(jsDone)
		if want("checklist.json") {
			jsErr = out.putJSON(page, o)
		}
	}()
	// The guide pages after the checklist, not beside it: rendering both
	// at once would hold both pages' steps at the same time (a 10,000-step
	// build's peak memory grew by 5%, for a little wall time).
	var guideErr error
	if want("guide.html") {
		guideErr = guidePages(out, p.Guide, t, render.Options{Minify: o.Minify, URL: o.URL})
	}
	if want("checklist.md") && o.MarkdownBodies {
		md = render.Markdown(p, page, o)
	}
	<-jsDone
	<-mdDone
	if err := cmpOrErr(guideErr, jsErr); err != nil {
		return nil, err
	}
	if want("checklist.md") {
		if err := out.put("checklist.md", md); err != nil {
			return nil, err
		}
	}
	if want("checklist.json") || want("checklist.md") {
		// The pictures their bodies refer to, beside them: one copy per
		// content, named by its hash (images.File.OutputPath).
		for _, f := range p.Guide.Images() {
			if err := out.put(f.OutputPath(), f.Data); err != nil {
				return nil, err
			}
		}
	}
	return page, nil
}

// cmpOrErr returns the first of its errors that is not nil.
func cmpOrErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Check loads everything and reports errors; it writes nothing. When ctx
// is done it stops between files, steps and partners, and returns only
// that (see interrupted).
func Check(ctx context.Context, o Options) diag.List {
	errs, _ := CheckLang(ctx, o, "")
	return errs
}

// CheckLang is Check, with what is left to translate: for each language
// the guide has any translation into, a warning at each original without
// one (see guide.Guide.Untranslated); for lang, whether the guide has
// translations into it or not, an error instead.
func CheckLang(ctx context.Context, o Options, lang string) (errs, warnings diag.List) {
	in, errs := load(ctx, o, false)
	if errs != nil {
		return errs, nil
	}
	if errs := check(ctx, in); errs != nil {
		return errs, nil
	}
	return Untranslated(in.Guide, lang)
}

// check renders the inputs, to report what only rendering finds: conditions
// that fail for the site's facts, templates that fail while they run.
func check(ctx context.Context, in *Inputs) diag.List {
	if _, err := renderContext(ctx, in, false); err != nil {
		if ctx.Err() != nil {
			return interrupted(ctx)
		}
		return diag.From(err, "templates/index.html")
	}
	return nil
}

// Untranslated lists what is left to translate in g: warnings for every
// language it has translations into, errors for lang.
func Untranslated(g *guide.Guide, lang string) (errs, warnings diag.List) {
	for _, l := range g.Languages() {
		if l != lang {
			for _, e := range g.Untranslated(l) {
				warnings.Add(e.Pos, "warning: %s", e.Msg)
			}
		}
	}
	if lang != "" {
		errs = g.Untranslated(lang)
	}
	return errs, warnings
}

// cmpOr returns the first of its arguments that is not "".
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// interrupted is the one error of a command that ctx stopped: it wraps
// ctx's cause (for a signal, which one), and errors.Is(it,
// context.Canceled) holds.
func interrupted(ctx context.Context) diag.List {
	cause := context.Cause(ctx)
	return diag.List{{Msg: "interrupted (" + cause.Error() + ")", Err: cause}}
}

// buildInterrupted is interrupted, saying that the output is as it was.
func buildInterrupted(ctx context.Context, o Options) diag.List {
	errs := interrupted(ctx)
	errs[0].Msg += ": " + o.OutputDir() + " is as it was"
	return errs
}

// Matrix loads the guide alone (no site file) and checks it for every
// combination of fact values its rules allow (see internal/verify).
func Matrix(o Options) (*verify.Report, diag.List) {
	g, errs := guide.Load(dirfs.New(o.siteDir()), "content")
	if errs != nil {
		return nil, errs
	}
	return verify.Check(g, verify.Options{}), nil
}

// Schema loads the guide alone and returns the JSON Schema of its site
// files (see facts.Schema.JSONSchema).
func Schema(o Options) ([]byte, diag.List) {
	g, errs := guide.Load(dirfs.New(o.siteDir()), "content")
	if errs != nil {
		return nil, errs
	}
	out, err := g.Schema.JSONSchema(g.Title)
	if err != nil {
		return nil, diag.From(err, g.File)
	}
	return out, nil
}

// Build renders the site and swaps the outputs into the output folder. On
// any error the output folder is left as it was. When ctx is done before
// the new folder is in place, Build stops between files, steps, partners
// and written files, removes what it wrote, and returns only that (see
// interrupted); the output folder is then as it was too.
func Build(ctx context.Context, o Options) diag.List {
	if err := o.checkPlace(); err != nil {
		return diag.List{{Msg: err.Error(), Err: err}}
	}
	in, errs := load(ctx, o, true)
	if ctx.Err() != nil {
		return buildInterrupted(ctx, o)
	}
	if errs != nil {
		// Rendering bodies as they load stops at the loading's errors,
		// before the plan's: check finds every one.
		all := Check(ctx, o)
		if ctx.Err() != nil {
			return buildInterrupted(ctx, o)
		}
		if all != nil {
			return all
		}
		return errs
	}
	// Each output is written as soon as it is rendered, into a new folder
	// that takes the old one's place once all are written.
	w := newDirWriter(ctx, o.OutputDir(), lockWait)
	err := renderTo(ctx, in, o.Minify, w)
	if err == nil {
		err = w.commit()
	} else {
		w.abort()
	}
	if ctx.Err() != nil {
		return buildInterrupted(ctx, o)
	}
	var we *writeError
	if errors.As(err, &we) {
		return diag.List{{Msg: we.Error(), Err: we.err}} // it names the folder
	}
	if err != nil {
		return diag.From(err, "templates/index.html")
	}
	return nil
}

// Explain loads the inputs and returns, for each section and step, whether
// it is included and why; for several partners, one after the other. When
// ctx is done it stops between files and partners, and returns only that
// (see interrupted).
func Explain(ctx context.Context, o Options) ([]byte, diag.List) {
	in, errs := load(ctx, o, false)
	if errs != nil {
		return nil, errs
	}
	if errs := check(ctx, in); errs != nil { // explain fails where check does
		return nil, errs
	}
	sites := in.Partners
	if in.Site != nil {
		sites = []*facts.Site{in.Site}
	}
	var out []byte
	for i, site := range sites {
		if ctx.Err() != nil {
			return nil, interrupted(ctx)
		}
		p, errs := plan.Make(in.Guide, site)
		if errs != nil {
			return nil, errs
		}
		if i > 0 {
			out = append(out, '\n')
		}
		if in.Site == nil {
			out = append(out, "== "+site.Path+"\n"...)
		}
		out = append(out, render.Explain(p)...)
	}
	return out, nil
}

package guide

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/dirfs"
	"prereq/internal/facts"
	"prereq/internal/ignore"
	"prereq/internal/markdown"
	"prereq/internal/parallel"
)

// Load reads the guide in the folder root of fsys. Messages name files as
// root/… ("content/01-app/01-register-app.md").
func Load(fsys fs.FS, root string) (*Guide, diag.List) {
	return NewLoader(fsys, root).Load()
}

// A Loader loads a guide again and again, re-reading only the files it was
// told have changed. The live preview keeps one; a build uses Load.
type Loader struct {
	fsys fs.FS
	root string

	index  *indexFile        // the guide's _index.md, parsed
	parser *markdown.Parser  // made for index's schema
	cache  map[string]parsed // section and step files by path
	stale  map[string]bool   // paths to re-read; nil entry map means none

	// Prepare, when set, is called by Load once it has read the guide's
	// _index.md, and returns what every body then goes through as soon as
	// it is parsed, from several goroutines at once: a build for one
	// service renders bodies there, so that a large guide's syntax trees
	// are never all held at once. A loader with Prepare loads once.
	Prepare func(g *Guide) Finish
	finish  Finish

	layout     []sectionLayout // the folders and files found by the last scan
	guideTexts []textFile      // the guide's translations found by the last scan
	layoutErrs diag.List

	// texts holds the guide's translations as last read, by path.
	texts map[string]parsedGuideText
	// paired holds each step with translations as last assembled, by the
	// original's path: a step keeps its *Step while neither its file nor
	// its translations change (render.Cache relies on it).
	paired map[string]pairedStep

	// checked holds the errors of the last check of ids and `after` (see
	// Guide.check) while no file was added or removed and no re-read file
	// changed what that check reads: an edit to a step's text is not checked
	// again across the whole guide.
	checked    diag.List
	checkValid bool

	imgs imageCache // the pictures the bodies show

	version  *Version // the outline of the last guide loaded
	reshaped bool     // this Load changed more than step bodies
}

// Finish takes a body as soon as it is parsed, with the language it is
// written in: the guide's for an original, the file name's for a
// translation.
type Finish func(k BodyKind, lang string, d *markdown.Doc) error

// BodyKind says whose body a Markdown document is.
type BodyKind int

// The kinds of bodies.
const (
	IntroBody   BodyKind = iota // the guide's _index.md
	SectionBody                 // a section's _index.md
	StepBody                    // a step file
)

// parsed is one section or step file, or a translation of one, as last
// read.
type parsed struct {
	item *Step
	text *Text // for a translation
	errs diag.List
}

// parsedGuideText is one of the guide's translations as last read.
type parsedGuideText struct {
	text *GuideText
	errs diag.List
}

// pairedStep is a step with its translations.
type pairedStep struct {
	original *Step
	texts    []*Text
	step     *Step
}

// textFile is a translation found on disk.
type textFile struct{ path, lang string }

// indexFile is the guide's _index.md as last read.
type indexFile struct {
	guide     *Guide
	errs      diag.List
	rawSchema [4]any // the facts and roles tables, the rules and remote_images, to see whether they changed
	rules     int    // how many [[rules]] tables _index.md declares, valid or not: what a translation's are counted against
	introSrc  []byte
	introLine int
}

// NewLoader returns a loader for the guide in root.
func NewLoader(fsys fs.FS, root string) *Loader {
	return &Loader{fsys: fsys, root: root, cache: map[string]parsed{}, stale: map[string]bool{},
		texts: map[string]parsedGuideText{}, paired: map[string]pairedStep{}}
}

// Invalidate marks files (paths in fsys, e.g. "content/01-app/x.md") to be
// read again by the next Load. Any path under root is accepted; folders
// invalidate everything below them.
func (l *Loader) Invalidate(paths ...string) {
	for _, p := range paths {
		l.stale[path.Clean(p)] = true
	}
}

// layoutUnchanged reports whether the last scan still holds: every file
// invalidated since is one it found, and still there. An edit to existing
// files then costs no walk over every folder; anything else (a new,
// removed or renamed file or folder, or a Load with nothing invalidated)
// scans again.
func (l *Loader) layoutUnchanged() bool {
	if l.layout == nil || len(l.stale) == 0 {
		return false
	}
	for p := range l.stale {
		_, found := l.cache[p]
		if _, text := l.texts[p]; !found && !text {
			return false
		}
		info, err := fs.Stat(l.fsys, p)
		if err != nil || !info.Mode().IsRegular() {
			return false
		}
	}
	return true
}

func (l *Loader) isStale(p string) bool {
	for s := range l.stale {
		if strings.HasPrefix(p, s) && (len(p) == len(s) || p[len(s)] == '/') {
			return true
		}
	}
	return false
}

// Load loads the guide, reusing what it read before for files not
// invalidated since. It returns every error it found, sorted.
func (l *Loader) Load() (*Guide, diag.List) { return l.LoadContext(context.Background()) }

// LoadContext is Load that stops between files when ctx is done, and then
// returns no guide and one error wrapping ctx's; the next load reads all.
func (l *Loader) LoadContext(ctx context.Context) (*Guide, diag.List) {
	defer clear(l.stale)
	l.reshaped = l.version == nil
	indexPath := path.Join(l.root, "_index.md")
	// A picture changed: read again the bodies that show it.
	for _, user := range l.imgs.invalidate(l.stale, l.root) {
		l.stale[user] = true
	}
	for p := range l.stale {
		if isImageName(p) {
			delete(l.stale, p) // no part of the layout: no scan for it
		}
	}
	if l.index == nil || l.isStale(indexPath) {
		l.reshaped = true
		src, err := dirfs.Read(l.fsys, indexPath, dirfs.Content)
		if err != nil {
			l.index = nil
			clear(l.cache)
			return nil, diag.List{{Pos: diag.Pos{Path: indexPath}, Msg: "cannot read the guide's _index.md: " + errText(err), Err: err}}
		}
		idx := parseIndex(indexPath, src)
		clear(l.texts) // read against the schema
		if l.index == nil || !reflect.DeepEqual(l.index.rawSchema, idx.rawSchema) {
			clear(l.cache) // their conditions were compiled against the old schema
			l.parser = markdown.NewParser(idx.guide.Schema)
		} else {
			idx.guide.Schema = l.index.guide.Schema
		}
		intro, introErrs := l.parser.Parse(indexPath, idx.introLine, idx.introSrc)
		idx.guide.Intro = intro
		idx.errs = append(idx.errs, introErrs...)
		l.index = idx
		idx.errs = append(idx.errs, l.showImages(indexPath, intro)...)
		idx.errs = append(idx.errs, l.readLogo(indexPath, &idx.guide.Theme)...)
	}
	errs := slices.Clone(l.index.errs)
	if l.Prepare != nil {
		l.finish = l.Prepare(l.index.guide)
		if err := l.finishBody(IntroBody, l.index.guide.Language, l.index.guide.Intro); err != nil {
			errs = append(errs, diag.From(err, indexPath)...)
		}
	}
	g := *l.index.guide

	if !l.layoutUnchanged() {
		l.layout, l.layoutErrs = l.scan()
		l.reshaped = true
	}
	layout := l.layout
	errs = append(errs, l.layoutErrs...)
	g.Translations = l.readGuideTexts(g.Language, &errs)
	if err := l.parseAll(ctx, layout); err != nil {
		l.index, l.layout = nil, nil
		clear(l.cache)
		return nil, diag.List{{Msg: "loading stopped: " + err.Error(), Err: err}}
	}

	paired := make(map[string]pairedStep, len(l.paired))
	for _, sec := range layout {
		p := l.cache[sec.index]
		errs = append(errs, p.errs...)
		if p.item == nil {
			continue
		}
		s := &Section{Item: p.item.Item}
		s.name = sec.name
		if s.ID == "" {
			s.ID = defaultID(sec.name)
		}
		s.Translations = l.translations(sec.texts[sec.index], g.Language, &errs)
		for _, f := range sec.steps {
			sp := l.cache[f]
			errs = append(errs, sp.errs...)
			if sp.item != nil {
				s.Steps = append(s.Steps, l.pair(sp.item, f, sec.texts[f], g.Language, paired, &errs))
			}
		}
		sortItems(s.Steps, func(st *Step) *Item { return &st.Item })
		g.Sections = append(g.Sections, s)
	}
	sortItems(g.Sections, func(s *Section) *Item { return &s.Item })
	l.paired = paired
	if !l.checkValid {
		l.checked, l.checkValid = g.check(), true
	}
	if l.reshaped {
		l.version = &Version{}
	}
	g.Version = l.version
	g.pictures = &pictureList{}
	errs = append(errs, l.checked...)
	errs = append(errs, g.checkRefs()...)
	errs = append(errs, g.checkPlaces()...)
	return &g, errs.Sort()
}

func parseIndex(p string, src []byte) *indexFile {
	idx := &indexFile{guide: &Guide{File: p, Language: "en", Schema: &facts.Schema{}}}
	m, fm, ok := decodeMeta(p, src, &idx.errs)
	if !ok {
		idx.guide.Schema.Partial = true // no name is unknown: it may be declared there
		return idx
	}
	m.checkKeys(guideFile)
	g := idx.guide
	g.Title = strings.TrimSpace(m.str("title"))
	if g.Title == "" {
		idx.errs.Add(m.at("title"), "the guide needs a title")
	}
	if lang, set := m.raw["language"]; set {
		if s, _ := lang.(string); slices.Contains(facts.Languages, s) {
			g.Language = s
		} else {
			idx.errs.Add(m.at("language"), "language must be one of %s", strings.Join(facts.Languages, ", "))
		}
	}
	factsTable, rolesTable := m.table("facts"), m.table("roles")
	idx.rawSchema = [4]any{factsTable, rolesTable, m.raw["rules"], m.raw["remote_images"]}
	idx.rules = facts.CountRules(m.raw["rules"])
	g.RemoteImages = m.boolean("remote_images")
	schema, errs := facts.ParseSchema(factsTable, rolesTable, m.at)
	schema.Partial = m.raw["facts"] != nil && factsTable == nil || m.raw["roles"] != nil && rolesTable == nil
	idx.errs = append(idx.errs, errs...)
	conds := cond.NewCompiler(schema)
	schema.Rules, errs = facts.ParseRules(m.raw["rules"], m.at, func(src string, key ...string) facts.Predicate {
		if c := m.compile(conds, src, key...); c != nil {
			return c
		}
		return nil // reported
	})
	idx.errs = append(idx.errs, errs...)
	g.Schema = schema
	g.Holidays = m.holidays()
	g.Theme = m.theme()
	g.Places = m.places()
	idx.introSrc, idx.introLine = fm.body, fm.bodyLine
	return idx
}

// sectionLayout is one section folder as found on disk.
type sectionLayout struct {
	name  string                // folder name
	index string                // path of its _index.md
	steps []string              // paths of its step files
	texts map[string][]textFile // translations by their original's path
}

// scan lists the section folders and step files and reports misplaced ones.
func (l *Loader) scan() ([]sectionLayout, diag.List) {
	var errs diag.List
	entries, err := fs.ReadDir(l.fsys, l.root)
	if err != nil {
		return nil, diag.List{{Pos: diag.Pos{Path: l.root}, Msg: errText(err), Err: err}}
	}
	var out []sectionLayout
	l.guideTexts = nil
	for _, e := range entries {
		name, p := e.Name(), path.Join(l.root, e.Name())
		original, lang, isText := splitLang(name)
		switch {
		case ignore.Name(name) || name == "_index.md":
		case isText && original == "_index.md" && !e.IsDir():
			if checkLang(p, lang, &errs) {
				l.guideTexts = append(l.guideTexts, textFile{p, lang})
			}
		case e.IsDir():
			sec, secErrs := l.scanSection(name, p)
			if sec.index == "" && picturesOnly(l.fsys, p) {
				continue // a folder of pictures
			}
			errs = append(errs, secErrs...)
			if sec.index != "" {
				out = append(out, sec)
			}
		case strings.HasSuffix(name, ".md"):
			errs.Add(diag.Pos{Path: p}, "a step must live in a section folder (e.g. %s/01-section/%s), not directly in %s", l.root, name, l.root)
		}
	}
	return out, errs
}

func (l *Loader) scanSection(name, dir string) (sectionLayout, diag.List) {
	var errs diag.List
	sec := sectionLayout{name: name}
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		return sec, diag.List{{Pos: diag.Pos{Path: dir}, Msg: errText(err), Err: err}}
	}
	var texts []textFile
	for _, e := range entries {
		n, p := e.Name(), path.Join(dir, e.Name())
		_, lang, isText := splitLang(n)
		switch {
		case ignore.Name(n):
		case e.IsDir() && picturesOnly(l.fsys, p):
		case e.IsDir():
			errs.Add(diag.Pos{Path: p}, "folders cannot nest inside a section folder: move %s's steps into %s or make it a section of its own", n, dir)
		case n == "_index.md":
			sec.index = p
		case isText:
			if checkLang(p, lang, &errs) {
				texts = append(texts, textFile{p, lang})
			}
		case strings.HasSuffix(n, ".md"):
			sec.steps = append(sec.steps, p)
		}
	}
	if sec.index == "" {
		errs.Add(diag.Pos{Path: dir}, "section folder has no _index.md: add one with a title")
	}
	for _, t := range texts {
		original, _, _ := splitLang(path.Base(t.path))
		op := path.Join(dir, original)
		if op != sec.index && !slices.Contains(sec.steps, op) {
			errs.Add(diag.Pos{Path: t.path}, "translation of nothing: there is no %s beside it (a translation NAME.%s.md sits beside its original NAME.md)", original, t.lang)
			continue
		}
		if sec.texts == nil {
			sec.texts = map[string][]textFile{}
		}
		sec.texts[op] = append(sec.texts[op], t)
	}
	return sec, errs
}

// parseAll parses, in parallel, the files of the layout that are not cached
// or are stale.
func (l *Loader) parseAll(ctx context.Context, layout []sectionLayout) error {
	type job struct {
		path, name string
		kind       kind
		text       textFile // for a translation
		original   string
	}
	var jobs []job
	files, cached := 0, 0
	add := func(p, name string, k kind, texts []textFile) {
		files++
		_, ok := l.cache[p]
		if ok {
			cached++
		}
		if !ok || l.isStale(p) {
			jobs = append(jobs, job{path: p, name: name, kind: k})
		}
		for _, t := range texts {
			files++
			_, ok := l.cache[t.path]
			if ok {
				cached++
			}
			if !ok || l.isStale(t.path) {
				jobs = append(jobs, job{path: t.path, kind: k, text: t, original: p})
			}
		}
	}
	for _, sec := range layout {
		add(sec.index, sec.name, sectionFile, sec.texts[sec.index])
		for _, s := range sec.steps {
			add(s, path.Base(s), stepFile, sec.texts[s])
		}
	}
	if len(l.cache) > cached { // some files were removed from disk
		l.checkValid, l.reshaped = false, true
		seen := make(map[string]bool, files)
		for _, sec := range layout {
			seen[sec.index] = true
			for _, s := range sec.steps {
				seen[s] = true
			}
			for _, texts := range sec.texts {
				for _, t := range texts {
					seen[t.path] = true
				}
			}
		}
		for p := range l.cache {
			if !seen[p] {
				delete(l.cache, p)
			}
		}
	}
	results := make([]parsed, len(jobs))
	if err := parallel.DoContext(ctx, len(jobs), 0, func() func(int) {
		return func(i int) {
			if j := jobs[i]; j.original != "" {
				results[i] = l.parseText(j.path, j.original, j.text.lang, j.kind)
			} else {
				results[i] = l.parseFile(j.path, j.name, j.kind)
			}
		}
	}); err != nil {
		return err
	}
	for i, j := range jobs {
		old, had := l.cache[j.path]
		if j.original != "" {
			if !had || j.kind != stepFile || !sameText(old.text, results[i].text) {
				l.reshaped = true
			}
			l.cache[j.path] = results[i]
			continue
		}
		if !had || !sameForCheck(old.item, results[i].item) {
			l.checkValid = false
		}
		if !had || j.kind != stepFile || !sameOutline(old.item, results[i].item) {
			l.reshaped = true
		}
		l.cache[j.path] = results[i]
	}
	return nil
}

// sameOutline reports whether two readings of a step file differ at most
// in the body.
func sameOutline(a, b *Step) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	if (x.When == nil) != (y.When == nil) || x.When != nil && x.When.Source != y.When.Source {
		return false
	}
	x.When, y.When, x.Body, y.Body = nil, nil, nil, nil
	return reflect.DeepEqual(x, y)
}

// sameForCheck reports whether two readings of a file give Guide.check the
// same input: ids, `after` lists, order and positions.
func sameForCheck(a, b *Step) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID && a.idAt == b.idAt && a.File == b.File && a.Weight == b.Weight && a.name == b.name &&
		a.afterAt == b.afterAt && slices.Equal(a.After, b.After) && slices.Equal(a.afterIDs, b.afterIDs)
}

func (l *Loader) parseFile(p, name string, k kind) parsed {
	src, err := dirfs.Read(l.fsys, p, dirfs.Content)
	if err != nil {
		return parsed{errs: diag.List{{Pos: diag.Pos{Path: p}, Msg: errText(err), Err: err}}}
	}
	item, errs := parseItem(p, name, src, k, l.index.guide.Schema, l.parser)
	if item != nil {
		errs = append(errs, l.showImages(p, item.Body)...)
		if err := l.finishBody(bodyKind(k), l.index.guide.Language, item.Body); err != nil {
			errs = append(errs, diag.From(err, p)...)
		}
	}
	return parsed{item: item, errs: errs}
}

func (l *Loader) finishBody(k BodyKind, lang string, d *markdown.Doc) error {
	if l.finish == nil || d == nil {
		return nil
	}
	return l.finish(k, lang, d)
}

// bodyKind is the kind of body a file of kind k holds.
func bodyKind(k kind) BodyKind {
	switch k {
	case guideFile:
		return IntroBody
	case sectionFile:
		return SectionBody
	}
	return StepBody
}

// sortItems orders by weight, then file or folder name.
func sortItems[T any](items []T, item func(T) *Item) {
	slices.SortStableFunc(items, func(a, b T) int {
		ia, ib := item(a), item(b)
		return cmp.Or(cmp.Compare(ia.Weight, ib.Weight), strings.Compare(ia.name, ib.name))
	})
}

// errText is an I/O error's message without the Go operation prefix.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

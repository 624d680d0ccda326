package render

import (
	"bytes"
	"fmt"
	"html/template"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"

	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/markdown"
	"prereq/internal/parallel"
	"prereq/internal/plan"
)

// Options says how a page is rendered.
type Options struct {
	Minify bool
	// Cache, when set, keeps each step's rendered HTML between renders, so
	// that a rebuild renders only the steps whose inputs changed (the live
	// preview keeps one). Nil renders every step.
	Cache *Cache
}

// HTML renders the checklist page with the templates.
func HTML(p *plan.Plan, t *Templates, minified bool) ([]byte, error) {
	return Render(p, t, Options{Minify: minified})
}

// Render renders the checklist page. Each step is rendered on its own, on
// every core, by the "step" template (or its compiled twin, writeStep) with
// its body spliced in after (see renderStep); the page template then
// places the finished steps, and the style sheet and script are spliced in
// last (see splice). With a Cache, what did not change since the last
// render is reused. Output does not depend on the number of cores or on
// the cache.
func Render(p *plan.Plan, t *Templates, o Options) ([]byte, error) {
	partition := ""
	if o.Cache != nil {
		partition = cachePartition(p, t, o)
	}
	pg, err := newPage(p, o, partition)
	if err != nil {
		return nil, err
	}
	views := pg.stepViews()
	if o.Cache != nil {
		defer o.Cache.sweep(len(views), len(pg.Sections))
	}
	if err := renderSteps(pg, views, p, t, o, partition); err != nil {
		return nil, err
	}
	assets := t.assets
	if o.Minify {
		assets = t.minAssets
	}
	// The page around the steps depends on the guide's outline, not on the
	// text of step bodies: after an edit to a body, the last one serves.
	key := skeletonKey{version: p.Guide.Version, partition: partition}
	cacheable := o.Cache != nil && p.Guide.Version != nil
	if cacheable {
		if sk, ok := lookup(o.Cache, o.Cache.skeletons, key); ok {
			pg.groups = sk.groupsOf(views)
			return splice(sk.html, pg.groups, assets)
		}
	}
	out, err := t.execute(pg)
	if err != nil {
		return nil, err
	}
	if o.Minify {
		// Steps and assets are minified already: the rest is plain HTML.
		if out, err = htmlMinifier().Bytes("text/html", out); err != nil {
			return nil, err
		}
	}
	if cacheable {
		store(o.Cache, o.Cache.skeletons, key, newSkeleton(out, pg.groups, views))
	}
	return splice(out, pg.groups, assets)
}

// skeleton is a rendered page without its steps: placeholders stand for
// groups of steps, listed by their place in Page.stepViews.
type skeleton struct {
	html   []byte
	groups [][]int
}

type skeletonKey struct {
	version   *guide.Version
	partition string
}

func newSkeleton(html []byte, groups [][]*StepView, views []*StepView) *skeleton {
	index := make(map[*StepView]int, len(views))
	for i, v := range views {
		index[v] = i
	}
	sk := &skeleton{html: html, groups: make([][]int, len(groups))}
	for g, steps := range groups {
		sk.groups[g] = make([]int, len(steps))
		for i, v := range steps {
			sk.groups[g][i] = index[v]
		}
	}
	return sk
}

// groupsOf returns the skeleton's groups of steps from a page's views.
func (sk *skeleton) groupsOf(views []*StepView) [][]*StepView {
	groups := make([][]*StepView, len(sk.groups))
	for g, idx := range sk.groups {
		groups[g] = make([]*StepView, len(idx))
		for i, at := range idx {
			groups[g][i] = views[at]
		}
	}
	return groups
}

// joinSteps stands for steps' HTML, one after the other, in the page the
// template writes: a placeholder that splice replaces. Thousands of steps'
// HTML then never pass through the template engine, its escaper, or the
// page's minifier.
func (pg *Page) joinSteps(steps []*StepView) template.HTML {
	pg.groups = append(pg.groups, steps)
	return template.HTML(placeholder(len(pg.groups) - 1))
}

// stepViews lists every step of the page once, in guide order.
func (pg *Page) stepViews() []*StepView {
	var views []*StepView
	for _, s := range pg.Sections {
		views = append(views, s.Steps...)
	}
	return views
}

// renderSteps renders every step's body and HTML in parallel, minified
// when the page will be: the page's minifier then leaves them alone (see
// joinSteps and splice).
func renderSteps(pg *Page, views []*StepView, p *plan.Plan, t *Templates, o Options, partition string) error {
	errs := make([]error, len(views))
	var m *minify.M
	if o.Minify {
		m = htmlMinifier()
	}
	parallel.Do(len(views), 0, func() func(int) {
		b := newBodies(pg, p, nil, "")
		var buf bytes.Buffer
		return func(i int) {
			v := views[i]
			if o.Cache == nil {
				v.frag, errs[i] = renderStep(pg, v, t, b, m, &buf)
				return
			}
			key := fragKey{step: v.Step.Step, partition: partition, ctx: stepContext(v)}
			if frag, ok := lookup(o.Cache, o.Cache.steps, key); ok {
				o.Cache.hits.Add(1)
				v.frag = frag
				return
			}
			if v.frag, errs[i] = renderStep(pg, v, t, b, m, &buf); errs[i] == nil {
				store(o.Cache, o.Cache.steps, key, v.frag)
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// renderStep renders one step with the "step" template. The template
// places a marker where the body goes (see bodyMark): the body never
// passes through the template engine or the minifier, which then handle a
// few hundred bytes of markup per step instead of the whole step.
func renderStep(pg *Page, v *StepView, t *Templates, b *bodies, m *minify.M, buf *bytes.Buffer) ([]byte, error) {
	var body []byte
	if v.Status == plan.Todo {
		var err error
		if body, err = b.renderBytes(v.Step.Body, stepOffset); err != nil {
			return nil, err
		}
		if len(body) > 0 {
			v.Body = bodyMark
		}
	}
	buf.Reset()
	if t.fastStep {
		writeStep(buf, pg, v)
	} else if err := t.page.ExecuteTemplate(buf, "step", stepArgs{pg, v}); err != nil {
		return nil, templateErrorIn(t.origin, "templates/step.html", err)
	}
	markup := buf.Bytes()
	if m != nil {
		var err error
		if markup, err = m.Bytes("text/html", markup); err != nil {
			return nil, err
		}
	}
	return fillBody(markup, body), nil
}

// bodyMark is what a step's Body holds while the "step" template runs: an
// element the minifier keeps as it is, replaced by the rendered body after.
const bodyMark template.HTML = "<prereq-step-body></prereq-step-body>"

// fillBody returns a copy of markup with each body mark replaced by body.
func fillBody(markup, body []byte) []byte {
	n := bytes.Count(markup, []byte(bodyMark))
	out := make([]byte, 0, len(markup)+n*(len(body)-len(bodyMark)))
	for {
		at := bytes.Index(markup, []byte(bodyMark))
		if at < 0 {
			return append(out, markup...)
		}
		out = append(append(out, markup[:at]...), body...)
		markup = markup[at+len(bodyMark):]
	}
}

const (
	placeholderTag = "prereq-step-fragment"
	assetTag       = "prereq-asset"
)

// placeholder stands for group i of steps: an element that the minifier
// keeps as it is.
func placeholder(i int) string {
	return "<" + placeholderTag + " data-i=\"" + strconv.Itoa(i) + "\"></" + placeholderTag + ">"
}

// assetPlaceholder stands for an asset in a <style> or <script>, which the
// minifier copies as it is.
func assetPlaceholder(name string) string {
	return "<" + assetTag + " data-name=\"" + name + "\"></" + assetTag + ">"
}

// splice replaces the placeholders of a page with the groups of steps and
// the assets they stand for.
func splice(page []byte, groups [][]*StepView, assets map[string][]byte) ([]byte, error) {
	var pieces [][]byte
	for {
		at := bytes.Index(page, []byte("<prereq-"))
		if at < 0 {
			pieces = append(pieces, page)
			break
		}
		pieces = append(pieces, page[:at])
		rest := page[at:]
		tag, key, n := parsePlaceholder(rest)
		switch {
		case tag == placeholderTag:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(groups) {
				return nil, fmt.Errorf("render: bad step placeholder %q", rest[:n])
			}
			for _, v := range groups[i] {
				pieces = append(pieces, v.frag)
			}
		case tag == assetTag:
			a, ok := assets[key]
			if !ok {
				return nil, fmt.Errorf("render: no asset %q in templates/", key)
			}
			pieces = append(pieces, a)
		default: // not ours: text that happens to read "<prereq-"
			n = len("<prereq-")
			pieces = append(pieces, rest[:n])
		}
		page = rest[n:]
	}
	return join(pieces, 4<<20), nil
}

// join concatenates pieces. A page of more than minCopy bytes is copied by
// several cores, each taking the pieces that start in its share.
func join(pieces [][]byte, minCopy int) []byte {
	at := make([]int, len(pieces)+1) // where each piece goes
	for i, p := range pieces {
		at[i+1] = at[i] + len(p)
	}
	out := make([]byte, at[len(pieces)])
	parts := min(runtime.GOMAXPROCS(0), len(out)/minCopy+1)
	parallel.Do(parts, parts, func() func(int) {
		return func(part int) {
			// Pieces starting in this part's share of the bytes.
			lo := sort.SearchInts(at[:len(pieces)], len(out)*part/parts)
			hi := sort.SearchInts(at[:len(pieces)], len(out)*(part+1)/parts)
			for i := lo; i < hi; i++ {
				copy(out[at[i]:], pieces[i])
			}
		}
	})
	return out
}

// parsePlaceholder reads `<TAG data-X="KEY"></TAG>` at the start of s and
// returns TAG, KEY and its length; tag is "" when s starts with no
// placeholder.
func parsePlaceholder(s []byte) (tag, key string, n int) {
	for _, t := range []string{placeholderTag, assetTag} {
		open := "<" + t + " data-"
		if !bytes.HasPrefix(s, []byte(open)) {
			continue
		}
		eq := bytes.Index(s, []byte(`="`))
		end := bytes.Index(s, []byte(`"></`+t+`>`))
		if eq < 0 || end < eq {
			return "", "", 0
		}
		return t, string(s[eq+2 : end]), end + len(`"></`+t+`>`)
	}
	return "", "", 0
}

// Cache keeps rendered steps, and sections' bodies, between renders of
// the same guide. Safe for concurrent use.
type Cache struct {
	mu        sync.RWMutex
	steps     map[fragKey]*entry[[]byte]
	bodies    map[bodyKey]*entry[[]byte]
	skeletons map[skeletonKey]*entry[*skeleton]
	gen       atomic.Int64 // renders so far
	hits      atomic.Int64
}

// entry is a cached value and the last render that used it.
type entry[V any] struct {
	v   V
	gen atomic.Int64
}

// fragKey names a rendered step: the step as loaded (the loader keeps the
// same *guide.Step while its file is unchanged), what every step of the
// render shares (cachePartition) and what else the "step" template reads
// (stepContext).
type fragKey struct {
	step           *guide.Step
	partition, ctx string
}

// bodyKey names a section's rendered body: the section as loaded and the
// render's partition.
type bodyKey struct {
	doc       *markdown.Doc
	partition string
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{
		steps:     map[fragKey]*entry[[]byte]{},
		bodies:    map[bodyKey]*entry[[]byte]{},
		skeletons: map[skeletonKey]*entry[*skeleton]{},
	}
}

// lookup returns the value m holds for k, marking it used by this render.
func lookup[K comparable, V any](c *Cache, m map[K]*entry[V], k K) (V, bool) {
	c.mu.RLock()
	e, ok := m[k]
	c.mu.RUnlock()
	if !ok {
		var zero V
		return zero, false
	}
	e.gen.Store(c.gen.Load())
	return e.v, true
}

func store[K comparable, V any](c *Cache, m map[K]*entry[V], k K, v V) {
	e := &entry[V]{v: v}
	e.gen.Store(c.gen.Load())
	c.mu.Lock()
	m[k] = e
	c.mu.Unlock()
}

// sweep ends a render: in each map that holds far more entries than a
// page uses, the ones this render did not use go.
func (c *Cache) sweep(steps, sections int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	gen := c.gen.Load()
	sweepMap(c.steps, 4*steps+16, gen)
	sweepMap(c.bodies, 4*sections+16, gen)
	sweepMap(c.skeletons, 8, gen) // the preview's pages with other facts (?fact=value)
	c.gen.Add(1)
}

func sweepMap[K comparable, V any](m map[K]*entry[V], limit int, gen int64) {
	if len(m) <= limit {
		return
	}
	for k, e := range m {
		if e.gen.Load() != gen {
			delete(m, k)
		}
	}
}

// Hits returns how many steps were served from the cache so far.
func (c *Cache) Hits() int { return int(c.hits.Load()) }

// cachePartition is what every step of one render shares: templates,
// minifying, language, service, facts and who holds each role.
func cachePartition(p *plan.Plan, t *Templates, o Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%p|%v|%s|%q|", t, o.Minify, p.Language, p.Service)
	for _, d := range p.Guide.Schema.Facts {
		fmt.Fprintf(&b, "%s=%s;", d.Name, facts.Literal(p.Facts[d.Name]))
	}
	for _, r := range p.Roles {
		fmt.Fprintf(&b, "%s:%q:%q;", r.ID, r.Label, r.Holder)
	}
	return b.String()
}

// stepContext is what a step's HTML depends on besides its own file and the
// partition: its plan and the steps it names.
func stepContext(v *StepView) string {
	b := make([]byte, 0, 64)
	b = append(b, v.Status...)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(v.Number), 10)
	b = append(b, '|')
	b = strconv.AppendQuote(b, v.Reason)
	if v.Role != nil {
		b = append(b, '|')
		b = append(b, v.Role.ID...)
		b = append(b, '|')
		b = strconv.AppendQuote(b, v.Role.Label)
		b = append(b, '|')
		b = strconv.AppendQuote(b, v.Role.Holder)
	}
	for _, a := range v.After {
		b = append(b, '|')
		b = append(b, a.ID...)
		b = append(b, ':')
		b = append(b, a.Status...)
		b = append(b, ':')
		b = strconv.AppendQuote(b, a.Title)
	}
	return string(b)
}

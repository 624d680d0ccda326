package render

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/markdown"
	"prereq/internal/plan"
)

// Cache keeps rendered steps, and sections' bodies, between renders of
// the same guide. Safe for concurrent use.
type Cache struct {
	mu        sync.RWMutex
	steps     map[fragKey]*entry[stepFrag]
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

// stepFrag is a rendered step, in pieces, and its body's HTML, one of
// them.
type stepFrag struct {
	html [][]byte
	body []byte
}

// bodyKey names a section's rendered body: the section as loaded and the
// render's partition.
type bodyKey struct {
	doc       *markdown.Doc
	partition string
	refs      string // what the body's cross-references name (refContext)
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{
		steps:     map[fragKey]*entry[stepFrag]{},
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
	fmt.Fprintf(&b, "%p|%v|%v|%s|%s|%q|%s|", t, o.Minify, o.Conditions, p.Language, p.Guide.Language, p.Service, o.URL)
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
	b = append(b, v.Lang...)
	b = append(b, '|')
	b = append(b, v.Section.Lang...)
	b = append(b, '|')
	b = append(b, v.Status...)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(v.Number), 10)
	b = append(b, '|')
	b = strconv.AppendQuote(b, string(v.Reason))
	b = strconv.AppendQuote(b, v.Condition)
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
		b = append(b, a.Lang...)
		b = append(b, ':')
		b = strconv.AppendQuote(b, a.Title)
	}
	if refs := v.Step.Body.Refs(); len(refs) > 0 { // the body shown, in v.Lang
		b = refContext(b, v.page.targets, refs)
	}
	return string(b)
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

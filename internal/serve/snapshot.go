package serve

import (
	"container/list"
	"maps"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/livepage"
	"prereq/internal/watch"
)

// A snapshot is what the server shows between two rebuilds: the last good
// build and the errors of the latest one. It does not change once
// published; pages with other facts are rendered from it on demand (see
// variantCache).
type snapshot struct {
	version int64
	good    *build.Inputs        // the last inputs that built; nil until some did
	out     build.Outputs        // their outputs
	errs    []livepage.ErrorView // the latest build's errors, with source excerpts
	// warnings are the good build's files left to translate (see
	// build.Untranslated), as printed.
	warnings []string
	took     time.Duration // how long the latest build took
	lang     string        // the language of the page, or of the error page while nothing built
}

// A variant is the checklist rendered with some facts overridden.
type variant struct {
	site *facts.Site   // the facts shown
	out  build.Outputs // the site file's outputs when errs is not empty
	errs diag.List
	size int64 // the bytes it holds of its own (not the snapshot's)
}

// variantBudget bounds the bytes of the pages rendered with other facts
// (?fact=value) that the server keeps, across every snapshot: past it, the
// pages served least recently go. A page larger than the budget is
// rendered for each request that asks for it, and not kept.
const variantBudget = 64 << 20

// variantCost is what a kept variant counts for besides its pages: its key,
// facts and bookkeeping.
const variantCost = 1 << 10

// A variantCache keeps pages rendered with overridden facts, by snapshot and
// query string, within a byte budget. Requests for the same page at the
// same time wait for one render; a few renders run at a time, each on
// every core, so that a burst of requests does not hold a page per request.
type variantCache struct {
	budget int64
	slots  chan struct{} // one per render under way

	mu      sync.Mutex
	size    int64     // bytes kept
	lru     list.List // of *variantEntry, most recently served first
	entries map[variantKey]*list.Element
	pending map[variantKey]*pendingVariant
	renders int // renders run, for tests
}

type variantKey struct {
	version int64
	query   string // canonical
}

type variantEntry struct {
	key  variantKey
	v    variant
	size int64
}

// pendingVariant is a render under way; done is closed when v is set.
type pendingVariant struct {
	done chan struct{}
	v    variant
}

func newVariantCache(budget int64) *variantCache {
	return &variantCache{
		budget:  budget,
		slots:   make(chan struct{}, runtime.GOMAXPROCS(0)),
		entries: map[variantKey]*list.Element{},
		pending: map[variantKey]*pendingVariant{},
	}
}

// get renders the last good build of s with the facts of the query string
// overridden, or returns the page kept from an earlier request. Without
// overrides it returns the build itself. Errors in the query come back in
// errs, with the outputs of the site file's facts.
func (c *variantCache) get(s *snapshot, q url.Values) variant {
	if s.good == nil {
		return variant{}
	}
	if len(q) == 0 {
		return variant{site: s.good.Site, out: s.out}
	}
	key := variantKey{version: s.version, query: canonical(q)}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.lru.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*variantEntry).v
	}
	if p, ok := c.pending[key]; ok {
		c.mu.Unlock()
		<-p.done
		return p.v
	}
	p := &pendingVariant{done: make(chan struct{})}
	c.pending[key] = p
	c.renders++
	c.mu.Unlock()

	c.slots <- struct{}{}
	p.v = s.render(q)
	<-c.slots

	c.mu.Lock()
	delete(c.pending, key)
	c.keep(key, p.v)
	c.mu.Unlock()
	close(p.done)
	return p.v
}

// keep adds a rendered variant and drops the least recently served ones
// past the budget. c.mu is held.
func (c *variantCache) keep(key variantKey, v variant) {
	size := v.size + int64(len(key.query)) + variantCost
	if size > c.budget {
		return
	}
	c.entries[key] = c.lru.PushFront(&variantEntry{key: key, v: v, size: size})
	c.size += size
	for c.size > c.budget {
		c.drop(c.lru.Back())
	}
}

// forget drops the variants of snapshots older than version: no page is
// served from them any more.
func (c *variantCache) forget(version int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for key, e := range c.entries {
		if key.version < version {
			c.drop(e)
		}
	}
}

// drop removes an entry. c.mu is held.
func (c *variantCache) drop(e *list.Element) {
	ve := c.lru.Remove(e).(*variantEntry)
	delete(c.entries, ve.key)
	c.size -= ve.size
}

// kept returns the bytes kept and how many variants, for tests.
func (c *variantCache) kept() (size int64, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size, len(c.entries)
}

func (s *snapshot) render(q url.Values) variant {
	schema := s.good.Guide.Schema
	q, lang := language(q, schema)
	site, errs := s.good.Site.Override(schema, overrides(q, schema))
	if lang != "" && !slices.Contains(facts.Languages, lang) {
		errs.Add(diag.Pos{Path: "?language"}, "language must be one of %s", strings.Join(facts.Languages, ", "))
	}
	if errs != nil {
		return variant{site: s.good.Site, out: s.out, errs: errs}
	}
	if lang != "" {
		site.Language = lang // site is Override's copy
	}
	in := *s.good
	in.Site = site
	out, err := build.RenderOnly(&in, false, "index.html") // the others when asked
	if err != nil {
		return variant{site: s.good.Site, out: s.out, errs: diag.From(err, watch.TemplatesDir)}
	}
	var size int64
	for _, b := range out {
		size += int64(len(b))
	}
	return variant{site: site, out: out, size: size}
}

// language takes ?language=ko, the language to preview, out of a query
// string, unless the guide declares a fact of that name.
func language(q url.Values, schema *facts.Schema) (url.Values, string) {
	if _, ok := q["language"]; !ok || schema.Fact("language") != nil {
		return q, ""
	}
	lang := q.Get("language")
	q = maps.Clone(q)
	delete(q, "language")
	return q, lang
}

// overrides turns a query string into facts.Site.Override's input. A list
// fact may come once, comma-separated, or once per value, as a form with a
// checkbox per value sends it.
func overrides(q url.Values, schema *facts.Schema) map[string][]string {
	out := make(map[string][]string, len(q))
	for name, vals := range q {
		if d := schema.Fact(name); d != nil && d.Type == facts.List && len(vals) > 1 {
			vals = []string{strings.Join(vals, ",")}
		}
		out[name] = vals
	}
	return out
}

// canonical is a query string with sorted keys, for the cache.
func canonical(q url.Values) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(q)) {
		for _, v := range q[k] {
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
			b.WriteByte('&')
		}
	}
	return b.String()
}

// history keeps the last few snapshots published, so that a page showing
// one of them can be sent only what changed since.
type history struct {
	mu    sync.Mutex
	snaps []*snapshot
}

// keep is how many snapshots a history keeps.
const keep = 8

func (h *history) add(s *snapshot) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.snaps) == keep {
		h.snaps = slices.Delete(h.snaps, 0, 1)
	}
	h.snaps = append(h.snaps, s)
}

// oldest returns the version of the oldest snapshot kept, 0 when none.
func (h *history) oldest() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.snaps) == 0 {
		return 0
	}
	return h.snaps[0].version
}

// at returns the snapshot with the version, or nil.
func (h *history) at(version int64) *snapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.snaps {
		if s.version == version {
			return s
		}
	}
	return nil
}

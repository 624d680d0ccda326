package serve

import (
	"maps"
	"net/url"
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
// published; pages with other facts are rendered from it on demand.
type snapshot struct {
	version int64
	good    *build.Inputs        // the last inputs that built; nil until some did
	out     build.Outputs        // their outputs
	errs    []livepage.ErrorView // the latest build's errors, with source excerpts
	// warnings are the good build's files left to translate (see
	// build.Untranslated), as printed.
	warnings []string
	took     time.Duration // how long the latest build took

	mu    sync.Mutex
	cache map[string]variant // outputs with overridden facts, by canonical query
}

// A variant is the checklist rendered with some facts overridden.
type variant struct {
	site *facts.Site   // the facts shown
	out  build.Outputs // nil when errs is not empty
	errs diag.List
}

// maxVariants bounds the renders with overridden facts a snapshot keeps.
const maxVariants = 32

// variant renders the last good build with the facts of the query string
// overridden. Without overrides it returns the build itself. Errors in the
// query come back in errs, with the outputs of the site file's facts.
func (s *snapshot) variant(q url.Values) variant {
	if s.good == nil {
		return variant{}
	}
	if len(q) == 0 {
		return variant{site: s.good.Site, out: s.out}
	}
	key := canonical(q)
	s.mu.Lock()
	v, ok := s.cache[key]
	s.mu.Unlock()
	if ok {
		return v
	}
	v = s.render(q)
	s.mu.Lock()
	if s.cache == nil || len(s.cache) >= maxVariants {
		s.cache = map[string]variant{}
	}
	s.cache[key] = v
	s.mu.Unlock()
	return v
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
	return variant{site: site, out: out}
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

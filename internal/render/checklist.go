package render

import (
	"bytes"
	"sync"

	"prereq/internal/images"
	"prereq/internal/markdown"
	"prereq/internal/plan"
)

// Checklist is a checklist page as RenderChecklist rendered it, with each
// step's body as the page holds it, but for its pictures, which point at
// their copies beside the outputs (images.Relink): checklist.json,
// checklist.md (with -md-bodies) and checklist.csv show the bodies again
// from here, never by rendering their Markdown a second time.
type Checklist struct {
	HTML   []byte // index.html
	plan   *plan.Plan
	bodies map[*plan.Step]*stepBody
	texts  sync.Pool // of *textStream, for BodyText
}

// stepBody is a step's body in the page, and what the other outputs make
// of it once asked for.
type stepBody struct {
	html  []byte
	cache *BodyCache // shared with other pages; nil when none
	once  sync.Once
	s     *bodyStrings
}

// strings returns what the outputs make of the body, converted with t the
// first time it is asked for.
func (b *stepBody) strings(t *textStream) *bodyStrings {
	b.once.Do(func() {
		// Bodies that differ from partner to partner only by their
		// `::: when` blocks are shared by many too: the cache goes by
		// the HTML.
		if b.cache != nil {
			b.s = b.cache.get(b.html, t)
		} else {
			b.s = newBodyStrings(b.html, false, t)
		}
	})
	return b.s
}

// bodyStrings is what the outputs make of a body: its plain text, and,
// once a second page shows the same body, the HTML and the text quoted as
// JSON strings, for every page after.
type bodyStrings struct {
	text   string
	shared bool // in a BodyCache
	quoted func() (html, text []byte)
}

// newBodyStrings converts html with t.
func newBodyStrings(html []byte, shared bool, t *textStream) *bodyStrings {
	s := &bodyStrings{text: string(t.convert(html)), shared: shared}
	if shared {
		s.quoted = sync.OnceValues(func() ([]byte, []byte) {
			var w jsonWriter
			w.bytes(html)
			h := w.b
			w.b = nil
			w.str(s.text)
			return h, w.b
		})
	}
	return s
}

// BodyCache keeps, across the pages of one build, the bodies that render
// the same for every service (markdown.Doc.Same), and what the outputs
// make of each distinct body (see bodyStrings): in a many-partner build
// most partners share most bodies, which are then rendered and converted
// once. Safe for concurrent use.
type BodyCache struct {
	mu      sync.RWMutex
	m       map[string]*bodyStrings // by the body's HTML
	renders map[htmlKey][]byte
}

// htmlKey names a body rendered the same for every service: the body,
// and what else its HTML depends on.
type htmlKey struct {
	doc     *markdown.Doc
	offset  int
	lang    string
	compact bool
}

// NewBodyCache returns an empty cache.
func NewBodyCache() *BodyCache {
	return &BodyCache{m: map[string]*bodyStrings{}, renders: map[htmlKey][]byte{}}
}

// html returns the body k names as another page rendered it.
func (c *BodyCache) html(k htmlKey) ([]byte, bool) {
	c.mu.RLock()
	html, ok := c.renders[k]
	c.mu.RUnlock()
	return html, ok
}

// storeHTML keeps a copy of html as the rendering of k and returns it.
func (c *BodyCache) storeHTML(k htmlKey, html []byte) []byte {
	html = bytes.Clone(html)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.renders[k]; ok {
		return old
	}
	c.renders[k] = html
	return html
}

func (c *BodyCache) get(html []byte, t *textStream) *bodyStrings {
	c.mu.RLock()
	s, ok := c.m[string(html)]
	c.mu.RUnlock()
	if ok {
		return s
	}
	s = newBodyStrings(html, true, t)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[string(html)]; ok {
		return old
	}
	c.m[string(html)] = s
	// The first page to show it writes it itself: most bodies shown once
	// (those with the partner's name in them) are never quoted twice.
	return &bodyStrings{text: s.text}
}

// newChecklist returns a function that wraps a finished page with the
// bodies of its steps; cache, when not nil, is shared with other pages.
func newChecklist(p *plan.Plan, views []*StepView, cache *BodyCache) func([]byte, error) (*Checklist, error) {
	return func(page []byte, err error) (*Checklist, error) {
		if err != nil {
			return nil, err
		}
		c := &Checklist{HTML: page, plan: p, bodies: make(map[*plan.Step]*stepBody, len(views))}
		var pictures []*images.File
		if p.Guide != nil {
			pictures = p.Guide.Images()
		}
		for _, v := range views {
			if len(v.body) == 0 {
				continue
			}
			// The other outputs refer to the pictures' copies beside
			// them (images/HASH.EXT), not to the page's embedded ones.
			html := images.Relink(v.body, pictures)
			c.bodies[v.Step] = &stepBody{html: html, cache: cache}
		}
		return c, nil
	}
}

// Plan is the plan the page shows.
func (c *Checklist) Plan() *plan.Plan { return c.plan }

// BodyHTML is the HTML of a step's body as the page shows it (minified
// when the page is), but for its pictures, which refer to their copies
// beside the outputs (images/HASH.EXT, see images.Relink); nil for a skipped step, whose body the page does not
// show, and for an empty one. The caller must not change it.
func (c *Checklist) BodyHTML(st *plan.Step) []byte {
	if b := c.bodies[st]; b != nil {
		return b.html
	}
	return nil
}

// BodyText is a step's body as plain text (see bodyText); "" when
// BodyHTML is nil. Safe for concurrent use.
func (c *Checklist) BodyText(st *plan.Step) string {
	if b := c.bodies[st]; b != nil {
		t, ok := c.texts.Get().(*textStream)
		if !ok {
			t = new(textStream)
		}
		s := b.strings(t)
		c.texts.Put(t)
		return s.text
	}
	return ""
}

// writeBodyJSON writes a step's body as checklist.json's body object's
// html and text members.
func (c *Checklist) writeBodyJSON(w *jsonWriter, st *plan.Step) {
	b := c.bodies[st]
	if b == nil {
		w.key("html")
		w.str("")
		w.key("text")
		w.str("")
		return
	}
	s := b.strings(&w.text)
	w.key("html")
	if s.shared {
		html, text := s.quoted()
		w.b = append(w.b, html...)
		w.key("text")
		w.b = append(w.b, text...)
		return
	}
	w.bytes(b.html)
	w.key("text")
	w.str(s.text)
}

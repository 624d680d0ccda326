// Package markdown parses and renders the Markdown bodies of a guide.
//
// Bodies are GitHub Flavored Markdown as goldmark implements it (tables,
// strikethrough, autolinks, task lists; autolinks are found by a cheaper
// route to the same links, see gfm) plus prereq's two extensions, both
// real goldmark extensions rather than text substitutions:
//
//   - `:::` blocks. `::: when EXPR` … `:::` keeps its body only when the
//     condition holds for the service; `::: note`, `::: important`,
//     `::: caution` and `::: tip` are callouts. Blocks nest, and a line that
//     holds nothing but colons (three or more) closes the innermost open
//     block. Inside code blocks `:::` is text.
//   - `{{ name }}` inserts the value of a declared fact, and
//     `{{ service.name }}` the service's name. The name and its braces must
//     stand on one line; a `{{` that no `}}` closes on its line before the
//     next `{{` is literal text, and so is `\{{` (a backslash escapes the
//     brace). Anything but a fact name or service.name between the braces
//     is an error. Inside code spans and code blocks `{{ }}` is text.
//   - Images (image.go): `![alt](path)` embeds a picture file that the
//     guide's loader found and read (Image.File); alt text is required.
//   - Cross-references (xref.go): a link to `#step-ID` or `#section-ID`
//     refers to that step or section, and `[](#step-ID)` shows its title;
//     the renderer asks a Resolver what each points at for the service.
//
// A body is parsed once (Parser.Parse: conditions are compiled and names
// checked then, every error reported with its place in the file) and
// rendered any number of times, once per service (Renderer.Render: only then
// are conditions evaluated and values inserted).
//
// What the HTML never holds: raw HTML from the content (an HTML block shows
// as <pre class="raw-html"><code>…</code></pre>, inline HTML as escaped
// text, so the writer sees it), form controls (task-list items carry a ☐/☑
// marker instead of a checkbox), heading ids, links or images with a
// dangerous URL such as javascript: (they render as their text), an
// inline SVG or an image requested from another host unless the guide
// allows it (see image.go), or
// skipped heading levels (a heading is at most one level below the one
// before it, and the first renders as h(1+HeadingOffset)).
//
// Columns in error positions count characters (runes), as editors do; a tab
// counts as one.
package markdown

import (
	"bytes"
	"maps"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
)

// Parser parses the bodies of one guide. It is safe for concurrent use.
type Parser struct {
	schema *facts.Schema
	md     parser.Parser
	conds  *cond.Compiler
}

// NewParser returns a parser for one guide; schema gives the declared facts.
func NewParser(schema *facts.Schema) *Parser {
	if schema == nil {
		schema = &facts.Schema{}
	}
	md := goldmark.New(goldmark.WithExtensions(gfm, Extension(nil)))
	return &Parser{schema: schema, md: md.Parser(), conds: cond.NewCompiler(schema)}
}

// Conditions returns the parser's condition compiler, so that front matter
// conditions share its cache with the bodies' `::: when` blocks.
func (p *Parser) Conditions() *cond.Compiler { return p.conds }

// Doc is a parsed body, ready to be rendered for any service.
type Doc struct {
	path   string // the file, for messages
	line   int    // the line of the file on which src begins
	src    []byte
	root   ast.Node
	facts  []string
	refs   []Ref        // cross-references, placed in the file
	images []*Image     // images, placed in the file
	whens  []*cond.Cond // its `::: when` conditions, in order
	// fixed is set when the body has no `::: when` and no {{ }}: it
	// renders the same for every service.
	fixed bool
	html  []byte // set by Freeze: the body as rendered for one service
	// variants is set by Freeze given a renderer with Options.Variants:
	// the body as the guide page shows it, for every service at once.
	variants []byte
	frozen   bool // Freeze dropped src and root
	empty    bool // a frozen body had nothing to render
}

// Freeze renders d with r, and with each renderer of also, and keeps only
// the HTML, dropping the source and the syntax tree: a build for one
// service renders each body as soon as it is parsed, so that a large
// guide's trees are never all held at once. A frozen Doc renders as that
// HTML with any Renderer: it belongs to the one service, language and
// heading offset it was rendered for. It keeps one rendering for one
// service and one for every service at once (a renderer with
// Options.Variants, for the guide page). A body with cross-references is
// left as it is: what they point at is known only once the whole guide is
// planned.
func (r *Renderer) Freeze(d *Doc, also ...*Renderer) error {
	if d == nil || d.frozen || len(d.refs) > 0 {
		return nil
	}
	if d.Empty() {
		d.empty = true
	} else {
		var first []byte // r's rendering
		for _, rr := range append([]*Renderer{r}, also...) {
			html := first
			// A body with nothing that differs from service to service
			// renders for every service as for one.
			if rr == r || !d.fixed || !sameText(rr.opts, r.opts) {
				var buf bytes.Buffer
				buf.Grow(len(d.src) + len(d.src)/2)
				if err := rr.render(&buf, d); err != nil {
					return err
				}
				html = buf.Bytes()
				if rr.opts.Compact {
					html = compact(html)
				}
			}
			if rr == r {
				first = html
			}
			if rr.opts.Variants != nil {
				d.variants = html
			} else {
				d.html = html
			}
		}
	}
	d.src, d.root, d.frozen = nil, nil, true
	return nil
}

// Frozen returns the HTML that Freeze kept for d for one service, if it did.
func (d *Doc) Frozen() ([]byte, bool) {
	if d == nil || d.html == nil {
		return nil, false
	}
	return d.html, true
}

// FrozenVariants returns the HTML that Freeze kept for d for every service
// at once (see Options.Variants), if it did.
func (d *Doc) FrozenVariants() ([]byte, bool) {
	if d == nil || d.variants == nil {
		return nil, false
	}
	return d.variants, true
}

// Parse parses a body. path is the file name used in errors; firstLine is the
// 1-based line of the file on which src begins (bodies follow front matter).
// It returns every error found, positioned in the file as PATH:LINE:COL, and
// a Doc even then: parts in error render as nothing (a `::: when` whose
// condition does not compile) or as the text written (an unknown `{{ }}`).
//
// The Doc keeps src: the caller must not change it afterwards.
func (p *Parser) Parse(path string, firstLine int, src []byte) (*Doc, diag.List) {
	st := &parseState{schema: p.schema, conds: p.conds}
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	root := p.md.Parse(text.NewReader(src), parser.WithContext(pc))
	d := &Doc{path: path, line: firstLine, src: src, root: root, facts: st.facts(), refs: refsOf(pc, path, firstLine, src),
		images: imagesOf(pc, path, firstLine, src), whens: st.whens, fixed: len(st.whens) == 0 && !st.values}
	return d, st.diagnostics(path, firstLine, src)
}

// Empty reports whether the body has no content: nothing but blank lines
// and link reference definitions.
func (d *Doc) Empty() bool {
	if d != nil && d.frozen {
		return d.empty
	}
	if d == nil || d.root == nil {
		return true
	}
	for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() != ast.KindLinkReferenceDefinition {
			return false
		}
	}
	return true
}

// Facts returns the names of the facts that the body's `::: when` blocks and
// `{{ }}` values read, sorted, for dependency tracking. service.name is not
// a fact and is not listed.
func (d *Doc) Facts() []string {
	if d == nil {
		return nil
	}
	return slices.Clone(d.facts)
}

// Same reports whether the body renders the same for every service: it
// has no `::: when`, no {{ }} and no cross-reference (whose target may be
// skipped for one service and not another). Renderers with the same
// heading offset, compactness and interface text then write the same HTML.
func (d *Doc) Same() bool { return d != nil && d.fixed && len(d.refs) == 0 }

// Whens returns the conditions of the body's `::: when` blocks, in order
// (repeats included), even once the body is frozen: the guide page lists
// every condition its script evaluates.
func (d *Doc) Whens() []*cond.Cond {
	if d == nil {
		return nil
	}
	return d.whens
}

// sameText reports whether two renderers write a body without `::: when`
// and {{ }} the same way: the same heading offset, compactness, images,
// callout titles and task labels.
func sameText(a, b Options) bool {
	return a.HeadingOffset == b.HeadingOffset && a.Compact == b.Compact && a.ImageLinks == b.ImageLinks &&
		maps.Equal(a.CalloutTitles, b.CalloutTitles) && maps.Equal(a.TaskLabels, b.TaskLabels)
}

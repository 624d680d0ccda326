package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// extender is prereq's goldmark extension: the `:::` block parser, the
// `{{ }}` inline parser, the AST transformer that prepares a tree for
// rendering, and the node renderers that resolve blocks and values for one
// service and keep content from emitting raw HTML.
type extender struct {
	opts   *Options
	failed *[]pendingError // see nodeRenderer.failed
}

// Extension returns prereq's syntax as a goldmark extension, to be used with
// extension.GFM. Rendering reads o (nil renders with zero Options). Names in
// `{{ }}` and conditions are only checked, and conditions only compiled, by
// Parser.Parse: in a goldmark instance of its own the extension shows every
// `::: when` body and leaves unknown names as text.
func Extension(o *Options) goldmark.Extender {
	if o == nil {
		o = &Options{}
	}
	return &extender{opts: o}
}

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(blockParser{}, 50)),
		parser.WithInlineParsers(util.Prioritized(valueParser{}, 50)),
		parser.WithASTTransformers(util.Prioritized(transformer{}, 1000)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&nodeRenderer{opts: e.opts, failed: e.failed}, 10),
	))
	crossRefs{e.opts}.Extend(m)
	pictures{e.opts}.Extend(m)
}

// transformer finishes a parsed tree so that rendering only reads it: many
// renderers share one tree, from many goroutines.
type transformer struct{}

// Transform implements parser.ASTTransformer. It marks task lists and their
// items with classes, turns images into the nodes of image.go, fills the language of fenced code blocks (which
// goldmark would otherwise cache on first render), and makes heading levels
// skip none: a heading is at most one level below the one before it, and
// the first is level 1, so that a body opening with "###" still renders as
// h(1+HeadingOffset) under the page's own heading. The HTML checker rejects
// skipped levels.
func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var headings []*ast.Heading
	var bad []ast.Node // links and images with a dangerous URL
	var pictures []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if dangerous(n.Destination, true) {
				bad = append(bad, n)
			}
		case *ast.Image:
			if dangerous(n.Destination, true) {
				bad = append(bad, n)
			} else {
				pictures = append(pictures, n)
			}
		case *ast.AutoLink:
			if dangerous(n.URL(src), false) {
				bad = append(bad, n)
			}
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.FencedCodeBlock:
			n.Language(src)
		case *extast.TaskCheckBox:
			if item, ok := n.Parent().Parent().(*ast.ListItem); ok {
				item.SetAttributeString("class", []byte("task"))
				if list := item.Parent(); list != nil {
					list.SetAttributeString("class", []byte("task-list"))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range bad {
		unlink(n, src)
	}
	replaceImages(pictures, src, pc)
	normalizeHeadings(headings)
}

// normalizeHeadings makes the body's shallowest heading level 1, keeping
// siblings siblings, and closes gaps: no heading is more than one level
// below the one before it.
func normalizeHeadings(headings []*ast.Heading) {
	if len(headings) == 0 {
		return
	}
	top := 6
	for _, h := range headings {
		top = min(top, h.Level)
	}
	prev := 0
	for _, h := range headings {
		h.Level = min(h.Level-top+1, prev+1)
		prev = h.Level
	}
}

// dangerous reports whether goldmark would blank the URL (javascript:,
// vbscript:, file:, most data: URLs).
func dangerous(url []byte, resolveRef bool) bool {
	return html.IsDangerousURL(util.URLEscape(url, resolveRef))
}

// unlink replaces a link or image by its text, so that no element points at
// a dangerous URL: goldmark alone would still write <a href=""> or an <img>
// with an empty src, which is invalid HTML.
func unlink(n ast.Node, src []byte) {
	parent := n.Parent()
	if al, ok := n.(*ast.AutoLink); ok {
		text := ast.NewString(al.Label(src))
		text.SetRaw(true)
		parent.ReplaceChild(parent, n, text)
		return
	}
	for c := n.FirstChild(); c != nil; c = n.FirstChild() {
		parent.InsertBefore(parent, n, c)
	}
	parent.RemoveChild(parent, n)
}

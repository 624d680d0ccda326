package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"prereq/internal/cond"
	"prereq/internal/diag"
)

// Cross-references. A link whose destination is `#step-ID` or
// `#section-ID` refers to that step or section of the guide:
//
//	See [the upgrade](#step-upgrade-business-channel).
//	If your service already uses Kakao Login, skip to [](#section-channel).
//
// With empty text it renders as the target's title, as the service sees
// it; when the target is skipped for the service, the link (to its entry in
// the "Not needed" group) says so. Parse records where each reference
// stands; whether its id exists is for the guide to check, which knows
// every id (see Doc.Refs), and what it points at is for the renderer to
// ask, once per service (see Resolver).

// RefKind is what a cross-reference points at.
type RefKind string

// The kinds of cross-references, named as in their anchors (#step-ID).
const (
	StepRef    RefKind = "step"
	SectionRef RefKind = "section"
)

// Ref is a cross-reference in a body.
type Ref struct {
	Kind RefKind
	ID   string
	Pos  diag.Pos // where the link starts, in the file
	// When holds the conditions of the `::: when` blocks the link is
	// inside, outermost first: it is shown only when they all hold.
	When []*cond.Cond
}

// Anchor is the fragment the reference links to: "step-ID" or
// "section-ID".
func (r Ref) Anchor() string { return string(r.Kind) + "-" + r.ID }

// ParseRef reads a link destination as a cross-reference: "#step-ID" or
// "#section-ID". ok is false for any other destination; the id may be
// empty or malformed, which the guide reports.
func ParseRef(dest string) (kind RefKind, id string, ok bool) {
	rest, isFragment := strings.CutPrefix(dest, "#")
	if !isFragment {
		return "", "", false
	}
	for _, k := range []RefKind{StepRef, SectionRef} {
		if id, found := strings.CutPrefix(rest, string(k)+"-"); found {
			return k, id, true
		}
	}
	return "", "", false
}

// Refs returns the body's cross-references, in the order they are written.
func (d *Doc) Refs() []Ref {
	if d == nil {
		return nil
	}
	return d.refs
}

// Resolver tells a renderer what cross-references point at for one
// service.
type Resolver interface {
	// Resolve returns the title of the step or section with the id as
	// the service sees it (in the page's language), and whether it is
	// skipped for the service; ok is false when the guide has none.
	Resolve(kind RefKind, id string) (title string, skipped, ok bool)
}

// kindRef is the AST node kind of a cross-reference.
var kindRef = ast.NewNodeKind("PrereqRef")

// refNode is a cross-reference: a link to a step or section, its children
// the link's text (none for `[](#step-x)`).
type refNode struct {
	ast.BaseInline
	kind RefKind
	id   string
	when []*cond.Cond
}

// Kind implements ast.Node.
func (n *refNode) Kind() ast.NodeKind { return kindRef }

// Dump implements ast.Node.
func (n *refNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Ref": string(n.kind) + "-" + n.id}, nil)
}

// refsKey finds the references one Parse call found, in goldmark's parser
// context (set once, like stateKey).
var refsKey = parser.NewContextKey()

// crossRefs is the goldmark extension of cross-references: a transformer
// that turns links to #step-ID and #section-ID into refNodes, and their
// renderer.
type crossRefs struct {
	opts *Options
}

// Extend implements goldmark.Extender.
func (e crossRefs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(refTransformer{}, 900)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(refRenderer(e), 10)))
}

var _ goldmark.Extender = crossRefs{}

// refTransformer replaces each link to a step or section by a refNode
// holding its text, and lists them in the parser context.
type refTransformer struct{}

// Transform implements parser.ASTTransformer.
func (refTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var links []*ast.Link
	for n := ast.Node(doc); n != nil; n = following(n, doc) {
		if l, ok := n.(*ast.Link); ok && isRef(l.Destination) {
			links = append(links, l)
		}
	}
	if len(links) == 0 {
		return
	}
	refs := make([]*refNode, 0, len(links))
	for _, l := range links {
		kind, id, _ := ParseRef(string(l.Destination))
		n := &refNode{kind: kind, id: id, when: enclosingWhens(l)}
		n.SetPos(l.Pos())
		for c := l.FirstChild(); c != nil; c = l.FirstChild() {
			n.AppendChild(n, c)
		}
		l.Parent().ReplaceChild(l.Parent(), l, n)
		refs = append(refs, n)
	}
	pc.Set(refsKey, refs)
}

// following returns the node after n in document order within root, or
// nil: a walk with no callback, which every body pays for.
func following(n, root ast.Node) ast.Node {
	if c := n.FirstChild(); c != nil {
		return c
	}
	for ; n != nil && n != root; n = n.Parent() {
		if s := n.NextSibling(); s != nil {
			return s
		}
	}
	return nil
}

// isRef reports whether a link destination is a cross-reference's,
// without converting it to a string.
func isRef(dest []byte) bool {
	return len(dest) > 1 && dest[0] == '#' &&
		(bytes.HasPrefix(dest[1:], []byte("step-")) || bytes.HasPrefix(dest[1:], []byte("section-")))
}

// enclosingWhens lists the conditions of the `::: when` blocks around n,
// outermost first.
func enclosingWhens(n ast.Node) []*cond.Cond {
	var out []*cond.Cond
	for p := n.Parent(); p != nil; p = p.Parent() {
		if b, ok := p.(*blockNode); ok && b.name == "when" && b.cond != nil {
			out = append([]*cond.Cond{b.cond}, out...)
		}
	}
	return out
}

// refsOf returns the references Parse found, placed in the file.
func refsOf(pc parser.Context, path string, firstLine int, src []byte) []Ref {
	nodes, _ := pc.Get(refsKey).([]*refNode)
	if len(nodes) == 0 {
		return nil
	}
	lines := lineStarts(src)
	refs := make([]Ref, len(nodes))
	for i, n := range nodes {
		line, col := position(src, lines, n.Pos())
		refs[i] = Ref{Kind: n.kind, ID: n.id, When: n.when,
			Pos: diag.Pos{Path: path, Line: firstLine + line - 1, Col: col}}
	}
	return refs
}

// refRenderer renders cross-references for one service:
//
//	<a class="xref" href="#section-channel">Set up Kakao Talk Channel</a>
//	<a class="xref xref-skipped" href="#step-x">TEXT (not needed for you)</a>
//
// Without a Resolver (the extension used on its own) a reference is a
// plain link, its text the id when it has none; an id the resolver does
// not know (reported when the guide loaded) renders as its text alone.
type refRenderer struct {
	opts *Options
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r refRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindRef, r.render)
}

func (r refRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*refNode)
	title, skipped, ok := n.id, false, true
	if res := r.opts.Refs; res != nil {
		title, skipped, ok = res.Resolve(n.kind, n.id)
	}
	if !ok {
		if entering && !n.HasChildren() {
			writeEscaped(w, "#"+string(n.kind)+"-"+n.id)
		}
		return ast.WalkContinue, nil
	}
	if !entering {
		if skipped {
			_ = w.WriteByte(' ')
			writeEscaped(w, r.opts.skippedRef())
		}
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a class="xref`)
	if skipped {
		_, _ = w.WriteString(" xref-skipped")
	}
	_, _ = w.WriteString(`" href="#`)
	writeEscaped(w, string(n.kind)+"-"+n.id)
	_, _ = w.WriteString(`">`)
	if !n.HasChildren() {
		writeEscaped(w, title)
	}
	return ast.WalkContinue, nil
}

// skippedRef is the words after the text of a link to a skipped step or
// section.
func (o *Options) skippedRef() string {
	if o.SkippedRef != "" {
		return o.SkippedRef
	}
	return "(not needed for you)"
}

// Span is a piece of a plain text that may hold cross-references, such
// as a skip_reason: text, or a reference with its link text.
type Span struct {
	Text string // the text; for a reference, its link text ("" for [](#step-x))
	Ref  *Ref   // the reference, its Pos unset; nil for text
	Off  int    // byte offset of the span in the text
}

// SplitRefs splits a plain text into text and cross-references, written
// as in Markdown: `[text](#step-ID)` or `[](#section-ID)`, the text
// holding no brackets. Any other bracket is text. A text without
// references is one span.
func SplitRefs(s string) []Span {
	var out []Span
	start := 0 // of the text not yet in a span
	for i := 0; i < len(s); i++ {
		if s[i] != '[' {
			continue
		}
		label := strings.IndexAny(s[i+1:], "[]")
		if label < 0 || s[i+1+label] != ']' || !strings.HasPrefix(s[i+1+label:], "](") {
			continue
		}
		destAt := i + 1 + label + 2
		end := strings.IndexAny(s[destAt:], ") \t\n")
		if end < 0 || s[destAt+end] != ')' {
			continue
		}
		kind, id, ok := ParseRef(s[destAt : destAt+end])
		if !ok {
			continue
		}
		if i > start {
			out = append(out, Span{Text: s[start:i], Off: start})
		}
		out = append(out, Span{Text: s[i+1 : i+1+label], Ref: &Ref{Kind: kind, ID: id}, Off: i})
		i = destAt + end
		start = i + 1
	}
	if start < len(s) || len(out) == 0 {
		out = append(out, Span{Text: s[start:], Off: start})
	}
	return out
}

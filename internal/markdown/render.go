package markdown

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"prereq/internal/cond"
	"prereq/internal/facts"
)

// Options for rendering for one service.
type Options struct {
	Facts   facts.Values // every declared fact, typed
	Service string       // the service's name, for {{ service.name }}
	// CalloutTitles maps "note", "important", "caution" and "tip" to the
	// visible title of the callout, in the interface language; missing
	// ones are English: Note, Important, Caution, Tip.
	CalloutTitles map[string]string
	// TaskLabels maps "todo" and "done" to the words read out (visually
	// hidden) before a task-list item; missing ones are English:
	// "Not done:", "Done:".
	TaskLabels map[string]string
	// HeadingOffset shifts headings: "#" renders as h(1+HeadingOffset),
	// capped at h6.
	HeadingOffset int
	// Compact leaves out the newlines between block-level elements, which
	// a minifier would remove: for minified pages.
	Compact bool
	// Refs says what cross-references point at (see xref.go); nil
	// renders them as plain links.
	Refs Resolver
	// SkippedRef follows the text of a link to a skipped step or
	// section; default "(not needed for you)".
	SkippedRef string
	// ImageLinks writes each image's src as the path of its copy beside
	// the outputs (images/HASH.png) instead of embedding it: for bodies
	// in checklist.json and checklist.md.
	ImageLinks bool
	// Variants, when set, renders a body for every service at once, for
	// the guide page; Facts and Service are then not read. See Variants.
	Variants Variants
}

// defaultLabels are the English callout titles and task labels.
var defaultLabels = map[string]string{
	"note": "Note", "important": "Important", "caution": "Caution", "tip": "Tip",
	"todo": "Not done:", "done": "Done:",
}

func label(m map[string]string, key string) string {
	if s := m[key]; s != "" {
		return s
	}
	return defaultLabels[key]
}

// Renderer renders parsed bodies for one service. It is cheap to make, and
// used by one goroutine at a time; many Renderers may render the same Doc at
// once.
type Renderer struct {
	opts   Options
	r      renderer.Renderer
	bw     *bufio.Writer  // reused across calls to Render
	tmp    bytes.Buffer   // a compact body before it is written out
	failed []pendingError // `::: when` conditions that failed in this Render
}

// NewRenderer makes a renderer for one service.
func NewRenderer(o Options) *Renderer {
	r := &Renderer{opts: o}
	md := goldmark.New(goldmark.WithExtensions(gfm, &extender{opts: &r.opts, failed: &r.failed}))
	r.r = md.Renderer()
	return r
}

// Render writes d as HTML to w. It fails only when w does, or when
// `::: when` conditions fail to evaluate for these facts (an index out of
// range, say): then the error is a diag.List of every one of them, placed
// at the failing part of its condition in the file, and w may hold part of
// the output.
func (r *Renderer) Render(w io.Writer, d *Doc) error {
	if d.Empty() {
		return nil
	}
	if d.frozen {
		html := d.html
		if r.opts.Variants != nil {
			html = d.variants
		}
		if html == nil {
			return errFrozen
		}
		_, err := w.Write(html)
		return err
	}
	if r.opts.Compact {
		r.tmp.Reset()
		err := r.render(&r.tmp, d) // only conditions can fail: the rest is written
		if _, werr := w.Write(compact(r.tmp.Bytes())); werr != nil {
			return werr
		}
		return err
	}
	return r.render(w, d)
}

// render writes d as goldmark renders it.
func (r *Renderer) render(w io.Writer, d *Doc) error {
	r.failed = r.failed[:0]
	var err error
	if bw, ok := w.(util.BufWriter); ok {
		err = r.r.Render(bw, d.src, d.root)
	} else {
		if r.bw == nil {
			r.bw = bufio.NewWriter(w)
		} else {
			r.bw.Reset(w)
		}
		err = r.r.Render(r.bw, d.src, d.root)
		r.bw.Reset(nil) // do not keep w alive
	}
	if err == nil && len(r.failed) > 0 {
		return place(r.failed, d.path, d.line, d.src)
	}
	return err
}

// nodeRenderer renders prereq's nodes for one service, and overrides
// goldmark's rendering of the nodes whose default output prereq must not
// emit (raw HTML, checkboxes, heading levels, obsolete alignment).
type nodeRenderer struct {
	opts *Options
	// failed, when set, collects the `::: when` conditions that fail to
	// evaluate, whose blocks then render as nothing; when nil (the
	// extension used on its own), the first one stops the rendering.
	failed *[]pendingError
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindBlock, r.renderBlock)
	reg.Register(kindValue, r.renderValue)
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(extast.KindTaskCheckBox, r.renderTaskCheckBox)
	reg.Register(extast.KindTableCell, r.renderTableCell)
}

// renderBlock renders a `::: when` as its body or nothing, and a callout as
//
//	<aside class="callout callout-KIND" role="note">
//	<p class="callout-title">TITLE</p>
//	…body…
//	</aside>
//
// role="note" keeps the aside from being a complementary landmark, which
// must not sit inside main or another landmark.
func (r *nodeRenderer) renderBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*blockNode)
	switch {
	case n.stray():
		return ast.WalkSkipChildren, nil
	case n.name == "when" && r.opts.Variants != nil:
		if n.cond == nil {
			return ast.WalkSkipChildren, nil
		}
		writeVariant(w, r.opts.Variants, n.cond, entering)
	case n.name == "when":
		if !entering {
			break
		}
		if n.cond == nil { // it did not compile: reported by Parse
			return ast.WalkSkipChildren, nil
		}
		keep, err := n.cond.Run(r.opts.Facts)
		if err != nil {
			if r.failed == nil {
				return ast.WalkStop, fmt.Errorf("::: when %s: %w", n.cond.Source, err)
			}
			var ce *cond.Error
			e := pendingError{off: n.condAt, msg: "::: when: cannot be evaluated: " + err.Error()}
			if errors.As(err, &ce) {
				e.extra = ce.Offset
			}
			*r.failed = append(*r.failed, e)
			return ast.WalkSkipChildren, nil
		}
		if !keep {
			return ast.WalkSkipChildren, nil
		}
	case n.isCallout():
		if entering {
			_, _ = w.WriteString(`<aside class="callout callout-`)
			_, _ = w.WriteString(n.name)
			_, _ = w.WriteString(`" role="note">` + "\n" + `<p class="callout-title">`)
			writeEscaped(w, label(r.opts.CalloutTitles, n.name))
			_, _ = w.WriteString("</p>\n")
		} else {
			_, _ = w.WriteString("</aside>\n")
		}
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderValue(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*valueNode)
	switch {
	case !n.known:
		html.DefaultWriter.RawWrite(w, n.raw.Value(src))
	case r.opts.Variants != nil:
		writeValueVariant(w, r.opts.Variants, n.name)
	case n.name == serviceName:
		writeEscaped(w, r.opts.Service)
	default:
		writeEscaped(w, facts.Format(r.opts.Facts[n.name]))
	}
	return ast.WalkContinue, nil
}

// renderHeading shifts the level by HeadingOffset, and writes no id.
func (r *nodeRenderer) renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := min(max(n.Level+r.opts.HeadingOffset, 1), 6)
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(byte('0' + level))
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte(byte('0' + level))
		_, _ = w.WriteString(">\n")
	}
	return ast.WalkContinue, nil
}

// renderHTMLBlock shows a raw HTML block as preformatted text.
func (r *nodeRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	_, _ = w.WriteString(`<pre class="raw-html"><code>`)
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		html.DefaultWriter.RawWrite(w, seg.Value(src))
	}
	if n.HasClosure() {
		html.DefaultWriter.RawWrite(w, n.ClosureLine.Value(src))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// renderRawHTML shows inline raw HTML as text.
func (r *nodeRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := node.(*ast.RawHTML).Segments
		for i := range segs.Len() {
			seg := segs.At(i)
			html.DefaultWriter.RawWrite(w, seg.Value(src))
		}
	}
	return ast.WalkSkipChildren, nil
}

// renderTaskCheckBox renders the box of a task-list item as a marker, not a
// form control: the step's own checkbox is the only one on the page.
//
//	<li class="task"><span class="task-mark" aria-hidden="true">☐</span><span class="visually-hidden">Not done:</span> text</li>
func (r *nodeRenderer) renderTaskCheckBox(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	mark, key := "☐", "todo"
	if node.(*extast.TaskCheckBox).IsChecked {
		mark, key = "☑", "done"
	}
	_, _ = w.WriteString(`<span class="task-mark" aria-hidden="true">`)
	_, _ = w.WriteString(mark)
	_, _ = w.WriteString(`</span><span class="visually-hidden">`)
	writeEscaped(w, label(r.opts.TaskLabels, key))
	_, _ = w.WriteString("</span> ")
	return ast.WalkContinue, nil
}

// renderTableCell aligns cells with a style attribute: goldmark's own
// renderer writes it into the shared tree while rendering, and the align
// attribute is obsolete in HTML. A body cell names its column's heading in
// data-label, which the style sheet shows before it where a narrow screen
// stacks a row's cells.
func (r *nodeRenderer) renderTableCell(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*extast.TableCell)
	tag := "td"
	if n.Parent() != nil && n.Parent().Kind() == extast.KindTableHeader {
		tag = "th"
	}
	if !entering {
		_, _ = w.WriteString("</")
		_, _ = w.WriteString(tag)
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_ = w.WriteByte('<')
	_, _ = w.WriteString(tag)
	if tag == "td" {
		if heading := columnHeading(n, src); heading != "" {
			_, _ = w.WriteString(` data-label="`)
			writeEscaped(w, heading)
			_ = w.WriteByte('"')
		}
	}
	if n.Alignment != extast.AlignNone {
		_, _ = w.WriteString(` style="text-align:`)
		_, _ = w.WriteString(n.Alignment.String())
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// columnHeading is the plain text of the heading of a body cell's column,
// "" when the table has none there.
func columnHeading(cell *extast.TableCell, src []byte) string {
	row := cell.Parent()
	if row == nil || row.Parent() == nil {
		return ""
	}
	header := row.Parent().FirstChild()
	if header == nil || header.Kind() != extast.KindTableHeader {
		return ""
	}
	col := 0
	for c := row.FirstChild(); c != nil && c != ast.Node(cell); c = c.NextSibling() {
		col++
	}
	h := header.FirstChild()
	for ; h != nil && col > 0; col-- {
		h = h.NextSibling()
	}
	if h == nil {
		return ""
	}
	var b bytes.Buffer
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		}
		return ast.WalkContinue, nil
	})
	return string(bytes.TrimSpace(b.Bytes()))
}

func writeEscaped(w util.BufWriter, s string) {
	html.DefaultWriter.RawWrite(w, util.StringToReadOnlyBytes(s))
}

package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/images"
)

// Images. `![alt](path)` shows a picture file of the guide, embedded in the
// page:
//
//	![The permission request screen, its parts marked A to D](consent-screen.svg)
//
// Parse records each image with its place (Doc.Images) and reports an
// empty alt text; what the path names is for the guide's loader to find,
// read and check, which sets Image.File before the body is rendered, so
// that rendering reads no file. An image renders as
//
//	<img src="data:image/svg+xml;base64,…" alt="ALT" width="W" height="H">
//
// (with Options.ImageLinks, src is the copy's path beside the outputs,
// images/HASH.svg); a remote image (http:, https: or //host), which the
// guide must allow, as an <img> with its address and no size; and an image
// whose file was not found as its alt text. An SVG is never written inline,
// so nothing in it runs.

// Image is an image in a body.
type Image struct {
	Dest string   // the destination as written, percent-decoded
	Pos  diag.Pos // where its `![` stands in the file
	// Path is the picture's file in the site folder, set by the guide's
	// loader; "" for a remote image or a path that leaves the folder.
	Path string
	// File is the picture, set by the guide's loader once it has read and
	// checked it; nil renders the image as its alt text, or, for a remote
	// image, as an <img> with the address.
	File *images.File
}

// Remote reports whether the image is on another host: http:, https: or
// a network-path reference (//host/…).
func (im *Image) Remote() bool {
	d := strings.ToLower(im.Dest)
	return strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "//")
}

// Images returns the body's images, in the order they are written.
func (d *Doc) Images() []*Image {
	if d == nil {
		return nil
	}
	return d.images
}

// kindImage is the AST node kind of an image.
var kindImage = ast.NewNodeKind("PrereqImage")

// imageNode is an image, its children its alt text.
type imageNode struct {
	ast.BaseInline
	img   *Image
	title []byte
}

// Kind implements ast.Node.
func (n *imageNode) Kind() ast.NodeKind { return kindImage }

// Dump implements ast.Node.
func (n *imageNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Dest": n.img.Dest}, nil)
}

// imagesKey finds the images one Parse call found, in goldmark's parser
// context (set once, like stateKey).
var imagesKey = parser.NewContextKey()

// replaceImages turns goldmark's images into imageNodes, reports those
// with no alt text, and lists them in the parser context. The extension's
// transformer calls it with the images its walk found: a body without
// images pays for no walk of its own.
func replaceImages(found []*ast.Image, src []byte, pc parser.Context) {
	if len(found) == 0 {
		return
	}
	st := stateOf(pc)
	nodes := make([]*imageNode, 0, len(found))
	for _, im := range found {
		dest := string(im.Destination)
		n := &imageNode{img: &Image{Dest: unescapePath(dest)}, title: im.Title}
		n.SetPos(im.Pos())
		for c := im.FirstChild(); c != nil; c = im.FirstChild() {
			n.AppendChild(n, c)
		}
		im.Parent().ReplaceChild(im.Parent(), im, n)
		if strings.TrimSpace(plainText(n, src)) == "" {
			st.errorAt(im.Pos(), 0, "the image "+strconv.Quote(n.img.Dest)+" has no alt text: say what it shows, ![what it shows]("+string(im.Destination)+"), in every language")
		}
		nodes = append(nodes, n)
	}
	pc.Set(imagesKey, nodes)
}

// unescapePath decodes %XX escapes, as a browser would before asking for
// the file.
func unescapePath(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// plainText is the text of n's children, for an alt text.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *valueNode:
			b.Write(c.raw.Value(src))
		default:
			b.WriteString(plainText(c, src))
		}
	}
	return b.String()
}

// imagesOf returns the images Parse found, placed in the file.
func imagesOf(pc parser.Context, path string, firstLine int, src []byte) []*Image {
	nodes, _ := pc.Get(imagesKey).([]*imageNode)
	if len(nodes) == 0 {
		return nil
	}
	lines := lineStarts(src)
	out := make([]*Image, len(nodes))
	for i, n := range nodes {
		line, col := position(src, lines, n.Pos())
		n.img.Pos = diag.Pos{Path: path, Line: firstLine + line - 1, Col: col}
		out[i] = n.img
	}
	return out
}

// pictures is the goldmark extension of images: their renderer (their
// nodes are made by the extension's transformer, see replaceImages).
type pictures struct {
	opts *Options
}

// Extend implements goldmark.Extender.
func (e pictures) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(imageRenderer(e), 10)))
}

var _ goldmark.Extender = pictures{}

// imageRenderer renders images (see the comment at the top of the file).
type imageRenderer struct {
	opts *Options
}

// RegisterFuncs implements renderer.NodeRendererFuncRegisterer.
func (r imageRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindImage, r.render)
}

func (r imageRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*imageNode)
	f := n.img.File
	if f == nil && !n.img.Remote() {
		return ast.WalkContinue, nil // its alt text, as text
	}
	_, _ = w.WriteString(`<img src="`)
	switch {
	case f == nil:
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(n.img.Dest), false)))
	case r.opts.ImageLinks:
		_, _ = w.WriteString(f.OutputPath())
	default:
		_, _ = w.WriteString(f.DataURI())
	}
	_, _ = w.WriteString(`" alt="`)
	r.alt(w, src, n)
	_ = w.WriteByte('"')
	if n.title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.title))
		_ = w.WriteByte('"')
	}
	if f != nil {
		_, _ = w.WriteString(` width="` + strconv.Itoa(f.Width) + `" height="` + strconv.Itoa(f.Height) + `"`)
	}
	_, _ = w.WriteString(">")
	return ast.WalkSkipChildren, nil
}

// alt writes the text of n's children, escaped for an attribute, with the
// values of {{ }} for the service (as written, on the guide page).
func (r imageRenderer) alt(w util.BufWriter, src []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			_, _ = w.Write(util.EscapeHTML(c.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				_ = w.WriteByte(' ')
			}
		case *ast.String:
			_, _ = w.Write(util.EscapeHTML(c.Value))
		case *valueNode:
			switch {
			case !c.known || r.opts.Variants != nil:
				_, _ = w.Write(util.EscapeHTML(c.raw.Value(src)))
			case c.name == serviceName:
				_, _ = w.Write(util.EscapeHTML([]byte(r.opts.Service)))
			default:
				_, _ = w.Write(util.EscapeHTML([]byte(facts.Format(r.opts.Facts[c.name]))))
			}
		default:
			r.alt(w, src, c)
		}
	}
}

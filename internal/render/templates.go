package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"unicode/utf8"

	"github.com/tdewolff/minify/v2"

	"prereq/internal/diag"
	"prereq/internal/dirfs"
	"prereq/internal/ignore"
	"prereq/templates"
)

// Templates is the parsed template set of a site: the embedded defaults with
// the site's own templates/ files in their place where it has them.
type Templates struct {
	set    *template.Template
	assets map[string][]byte // non-HTML files (style.css, checklist.js) by name
	// page is set for checklist pages: its css and js functions place
	// a placeholder that splice replaces with the asset, minified once
	// (minAssets) for minified pages, so that neither the template engine
	// nor the page's minifier reads through the style sheet and script.
	page *template.Template
	// minAssets are the assets minified, made when a minified page first
	// needs them (see minified).
	minAssets     map[string][]byte
	minAssetsOnce sync.Once
	// fastStep is set while "step" and "badges" are the embedded ones:
	// steps are then written by writeStep.
	fastStep bool
	// origin names each template file as messages print it; src holds
	// its text, by template name, to count columns in characters.
	origin map[string]string
	src    map[string][]byte
}

// LoadTemplates reads the templates in dir of fsys (it may not exist) over
// the embedded defaults. Messages name files as dir/NAME for the site's own
// and as "templates/NAME (embedded)" for the defaults.
func LoadTemplates(fsys fs.FS, dir string) (*Templates, diag.List) {
	files := map[string][]byte{}
	origin := map[string]string{}
	var readErrs diag.List
	add := func(src fs.FS, root, label string) {
		entries, err := fs.ReadDir(src, root)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				readErrs = append(readErrs, &diag.Error{Pos: diag.Pos{Path: strings.TrimSuffix(label, "/")}, Msg: pathErrText(err), Err: err})
			}
			return
		}
		for _, e := range entries {
			if e.IsDir() || ignore.Name(e.Name()) || strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			b, err := dirfs.Read(src, path.Join(root, e.Name()), dirfs.Template)
			if err != nil {
				readErrs = append(readErrs, &diag.Error{Pos: diag.Pos{Path: label + e.Name()}, Msg: pathErrText(err), Err: err})
				continue
			}
			files[e.Name()] = b
			origin[e.Name()] = label + e.Name()
		}
	}
	add(templates.FS, ".", embeddedOrigin)
	if fsys != nil {
		add(fsys, dir, dir+"/")
	}
	if len(readErrs) > 0 {
		return nil, readErrs.Sort()
	}
	t := &Templates{assets: map[string][]byte{}, origin: origin, src: files}
	t.set = template.New("").Funcs(funcs(t))
	var errs diag.List
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasSuffix(name, ".html") {
			t.assets[name] = files[name]
			continue
		}
		if _, err := t.set.New(name).Parse(string(files[name])); err != nil {
			errs.Append(templateErrorIn(origin, t.src, origin[name], err))
		}
	}
	if len(errs) == 0 && t.set.Lookup("index.html") == nil {
		errs.Add(diag.Pos{Path: dir + "/index.html"}, "no index.html template")
	}
	if len(errs) == 0 {
		errs = append(errs, t.checkAssets()...)
	}
	if len(errs) == 0 {
		page, err := t.set.Clone()
		if err != nil {
			errs.Add(diag.Pos{Path: dir}, "%v", err)
		} else {
			t.page = page.Funcs(template.FuncMap{
				"css": func(name string) template.CSS { return template.CSS(assetPlaceholder(name)) },
				"js":  func(name string) template.JS { return template.JS(assetPlaceholder(name)) },
			})
			t.fastStep = stepTemplatesEmbedded(t.set)
		}
	}
	return t, errs.Sort()
}

// checkAssets reports each css or js call that names an asset templates/
// does not have, at its place in its file.
func (t *Templates) checkAssets() diag.List {
	var errs diag.List
	names := slices.Sorted(maps.Keys(t.assets))
	for _, tmpl := range t.set.Templates() {
		if tmpl.Tree == nil || tmpl.Tree.Root == nil {
			continue
		}
		walkCommands(tmpl.Tree.Root, func(cmd *parse.CommandNode) {
			if len(cmd.Args) != 2 {
				return
			}
			fn, ok1 := cmd.Args[0].(*parse.IdentifierNode)
			arg, ok2 := cmd.Args[1].(*parse.StringNode)
			if !ok1 || !ok2 || fn.Ident != "css" && fn.Ident != "js" {
				return
			}
			if _, ok := t.assets[arg.Text]; ok {
				return
			}
			loc, _ := tmpl.Tree.ErrorContext(arg)
			e := templateErrorIn(t.origin, t.src, tmpl.Tree.ParseName, fmt.Errorf("template: %s: %s names %q, which templates/ does not hold%s",
				loc, fn.Ident, arg.Text, diag.DidYouMean(arg.Text, names)))
			errs.Append(e)
		})
	}
	return errs
}

// walkCommands calls f for every command below n.
func walkCommands(n parse.Node, f func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkCommands(c, f)
			}
		}
	case *parse.ActionNode:
		walkCommands(n.Pipe, f)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				walkCommands(c, f)
			}
		}
	case *parse.CommandNode:
		f(n)
		for _, a := range n.Args {
			walkCommands(a, f)
		}
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		walkCommands(n.Pipe, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(*parse.CommandNode)) {
	walkCommands(b.Pipe, f)
	walkCommands(b.List, f)
	walkCommands(b.ElseList, f)
}

// templatePos matches the place text/template and html/template put in
// their errors: "template: NAME:LINE[:COL]: message", COL counting bytes
// from 0.
var templatePos = regexp.MustCompile(`(?s)^(?:html/)?template: ?([^:]+):(\d+)(?::(\d+))?: (?:executing "[^"]*" at )?(.*)$`)

// templateErrorIn positions an error of the template set in its file,
// named as origin names the template files: file is how messages name it
// when the error does not name a template file. Columns are turned into
// characters counted from 1 (src holds each file's text by template name),
// and the message is put on one line.
func templateErrorIn(origin map[string]string, src map[string][]byte, file string, err error) *diag.Error {
	m := templatePos.FindStringSubmatch(err.Error())
	if m == nil {
		return &diag.Error{Pos: diag.Pos{Path: file}, Msg: oneLine(err.Error()), Err: err}
	}
	if o, ok := origin[m[1]]; ok {
		file = o
	}
	line, _ := strconv.Atoi(m[2])
	col := 0
	if m[3] != "" {
		n, _ := strconv.Atoi(m[3])
		col = charColumn(src[m[1]], line, n)
	}
	return &diag.Error{Pos: diag.Pos{Path: file, Line: line, Col: col}, Msg: oneLine(m[4]), Err: err}
}

// charColumn turns byte n (from 0) of line (from 1) of src into a column
// in characters from 1.
func charColumn(src []byte, line, n int) int {
	for i := 1; i < line; i++ {
		_, rest, found := bytes.Cut(src, []byte("\n"))
		if !found {
			return n + 1
		}
		src = rest
	}
	text, _, _ := bytes.Cut(src, []byte("\n"))
	return utf8.RuneCount(text[:min(n, len(text))]) + 1 + max(n-len(text), 0)
}

// oneLine puts a message on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// minifyAsset minifies a style sheet or script; any other asset, or one
// the minifier cannot read, is kept as it is.
func minifyAsset(m *minify.M, name string, data []byte) []byte {
	mime := map[string]string{".css": "text/css", ".js": "text/javascript"}[path.Ext(name)]
	// The minifiers may rewrite their input in place: give them a copy.
	if out, err := m.Bytes(mime, bytes.Clone(data)); mime != "" && err == nil {
		return out
	}
	return data
}

// minified returns the assets minified, for minified pages. They are
// minified when a minified page first asks (the live preview never
// does), and the embedded ones only once in a process (see
// embeddedMinified): a build's largest script, guide.js, took a sixth of
// the Kakao guide's whole build to minify at every load.
func (t *Templates) minified() map[string][]byte {
	t.minAssetsOnce.Do(func() {
		embedded := embeddedMinified()
		var m *minify.M
		t.minAssets = map[string][]byte{}
		for name, data := range t.assets {
			if e, ok := embedded[name]; ok && bytes.Equal(e.src, data) {
				t.minAssets[name] = e.min
				continue
			}
			if m == nil {
				m = newMinifier()
			}
			t.minAssets[name] = minifyAsset(m, name, data)
		}
	})
	return t.minAssets
}

// embeddedOrigin is how messages name the folder of the embedded templates.
const embeddedOrigin = "embedded templates/"

// embeddedAsset is an embedded asset and its minified form.
type embeddedAsset struct{ src, min []byte }

// embeddedMinified is the embedded assets minified, made once per process:
// like a compiled regular expression, it is a pure function of data built
// into the binary, the same for every build.
var embeddedMinified = sync.OnceValue(func() map[string]embeddedAsset {
	out := map[string]embeddedAsset{}
	m := newMinifier()
	entries, _ := fs.ReadDir(templates.FS, ".")
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".go") {
			continue
		}
		if b, err := templates.FS.ReadFile(name); err == nil {
			out[name] = embeddedAsset{src: b, min: minifyAsset(m, name, b)}
		}
	}
	return out
})

// execute runs the index.html template of a page.
func (t *Templates) execute(data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.page.ExecuteTemplate(&buf, "index.html", data); err != nil {
		return nil, templateErrorIn(t.origin, t.src, "templates/index.html", err)
	}
	return buf.Bytes(), nil
}

// funcs are the functions templates may call besides the page's methods.
func funcs(t *Templates) template.FuncMap {
	return template.FuncMap{
		// asset inlines a style sheet or script of the template set.
		"css":      func(name string) template.CSS { return template.CSS(t.assets[name]) },
		"js":       func(name string) template.JS { return template.JS(t.assets[name]) },
		"stepArgs": func(p *Page, s *StepView) stepArgs { return stepArgs{p, s} },
	}
}

// stepArgs bundles the page and a step for the "step" template.
type stepArgs struct {
	Page *Page
	Step *StepView
}

// pathErrText is an I/O error's message without the Go operation and path
// (the message's place names the file).
func pathErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

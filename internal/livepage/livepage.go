// Package livepage is the live preview's part of a served page: what serve
// adds to the checklist (the error overlay with the source lines around
// each error, the facts panel, the live reload script and its style sheet),
// and the page shown while nothing has built. Build output never carries
// any of it.
package livepage

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"slices"

	"prereq/internal/facts"
	"prereq/internal/render"
)

//go:embed assets
var assets embed.FS

// Assets holds the files the served pages load, by name: live.js and
// live.css.
func Assets() fs.FS {
	sub, _ := fs.Sub(assets, "assets")
	return sub
}

// pageTemplates are the parts serve adds to pages: the error overlay, the
// facts panel and the live reload script, and the page shown when nothing
// has built yet.
var pageTemplates = template.Must(template.New("live.html").Funcs(template.FuncMap{
	"last": func(s []SourceLine) int { return len(s) - 1 },
}).ParseFS(assets, "assets/live.html"))

// Additions is what serve adds to a served page.
type Additions struct {
	Server     string // identifies the server run: a restarted server's pages differ
	Version    int64
	Lang       string // the page's language, which the overlay speaks ("" for English)
	Errors     []ErrorView
	HasPage    bool // a checklist is shown under the errors
	Facts      []FactView
	Overridden int       // how many facts the query string changes
	Findings   *Findings // nil until the guide has been checked for every partner
	// Languages are the languages the page may be previewed in (the
	// query's ?language), with the one shown selected; SiteLanguage is the
	// site file's (the guide's when it names none).
	Languages    []option
	SiteLanguage string
	Warnings     []string // files left to translate, as `check` prints them
}

// T returns the overlay's text for key in the page's language.
func (a Additions) T(key string) string {
	if s, ok := render.Text(a.Lang, key); ok {
		return s
	}
	return key // a key missing from the tables shows, and TestOverlayText fails
}

// N formats the text for key with the count n: "key.one" when n is 1.
func (a Additions) N(key string, n int) string {
	if s, ok := render.Text(a.Lang, key+".one"); ok && n == 1 {
		return fmt.Sprintf(s, n)
	}
	return fmt.Sprintf(a.T(key), n)
}

// Tf formats the text for key with args.
func (a Additions) Tf(key string, args ...any) string { return fmt.Sprintf(a.T(key), args...) }

// Summary says, in the page's language, how many combinations of fact
// values the findings come from and how many there are.
func (a Additions) Summary(f *Findings) string {
	s := a.N("liveCombinations", f.Combinations) + ", " + a.N("liveFindingCount", len(f.Items))
	if f.Pairwise {
		s = a.Tf("livePairwise", f.Bound) + "; " + s
	}
	return s
}

// FileErrors reports whether some errors are in the files: the build's.
func (a Additions) FileErrors() bool {
	return slices.ContainsFunc(a.Errors, func(e ErrorView) bool { return !e.Query })
}

// QueryErrors reports whether some errors are in the page's address.
func (a Additions) QueryErrors() bool {
	return slices.ContainsFunc(a.Errors, func(e ErrorView) bool { return e.Query })
}

// LanguageViews lists the languages a page may be previewed in: every
// interface language, shown selected.
func LanguageViews(shown string) []option {
	out := make([]option, len(facts.Languages))
	for i, l := range facts.Languages {
		out[i] = option{Value: l, Selected: l == shown}
	}
	return out
}

// Findings are what `prereq check -matrix` finds in the guide, shown as
// warnings beside the checklist.
type Findings struct {
	Gen          int64 // changes whenever the findings do, so that open pages update
	Combinations int   // how many combinations of fact values were checked
	// Pairwise is true when there were more than Bound combinations, and
	// only a set that covers every pair of values of two facts was checked.
	Pairwise bool
	Bound    int
	Items    []FindingView
}

// FindingView is one finding.
type FindingView struct {
	Text  string // PATH:LINE:COL: message
	Query string // a combination that shows it, "?a=true&b=x"; "" for none
}

// FactView is one declared fact in the facts panel.
type FactView struct {
	Name, Question string
	Control        string // switch, select, checkboxes, number or text
	Value          string // the value shown, as the query string writes it
	Site           string // the site file's value, as the query string writes it
	Known          bool   // Value is one of Options (select)
	Options        []option
	Overridden     bool
}

type option struct {
	Value    string
	Selected bool
}

// FactViews lists the schema's facts with the values of shown and of the
// site file.
func FactViews(schema *facts.Schema, site, shown *facts.Site) []FactView {
	out := make([]FactView, 0, len(schema.Facts))
	for _, d := range schema.Facts {
		v := FactView{
			Name:     d.Name,
			Question: d.Question,
			Value:    facts.QueryText(shown.Facts[d.Name]),
			Site:     facts.QueryText(site.Facts[d.Name]),
		}
		v.Overridden = v.Value != v.Site
		switch {
		case d.Type == facts.Bool:
			v.Control = "switch"
		case d.Type == facts.String && len(d.Values) > 0:
			v.Control = "select"
			for _, o := range d.Values {
				v.Options = append(v.Options, option{Value: o, Selected: o == v.Value})
				v.Known = v.Known || o == v.Value
			}
		case d.Type == facts.List && len(d.Values) > 0:
			v.Control = "checkboxes"
			list, _ := shown.Facts[d.Name].([]string)
			for _, o := range d.Values {
				v.Options = append(v.Options, option{Value: o, Selected: slices.Contains(list, o)})
			}
		case d.Type == facts.Number:
			v.Control = "number"
		default:
			v.Control = "text"
		}
		out = append(out, v)
	}
	return out
}

// Inject adds serve's parts to a page: the style sheet before </head>, the
// rest before </body>. The page's own bytes are not changed otherwise.
func Inject(page []byte, a Additions) ([]byte, error) {
	var head, body bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&head, "head", a); err != nil {
		return nil, err
	}
	if err := pageTemplates.ExecuteTemplate(&body, "body", a); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(page)+head.Len()+body.Len())
	h := indexFold(page, "</head>")
	b := lastIndexFold(page, "</body>")
	if h < 0 || b < h {
		h = -1 // no head to add to: the style sheet goes with the rest
		body.Write(head.Bytes())
		head.Reset()
	}
	if b < 0 {
		b = len(page)
	}
	if h >= 0 {
		out = append(out, page[:h]...)
		out = append(out, head.Bytes()...)
		out = append(out, page[h:b]...)
	} else {
		out = append(out, page[:b]...)
	}
	out = append(out, body.Bytes()...)
	out = append(out, page[b:]...)
	return out, nil
}

// ErrorPage is the page shown while nothing has built.
func ErrorPage(a Additions) ([]byte, error) {
	var b bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&b, "errorpage", a); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Live is the element #prereq-live alone, with the overlay and the facts
// panel, for a page that patches itself.
func Live(a Additions) (string, error) {
	var b bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&b, "live", a); err != nil {
		return "", err
	}
	return b.String(), nil
}

// indexFold is bytes.Index ignoring ASCII case.
func indexFold(s []byte, tag string) int {
	for i := 0; i+len(tag) <= len(s); i++ {
		if s[i] == '<' && bytes.EqualFold(s[i:i+len(tag)], []byte(tag)) {
			return i
		}
	}
	return -1
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case.
func lastIndexFold(s []byte, tag string) int {
	for i := len(s) - len(tag); i >= 0; i-- {
		if s[i] == '<' && bytes.EqualFold(s[i:i+len(tag)], []byte(tag)) {
			return i
		}
	}
	return -1
}

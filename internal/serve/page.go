package serve

import (
	"bytes"
	"embed"
	"html/template"
	"slices"

	"prereq/internal/facts"
)

//go:embed assets
var assets embed.FS

// pageTemplates are the parts serve adds to pages: the error overlay, the
// facts panel and the live reload script, and the page shown when nothing
// has built yet.
var pageTemplates = template.Must(template.New("live.html").Funcs(template.FuncMap{
	"last": func(s []srcLine) int { return len(s) - 1 },
}).ParseFS(assets, "assets/live.html"))

// additions is what serve adds to a served page.
type additions struct {
	Server     string // identifies the server run: a restarted server's pages differ
	Version    int64
	Errors     []errorView
	HasPage    bool // a checklist is shown under the errors
	Facts      []factView
	Overridden int // how many facts the query string changes
}

// factView is one declared fact in the facts panel.
type factView struct {
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

// factViews lists the schema's facts with the values of shown and of the
// site file.
func factViews(schema *facts.Schema, site, shown *facts.Site) []factView {
	out := make([]factView, 0, len(schema.Facts))
	for _, d := range schema.Facts {
		v := factView{
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

// inject adds serve's parts to a page: the style sheet before </head>, the
// rest before </body>. The page's own bytes are not changed otherwise.
func inject(page []byte, a additions) ([]byte, error) {
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

// errorPage is the page shown while nothing has built.
func errorPage(a additions) ([]byte, error) {
	var b bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&b, "errorpage", a); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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

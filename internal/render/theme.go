package render

import (
	"html/template"
	"strconv"

	"prereq/internal/guide"
)

// Theme is a guide's own look as the page templates place it: CSS that
// sets the style sheet's custom properties from [theme] (after style.css,
// before the site's theme.css), and the logo. The zero Theme is the
// built-in look.
type Theme struct {
	CSS template.CSS // e.g. ":root{--accent:#fee500;--accent-text:#191919}"; "" for none
	// Logo is the guide's logo as an <img class="logo">, its picture
	// embedded (a data: URI) with its width and height; "" for none.
	Logo template.HTML
}

// themeOf is the look of the guide's pages. The colours were checked as
// the guide loaded: #rrggbb only.
func themeOf(g *guide.Guide) Theme {
	var th Theme
	if t := g.Theme; t.Accent != "" {
		th.CSS = template.CSS(":root{--accent:" + t.Accent + ";--accent-text:" + t.AccentText + "}")
	}
	if f := g.Theme.Logo; f != nil {
		// A data: URI of base64 holds nothing an attribute must escape.
		th.Logo = template.HTML(`<img class="logo" src="` + f.DataURI() + `" alt="" width="` +
			strconv.Itoa(f.Width) + `" height="` + strconv.Itoa(f.Height) + `">`)
	}
	return th
}

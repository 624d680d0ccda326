package render_test

import (
	"regexp"
	"strings"
	"testing"

	"prereq/internal/corpus"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/plan"
	"prereq/internal/render"
)

// themeSite is a small site whose _index.md holds theme, with the extra
// files of more (txtar) beside it.
func themeSite(theme, more string) string {
	return `
-- content/_index.md --
+++
title = "G"
` + theme + `
+++
-- content/01-s/_index.md --
+++
title = "S"
+++
-- content/01-s/01-x.md --
+++
title = "X"
+++
Do it.
-- content/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30"/>
` + more
}

// TestTheme renders a small guide's checklist, guide page and partners
// index with its [theme] and its templates/theme.css: what each page's
// style sheet ends with, and the logo in the header.
func TestTheme(t *testing.T) {
	tests := []struct {
		name, theme, more string
		style             string // the page's <style> holds it (minified)
		styleNot          string // and not this
		logo              string // the header's <img class="logo">, "" for none
	}{{
		name:     "no theme: the built-in look",
		style:    ":root{color-scheme:light;--accent:#2b4c7e;--accent-text:#fff;",
		styleNot: ":root{--accent:",
	}, {
		name:  "accent and text from [theme]",
		theme: "[theme]\naccent = \"#FEE500\"\naccent_text = \"#191919\"",
		style: "}:root{--accent:#fee500;--accent-text:#191919}</style>",
	}, {
		name:  "a site's theme.css comes after [theme]'s colours and adds to the sheet",
		theme: "[theme]\naccent = \"#0b6e4f\"",
		more:  "-- templates/theme.css --\n:root { --font: Georgia, serif; --radius: 2px; }\n",
		style: "}:root{--accent:#0b6e4f;--accent-text:#ffffff}:root{--font:Georgia, serif;--radius:2px}</style>",
	}, {
		name:     "a site's style.css replaces the built-in sheet (theme.css does not)",
		theme:    "[theme]\naccent = \"#0b6e4f\"",
		more:     "-- templates/style.css --\nbody { color: #222 }\n",
		style:    "<style>body{color:#222}",
		styleNot: ".page-head{",
	}, {
		name:  "a logo beside the title",
		theme: "[theme]\nlogo = \"logo.svg\"",
		logo:  `<img class="logo" src="data:image/svg+xml,`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := corpus.TxtarFS(themeSite(tt.theme, tt.more))
			g, errs := guide.Load(fsys, "content")
			if errs != nil {
				t.Fatal(errs)
			}
			site, errs := facts.ParseSite("site.toml", []byte("[service]\nname = \"S\"\n"), g.Schema)
			if errs != nil {
				t.Fatal(errs)
			}
			p, errs := plan.Make(g, site)
			if errs != nil {
				t.Fatal(errs)
			}
			tmpl, errs := render.LoadTemplates(fsys, "templates")
			if errs != nil {
				t.Fatal(errs)
			}
			index, err := render.Render(p, tmpl, render.Options{Minify: true})
			if err != nil {
				t.Fatal(err)
			}
			guidePage, err := render.GuideHTML(g, "en", tmpl, render.Options{Minify: true})
			if err != nil {
				t.Fatal(err)
			}
			partners, err := render.PartnersHTML([]string{"s"}, []*plan.Plan{p}, tmpl, render.Options{Minify: true})
			if err != nil {
				t.Fatal(err)
			}
			for name, page := range map[string][]byte{"index.html": index, "guide.html": guidePage, "partners.html": partners} {
				style := styleOf(t, page)
				if !strings.Contains(style, tt.style) {
					t.Errorf("%s: the style sheet, which ends with %q, does not hold %q", name, tail(style, len(tt.style)+20), tt.style)
				}
				if tt.styleNot != "" && strings.Contains(style, tt.styleNot) {
					t.Errorf("%s: the style sheet holds %q", name, tt.styleNot)
				}
				if name == "partners.html" {
					continue
				}
				head := string(page[:strings.Index(string(page), "</header>")])
				if got := strings.Contains(head, `<img class="logo"`); got != (tt.logo != "") {
					t.Errorf("%s: a logo in the header: %v, want %v", name, got, tt.logo != "")
				}
				if tt.logo != "" && (!strings.Contains(head, tt.logo) || !strings.Contains(head, `alt width="90" height="30">`)) {
					t.Errorf("%s: the header's logo is not %s… with an empty alt, width 90 and height 30:\n%s", name, tt.logo, tail(head, 300))
				}
			}
		})
	}
}

var styleElement = regexp.MustCompile(`(?s)<style>.*?</style>`)

// styleOf is a page's <style> element.
func styleOf(t *testing.T, page []byte) string {
	t.Helper()
	m := styleElement.Find(page)
	if m == nil {
		t.Fatal("no <style> in the page")
	}
	return string(m)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

package guide

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"prereq/internal/corpus"
)

// themeGuide is a small guide whose _index.md holds theme, with a logo in
// assets/ and another beside _index.md.
func themeGuide(theme string) string {
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
-- content/brand.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>
-- assets/logo.svg --
<svg viewBox="0 0 64 64"/>
`
}

func TestTheme(t *testing.T) {
	tests := []struct {
		name  string
		theme string
		want  string // the theme as "accent accent_text logo WxH", or the errors
	}{{
		name:  "none: the built-in look",
		theme: "",
		want:  "  -",
	}, {
		name:  "accent and its text",
		theme: "[theme]\naccent = \"#FEE500\"\naccent_text = \"#191919\"",
		want:  "#fee500 #191919 -",
	}, {
		name:  "#RGB, and the text chosen to contrast most",
		theme: "[theme]\naccent = \"#03c\"",
		want:  "#0033cc #ffffff -",
	}, {
		name:  "a light accent gets dark text",
		theme: "[theme]\naccent = \"#ffe4a0\"",
		want:  "#ffe4a0 #191919 -",
	}, {
		name:  "only the text: checked against the built-in accent",
		theme: "[theme]\naccent_text = \"#eeeeee\"",
		want:  "#2b4c7e #eeeeee -",
	}, {
		name:  "too little contrast: an error at accent_text with the ratio and the minimum",
		theme: "[theme]\naccent = \"#fee500\"\naccent_text = \"#ffffff\"",
		want:  "content/_index.md:5:1: theme: text #ffffff on the accent #fee500 has a contrast ratio of 1.27:1; WCAG AA asks at least 4.5:1: darken or lighten accent or accent_text",
	}, {
		name:  "too little contrast with the built-in accent",
		theme: "[theme]\naccent_text = \"#445566\"",
		want:  "content/_index.md:4:1: theme: text #445566 on the accent #2b4c7e has a contrast ratio of 1.12:1; WCAG AA asks at least 4.5:1: darken or lighten accent or accent_text",
	}, {
		name:  "not colours, and unknown keys with a did-you-mean",
		theme: "[theme]\naccent = \"yellow\"\nacent_text = \"#000\"\ncolour = 3",
		want: "content/_index.md:4:1: theme.accent \"yellow\" is not a colour written #RRGGBB (e.g. \"#fee500\")\n" +
			"content/_index.md:5:1: unknown theme key acent_text (did you mean accent_text?); [theme] may set accent, accent_text, logo\n" +
			"content/_index.md:6:1: unknown theme key colour; [theme] may set accent, accent_text, logo",
	}, {
		name:  "a logo beside _index.md, and one elsewhere in the site folder",
		theme: "[theme]\nlogo = \"brand.svg\"",
		want:  "  120x40",
	}, {
		name:  "a logo in assets/",
		theme: "[theme]\naccent = \"#000000\"\nlogo = \"../assets/logo.svg\"",
		want:  "#000000 #ffffff 64x64",
	}, {
		name:  "a missing logo, with the nearest picture",
		theme: "[theme]\nlogo = \"brnad.svg\"",
		want:  "content/_index.md:4:1: theme.logo: no image file content/brnad.svg (did you mean brand.svg?)",
	}, {
		name:  "a remote logo",
		theme: "remote_images = true\n[theme]\nlogo = \"https://example.com/logo.png\"",
		want:  "content/_index.md:5:1: theme.logo https://example.com/logo.png is on another host: the checklist requests nothing from anywhere; save the logo in the site folder and write its path relative to _index.md",
	}, {
		name:  "theme is a table",
		theme: "theme = \"kakao\"",
		want:  "content/_index.md:3:1: theme must be a table",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, errs := Load(corpus.TxtarFS(themeGuide(tt.theme)), "content")
			var got string
			if errs != nil {
				var lines []string
				for _, e := range errs {
					lines = append(lines, e.Error())
				}
				got = strings.Join(lines, "\n")
			} else {
				logo := "-"
				if f := g.Theme.Logo; f != nil {
					logo = fmt.Sprintf("%dx%d", f.Width, f.Height)
				}
				got = g.Theme.Accent + " " + g.Theme.AccentText + " " + logo
			}
			if got != tt.want {
				t.Errorf("got\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

// TestContrast checks the WCAG contrast ratio against known values.
func TestContrast(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#fff", "#FFFFFF", 1},
		{"#767676", "#ffffff", 4.54}, // the lightest grey that passes on white
		{"#777777", "#ffffff", 4.47},
		{"#fee500", "#191919", 13.75},
		{"#2b4c7e", "#ffffff", 8.61},
		{"red", "#fff", 0},
	} {
		if got := Contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

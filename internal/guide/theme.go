package guide

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"prereq/internal/diag"
	"prereq/internal/images"
	"prereq/internal/markdown"
)

// A guide's own look. The guide's _index.md may set, under [theme], the
// accent colour the pages wear (the header band, the count of steps to
// do), the colour of text on it, and a logo shown beside the title:
//
//	[theme]
//	accent = "#fee500"
//	accent_text = "#191919"
//	logo = "logo.svg"
//
// Colours are written #RRGGBB or #RGB. The text on the accent must stand
// out from it as WCAG AA asks of body text: a contrast ratio of at least
// 4.5:1, checked as the guide loads. Without accent_text the text is near
// black (#191919) or white, whichever contrasts more. The logo is a
// picture file (PNG, JPEG, GIF, WebP or SVG) in the site folder, its path
// relative to _index.md, read and embedded like a body's pictures.

// Theme is a guide's [theme]; its zero value is the built-in look.
type Theme struct {
	Accent     string // "#rrggbb", or "" for the built-in accent
	AccentText string // "#rrggbb": the text on the accent; "" with Accent ""
	// Logo is the logo's picture, nil for none.
	Logo *images.File

	logo     string   // the logo's path as written, to read once the loader can
	logoAt   diag.Pos // where it is written
	logoPath string   // its file in the site folder, found or not
}

// The built-in accent and the text on it, as templates/style.css sets
// them: what a [theme] that sets only one of the two is checked against.
const (
	DefaultAccent     = "#2b4c7e"
	DefaultAccentText = "#ffffff"
	inkText           = "#191919" // the page's text colour
	// MinContrast is WCAG AA's least contrast ratio for body text.
	MinContrast = 4.5
)

var themeKeys = []string{"accent", "accent_text", "logo"}

var hexColour = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// theme reads [theme]; errors are at the key they are about.
func (m *meta) theme() Theme {
	t := m.table("theme")
	if t == nil {
		return Theme{}
	}
	for _, key := range slices.Sorted(maps.Keys(t)) {
		if !slices.Contains(themeKeys, key) {
			m.errs.Add(m.at("theme", key), "unknown theme key %s%s; [theme] may set %s", key, diag.DidYouMean(key, themeKeys), strings.Join(themeKeys, ", "))
		}
	}
	str := func(key string) (string, bool) {
		v, ok := t[key]
		if !ok {
			return "", false
		}
		s, isStr := v.(string)
		if !isStr {
			m.errs.Add(m.at("theme", key), "theme.%s must be a string", key)
			return "", false
		}
		return strings.TrimSpace(s), true
	}
	colour := func(key string) (string, bool) {
		s, ok := str(key)
		if !ok {
			return "", false
		}
		if !hexColour.MatchString(s) {
			m.errs.Add(m.at("theme", key), "theme.%s %q is not a colour written #RRGGBB (e.g. \"#fee500\")", key, s)
			return "", false
		}
		return normalColour(s), true
	}
	var th Theme
	accent, hasAccent := colour("accent")
	text, hasText := colour("accent_text")
	_, accentSet := t["accent"]
	_, textSet := t["accent_text"]
	switch {
	case hasAccent || hasText:
		if !hasAccent {
			accent = DefaultAccent
		}
		if !hasText {
			text = inkText
			if contrast(accent, "#ffffff") > contrast(accent, inkText) {
				text = "#ffffff"
			}
		}
		at := m.at("theme", "accent")
		if hasText {
			at = m.at("theme", "accent_text")
		}
		if r := contrast(accent, text); r < MinContrast && (!accentSet || hasAccent) && (!textSet || hasText) {
			m.errs.Add(at, "theme: text %s on the accent %s has a contrast ratio of %s:1; WCAG AA asks at least %g:1: darken or lighten accent or accent_text",
				text, accent, floorRatio(r), MinContrast)
		}
		th.Accent, th.AccentText = accent, text
	}
	if logo, ok := str("logo"); ok {
		if logo == "" {
			m.errs.Add(m.at("theme", "logo"), "theme.logo is empty: remove it or write the path of a picture, relative to _index.md")
		}
		th.logo, th.logoAt = logo, m.at("theme", "logo")
	}
	return th
}

// readLogo reads the theme's logo, as a body's picture is read: an error
// at the logo key when it cannot be shown.
func (l *Loader) readLogo(indexPath string, th *Theme) diag.List {
	if th.logo == "" {
		return nil
	}
	im := &markdown.Image{Dest: th.logo, Pos: th.logoAt}
	if im.Remote() {
		return diag.List{{Pos: th.logoAt, Msg: "theme.logo " + th.logo + " is on another host: the checklist requests nothing from anywhere; save the logo in the site folder and write its path relative to _index.md"}}
	}
	msg := l.showImage(indexPath, im)
	th.logoPath = im.Path
	if msg != "" {
		return diag.List{{Pos: th.logoAt, Msg: "theme.logo: " + msg}}
	}
	th.Logo = im.File
	return nil
}

// normalColour writes a colour #rrggbb, lowercase.
func normalColour(s string) string {
	s = strings.ToLower(s)
	if len(s) == 4 {
		return "#" + string([]byte{s[1], s[1], s[2], s[2], s[3], s[3]})
	}
	return s
}

// contrast is the WCAG contrast ratio of two colours #rrggbb: from 1 (the
// same) to 21 (black and white).
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Contrast is the WCAG contrast ratio of two colours written #RRGGBB or
// #RGB; 0 when either is not such a colour.
func Contrast(a, b string) float64 {
	if !hexColour.MatchString(a) || !hexColour.MatchString(b) {
		return 0
	}
	return contrast(normalColour(a), normalColour(b))
}

// luminance is the WCAG relative luminance of a colour #rrggbb.
func luminance(c string) float64 {
	channel := func(i int) float64 {
		v, _ := strconv.ParseUint(c[i:i+2], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(1) + 0.7152*channel(3) + 0.0722*channel(5)
}

// floorRatio writes a contrast ratio to two decimals, rounded down: 4.496
// is 4.49, never a passing 4.50.
func floorRatio(r float64) string {
	return fmt.Sprintf("%.2f", math.Floor(r*100)/100)
}

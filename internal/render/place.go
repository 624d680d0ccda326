package render

import (
	"html/template"
	"strings"
)

// placeHTML is where a step is done as HTML: the place's label linking to
// its address (class "place"), or, without an address, the text as
// written. The address was checked as the guide loaded: http or https.
// The checklist's step (template and writeStep alike) and the guide
// page's write it here, byte for byte the same.
func placeHTML(where, url string) string {
	if url == "" {
		return textEscaper.Replace(where)
	}
	var b strings.Builder
	b.WriteString(`<a class="place" href="`)
	textEscaper.WriteString(&b, url)
	b.WriteString(`">`)
	textEscaper.WriteString(&b, where)
	b.WriteString("</a>")
	return b.String()
}

// WhereHTML is where the step is done: its place's label linking to the
// place's address when the guide declares places, else the text.
func (v *StepView) WhereHTML() template.HTML { return template.HTML(placeHTML(v.Where, v.WhereURL)) }

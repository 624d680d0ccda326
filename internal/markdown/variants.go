package markdown

import (
	"errors"

	"github.com/yuin/goldmark/util"

	"prereq/internal/cond"
)

// Variants renders a body for every service at once, for the guide page,
// whose script decides in the reader's browser. Each `::: when` body is
// kept whatever the facts, in
//
//	<div class="when" data-when="CONDITION">FLAG
//	…body…
//	</div>
//
// CONDITION being the condition as written and FLAG the HTML that Flag
// returns (what the reader who has not answered sees: on what the body
// depends). Each {{ name }} is
//
//	<var data-value="NAME">PLACEHOLDER</var>
//
// for the script to fill with the reader's answer (NAME is service.name
// for the service's name).
type Variants interface {
	// Flag returns the HTML that opens the body of a `::: when` block.
	Flag(c *cond.Cond) string
	// Placeholder returns the text a value shows before the page fills it.
	Placeholder(name string) string
}

// errFrozen is Render's error for a body that Freeze rendered for one
// service only, asked for every service, or the other way round.
var errFrozen = errors.New("markdown: the body was frozen without this rendering")

// writeVariant opens or closes the element around a `::: when` body.
func writeVariant(w util.BufWriter, v Variants, c *cond.Cond, entering bool) {
	if !entering {
		_, _ = w.WriteString("</div>\n")
		return
	}
	_, _ = w.WriteString(`<div class="when" data-when="`)
	writeEscaped(w, c.Source)
	_, _ = w.WriteString(`">`)
	_, _ = w.WriteString(v.Flag(c))
	_ = w.WriteByte('\n')
}

// writeValueVariant writes a {{ }} value for the page to fill.
func writeValueVariant(w util.BufWriter, v Variants, name string) {
	_, _ = w.WriteString(`<var data-value="`)
	writeEscaped(w, name)
	_, _ = w.WriteString(`">`)
	writeEscaped(w, v.Placeholder(name))
	_, _ = w.WriteString("</var>")
}

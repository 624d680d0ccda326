package render

import "prereq/internal/plan"

// Messages are the interface text tables, by language, for the tests of
// package render_test.
var Messages = messages

// BodyTextTree and BodyTextStream are the two ways checklist.json's plain
// text is written, for TestBodyTextStream.
var BodyTextTree, BodyTextStream = treeText, bodyText

// ForgetBodyText drops what c's outputs made of its bodies, for benchmarks
// of converting them again.
func ForgetBodyText(c *Checklist) {
	for st, b := range c.bodies {
		c.bodies[st] = &stepBody{html: b.html, cache: b.cache}
	}
}

// BodyTexts converts every body of c to text, one after another.
func BodyTexts(c *Checklist) {
	var t textStream
	for _, b := range c.bodies {
		t.convert(b.html)
	}
}

// QuoteBodies quotes every body of c and its text as JSON strings, into
// one buffer reused from body to body.
func QuoteBodies(c *Checklist) {
	var w jsonWriter
	for _, b := range c.bodies {
		w.b = w.b[:0]
		w.bytes(b.html)
		w.str(b.strings(&w.text).text)
	}
}

// Reasons words the reasons of p's skipped sections and steps as
// checklist.json does, without rendering the checklist, for the browser
// tests that compare hundreds of plans with the guide page's.
func Reasons(p *plan.Plan) func(text string, why *plan.Why) string {
	return reasonsFor(p, p.Language).word
}

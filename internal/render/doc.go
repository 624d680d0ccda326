// Package render turns a plan into prereq's outputs: the checklist page
// (index.html, through html/template), checklist.json, checklist.md, the
// partners' index and explain's text. It reads no files: the templates are
// loaded once (templates.go) and the Markdown bodies were parsed by the
// loader.
//
// The page, a file per job:
//
//   - page.go renders it: every step on its own, on every core (the "step"
//     template, or its compiled twin in stepfast.go), then the page template
//     around placeholders that stand for the steps;
//   - html.go holds what templates see (Page, SectionView, StepView) and
//     renders bodies;
//   - splice.go puts the steps' HTML, their bodies and the inline assets in
//     place of their markers and placeholders, after the template engine
//     and the minifier ran;
//   - join.go copies the finished pieces into one page, on every core for a
//     large page;
//   - cache.go is the live preview's Cache: rendered steps, section bodies
//     and page skeletons kept from one render to the next.
//
// json.go, md.go, partners.go and explain.go write the other outputs;
// i18n.go holds the interface text of every language; reason.go words why
// a step is skipped.
package render

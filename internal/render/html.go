package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/markdown"
	"prereq/internal/plan"
)

// Page is what index.html templates see: the plan with bodies rendered to
// HTML and the steps grouped as the checklist shows them.
//
// Lang is the page's language. A section, step or fact question without a
// translation into it is shown in the guide's language instead, its Lang
// says so, and the templates mark its element with that lang; whatever
// interface text such an element holds is in its language too (see In).
type Page struct {
	Lang       string
	Title      string
	TitleLang  string // the language of Title and Intro
	Service    string
	Intro      template.HTML
	Sections   []*SectionView // every section, in guide order, with all its steps
	Todo       []*SectionView // sections with steps to do, holding only those
	Skipped    []*SectionView // sections with skipped steps, holding only those
	Counts     plan.Counts
	Total      int         // steps to do
	Roles      []*RoleView // every declared role, with its todo steps
	Waits      []*StepRef  // todo steps that start a wait
	Facts      []FactView  // the effective facts, in declaration order
	StorageKey string      // localStorage key prefix for this guide and service
	Theme      Theme       // the guide's own look: [theme] in its _index.md
	// DateAttrs are the root's attributes for the dates waits end on
	// (holidays, words), which checklist.js reads; "" without waits.
	DateAttrs  template.HTMLAttr
	Canonical  string // the page's hosted address (Options.URL); "" when not known
	strings    map[string]string
	compact    bool             // bodies without the newlines a minifier removes
	groups     [][]*StepView    // the steps that placeholders in the page stand for
	langs      map[string]*Page // the page in each other interface language (see In)
	plan       *plan.Plan
	reasons    map[string]reasons // words why items are skipped, by language
	targets    *targets           // what cross-references name
	conditions bool               // see Options.Conditions
}

// SectionView is a planned section with its body rendered.
type SectionView struct {
	*plan.Section
	ID       string // copied up, like StepView's fields
	Lang     string // the language of Title, Reason and Body
	Title    string
	Status   plan.Status
	Required bool
	Reason   template.HTML // why skipped, in Lang; it may link to steps
	// Condition is the condition that skipped it, with the facts that
	// made it false, when the page shows them (Options.Conditions).
	Condition string
	Body      template.HTML
	Steps     []*StepView
	Whole     bool // in the skipped group: the whole section is skipped
	Skipped   int  // in the checklist: how many of its steps are skipped
	page      *Page
}

// StepsHTML is the HTML of the section's steps, one after the other: the
// page template places whole lists of finished steps rather than ranging
// over thousands of them.
func (s *SectionView) StepsHTML() template.HTML {
	return s.page.joinSteps(s.Steps)
}

// StepView is a planned step with its body rendered and `after` resolved.
// The fields templates read most are copied up from the plan and the guide:
// html/template finds a struct's own fields at once, and embedded ones only
// by a costly search, thousands of times a page.
type StepView struct {
	*plan.Step
	ID       string
	Lang     string // the language of what the step shows
	Title    string
	Status   plan.Status
	Required bool
	Where    string
	WhereURL string // the address of Where's place; "" for plain text
	Wait     string
	Number   int
	Role     *RoleRef      // nil when the step has no role
	Reason   template.HTML // why skipped, in Lang; it may link to steps
	// Condition is as SectionView's.
	Condition string
	Body      template.HTML
	frag      [][]byte // the whole step, as the "step" template renders it, in pieces (see renderStep)
	body      []byte   // its body's HTML, one of frag's pieces; nil when skipped or empty
	page      *Page
	After     []*plan.Step // the steps to do first, skipped or not
}

// HTML is the whole step as the "step" template renders it, for templates
// that place steps one by one rather than by SectionView.StepsHTML.
func (v *StepView) HTML() template.HTML { return v.page.joinSteps([]*StepView{v}) }

// RoleRef is the role a step is flagged with, labelled in the step's
// language.
type RoleRef struct {
	ID, Label, Holder string
}

// StepRef names a step for a link; Lang is the language of its Title and
// Wait.
type StepRef struct {
	ID, Lang, Title, Wait string
}

// RoleView is a declared role with its holder and the todo steps only it
// can do.
type RoleView struct {
	ID, Label, Description, Holder string
	Steps                          []*StepRef
	lang                           string // the page's
}

func newStepView(g *guide.Guide, st *plan.Step, reason template.HTML) *StepView {
	v := &StepView{
		Step: st, ID: st.ID, Lang: st.Lang, Title: st.Title, Status: st.Status, Required: st.Required,
		Where: st.Where, WhereURL: st.WhereURL, Wait: waitText(st), Number: st.Number, Reason: reason,
	}
	if r := st.Role; r != nil {
		v.Role = &RoleRef{ID: r.ID, Label: g.Role(r.ID, st.Lang).Label, Holder: r.Holder}
	}
	return v
}

func stepRefs(steps []*plan.Step) []*StepRef {
	refs := make([]*StepRef, len(steps))
	for i, st := range steps {
		refs[i] = stepRef(st)
	}
	return refs
}

func stepRef(st *plan.Step) *StepRef {
	return &StepRef{ID: st.ID, Lang: st.Lang, Title: st.Title, Wait: waitText(st)}
}

func roleViews(roles []*plan.Role, lang string) []*RoleView {
	views := make([]*RoleView, len(roles))
	for i, r := range roles {
		views[i] = &RoleView{ID: r.ID, Label: r.Label, Description: r.Description, Holder: r.Holder, Steps: stepRefs(r.Steps), lang: lang}
	}
	return views
}

// StepLinks is the role's steps as list items linking to them. Built here
// rather than by ranging in the template: a large guide's summary lists
// thousands, and html/template pays a reflective call per value.
func (r *RoleView) StepLinks() template.HTML { return stepLinks(r.Steps, r.lang, false, false) }

// WaitLinks is the steps that start a wait, as list items linking to them
// with their wait.
func (p *Page) WaitLinks() template.HTML { return stepLinks(p.Waits, p.Lang, true, false) }

// stepLinks writes list items in a list in lang: an item in another
// language says so (lang "": every item is in the list's language). With
// waits each item shows its step's wait; with refs it names its step in
// data-ref, for guide.html's script to show only those that apply.
func stepLinks(steps []*StepRef, lang string, waits, refs bool) template.HTML {
	var b strings.Builder
	for _, st := range steps {
		b.WriteString("\n<li")
		if lang != "" && st.Lang != lang {
			b.WriteString(" lang=\"")
			textEscaper.WriteString(&b, st.Lang)
			b.WriteByte('"')
		}
		if refs {
			b.WriteString(" data-ref=\"")
			textEscaper.WriteString(&b, st.ID)
			b.WriteByte('"')
		}
		b.WriteString("><a href=\"#step-")
		textEscaper.WriteString(&b, st.ID)
		b.WriteString("\">")
		textEscaper.WriteString(&b, st.Title)
		b.WriteString("</a>")
		if waits {
			b.WriteString(` <span class="wait-pill">`)
			textEscaper.WriteString(&b, st.Wait)
			b.WriteString("</span>")
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}

// textEscaper escapes text as html/template does in element content and
// quoted attributes (ids are letters, digits, - and _, the same in a URL).
var textEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// TodoAfter lists the steps to do first that this service must do: a
// skipped one is no reason to wait.
func (v *StepView) TodoAfter() []*StepRef {
	var out []*StepRef
	for _, st := range v.After {
		if st.Status == plan.Todo {
			out = append(out, stepRef(st))
		}
	}
	return out
}

// FactView is one effective fact, for the page's "based on" list. Lang is
// the language of its Question.
type FactView struct {
	Name, Lang, Question, Value string
}

// T returns the interface text for key in the page's language.
func (p *Page) T(key string) string { return uiText{p.strings}.T(key) }

// Tf formats the interface text for key with args.
func (p *Page) Tf(key string, args ...any) string { return uiText{p.strings}.Tf(key, args...) }

// In returns the page with its interface text in lang, for an element in
// another language than the page (a step shown in the guide's language,
// say): everything in the element is then in its language. A language
// without interface text gives the page itself.
func (p *Page) In(lang string) *Page {
	if q := p.langs[lang]; q != nil {
		return q
	}
	return p
}

// T returns the interface text for key in the section's language.
func (s *SectionView) T(key string) string { return s.page.In(s.Lang).T(key) }

// Tf formats the interface text for key in the section's language.
func (s *SectionView) Tf(key string, args ...any) string { return s.page.In(s.Lang).Tf(key, args...) }

// N formats counted interface text in the section's language.
func (s *SectionView) N(key string, n int, args ...any) string {
	return s.page.In(s.Lang).N(key, n, args...)
}

// N formats the interface text for key with a count n and args: the
// singular form "key.one" when n is 1 and the language has one.
func (p *Page) N(key string, n int, args ...any) string {
	return uiText{p.strings}.N(key, n, args...)
}

// HasRoleSteps reports whether any role has steps to do.
func (p *Page) HasRoleSteps() bool {
	for _, r := range p.Roles {
		if len(r.Steps) > 0 {
			return true
		}
	}
	return false
}

// Heading offsets nest Markdown headings under the page's own: the page is
// h1; the intro ("About this guide") and sections are h2; steps are h3. The
// markdown package makes a body's first heading level 1, whatever its
// number of #, so "#" or "##" opening the intro becomes h3.
const (
	introOffset   = 2 // the intro's first heading becomes h3
	sectionOffset = 2 // a section body's first heading becomes h3
	stepOffset    = 3 // a step body's first heading becomes h4
)

// newPage groups a plan's steps and renders the intro's and sections'
// bodies; renderSteps renders the steps'.
func newPage(p *plan.Plan, o Options, partition string) (*Page, error) {
	lang := pageLang(p.Language)
	pg := &Page{
		Lang:      lang,
		Title:     p.Title,
		TitleLang: p.TitleLang,
		Service:   p.Service,
		Counts:    p.Counts,
		Total:     p.Counts.Todo,
		Roles:     roleViews(p.Roles, lang),
		Waits:     stepRefs(p.Waits),
		// The ticks' key names the guide by its own title, which no
		// language changes.
		StorageKey: storageKey(p.Guide.Title, p.Service),
		DateAttrs:  dateAttrs(p.Guide, lang, len(p.Waits) > 0),
		Canonical:  o.URL,
		strings:    stringsFor(p.Language),
		compact:    o.Minify,
		plan:       p,
		conditions: o.Conditions,
	}
	pg.langs = map[string]*Page{}
	for l := range messages {
		if l != lang {
			pg.langs[l] = &Page{Lang: l, strings: messages[l]} // filled in below
		}
	}
	pg.Facts = pg.factViews(p)
	pg.Theme = themeOf(p.Guide)
	pg.reasons = map[string]reasons{}
	pg.targets = newTargets(p)
	b := newBodies(pg, p, o.Cache, partition)
	b.shared = o.Bodies
	var errs diag.List // every body's, not only the first
	var err error
	if pg.Intro, err = b.render(p.Intro, introOffset, p.TitleLang); err != nil {
		errs = append(errs, diag.From(err, "")...)
	}
	for _, s := range p.Sections {
		if err := pg.addSection(p, s, b); err != nil {
			errs = append(errs, diag.From(err, "")...)
		}
	}
	for l, q := range pg.langs {
		*q = *pg
		q.Lang, q.strings, q.langs = l, messages[l], nil
	}
	return pg, errs.Err()
}

// addSection renders a section's bodies and files its steps under the
// checklist and the skipped group.
func (pg *Page) addSection(p *plan.Plan, s *plan.Section, b *bodies) error {
	reason := pg.reason(s.Lang, s.Reason, s.Why)
	condition := pg.condition(s.Status, s.Section.When, p)
	view := func() *SectionView {
		return &SectionView{Section: s, ID: s.ID, Lang: s.Lang, Title: s.Title, Status: s.Status, Required: s.Required, Reason: reason, Condition: condition, page: pg}
	}
	all, todo, skipped := view(), view(), view()
	skipped.Whole = s.Status == plan.Skipped
	var err error
	if s.Status == plan.Todo {
		// On an error, the section's steps are still filed: their
		// bodies may have errors to report too.
		todo.Body, err = b.render(s.Body, sectionOffset, s.Lang)
		all.Body = todo.Body
	}
	for _, st := range s.Steps {
		v := newStepView(p.Guide, st, pg.reason(st.Lang, st.Reason, st.Why))
		v.page = pg
		if s.Status == plan.Skipped {
			v.Condition = condition
		} else {
			v.Condition = pg.condition(st.Status, st.Step.When, p)
		}
		for _, id := range st.Step.After {
			if dep := p.Step(id); dep != nil {
				v.After = append(v.After, dep)
			}
		}
		if st.Status == plan.Todo {
			todo.Steps = append(todo.Steps, v)
		} else {
			skipped.Steps = append(skipped.Steps, v)
		}
		all.Steps = append(all.Steps, v)
	}
	todo.Skipped = len(skipped.Steps)
	pg.Sections = append(pg.Sections, all)
	if s.Status == plan.Todo {
		pg.Todo = append(pg.Todo, todo)
	}
	if skipped.Whole || len(skipped.Steps) > 0 {
		pg.Skipped = append(pg.Skipped, skipped)
	}
	return err
}

// factViews lists the effective facts with their values in the page's
// language.
func (pg *Page) factViews(p *plan.Plan) []FactView {
	var out []FactView
	for _, d := range p.Guide.Schema.Facts {
		q, lang := p.Guide.QuestionIn(d.Name, p.Language)
		out = append(out, FactView{Name: d.Name, Lang: lang, Question: q, Value: pg.factValue(p.Facts[d.Name])})
	}
	return out
}

// factValue formats a fact's value for people: yes/no, lists joined.
func (pg *Page) factValue(v any) string {
	switch v := v.(type) {
	case bool:
		if v {
			return pg.T("yes")
		}
		return pg.T("no")
	case []string:
		if len(v) == 0 {
			return pg.T("none")
		}
	}
	return facts.Format(v)
}

// pageLang is the html lang attribute: the interface language, English
// when it has no strings.
func pageLang(lang string) string {
	if _, ok := messages[lang]; ok {
		return lang
	}
	return "en"
}

// storageKey is the prefix of the localStorage keys of a guide's ticks for a
// service; checklist.js appends ":" and the step id. The title and the
// service are quoted so that no two pairs give the same prefix.
func storageKey(title, service string) string {
	b, _ := json.Marshal([]string{title, service})
	return "prereq:" + string(b)
}

// bodies renders Markdown bodies for one page, one renderer per heading
// offset and language.
type bodies struct {
	page      *Page
	plan      *plan.Plan
	renderers map[rendererKey]*markdown.Renderer
	buf       bytes.Buffer
	// cache, when set, keeps bodies rendered by render (the intro's and
	// sections') for the next render of the same partition.
	cache     *Cache
	partition string
	// shared, when set, keeps the bodies that render the same for every
	// service for the other pages of the build (Options.Bodies).
	shared *BodyCache
}

type rendererKey struct {
	offset int
	lang   string
}

func newBodies(pg *Page, p *plan.Plan, cache *Cache, partition string) *bodies {
	return &bodies{
		page: pg, plan: p,
		renderers: map[rendererKey]*markdown.Renderer{},
		cache:     cache, partition: partition,
	}
}

// bodyOptions are the Markdown options of one service's page, but for the
// heading offset.
func bodyOptions(t func(string) string, v facts.Values, service string, compact bool) markdown.Options {
	return markdown.Options{
		Facts:   v,
		Service: service,
		Compact: compact,
		CalloutTitles: map[string]string{
			"note": t("note"), "important": t("important"), "caution": t("caution"), "tip": t("tip"),
		},
		TaskLabels: map[string]string{"todo": t("taskTodo"), "done": t("taskDone")},
	}
}

// Prerender returns a guide.Finish that renders every body for one service,
// and for the guide page, as the guide is loaded (see
// markdown.Renderer.Freeze): a build for one service then never holds all
// the syntax trees of a large guide. The guide it loads serves that
// service only, and guide.html, rendered with o (compact bodies when
// o.Minify).
//
// The bodies written in the guide's own language are rendered as they
// load, with its interface text; the bodies of translations are left as
// parsed (guide.LANG.html shows them, with flags worded by the
// questions of the guide's translation, which is read after this).
func Prerender(g *guide.Guide, site *facts.Site, o Options) guide.Finish {
	offsets := map[guide.BodyKind]int{guide.IntroBody: introOffset, guide.SectionBody: sectionOffset, guide.StepBody: stepOffset}
	pools := map[guide.BodyKind]*sync.Pool{}
	opts := bodyOptions(stringsT(stringsFor(g.Language)), site.Facts, site.Service, o.Minify)
	guidePage := guideRenderer(g, g.Language, o) // guide.html shows the bodies as written
	for k, off := range offsets {
		o := opts
		o.HeadingOffset = off
		pools[k] = &sync.Pool{New: func() any {
			rs := []*markdown.Renderer{markdown.NewRenderer(o), guidePage(off)}
			return &rs
		}}
	}
	return func(k guide.BodyKind, bodyLang string, d *markdown.Doc) error {
		pool := pools[k]
		if pool == nil || bodyLang != g.Language {
			return nil
		}
		rs := pool.Get().(*[]*markdown.Renderer)
		defer pool.Put(rs)
		return (*rs)[0].Freeze(d, (*rs)[1:]...)
	}
}

// render renders a body written in lang with its headings shifted by
// offset; an empty body gives "".
func (b *bodies) render(d *markdown.Doc, offset int, lang string) (template.HTML, error) {
	if b.cache == nil || d == nil {
		html, err := b.renderBytes(d, offset, lang)
		return template.HTML(html), err
	}
	key := bodyKey{doc: d, partition: b.partition}
	if refs := d.Refs(); len(refs) > 0 { // what they name may change with no change to d
		key.refs = string(refContext(nil, b.page.targets, refs))
	}
	if html, ok := lookup(b.cache, b.cache.bodies, key); ok {
		return template.HTML(html), nil
	}
	html, err := b.renderBytes(d, offset, lang)
	if err != nil {
		return "", err
	}
	store(b.cache, b.cache.bodies, key, bytes.Clone(html))
	return template.HTML(html), nil
}

// renderBytes is render, into a buffer that the next call reuses (or the
// body's own HTML, when it was frozen): the caller must copy it to keep it.
func (b *bodies) renderBytes(d *markdown.Doc, offset int, lang string) ([]byte, error) {
	html, _, err := b.renderKept(d, offset, lang)
	return html, err
}

// renderKept is renderBytes, and reports whether the HTML is kept as it
// is (the body frozen as it was loaded, or shared by the build's pages),
// which the caller may keep without copying; it must not change it.
func (b *bodies) renderKept(d *markdown.Doc, offset int, lang string) ([]byte, bool, error) {
	if d == nil || d.Empty() {
		return nil, true, nil
	}
	if html, ok := d.Frozen(); ok { // rendered as it was loaded: no copy
		return bytes.TrimSpace(html), true, nil
	}
	var shared htmlKey
	if b.shared != nil && d.Same() { // rendered for another partner already?
		shared = htmlKey{d, offset, lang, b.page.compact}
		if html, ok := b.shared.html(shared); ok {
			return html, true, nil
		}
	}
	key := rendererKey{offset, lang}
	r := b.renderers[key]
	if r == nil {
		t := stringsT(stringsFor(lang))
		o := bodyOptions(t, b.plan.Facts, b.plan.Service, b.page.compact)
		o.HeadingOffset = offset
		o.Refs, o.SkippedRef = b.page.targets, t("refSkipped")
		r = markdown.NewRenderer(o)
		b.renderers[key] = r
	}
	b.buf.Reset()
	if err := r.Render(&b.buf, d); err != nil {
		return nil, false, err
	}
	html := bytes.TrimSpace(b.buf.Bytes())
	if shared.doc != nil {
		return b.shared.storeHTML(shared, html), true, nil
	}
	return html, false, nil
}

// Minify minifies an HTML page with its inline CSS and JS. It keeps what
// the HTML contract and the validators rely on: the document tags, end
// tags, quotes and default attribute values.
func Minify(page []byte) ([]byte, error) {
	return newMinifier().Bytes("text/html", page)
}

// newMinifier returns a minifier for pages; it is safe for concurrent use.
func newMinifier() *minify.M {
	m := htmlMinifier()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("application/javascript", js.Minify)
	return m
}

// htmlMinifier minifies HTML and leaves inline style sheets and scripts as
// they are.
func htmlMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	return m
}

// reason words why an item shown in lang is skipped, as HTML: a generated
// reason in the partner's words in lang, a skip_reason as written, its
// cross-references linked.
func (p *Page) reason(lang, text string, why *plan.Why) template.HTML {
	if why == nil && !strings.Contains(text, "](#") {
		return template.HTML(textEscaper.Replace(text))
	}
	r, ok := p.reasons[lang]
	if !ok {
		r = reasonsFor(p.plan, lang)
		r.refs = p.targets
		p.reasons[lang] = r
	}
	return r.html(text, why)
}

// stringsT looks keys up in an interface table, in English where it has
// none.
func stringsT(tr map[string]string) func(string) string {
	return func(key string) string {
		if s, ok := tr[key]; ok {
			return s
		}
		return messages["en"][key]
	}
}

// condition is the tooltip of a skipped item's reason when the page shows
// conditions: the condition that skipped it and the facts that made it
// false ("`not existing_app` is false because existing_app = true").
func (pg *Page) condition(status plan.Status, when *cond.Cond, p *plan.Plan) string {
	if !pg.conditions || status != plan.Skipped || when == nil {
		return ""
	}
	return when.Explain(p.Facts)
}

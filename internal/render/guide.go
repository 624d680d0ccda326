package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"slices"
	"strings"

	"github.com/tdewolff/minify/v2"

	"prereq/internal/cond"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/links"
	"prereq/internal/markdown"
	"prereq/internal/parallel"
)

// GuidePage is what guide.html templates see: the whole guide, for every
// service at once. Every section, step and `::: when` block is there, each
// conditional one flagged with its condition in plain words; a
// questionnaire asks the guide's facts, and templates/guide.js decides in
// the reader's browser what applies to their answers, with the conditions
// exported as trees (see cond.Tree).
type GuidePage struct {
	uiText
	Lang      string
	Title     string
	Intro     template.HTML
	IntroLang string // the language of Intro when it is not Lang (untranslated)
	// Languages is the guide page in each of its languages, this one
	// included, for the language switch (see GuideLanguages).
	Languages  []GuideLang
	Sections   []*GuideSection
	Questions  []*Question
	Roles      []*GuideRole
	Waits      []*StepRef        // every step with a wait, in guide order
	Rules      []GuideRule       // each of the guide's [[rules]]
	Total      int               // every step of the guide
	StorageKey string            // the localStorage prefix of ticks, as in index.html
	Theme      Theme             // the guide's own look, as index.html's
	DateAttrs  template.HTMLAttr // as index.html's
	Canonical  string            // the page's hosted address (from Options.URL); "" when not known
	// Data is the JSON that guide.js reads: the facts, the conditions'
	// trees, the rules and the script's interface text.
	Data   template.JS
	groups [][]*guideStep // the steps that placeholders in the page stand for
}

// GuideRule is what guide.html tells a reader whose answers break one of
// the guide's [[rules]].
type GuideRule struct {
	Message string
	Lang    string // the language of Message when it is not the page's (untranslated)
}

// otherThan returns in when it is not the page's language lang, else "".
func otherThan(in, lang string) string {
	if in == lang {
		return ""
	}
	return in
}

// GuideLang is the guide page in one language, for the language switch.
type GuideLang struct {
	Lang    string // its lang and hreflang
	Name    string // the language's own name for itself: English, 한국어
	Href    string // its file, beside this one
	Current bool   // the page that links to it
}

// RoleSteps reports whether any role has steps.
func (p *GuidePage) RoleSteps() bool {
	for _, r := range p.Roles {
		if len(r.Steps) > 0 {
			return true
		}
	}
	return false
}

// GuideSection is a section of the guide page, with all its steps.
type GuideSection struct {
	ID, Title  string
	Lang       string // the language of what it shows when it is not the page's (untranslated)
	Required   bool
	When       string        // the condition as written; "" when it always applies
	Flag       template.HTML // its condition in words; "" without one
	SkipReason template.HTML // its skip_reason, cross-references linked
	Body       template.HTML
	Steps      int // how many
	page       *GuidePage
	steps      []*guideStep
}

// StepsHTML is the HTML of the section's steps.
func (s *GuideSection) StepsHTML() template.HTML {
	s.page.groups = append(s.page.groups, s.steps)
	return template.HTML(placeholder(len(s.page.groups) - 1))
}

// GuideRole is a declared role, with every step only it can do.
type GuideRole struct {
	ID, Label, Description string
	Steps                  []*StepRef
	lang                   string // the page's
}

// StepLinks is the role's steps as list items linking to them.
func (r *GuideRole) StepLinks() template.HTML { return stepLinks(r.Steps, r.lang, false, true) }

// WaitLinks is the steps with a wait as list items linking to them.
func (p *GuidePage) WaitLinks() template.HTML { return stepLinks(p.Waits, p.Lang, true, true) }

// Question is one fact of the questionnaire.
type Question struct {
	Name     string
	Text     string // the fact's question
	Lang     string // the language of Text when it is not the page's (untranslated)
	Type     string // bool, string, number, list
	Control  string // yesno, radio, select, checkboxes, number, text or textlist
	Options  []Option
	Value    string // the default of a number or text field
	Default  bool   // the fact has a default
	Required bool   // no default: a site file must answer it
}

// Option is one choice of a question.
type Option struct {
	Value, Label string
	Checked      bool
}

// guideStep is a step of the guide page.
type guideStep struct {
	*guide.Step
	text       guide.Text // what it shows, in the page's language or, untranslated, the guide's
	langAttr   string     // its lang attribute: text.Lang, when not its section's
	tx         uiText     // the interface text of text.Lang
	role       *RoleRef
	flag       string   // HTML
	skipReason string   // HTML
	frag       [][]byte // its HTML, in pieces: the markup around its body, and the body
}

func textsFor(lang string) uiText {
	g, ok := guideMessages[lang]
	if !ok {
		g = guideMessages["en"]
	}
	return uiText{g, stringsFor(lang)} // the guide page's own text first
}

// GuideLanguages lists the languages guide.html is written in: the
// guide's own first, then each language it has translations into.
func GuideLanguages(g *guide.Guide) []string {
	return append([]string{pageLang(g.Language)}, g.Languages()...)
}

// GuideFile is the name of the guide page in lang: guide.html in the
// guide's own language, guide.LANG.html in a language it is translated
// into (guide.ko.html), as its translations are named.
func GuideFile(g *guide.Guide, lang string) string {
	if lang == pageLang(g.Language) {
		return "guide.html"
	}
	return "guide." + lang + ".html"
}

// languageName is a language's own name for itself, for the language
// switch.
func languageName(lang string) string {
	if n := guideMessages[lang]["langName"]; n != "" {
		return n
	}
	return lang
}

// guideLangs lists the guide page's languages for the page in lang.
func guideLangs(g *guide.Guide, lang string) []GuideLang {
	var out []GuideLang
	for _, l := range GuideLanguages(g) {
		out = append(out, GuideLang{Lang: l, Name: languageName(l), Href: GuideFile(g, l), Current: l == lang})
	}
	return out
}

// guideLang is what the guide page needs of one language: its interface
// text, the flags worded in it, the options of bodies written in it.
type guideLang struct {
	tx    uiText
	flags *flagger
	opts  markdown.Options
}

func newGuideLang(g *guide.Guide, lang string, compact bool) *guideLang {
	tx := textsFor(lang)
	flags := newFlagger(tx.T, g, lang)
	o := bodyOptions(tx.T, nil, "", compact)
	o.Variants = flags
	o.Refs = guideTargets{g, lang}
	return &guideLang{tx: tx, flags: flags, opts: o}
}

// guideLangSet makes each language's guideLang once.
type guideLangSet struct {
	g       *guide.Guide
	compact bool
	langs   map[string]*guideLang
}

func (s *guideLangSet) get(lang string) *guideLang {
	if l := s.langs[lang]; l != nil {
		return l
	}
	if s.langs == nil {
		s.langs = map[string]*guideLang{}
	}
	l := newGuideLang(s.g, lang, s.compact)
	s.langs[lang] = l
	return l
}

// GuideHTML renders guide.html in lang (one of GuideLanguages): the whole
// guide, flagged, with the questionnaire that personalises it in the
// reader's browser. What the guide translates into lang is shown
// translated; the rest is shown in the guide's language and marked with
// its lang, its interface text in that language too. Steps are written
// on every core and spliced into the page, as Render does; bodies frozen
// by Prerender are used as they are.
func GuideHTML(g *guide.Guide, lang string, t *Templates, o Options) ([]byte, error) {
	page, err := GuideSpliced(g, lang, t, o)
	if err != nil {
		return nil, err
	}
	return page.Bytes(), nil
}

// GuideSpliced is GuideHTML with the page left in its pieces, for a build
// that writes it to its file without ever holding it whole.
func GuideSpliced(g *guide.Guide, lang string, t *Templates, o Options) (*Spliced, error) {
	lang = pageLang(lang)
	langs := &guideLangSet{g: g, compact: o.Minify}
	page := langs.get(lang)
	gt := g.In(lang)
	pg := &GuidePage{
		uiText:     page.tx,
		Lang:       lang,
		Title:      gt.Title,
		Languages:  guideLangs(g, lang),
		StorageKey: storageKey(g.Title, ""),
		Canonical:  links.File(o.URL, GuideFile(g, lang)),
		Theme:      themeOf(g),
	}
	if gt.Lang != lang {
		pg.IntroLang = gt.Lang
	}
	targets := guideTargets{g, lang}
	b := &guideBodies{langs: langs}
	intro, err := b.render(gt.Intro, introOffset, gt.Lang)
	if err != nil {
		return nil, err
	}
	pg.Intro = template.HTML(intro)
	roles := map[string]*GuideRole{}
	for _, r := range g.Schema.Roles {
		rt := g.Role(r.ID, lang)
		gr := &GuideRole{ID: r.ID, Label: rt.Label, Description: rt.Description, lang: lang}
		roles[r.ID] = gr
		pg.Roles = append(pg.Roles, gr)
	}
	var steps []*guideStep
	titles := map[string]*StepRef{}
	for _, s := range g.Sections {
		text := g.SectionText(s, lang)
		sl := langs.get(pageLang(text.Lang))
		gs := &GuideSection{ID: s.ID, Title: text.Title, Required: s.Required, SkipReason: targets.reasonHTML(text.SkipReason), page: pg}
		if text.Lang != lang {
			gs.Lang = text.Lang
		}
		if s.When != nil {
			gs.When, gs.Flag = s.When.Source, template.HTML(sl.flags.Flag(s.When))
		}
		body, err := b.render(text.Body, sectionOffset, text.Lang)
		if err != nil {
			return nil, err
		}
		gs.Body = template.HTML(body)
		for _, st := range s.Steps {
			stText := g.StepText(st, lang)
			stl := langs.get(pageLang(stText.Lang))
			gst := &guideStep{Step: st, text: stText, tx: stl.tx, skipReason: string(targets.reasonHTML(stText.SkipReason))}
			if stText.Lang != text.Lang {
				gst.langAttr = stText.Lang
			}
			if r := g.Schema.Role(st.Role); r != nil {
				gst.role = &RoleRef{ID: r.ID, Label: g.Role(r.ID, stText.Lang).Label}
			}
			if st.When != nil {
				gst.flag = stl.flags.Flag(st.When)
			}
			ref := &StepRef{ID: st.ID, Lang: stText.Lang, Title: stText.Title, Wait: ShownWait(st, stText.Lang)}
			if r := roles[st.Role]; r != nil {
				r.Steps = append(r.Steps, ref)
			}
			if st.Wait != "" {
				pg.Waits = append(pg.Waits, ref)
			}
			titles[st.ID] = ref
			gs.steps = append(gs.steps, gst)
			steps = append(steps, gst)
		}
		gs.Steps = len(gs.steps)
		pg.Total += gs.Steps
		pg.Sections = append(pg.Sections, gs)
	}
	pg.DateAttrs = dateAttrs(g, pg.Lang, len(pg.Waits) > 0)
	pg.Questions = questions(g, lang, pg.uiText)
	for _, r := range g.Schema.Rules {
		m, in := g.RuleMessageIn(r, lang)
		pg.Rules = append(pg.Rules, GuideRule{Message: m, Lang: otherThan(in, lang)})
	}
	data, err := guideData(g, lang, pg.uiText)
	if err != nil {
		return nil, err
	}
	pg.Data = template.JS(data)
	if err := writeGuideSteps(pg, steps, titles, langs, o.Minify); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.page.ExecuteTemplate(&buf, "guide.html", pg); err != nil {
		return nil, templateErrorIn(t.origin, t.src, "templates/guide.html", err)
	}
	out := buf.Bytes()
	assets := t.assets
	if o.Minify {
		if out, err = htmlMinifier().Bytes("text/html", out); err != nil {
			return nil, err
		}
		assets = t.minified()
	}
	n := 0
	for _, st := range steps {
		n += len(st.frag)
	}
	return spliceWith(out, len(pg.groups), n, func(s *Spliced, g int) {
		for _, st := range pg.groups[g] {
			for _, p := range st.frag {
				s.add(p)
			}
		}
	}, assets)
}

// guideBodies renders bodies for the guide page, one renderer per heading
// offset and language; a body that Prerender froze is used as it was
// rendered then.
type guideBodies struct {
	langs     *guideLangSet
	renderers map[rendererKey]*markdown.Renderer
	buf       bytes.Buffer
}

// render renders a body written in lang with its headings shifted by
// offset, into a buffer the next call reuses: the caller must copy what
// it keeps.
func (b *guideBodies) render(d *markdown.Doc, offset int, lang string) ([]byte, error) {
	html, _, err := b.renderKept(d, offset, lang)
	return html, err
}

// renderKept is render, and reports whether the HTML is the body's own,
// frozen as it was loaded, which the caller may keep without copying.
func (b *guideBodies) renderKept(d *markdown.Doc, offset int, lang string) ([]byte, bool, error) {
	if d == nil || d.Empty() {
		return nil, true, nil
	}
	if html, ok := d.FrozenVariants(); ok {
		return bytes.TrimSpace(html), true, nil
	}
	key := rendererKey{offset, pageLang(lang)}
	r := b.renderers[key]
	if r == nil {
		if b.renderers == nil {
			b.renderers = map[rendererKey]*markdown.Renderer{}
		}
		o := b.langs.get(key.lang).opts
		o.HeadingOffset = offset
		r = markdown.NewRenderer(o)
		b.renderers[key] = r
	}
	b.buf.Reset()
	if err := r.Render(&b.buf, d); err != nil {
		return nil, false, err
	}
	return bytes.TrimSpace(b.buf.Bytes()), false, nil
}

// guideTargets resolves the guide page's cross-references: every step
// and section is on the page, by its title in the page's language; which
// are skipped the page's script marks, as the reader answers.
type guideTargets struct {
	g    *guide.Guide
	lang string
}

// reasonHTML is a skip_reason as the page shows it: text, and its
// cross-references as links to their targets' titles.
func (t guideTargets) reasonHTML(text string) template.HTML {
	var b strings.Builder
	for _, sp := range markdown.SplitRefs(text) {
		if sp.Ref == nil {
			textEscaper.WriteString(&b, sp.Text)
			continue
		}
		title, _, ok := t.Resolve(sp.Ref.Kind, sp.Ref.ID)
		if !ok { // reported when the guide loaded
			textEscaper.WriteString(&b, cmpOr(sp.Text, "#"+sp.Ref.Anchor()))
			continue
		}
		b.WriteString(`<a class="xref" href="#`)
		textEscaper.WriteString(&b, sp.Ref.Anchor())
		b.WriteString(`">`)
		textEscaper.WriteString(&b, cmpOr(sp.Text, title))
		b.WriteString("</a>")
	}
	return template.HTML(b.String())
}

// Resolve implements markdown.Resolver.
func (t guideTargets) Resolve(kind markdown.RefKind, id string) (title string, skipped, ok bool) {
	for _, s := range t.g.Sections {
		if kind == markdown.SectionRef && s.ID == id {
			return t.g.SectionText(s, t.lang).Title, false, true
		}
		for _, st := range s.Steps {
			if kind == markdown.StepRef && st.ID == id {
				return t.g.StepText(st, t.lang).Title, false, true
			}
		}
	}
	return "", false, false
}

// guideRenderer returns, for Prerender, a maker of the guide page's
// renderers of bodies written in lang, by heading offset: a body frozen
// for one service is frozen for the guide page at the same time.
func guideRenderer(g *guide.Guide, lang string, o Options) func(offset int) *markdown.Renderer {
	opts := newGuideLang(g, pageLang(lang), o.Minify).opts
	return func(offset int) *markdown.Renderer {
		oo := opts
		oo.HeadingOffset = offset
		return markdown.NewRenderer(oo)
	}
}

// writeGuideSteps renders every step's body and HTML, on every core.
func writeGuideSteps(pg *GuidePage, steps []*guideStep, titles map[string]*StepRef, langs *guideLangSet, minified bool) error {
	for _, st := range steps { // made before the goroutines share the set
		langs.get(pageLang(st.text.Lang))
	}
	errs := make([]error, len(steps))
	parallel.Do(len(steps), 0, func() func(int) {
		b := &guideBodies{langs: langs}
		var m *minify.M
		var buf bytes.Buffer
		return func(i int) {
			st := steps[i]
			body, kept, err := b.renderKept(st.text.Body, stepOffset, st.text.Lang)
			if err != nil {
				errs[i] = err
				return
			}
			if !kept {
				body = bytes.Clone(body)
			}
			buf.Reset()
			// Written compact on a minified page, where the minifier
			// would only drop the newlines between its elements.
			compact := minified && compactSafe(st, titles)
			writeGuideStep(&buf, st, titles, len(body) > 0, compact)
			var markup []byte
			if minified && !compact {
				if m == nil {
					m = htmlMinifier()
				}
				if markup, err = m.Bytes("text/html", buf.Bytes()); err != nil {
					errs[i] = err
					return
				}
			} else {
				markup = bytes.Clone(buf.Bytes())
			}
			// The body is spliced in where its mark is, without copying.
			if at := bytes.Index(markup, []byte(bodyMark)); at >= 0 {
				st.frag = [][]byte{markup[:at], body, markup[at+len(bodyMark):]}
			} else {
				st.frag = [][]byte{markup}
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// questions lists the questionnaire's fields, one per declared fact, in
// lang.
func questions(g *guide.Guide, lang string, tx uiText) []*Question {
	var out []*Question
	for _, d := range g.Schema.Facts {
		q := &Question{Name: d.Name, Type: string(d.Type), Default: d.HasDefault, Required: !d.HasDefault}
		var in string
		q.Text, in = g.QuestionIn(d.Name, lang)
		if pageLang(in) != lang {
			q.Lang = in
		}
		switch {
		case d.Type == facts.Bool:
			q.Control = "yesno"
			q.Options = []Option{
				{Value: "true", Label: tx.T("answerYes"), Checked: d.HasDefault && d.Default == true},
				{Value: "false", Label: tx.T("answerNo"), Checked: d.HasDefault && d.Default == false},
			}
		case d.Type == facts.String && len(d.Values) > 0:
			q.Control = "radio"
			if len(d.Values) > 6 {
				q.Control = "select"
			}
			for _, v := range d.Values {
				q.Options = append(q.Options, Option{Value: v, Label: v, Checked: d.HasDefault && d.Default == v})
			}
		case d.Type == facts.List && len(d.Values) > 0:
			q.Control = "checkboxes"
			def, _ := d.Default.([]string)
			for _, v := range d.Values {
				checked := false
				for _, x := range def {
					checked = checked || x == v
				}
				q.Options = append(q.Options, Option{Value: v, Label: v, Checked: checked})
			}
		case d.Type == facts.Number:
			q.Control = "number"
		case d.Type == facts.List:
			q.Control = "textlist"
		default:
			q.Control = "text"
		}
		if d.HasDefault && (q.Control == "number" || q.Control == "text" || q.Control == "textlist") {
			q.Value = facts.QueryText(d.Default)
		}
		out = append(out, q)
	}
	return out
}

// guideData is the JSON guide.js reads from the page in lang.
func guideData(g *guide.Guide, lang string, tx uiText) ([]byte, error) {
	type factJSON struct {
		Name     string   `json:"name"`
		Type     string   `json:"type"`
		Question string   `json:"q"`
		Default  any      `json:"default,omitempty"`
		Has      bool     `json:"hasDefault,omitempty"`
		Values   []string `json:"values,omitempty"`
	}
	type roleJSON struct {
		ID    string `json:"id"`
		Label string `json:"label"`
	}
	type condJSON = *cond.Tree
	type ruleJSON struct {
		When    string `json:"c"`
		Message string `json:"m"`
	}
	data := struct {
		Title string `json:"title"`
		// Language is the page's, when it is not the guide's own: the
		// site file it downloads asks for a checklist in it.
		Language string              `json:"language,omitempty"`
		Facts    []factJSON          `json:"facts"`
		Roles    []roleJSON          `json:"roles"`
		Conds    map[string]condJSON `json:"conds"`
		Rules    []ruleJSON          `json:"rules"`
		Text     map[string]string   `json:"t"`
	}{Title: g.In(lang).Title, Roles: []roleJSON{}, Conds: map[string]condJSON{}, Rules: []ruleJSON{}, Text: map[string]string{}}
	for _, r := range g.Schema.Roles {
		data.Roles = append(data.Roles, roleJSON{ID: r.ID, Label: g.Role(r.ID, lang).Label})
	}
	if lang != pageLang(g.Language) {
		data.Language = lang
	}
	for _, d := range g.Schema.Facts {
		data.Facts = append(data.Facts, factJSON{Name: d.Name, Type: string(d.Type), Question: g.Question(d.Name, lang), Default: d.Default, Has: d.HasDefault, Values: d.Values})
	}
	var errs []error
	add := func(c *cond.Cond) {
		if c == nil {
			return
		}
		if _, done := data.Conds[c.Source]; done {
			return
		}
		tree, err := c.Tree()
		if err != nil {
			errs = append(errs, err)
			return
		}
		data.Conds[c.Source] = tree
	}
	addBody := func(d *markdown.Doc) {
		for _, c := range d.Whens() {
			add(c)
		}
	}
	addBody(g.In(lang).Intro)
	for _, s := range g.Sections {
		add(s.When)
		addBody(g.SectionText(s, lang).Body)
		for _, st := range s.Steps {
			add(st.When)
			addBody(g.StepText(st, lang).Body)
		}
	}
	for _, r := range g.Schema.Rules {
		if c, ok := r.Cond.(*cond.Cond); ok {
			add(c)
			data.Rules = append(data.Rules, ruleJSON{When: c.Source, Message: g.RuleMessage(r, lang)})
		}
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}
	for _, key := range []string{"refSkipped", "reasonGenerated", "reasonAnd", "reasonAnswer", "reasonLacks", "reasonHas", "reasonNoFact",
		"answerYes", "answerNo", "answerNone", "roleStepCount", "roleStepCount.one", "yourService", "teamHolder"} {
		data.Text[key] = tx.T(key)
	}
	for _, m := range slices.Backward(tx) { // the first map that has a key gives it
		for key, s := range m {
			if strings.HasPrefix(key, "js.") {
				data.Text[strings.TrimPrefix(key, "js.")] = s
			}
		}
	}
	// As html/template writes JSON in a script: no "</script>" can close it.
	out, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	return out, nil
}

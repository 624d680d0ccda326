package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"github.com/tdewolff/minify/v2"

	"prereq/internal/cond"
	"prereq/internal/facts"
	"prereq/internal/guide"
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
	texts
	Lang       string
	Title      string
	Intro      template.HTML
	Sections   []*GuideSection
	Questions  []*Question
	Roles      []*GuideRole
	Waits      []*StepRef // every step with a wait, in guide order
	Rules      []string   // the message of each of the guide's [[rules]]
	Total      int        // every step of the guide
	StorageKey string     // the localStorage prefix of ticks, as in index.html
	// Data is the JSON that guide.js reads: the facts, the conditions'
	// trees, the rules and the script's interface text.
	Data   template.JS
	groups [][][]byte // the steps that placeholders in the page stand for
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
	var frags [][]byte
	for _, st := range s.steps {
		frags = append(frags, st.frag...)
	}
	s.page.groups = append(s.page.groups, frags)
	return template.HTML(placeholder(len(s.page.groups) - 1))
}

// GuideRole is a declared role, with every step only it can do.
type GuideRole struct {
	ID, Label, Description string
	Steps                  []*StepRef
}

// StepLinks is the role's steps as list items linking to them.
func (r *GuideRole) StepLinks() template.HTML { return stepLinks(r.Steps, "", false, true) }

// WaitLinks is the steps with a wait as list items linking to them.
func (p *GuidePage) WaitLinks() template.HTML { return stepLinks(p.Waits, "", true, true) }

// Question is one fact of the questionnaire.
type Question struct {
	Name     string
	Text     string // the fact's question
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
	role       *facts.Role
	flag       string   // HTML
	skipReason string   // HTML
	frag       [][]byte // its HTML, in pieces: the markup around its body, and the body
}

// texts is the interface text of a page in one language.
type texts struct{ strings, guide map[string]string }

func textsFor(lang string) texts {
	g, ok := guideMessages[lang]
	if !ok {
		g = guideMessages["en"]
	}
	return texts{strings: stringsFor(lang), guide: g}
}

// T returns the interface text for key.
func (t texts) T(key string) string {
	if s, ok := t.guide[key]; ok {
		return s
	}
	if s, ok := t.strings[key]; ok {
		return s
	}
	return messages["en"][key]
}

// Tf formats the interface text for key with args.
func (t texts) Tf(key string, args ...any) string { return fmt.Sprintf(t.T(key), args...) }

// N is Page.N: the singular "key.one" when n is 1 and the language has it.
func (t texts) N(key string, n int, args ...any) string {
	if n == 1 {
		if _, ok := t.strings[key+".one"]; ok {
			key += ".one"
		}
	}
	return fmt.Sprintf(t.T(key), append([]any{n}, args...)...)
}

// GuideHTML renders guide.html: the whole guide, flagged, with the
// questionnaire that personalises it in the reader's browser. Steps are
// written on every core and spliced into the page, as Render does; bodies
// frozen by Prerender are used as they are.
func GuideHTML(g *guide.Guide, t *Templates, o Options) ([]byte, error) {
	lang := pageLang(g.Language)
	pg := &GuidePage{
		texts:      textsFor(lang),
		Lang:       lang,
		Title:      g.Title,
		StorageKey: storageKey(g.Title, ""),
	}
	flags := newFlagger(pg.T, g.Schema)
	opts := guideBodyOptions(g, pg.T, flags, o.Minify)
	targets := guideTargets{g}
	b := &guideBodies{opts: opts}
	intro, err := b.render(g.Intro, introOffset)
	if err != nil {
		return nil, err
	}
	pg.Intro = template.HTML(intro)
	roles := map[string]*GuideRole{}
	for _, r := range g.Schema.Roles {
		gr := &GuideRole{ID: r.ID, Label: r.Label, Description: r.Description}
		roles[r.ID] = gr
		pg.Roles = append(pg.Roles, gr)
	}
	var steps []*guideStep
	titles := map[string]string{}
	for _, s := range g.Sections {
		gs := &GuideSection{ID: s.ID, Title: s.Title, Required: s.Required, SkipReason: targets.reasonHTML(s.SkipReason), page: pg}
		if s.When != nil {
			gs.When, gs.Flag = s.When.Source, template.HTML(flags.Flag(s.When))
		}
		body, err := b.render(s.Body, sectionOffset)
		if err != nil {
			return nil, err
		}
		gs.Body = template.HTML(body)
		for _, st := range s.Steps {
			gst := &guideStep{Step: st, role: g.Schema.Role(st.Role), skipReason: string(targets.reasonHTML(st.SkipReason))}
			if st.When != nil {
				gst.flag = flags.Flag(st.When)
			}
			ref := &StepRef{ID: st.ID, Title: st.Title, Wait: st.Wait}
			if r := roles[st.Role]; r != nil {
				r.Steps = append(r.Steps, ref)
			}
			if st.Wait != "" {
				pg.Waits = append(pg.Waits, ref)
			}
			titles[st.ID] = st.Title
			gs.steps = append(gs.steps, gst)
			steps = append(steps, gst)
		}
		gs.Steps = len(gs.steps)
		pg.Total += gs.Steps
		pg.Sections = append(pg.Sections, gs)
	}
	pg.Questions = questions(g.Schema, pg.texts)
	for _, r := range g.Schema.Rules {
		pg.Rules = append(pg.Rules, r.Message)
	}
	data, err := guideData(g, pg.texts)
	if err != nil {
		return nil, err
	}
	pg.Data = template.JS(data)
	if err := writeGuideSteps(pg, steps, titles, opts, o.Minify); err != nil {
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
		assets = t.minAssets
	}
	return spliceFrags(out, pg.groups, assets)
}

// guideBodies renders bodies for the guide page, one renderer per heading
// offset; a body that Prerender froze is used as it was rendered then.
type guideBodies struct {
	opts      markdown.Options
	renderers map[int]*markdown.Renderer
	buf       bytes.Buffer
}

// render renders a body with its headings shifted by offset, into a buffer
// the next call reuses: the caller must copy what it keeps.
func (b *guideBodies) render(d *markdown.Doc, offset int) ([]byte, error) {
	html, _, err := b.renderKept(d, offset)
	return html, err
}

// renderKept is render, and reports whether the HTML is the body's own,
// frozen as it was loaded, which the caller may keep without copying.
func (b *guideBodies) renderKept(d *markdown.Doc, offset int) ([]byte, bool, error) {
	if d == nil || d.Empty() {
		return nil, true, nil
	}
	if html, ok := d.FrozenVariants(); ok {
		return bytes.TrimSpace(html), true, nil
	}
	r := b.renderers[offset]
	if r == nil {
		if b.renderers == nil {
			b.renderers = map[int]*markdown.Renderer{}
		}
		o := b.opts
		o.HeadingOffset = offset
		r = markdown.NewRenderer(o)
		b.renderers[offset] = r
	}
	b.buf.Reset()
	if err := r.Render(&b.buf, d); err != nil {
		return nil, false, err
	}
	return bytes.TrimSpace(b.buf.Bytes()), false, nil
}

// guideBodyOptions are the Markdown options of the guide page's bodies.
func guideBodyOptions(g *guide.Guide, t func(string) string, flags *flagger, compact bool) markdown.Options {
	o := bodyOptions(t, nil, "", compact)
	o.Variants = flags
	o.Refs = guideTargets{g}
	return o
}

// guideTargets resolves the guide page's cross-references: every step
// and section is on the page, by its title; which are skipped the page's
// script marks, as the reader answers.
type guideTargets struct{ g *guide.Guide }

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
			return s.Title, false, true
		}
		for _, st := range s.Steps {
			if kind == markdown.StepRef && st.ID == id {
				return st.Title, false, true
			}
		}
	}
	return "", false, false
}

// guideRenderer returns, for Prerender, a maker of the guide page's body
// renderers by heading offset: a body frozen for one service is frozen for
// the guide page at the same time.
func guideRenderer(g *guide.Guide, o Options) func(offset int) *markdown.Renderer {
	tx := textsFor(pageLang(g.Language))
	flags := newFlagger(tx.T, g.Schema)
	opts := guideBodyOptions(g, tx.T, flags, o.Minify)
	return func(offset int) *markdown.Renderer {
		oo := opts
		oo.HeadingOffset = offset
		return markdown.NewRenderer(oo)
	}
}

// writeGuideSteps renders every step's body and HTML, on every core.
func writeGuideSteps(pg *GuidePage, steps []*guideStep, titles map[string]string, opts markdown.Options, minified bool) error {
	errs := make([]error, len(steps))
	parallel.Do(len(steps), 0, func() func(int) {
		b := &guideBodies{opts: opts}
		var m *minify.M
		if minified {
			m = htmlMinifier()
		}
		var buf bytes.Buffer
		return func(i int) {
			st := steps[i]
			body, kept, err := b.renderKept(st.Body, stepOffset)
			if err != nil {
				errs[i] = err
				return
			}
			if !kept {
				body = bytes.Clone(body)
			}
			buf.Reset()
			writeGuideStep(&buf, pg, st, titles, len(body) > 0)
			var markup []byte
			if m != nil {
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

// questions lists the questionnaire's fields, one per declared fact.
func questions(s *facts.Schema, tx texts) []*Question {
	var out []*Question
	for _, d := range s.Facts {
		q := &Question{Name: d.Name, Text: d.Question, Type: string(d.Type), Default: d.HasDefault, Required: !d.HasDefault}
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

// guideData is the JSON guide.js reads from the page.
func guideData(g *guide.Guide, tx texts) ([]byte, error) {
	type factJSON struct {
		Name     string   `json:"name"`
		Type     string   `json:"type"`
		Question string   `json:"q"`
		Default  any      `json:"default,omitempty"`
		Has      bool     `json:"hasDefault,omitempty"`
		Values   []string `json:"values,omitempty"`
	}
	type condJSON = *cond.Tree
	type ruleJSON struct {
		When    string `json:"c"`
		Message string `json:"m"`
	}
	data := struct {
		Title string              `json:"title"`
		Facts []factJSON          `json:"facts"`
		Conds map[string]condJSON `json:"conds"`
		Rules []ruleJSON          `json:"rules"`
		Text  map[string]string   `json:"t"`
	}{Title: g.Title, Conds: map[string]condJSON{}, Rules: []ruleJSON{}, Text: map[string]string{}}
	for _, d := range g.Schema.Facts {
		data.Facts = append(data.Facts, factJSON{Name: d.Name, Type: string(d.Type), Question: d.Question, Default: d.Default, Has: d.HasDefault, Values: d.Values})
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
	addBody(g.Intro)
	for _, s := range g.Sections {
		add(s.When)
		addBody(s.Body)
		for _, st := range s.Steps {
			add(st.When)
			addBody(st.Body)
		}
	}
	for _, r := range g.Schema.Rules {
		if c, ok := r.Cond.(*cond.Cond); ok {
			add(c)
			data.Rules = append(data.Rules, ruleJSON{When: c.Source, Message: r.Message})
		}
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}
	for _, key := range []string{"refSkipped", "reasonGenerated", "reasonAnd", "reasonAnswer", "reasonLacks", "reasonHas", "reasonNoFact",
		"answerYes", "answerNo", "answerNone", "roleStepCount", "roleStepCount.one", "yourService"} {
		data.Text[key] = tx.T(key)
	}
	for key, s := range tx.guide {
		if strings.HasPrefix(key, "js.") {
			data.Text[strings.TrimPrefix(key, "js.")] = s
		}
	}
	// As html/template writes JSON in a script: no "</script>" can close it.
	out, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	return out, nil
}

package guide

import (
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"prereq/internal/diag"
	"prereq/internal/dirfs"
	"prereq/internal/facts"
	"prereq/internal/markdown"
)

// A translation is a file named after its original with a language code
// before .md: 01-register-app.ko.md beside 01-register-app.md, _index.ko.md
// beside a section's or the guide's _index.md. It holds only what is shown
// (titles, skip reasons, where, waits, bodies, fact questions and role
// labels); what decides (ids, conditions, roles, order, fact types) is the
// original's alone.

// Text is what is shown of a section or step in one language.
type Text struct {
	Lang       string // the language it is written in
	File       string // the file it comes from, as printed in messages
	Title      string
	SkipReason string
	Where      string // steps only
	WhereURL   string // steps only: the address of the place Where names, "" for plain text
	Wait       string // steps only: display text; the numbers are the original's
	Body       *markdown.Doc
	reasonAt   literalAt // where SkipReason is written, when it may hold references
	waitAt     diag.Pos  // where Wait is written
	whereAt    diag.Pos  // where Where is written
}

// GuideText is the guide's own text in one language, from _index.LANG.md.
type GuideText struct {
	Lang      string
	File      string
	Title     string
	Intro     *markdown.Doc
	Questions map[string]string   // fact name -> question; only the facts translated
	Roles     map[string]RoleText // role id -> label and description; only the roles translated
	Places    map[string]string   // place id -> label; only the places translated
	// Rules holds the message of each of the guide's [[rules]], in their
	// order; nil when the translation words none of them.
	Rules []string
}

// RoleText is a role's label and description in one language; "" where the
// translation leaves one out.
type RoleText struct{ Label, Description string }

// langCode is the part of a translation's file name that names its
// language: two lowercase letters, as in ISO 639-1.
var langCode = regexp.MustCompile(`^[a-z]{2}$`)

// splitLang reads a file name as a translation's: "01-x.ko.md" gives
// "01-x.md" and "ko". ok is false for a name with no language code.
func splitLang(name string) (original, lang string, ok bool) {
	stem, isMD := strings.CutSuffix(name, ".md")
	dot := strings.LastIndexByte(stem, '.')
	if !isMD || dot < 0 || !langCode.MatchString(stem[dot+1:]) {
		return "", "", false
	}
	return stem[:dot] + ".md", stem[dot+1:], true
}

// checkLang reports a translation whose language prereq has no interface
// text for: every page in a language is in it from frame to body.
func checkLang(p, lang string, errs *diag.List) bool {
	if slices.Contains(facts.Languages, lang) {
		return true
	}
	errs.Add(diag.Pos{Path: p}, "%s is not a language prereq has interface text for%s: translations may be into %s",
		lang, diag.DidYouMean(lang, facts.Languages), strings.Join(facts.Languages, ", "))
	return false
}

// StepText returns what is shown of the step in lang: its translation into lang,
// with what the translation leaves out taken from the original, else the
// original, in the guide's language. The Text's Lang says which.
func (g *Guide) StepText(st *Step, lang string) Text {
	t := g.itemText(&st.Item, lang)
	if tr := st.Translations[t.Lang]; tr != nil && t.Lang != g.Language {
		t.Where, t.Wait = cmpOr(tr.Where, st.Where), cmpOr(tr.Wait, st.Wait)
	} else {
		t.Where, t.Wait = st.Where, st.Wait
	}
	if len(g.Places) > 0 && st.Where != "" {
		t.Where, t.WhereURL = g.Place(st.Where, t.Lang)
	}
	return t
}

// SectionText returns what is shown of the section in lang, as StepText.
func (g *Guide) SectionText(s *Section, lang string) Text {
	return g.itemText(&s.Item, lang)
}

func (g *Guide) itemText(it *Item, lang string) Text {
	if tr := it.Translations[lang]; tr != nil && lang != g.Language {
		return Text{Lang: lang, File: tr.File, Title: tr.Title, SkipReason: cmpOr(tr.SkipReason, it.SkipReason), Body: tr.Body}
	}
	return Text{Lang: g.Language, File: it.File, Title: it.Title, SkipReason: it.SkipReason, Body: it.Body}
}

// In returns the guide's title and intro in lang, from its translation
// when there is one, and the language they are in.
func (g *Guide) In(lang string) GuideText {
	if tr := g.Translations[lang]; tr != nil && lang != g.Language {
		out := *tr
		out.Title = cmpOr(tr.Title, g.Title)
		return out
	}
	return GuideText{Lang: g.Language, File: g.File, Title: g.Title, Intro: g.Intro}
}

// Question returns a fact's question in lang: translated when the guide's
// _index.LANG.md translates it, else as declared. Every wording of a fact
// for people goes through it (or QuestionIn).
func (g *Guide) Question(name, lang string) string {
	q, _ := g.QuestionIn(name, lang)
	return q
}

// QuestionIn is Question, with the language the question is in.
func (g *Guide) QuestionIn(name, lang string) (question, in string) {
	if q := g.Translations[lang].question(name); q != "" && lang != g.Language {
		return q, lang
	}
	if d := g.Schema.Fact(name); d != nil {
		return d.Question, g.Language
	}
	return "", g.Language
}

func (t *GuideText) question(name string) string {
	if t == nil {
		return ""
	}
	return t.Questions[name]
}

// RuleMessage returns what a site file that breaks r is told, in lang:
// the message the guide's _index.LANG.md gives the rule when it gives one,
// else the rule's own.
func (g *Guide) RuleMessage(r *facts.Rule, lang string) string {
	m, _ := g.RuleMessageIn(r, lang)
	return m
}

// RuleMessageIn is RuleMessage, with the language the message is in.
func (g *Guide) RuleMessageIn(r *facts.Rule, lang string) (message, in string) {
	if tr := g.Translations[lang]; tr != nil && lang != g.Language && r.Index < len(tr.Rules) && tr.Rules[r.Index] != "" {
		return tr.Rules[r.Index], lang
	}
	return r.Message, g.Language
}

// ruleMessages reads a translation's [[rules]]: one table per rule of the
// original, in its order, each with a message and nothing else, since
// what a rule requires is the original's to say. want is how many rules
// the original declares.
func (m *meta) ruleMessages(want int, original string, errs *diag.List) []string {
	raw, set := m.raw["rules"]
	if !set {
		return nil
	}
	tables, ok := facts.Tables(raw)
	if !ok && raw != nil {
		errs.Add(m.at("rules"), "rules must be an array of tables: one [[rules]] with a message for each rule of %s, in its order", original)
		return nil
	}
	if len(tables) != want {
		errs.Add(m.at("rules"), "%d [[rules]] here, %d in %s: a translation gives a message for each rule, in the same order", len(tables), want, original)
	}
	out := make([]string, len(tables))
	for i, t := range tables {
		n := strconv.Itoa(i)
		for _, k := range slices.Sorted(maps.Keys(t)) {
			switch k {
			case "message":
				s, isStr := t[k].(string)
				if !isStr || strings.TrimSpace(s) == "" {
					errs.Add(m.at("rules", n, k), "rules.message must be a non-empty string: what a site file that breaks the rule is told")
					continue
				}
				out[i] = strings.TrimSpace(s)
			case "require":
				errs.Add(m.at("rules", n, k), "rules.require cannot be set in a translation: set it in %s", original)
			default:
				errs.Add(m.at("rules", n, k), "unknown key rules.%s%s", k, diag.DidYouMean(k, []string{"message"}))
			}
		}
	}
	return out
}

// Role returns a role's label and description in lang, each translated
// when the guide's _index.LANG.md translates it.
func (g *Guide) Role(id, lang string) RoleText {
	var out RoleText
	if r := g.Schema.Role(id); r != nil {
		out = RoleText{Label: r.Label, Description: r.Description}
	}
	if tr := g.Translations[lang]; tr != nil && lang != g.Language {
		t := tr.Roles[id]
		out.Label, out.Description = cmpOr(t.Label, out.Label), cmpOr(t.Description, out.Description)
	}
	return out
}

// Languages lists the languages the guide has any translation into,
// sorted.
func (g *Guide) Languages() []string {
	seen := map[string]bool{}
	for lang := range g.Translations {
		seen[lang] = true
	}
	for _, s := range g.Sections {
		for lang := range s.Translations {
			seen[lang] = true
		}
		for _, st := range s.Steps {
			for lang := range st.Translations {
				seen[lang] = true
			}
		}
	}
	delete(seen, g.Language)
	return slices.Sorted(maps.Keys(seen))
}

// Untranslated lists, for each original with no translation into lang, a
// message at the original naming the file to add, in guide order: the
// guide's _index.md, then each section's _index.md and steps.
func (g *Guide) Untranslated(lang string) diag.List {
	if lang == g.Language {
		return nil
	}
	var out diag.List
	missing := func(file string) {
		out.Add(diag.Pos{Path: file}, "no %s translation (%s)", lang, translationName(file, lang))
	}
	if g.Translations[lang] == nil {
		missing(g.File)
	}
	for _, s := range g.Sections {
		if s.Translations[lang] == nil {
			missing(s.File)
		}
		for _, st := range s.Steps {
			if st.Translations[lang] == nil {
				missing(st.File)
			}
		}
	}
	return out
}

// translationName is the name of a file's translation into lang:
// "01-x.md" gives "01-x.ko.md".
func translationName(file, lang string) string {
	return strings.TrimSuffix(path.Base(file), ".md") + "." + lang + ".md"
}

func cmpOr(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

// shownKeys are the front matter keys a translation may set.
var shownKeys = map[kind][]string{
	guideFile:   {"title", "facts", "roles", "rules", "places"},
	sectionFile: {"title", "skip_reason"},
	stepFile:    {"title", "skip_reason", "where", "wait"},
}

// checkTranslationKeys reports keys a translation may not set: a key that
// decides is the original's to set.
func (m *meta) checkTranslationKeys(k kind, original string) {
	for _, key := range slices.Sorted(maps.Keys(m.raw)) {
		switch {
		case slices.Contains(shownKeys[k], key):
		case key == "language":
			m.errs.Add(m.at(key), "language cannot be set in a translation: its file name (%s) says its language", path.Base(m.path))
		case slices.Contains(keysOf[k], key):
			m.errs.Add(m.at(key), "%s cannot be set in a translation: set it in %s", key, path.Base(original))
		default:
			m.errs.Add(m.at(key), "unknown front matter key %s%s", key, diag.DidYouMean(key, shownKeys[k]))
		}
	}
}

// parseText decodes a section's or step's translation.
func parseText(p, original, lang string, src []byte, k kind, md *markdown.Parser) (*Text, diag.List) {
	var errs diag.List
	m, fm, ok := decodeMeta(p, src, &errs)
	if !ok {
		return nil, errs
	}
	m.checkTranslationKeys(k, original)
	t := &Text{Lang: lang, File: p, Title: m.title()}
	t.SkipReason = strings.TrimSpace(m.str("skip_reason"))
	t.reasonAt = m.reasonPos()
	if k == stepFile {
		t.Where = strings.TrimSpace(m.str("where"))
		if t.Where != "" {
			t.whereAt = m.at("where")
		}
		t.Wait = strings.TrimSpace(m.str("wait"))
		if t.Wait != "" {
			t.waitAt = m.at("wait")
		}
	}
	body, bodyErrs := md.Parse(p, fm.bodyLine, fm.body)
	errs.Append(bodyErrs...)
	t.Body = body
	return t, errs
}

// title reads a file's title, which every content file needs.
func (m *meta) title() string {
	t := strings.TrimSpace(m.str("title"))
	if t == "" {
		if _, set := m.raw["title"]; set {
			m.errs.Add(m.at("title"), "title is empty")
		} else {
			m.errs.Add(diag.Pos{Path: m.path, Line: 1}, "missing title in front matter")
		}
	}
	return t
}

// parseGuideText decodes the guide's _index.LANG.md against the schema
// its _index.md declares.
func parseGuideText(p, original, lang string, src []byte, schema *facts.Schema, places []string, rules int, md *markdown.Parser) (*GuideText, diag.List) {
	var errs diag.List
	m, fm, ok := decodeMeta(p, src, &errs)
	if !ok {
		return nil, errs
	}
	m.checkTranslationKeys(guideFile, original)
	t := &GuideText{Lang: lang, File: p, Title: m.title(), Questions: map[string]string{}, Roles: map[string]RoleText{}, Places: map[string]string{}}
	orig := path.Base(original)
	each := func(table, what string, known []string, do func(name string, tbl map[string]any)) {
		entries := m.table(table)
		for _, name := range slices.Sorted(maps.Keys(entries)) {
			if !slices.Contains(known, name) {
				errs.Add(m.at(table, name), "unknown %s %s%s; %s", what, name, diag.DidYouMean(name, known), facts.Declared(table, known))
				continue
			}
			tbl, isTable := entries[name].(map[string]any)
			if !isTable {
				errs.Add(m.at(table, name), "%s.%s must be a table", table, name)
				continue
			}
			do(name, tbl)
		}
	}
	str := func(v any, key ...string) string {
		s, isStr := v.(string)
		if !isStr {
			errs.Add(m.at(key...), "%s must be a string", strings.Join(key, "."))
		}
		return strings.TrimSpace(s)
	}
	each("facts", "fact", schema.FactNames(), func(name string, tbl map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(tbl)) {
			switch k {
			case "question":
				t.Questions[name] = str(tbl[k], "facts", name, k)
			case "type", "default", "values":
				errs.Add(m.at("facts", name, k), "facts.%s.%s cannot be set in a translation: set it in %s", name, k, orig)
			default:
				errs.Add(m.at("facts", name, k), "unknown key facts.%s.%s%s", name, k, diag.DidYouMean(k, []string{"question"}))
			}
		}
	})
	each("roles", "role", schema.RoleIDs(), func(id string, tbl map[string]any) {
		var r RoleText
		for _, k := range slices.Sorted(maps.Keys(tbl)) {
			switch k {
			case "label":
				r.Label = str(tbl[k], "roles", id, k)
			case "description":
				r.Description = str(tbl[k], "roles", id, k)
			default:
				errs.Add(m.at("roles", id, k), "unknown key roles.%s.%s%s", id, k, diag.DidYouMean(k, []string{"label", "description"}))
			}
		}
		t.Roles[id] = r
	})
	each("places", "place", places, func(id string, tbl map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(tbl)) {
			switch k {
			case "label":
				t.Places[id] = str(tbl[k], "places", id, k)
			case "url":
				errs.Add(m.at("places", id, k), "places.%s.url cannot be set in a translation: a place has one address, set in %s", id, orig)
			default:
				errs.Add(m.at("places", id, k), "unknown key places.%s.%s%s", id, k, diag.DidYouMean(k, []string{"label"}))
			}
		}
	})
	t.Rules = m.ruleMessages(rules, orig, &errs)
	intro, introErrs := md.Parse(p, fm.bodyLine, fm.body)
	errs.Append(introErrs...)
	t.Intro = intro
	return t, errs
}

// readGuideTexts reads the guide's translations found by the last scan,
// again when invalidated or when the guide's _index.md was read again.
func (l *Loader) readGuideTexts(guideLang string, errs *diag.List) map[string]*GuideText {
	var out map[string]*GuideText
	seen := make(map[string]bool, len(l.guideTexts))
	indexPath := path.Join(l.root, "_index.md")
	for _, t := range l.guideTexts {
		seen[t.path] = true
		p, ok := l.texts[t.path]
		if !ok || l.isStale(t.path) {
			l.reshaped = true
			p = parsedGuideText{}
			if src, err := dirfs.Read(l.fsys, t.path, dirfs.Content); err != nil {
				p.errs = diag.List{{Pos: diag.Pos{Path: t.path}, Msg: errText(err), Err: err}}
			} else {
				p.text, p.errs = parseGuideText(t.path, indexPath, t.lang, src, l.index.guide.Schema, l.index.guide.PlaceIDs(), l.index.rules, l.parser)
			}
			if p.text != nil {
				p.errs = append(p.errs, l.showImages(t.path, p.text.Intro)...)
				if err := l.finishBody(IntroBody, t.lang, p.text.Intro); err != nil {
					p.errs.Add(diag.Pos{Path: t.path}, "%v", err)
				}
			}
			l.texts[t.path] = p
		}
		*errs = append(*errs, p.errs...)
		if p.text == nil || !l.ownLanguage(t, guideLang, indexPath, errs) {
			continue
		}
		if out == nil {
			out = map[string]*GuideText{}
		}
		out[t.lang] = p.text
	}
	for p := range l.texts {
		if !seen[p] {
			delete(l.texts, p)
			l.reshaped = true
		}
	}
	return out
}

// ownLanguage reports a translation into the guide's own language, which
// would say the same as its original: false when t is one.
func (l *Loader) ownLanguage(t textFile, guideLang, original string, errs *diag.List) bool {
	if t.lang != guideLang {
		return true
	}
	errs.Add(diag.Pos{Path: t.path}, "the guide is in %s already (language in %s): write this text in %s, or remove %s",
		guideLang, path.Join(l.root, "_index.md"), path.Base(original), path.Base(t.path))
	return false
}

// parseText reads a section's or step's translation.
func (l *Loader) parseText(p, original, lang string, k kind) parsed {
	src, err := dirfs.Read(l.fsys, p, dirfs.Content)
	if err != nil {
		return parsed{errs: diag.List{{Pos: diag.Pos{Path: p}, Msg: errText(err), Err: err}}}
	}
	text, errs := parseText(p, original, lang, src, k, l.parser)
	if text != nil {
		errs = append(errs, l.showImages(p, text.Body)...)
		if err := l.finishBody(bodyKind(k), lang, text.Body); err != nil {
			errs.Add(diag.Pos{Path: p}, "%v", err)
		}
	}
	return parsed{text: text, errs: errs}
}

// translations gathers an original's translations as last read, and their
// errors.
func (l *Loader) translations(files []textFile, guideLang string, errs *diag.List) map[string]*Text {
	var out map[string]*Text
	for _, t := range files {
		p := l.cache[t.path]
		*errs = append(*errs, p.errs...)
		original, _, _ := splitLang(path.Base(t.path))
		if p.text == nil || !l.ownLanguage(t, guideLang, original, errs) {
			continue
		}
		if out == nil {
			out = map[string]*Text{}
		}
		out[t.lang] = p.text
	}
	return out
}

// pair returns the step with its translations: the step itself when it
// has none, the same pairing as the last Load's when neither it nor its
// translations were read again since, else a new one. It records the
// pairing in paired.
func (l *Loader) pair(st *Step, p string, files []textFile, guideLang string, paired map[string]pairedStep, errs *diag.List) *Step {
	texts := l.translations(files, guideLang, errs)
	checkTextWaits(st, texts, errs)
	if texts == nil {
		return st
	}
	list := slices.SortedFunc(maps.Values(texts), func(a, b *Text) int { return strings.Compare(a.Lang, b.Lang) })
	if last, ok := l.paired[p]; ok && last.original == st && slices.Equal(last.texts, list) {
		paired[p] = last
		return last.step
	}
	cp := *st
	cp.Translations = texts
	paired[p] = pairedStep{original: st, texts: list, step: &cp}
	return &cp
}

// sameText reports whether two readings of a translation differ at most in
// the body.
func sameText(a, b *Text) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	x.Body, y.Body = nil, nil
	return x == y
}

package guide

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/markdown"
	"prereq/internal/tomlpos"
)

// kind is the kind of content file, which decides the keys it may hold.
type kind int

const (
	guideFile kind = iota
	sectionFile
	stepFile
)

var keysOf = map[kind][]string{
	guideFile:   {"title", "language", "facts", "roles", "rules", "remote_images", "holidays", "theme", "places"},
	sectionFile: {"title", "id", "weight", "required", "when", "skip_reason"},
	stepFile:    {"title", "id", "weight", "required", "when", "skip_reason", "role", "where", "after", "wait"},
}

func (k kind) String() string {
	return [...]string{"guide", "section", "step"}[k]
}

// meta is a file's decoded front matter with the means to place messages.
type meta struct {
	path string
	raw  map[string]any
	toml []byte
	ix   tomlpos.Index // nil until index is called
	line int           // file line of the front matter's first line
	errs *diag.List
}

// decodeMeta splits and decodes a file's front matter. ok is false when the
// file cannot be read further.
func decodeMeta(path string, src []byte, errs *diag.List) (m *meta, fm frontMatter, ok bool) {
	fm, err := splitFrontMatter(src)
	if err != nil {
		errs.Add(diag.Pos{Path: path, Line: 1}, "%v", err)
		return nil, fm, false
	}
	m = &meta{path: path, line: fm.tomlLine, errs: errs}
	if _, err := toml.Decode(string(fm.toml), &m.raw); err != nil {
		errs.Append(facts.TOMLError(path, fm.toml, err, fm.tomlLine-1)...)
		return nil, fm, false
	}
	m.toml = fm.toml
	return m, fm, true
}

// index returns where the front matter's keys stand, scanning it the first
// time: most files never need a position.
func (m *meta) index() tomlpos.Index {
	if m.ix == nil {
		m.ix = tomlpos.Scan(m.toml)
	}
	return m.ix
}

// at places a key path in the file.
func (m *meta) at(key ...string) diag.Pos {
	p := m.index().Lookup(key...)
	if p.Line == 0 {
		return diag.Pos{Path: m.path, Line: 1}
	}
	return diag.Pos{Path: m.path, Line: p.Line + m.line - 1, Col: p.Col}
}

// checkKeys reports keys the file's kind does not allow.
func (m *meta) checkKeys(k kind) {
	allowed := keysOf[k]
	for _, key := range slices.Sorted(maps.Keys(m.raw)) {
		if slices.Contains(allowed, key) {
			continue
		}
		hint := diag.DidYouMean(key, allowed)
		if hint == "" {
			for other, keys := range keysOf {
				if other != k && slices.Contains(keys, key) {
					hint = fmt.Sprintf(" (%s is only allowed in a %s file)", key, other)
				}
			}
		}
		m.errs.Add(m.at(key), "unknown front matter key %s%s", key, hint)
	}
}

func (m *meta) typeErr(key, want string) {
	m.errs.Add(m.at(key), "%s must be %s", key, want)
}

func (m *meta) str(key string) string {
	v, ok := m.raw[key]
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		m.typeErr(key, "a string")
	}
	return s
}

func (m *meta) boolean(key string) bool {
	v, ok := m.raw[key]
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		m.typeErr(key, "true or false")
	}
	return b
}

func (m *meta) integer(key string) int {
	v, ok := m.raw[key]
	if !ok {
		return 0
	}
	n, ok := v.(int64)
	if !ok {
		m.typeErr(key, "a whole number")
	}
	return int(n)
}

func (m *meta) strings(key string) []string {
	v, ok := m.raw[key]
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, isStr := e.(string)
		if !isStr {
			ok = false
			break
		}
		out = append(out, s)
	}
	if !ok {
		m.typeErr(key, `a list of strings, e.g. ["register-app"]`)
		return nil
	}
	return out
}

func (m *meta) table(key string) map[string]any {
	v, ok := m.raw[key]
	if !ok {
		return nil
	}
	t, ok := v.(map[string]any)
	if !ok {
		m.typeErr(key, "a table")
	}
	return t
}

// condition compiles the `when` key; errors point into the expression.
func (m *meta) condition(conds *cond.Compiler) *cond.Cond {
	src := m.str("when")
	if src == "" {
		if _, set := m.raw["when"]; set {
			m.errs.Add(m.at("when"), "when is empty: remove it or write a condition")
		}
		return nil
	}
	return m.compile(conds, src, "when")
}

// compile compiles the condition src written at the key path; errors point
// into the expression and are prefixed with the key's last part.
func (m *meta) compile(conds *cond.Compiler, src string, key ...string) *cond.Cond {
	c, err := conds.Compile(src)
	if err != nil {
		lit, at := m.literal(key...)
		m.errs.Add(inLiteral(lit, at, err.Offset), "%s: %s", key[len(key)-1], err.Msg)
		return nil
	}
	return c
}

// literal returns the string literal written as the key's value, as TOML
// writes it, and where it starts in the file; "" and the key's place when
// the value is not a string written in the front matter.
func (m *meta) literal(key ...string) (string, diag.Pos) {
	p := m.index().Lookup(key...)
	lit := ""
	if p.ValueCol > 0 {
		lit = tomlpos.StringAt(m.toml, p.ValueOff)
	}
	if lit == "" {
		return "", m.at(key...)
	}
	return lit, diag.Pos{Path: m.path, Line: p.Line + m.line - 1, Col: p.ValueCol}
}

// inLiteral places character off of the value of the string literal lit
// that starts at start; with no literal, at start.
func inLiteral(lit string, start diag.Pos, off int) diag.Pos {
	if lit == "" {
		return start
	}
	lines, col := tomlpos.InString(lit, off)
	if lines == 0 {
		col += start.Col - 1
	}
	return diag.Pos{Path: start.Path, Line: start.Line + lines, Col: col}
}

// elements places each element of the array written as the key's value;
// those not found are placed at the key.
func (m *meta) elements(n int, key ...string) []diag.Pos {
	out := make([]diag.Pos, n)
	for i := range out {
		if p, ok := m.index().Element(i, key...); ok {
			out[i] = diag.Pos{Path: m.path, Line: p.Line + m.line - 1, Col: p.Col}
		} else {
			out[i] = m.at(key...)
		}
	}
	return out
}

// brokenID is the id of a file whose front matter does not decode: the
// one its id key gives, when a string is written there, or the one its
// name gives.
func brokenID(front []byte, name string) string {
	if p := tomlpos.Scan(front).Lookup("id"); p.ValueCol > 0 {
		if id := tomlpos.Unquote(tomlpos.StringAt(front, p.ValueOff)); idPattern.MatchString(id) {
			return id
		}
	}
	return defaultID(name)
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
var numberPrefix = regexp.MustCompile(`^[0-9]+[-_]`)

// defaultID derives an id from a file or folder name: no .md, no number prefix.
func defaultID(name string) string {
	return numberPrefix.ReplaceAllString(strings.TrimSuffix(name, ".md"), "")
}

// parseItem decodes a section or step file.
func parseItem(path, name string, src []byte, k kind, schema *facts.Schema, md *markdown.Parser) (*Step, diag.List) {
	var errs diag.List
	m, fm, ok := decodeMeta(path, src, &errs)
	if !ok {
		// The file still holds its step or section, under the id it
		// gives if that much can be read: an `after` naming it is no
		// error of its own.
		return &Step{Item: Item{File: path, name: name, ID: brokenID(fm.toml, name)}}, errs
	}
	m.checkKeys(k)
	st := &Step{Item: Item{File: path, name: name}}
	st.Title = m.title()
	st.ID = m.str("id")
	if st.ID == "" {
		st.ID = defaultID(name)
	} else {
		st.idAt = m.at("id")
	}
	if !idPattern.MatchString(st.ID) {
		errs.Add(m.at("id"), "id %q must be letters, digits, - and _ (it becomes an HTML anchor)", st.ID)
	}
	st.Weight = m.integer("weight")
	st.Required = m.boolean("required")
	st.When = m.condition(md.Conditions())
	if st.When != nil {
		st.WhenPos = m.at("when")
		st.whenLit, st.whenAt = m.literal("when")
	}
	st.SkipReason = strings.TrimSpace(m.str("skip_reason"))
	st.reasonAt = m.reasonPos()
	if k == stepFile {
		st.Role = m.str("role")
		if st.Role != "" && schema.Role(st.Role) == nil && !schema.BrokenRole(st.Role) {
			errs.Add(m.at("role"), "unknown role %s%s; %s", st.Role, diag.DidYouMean(st.Role, schema.RoleIDs()), facts.Declared("roles", schema.RoleIDs()))
		}
		st.Where = strings.TrimSpace(m.str("where"))
		if st.Where != "" {
			st.whereAt = m.at("where")
		}
		st.After = m.strings("after")
		if len(st.After) > 0 {
			st.afterAt = m.at("after")
			st.afterIDs = m.elements(len(st.After), "after")
		}
		st.Wait = strings.TrimSpace(m.str("wait"))
		st.Lead = m.wait()
	}
	body, bodyErrs := md.Parse(path, fm.bodyLine, fm.body)
	errs.Append(bodyErrs...)
	st.Body = body
	return st, errs
}

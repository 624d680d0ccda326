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
	guideFile:   {"title", "language", "facts", "roles", "rules"},
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
		errs.Append(facts.TOMLError(path, err, fm.tomlLine-1)...)
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
		pos := m.at(key...)
		if p := m.index().Lookup(key...); p.ValueCol > 0 && err.Col > 0 && !strings.Contains(src, "\n") {
			pos.Col = p.ValueCol + err.Col // one past the opening quote
		}
		m.errs.Add(pos, "%s: %s", key[len(key)-1], err.Msg)
		return nil
	}
	return c
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
		return nil, errs
	}
	m.checkKeys(k)
	st := &Step{Item: Item{File: path, name: name}}
	st.Title = m.title()
	st.ID = m.str("id")
	if st.ID == "" {
		st.ID = defaultID(name)
	}
	if !idPattern.MatchString(st.ID) {
		errs.Add(m.at("id"), "id %q must be letters, digits, - and _ (it becomes an HTML anchor)", st.ID)
	}
	st.Weight = m.integer("weight")
	st.Required = m.boolean("required")
	st.When = m.condition(md.Conditions())
	if st.When != nil {
		st.WhenPos = m.at("when")
	}
	st.SkipReason = strings.TrimSpace(m.str("skip_reason"))
	if k == stepFile {
		st.Role = m.str("role")
		if st.Role != "" && schema.Role(st.Role) == nil {
			errs.Add(m.at("role"), "unknown role %s%s; %s", st.Role, diag.DidYouMean(st.Role, schema.RoleIDs()), facts.Declared("roles", schema.RoleIDs()))
		}
		st.Where = strings.TrimSpace(m.str("where"))
		st.After = m.strings("after")
		if len(st.After) > 0 {
			st.afterAt = m.at("after")
		}
		st.Wait = strings.TrimSpace(m.str("wait"))
	}
	body, bodyErrs := md.Parse(path, fm.bodyLine, fm.body)
	errs.Append(bodyErrs...)
	st.Body = body
	return st, errs
}

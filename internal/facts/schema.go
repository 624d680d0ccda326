package facts

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"prereq/internal/diag"
)

// Locator returns where a key path is written, for messages.
type Locator func(key ...string) diag.Pos

var namePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// reserved names cannot be facts: conditions and interpolation use them.
var reserved = map[string]bool{
	"service": true, "true": true, "false": true, "nil": true, "not": true,
	"and": true, "or": true, "in": true, "matches": true, "contains": true,
	"startsWith": true, "endsWith": true, "let": true, "len": true,
}

// ParseSchema checks the [facts] and [roles] tables of a guide's front matter
// and returns the schema they declare. at locates keys for messages.
func ParseSchema(factsTable, rolesTable map[string]any, at Locator) (*Schema, diag.List) {
	var errs diag.List
	s := &Schema{}
	for name, raw := range factsTable {
		pos := at("facts", name)
		if !namePattern.MatchString(name) || reserved[name] {
			errs.Add(pos, "fact name %q must be a plain identifier (letters, digits, _) and not a reserved word", name)
			s.breakFact(name, "")
			continue
		}
		tbl, ok := raw.(map[string]any)
		if !ok {
			errs.Add(pos, "facts.%s must be a table with type and question", name)
			s.breakFact(name, "")
			continue
		}
		d := &Decl{Name: name, Pos: pos}
		if d.parse(tbl, at, &errs) {
			s.Facts = append(s.Facts, d)
		} else {
			s.breakFact(name, d.Type)
		}
	}
	for id, raw := range rolesTable {
		pos := at("roles", id)
		tbl, ok := raw.(map[string]any)
		if !ok {
			errs.Add(pos, "roles.%s must be a table with label and description", id)
			s.breakRole(id)
			continue
		}
		r := &Role{ID: id, Label: id, Pos: pos}
		for k, v := range tbl {
			str, isStr := v.(string)
			switch k {
			case "label", "description":
				if !isStr {
					errs.Add(at("roles", id, k), "roles.%s.%s must be a string, not %s", id, k, typeName(v))
				} else if k == "label" {
					r.Label = str
				} else {
					r.Description = str
				}
			default:
				errs.Add(at("roles", id, k), "unknown key roles.%s.%s%s", id, k, diag.DidYouMean(k, []string{"label", "description"}))
			}
		}
		s.Roles = append(s.Roles, r)
	}
	byPos := func(a, b diag.Pos) int { return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col)) }
	slices.SortFunc(s.Facts, func(a, b *Decl) int { return cmp.Or(byPos(a.Pos, b.Pos), cmp.Compare(a.Name, b.Name)) })
	slices.SortFunc(s.Roles, func(a, b *Role) int { return cmp.Or(byPos(a.Pos, b.Pos), cmp.Compare(a.ID, b.ID)) })
	return s, errs
}

var declKeys = []string{"type", "question", "default", "values"}

// parse fills d from its table and reports whether it is usable.
func (d *Decl) parse(tbl map[string]any, at Locator, errs *diag.List) bool {
	ok := true
	where := func(k string) diag.Pos { return at("facts", d.Name, k) }
	for k := range tbl {
		if !slices.Contains(declKeys, k) {
			errs.Add(where(k), "unknown key facts.%s.%s%s", d.Name, k, diag.DidYouMean(k, declKeys))
		}
	}
	switch t := tbl["type"].(type) {
	case nil:
		errs.Add(d.Pos, "fact %s has no type (one of %s)", d.Name, joinOr(types))
		return false
	case string:
		if !slices.Contains(types, t) {
			errs.Add(where("type"), "fact %s has unknown type %q%s; use one of %s", d.Name, t, suggestType(t), joinOr(types))
			return false
		}
		d.Type = Type(t)
	default:
		errs.Add(where("type"), "facts.%s.type must be a string", d.Name)
		return false
	}
	switch q := tbl["question"].(type) {
	case nil:
		errs.Add(d.Pos, "fact %s has no question: site.toml writers need it", d.Name)
		ok = false
	case string:
		d.Question = q
	default:
		errs.Add(where("question"), "facts.%s.question must be a string", d.Name)
		ok = false
	}
	if raw, has := tbl["values"]; has {
		arr, isArr := raw.([]any)
		for _, v := range arr {
			if s, isStr := v.(string); isStr {
				d.Values = append(d.Values, s)
			} else {
				isArr = false
			}
		}
		switch {
		case !isArr:
			errs.Add(where("values"), "facts.%s.values must be a list of strings", d.Name)
			ok = false
		case d.Type != String && d.Type != List:
			errs.Add(where("values"), "facts.%s.values is only for string and list facts, not %s", d.Name, d.Type)
			ok = false
		}
	}
	if raw, has := tbl["default"]; has {
		v, msg := d.convert(raw)
		if msg != "" {
			errs.Add(where("default"), "default of %s", msg)
			ok = false
		} else {
			d.Default, d.HasDefault = v, true
		}
	}
	return ok
}

func joinOr(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	s := ""
	for i, w := range words[:len(words)-1] {
		if i > 0 {
			s += ", "
		}
		s += w
	}
	return fmt.Sprintf("%s or %s", s, words[len(words)-1])
}

// typeSynonyms maps the names other languages give the fact types to them,
// for suggestions.
var typeSynonyms = map[string]Type{
	"int": Number, "integer": Number, "float": Number, "float64": Number, "int64": Number, "num": Number, "decimal": Number,
	"boolean": Bool, "bool": Bool,
	"str": String, "text": String, "string": String,
	"array": List, "[]string": List, "list": List, "slice": List, "strings": List,
	"number": Number,
}

// suggestType returns a "did you mean" for an unknown type name.
func suggestType(t string) string {
	if syn, ok := typeSynonyms[strings.ToLower(strings.TrimSpace(t))]; ok {
		return " (did you mean " + string(syn) + "?)"
	}
	return diag.DidYouMean(t, types)
}

// Broken reports whether name is a fact the guide declares in error (the
// error is reported at the declaration), with its type when that much is
// known; in a Partial schema every name may be one. A use of such a name
// is not an error of its own.
func (s *Schema) Broken(name string) (bool, Type) {
	if t, ok := s.broken[name]; ok {
		return true, t
	}
	return s.Partial && s.Fact(name) == nil, ""
}

// BrokenRole is Broken for roles.
func (s *Schema) BrokenRole(id string) bool {
	return s.brokenR[id] || s.Partial && s.Role(id) == nil
}

func (s *Schema) breakFact(name string, t Type) {
	if s.broken == nil {
		s.broken = map[string]Type{}
	}
	s.broken[name] = t
}

func (s *Schema) breakRole(id string) {
	if s.brokenR == nil {
		s.brokenR = map[string]bool{}
	}
	s.brokenR[id] = true
}

// Mentioned lists every fact name the guide declares, those declared in
// error included (after the others, sorted): what a misspelt name may
// have meant.
func (s *Schema) Mentioned() []string {
	names := s.FactNames()
	for _, n := range slices.Sorted(maps.Keys(s.broken)) {
		if namePattern.MatchString(n) {
			names = append(names, n)
		}
	}
	return names
}

// Package facts holds what a guide lets a partner say about its service: the
// declared facts (their types, questions, defaults and allowed values) and
// roles, and the values one site file gives them.
//
// A Schema comes from the guide's front matter; a Site comes from site.toml
// checked against that Schema, or from a Site with query-string overrides
// applied (the live preview). Values are typed as conditions see them: bool,
// string, float64, and []string for lists.
package facts

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"prereq/internal/diag"
)

// Type is a fact's declared type.
type Type string

// The fact types a guide may declare.
const (
	Bool   Type = "bool"
	String Type = "string"
	Number Type = "number"
	List   Type = "list"
)

var types = []string{string(Bool), string(String), string(Number), string(List)}

// Decl declares one fact.
type Decl struct {
	Name       string
	Type       Type
	Question   string
	Default    any // typed like a Value; nil when HasDefault is false
	HasDefault bool
	Values     []string // allowed values of a string or list fact; empty: any
	Pos        diag.Pos
}

// Allows reports whether s is an allowed value of d.
func (d *Decl) Allows(s string) bool {
	return len(d.Values) == 0 || slices.Contains(d.Values, s)
}

// Zero is the zero value of the fact's type, as conditions see it.
func (d *Decl) Zero() any {
	switch d.Type {
	case Bool:
		return false
	case Number:
		return float64(0)
	case List:
		return []string{}
	default:
		return ""
	}
}

// Role is an account that alone may do some steps.
type Role struct {
	ID          string
	Label       string
	Description string
	Pos         diag.Pos
}

// Schema is the set of facts and roles a guide declares, in the order the
// guide declares them, and the rules between facts.
type Schema struct {
	Facts []*Decl
	Roles []*Role
	Rules []*Rule
	// Partial is set when the guide's declarations could not be read at
	// all (its front matter does not parse): any name may then be one it
	// meant to declare. See Broken.
	Partial bool
	broken  map[string]Type // facts declared in error: their type, "" unknown
	brokenR map[string]bool // roles declared in error
}

// Fact returns the declaration of name, or nil.
func (s *Schema) Fact(name string) *Decl {
	for _, d := range s.Facts {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// Role returns the role with the id, or nil.
func (s *Schema) Role(id string) *Role {
	for _, r := range s.Roles {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// FactNames lists the declared fact names.
func (s *Schema) FactNames() []string {
	names := make([]string, len(s.Facts))
	for i, d := range s.Facts {
		names[i] = d.Name
	}
	return names
}

// RoleIDs lists the declared role ids.
func (s *Schema) RoleIDs() []string {
	ids := make([]string, len(s.Roles))
	for i, r := range s.Roles {
		ids[i] = r.ID
	}
	return ids
}

// Env returns every declared fact with its type's zero value: the
// environment conditions are type-checked against.
func (s *Schema) Env() map[string]any {
	env := make(map[string]any, len(s.Facts))
	for _, d := range s.Facts {
		env[d.Name] = d.Zero()
	}
	return env
}

// Values maps fact names to typed values.
type Values map[string]any

// Format renders a value for reading: booleans as yes/no, numbers as written,
// lists joined with ", ".
func Format(v any) string {
	switch v := v.(type) {
	case bool:
		if v {
			return "yes"
		}
		return "no"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []string:
		return strings.Join(v, ", ")
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// Literal renders a value as it would be written in site.toml, for
// explanations: true, 500, "text", ["a", "b"].
func Literal(v any) string {
	switch v := v.(type) {
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return strconv.Quote(v)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	default:
		return fmt.Sprint(v)
	}
}

// QueryText writes a value as a query string gives it: the inverse of how
// Site.Override reads it (lists comma-separated).
func QueryText(v any) string {
	switch v := v.(type) {
	case []string:
		return strings.Join(v, ",")
	case bool:
		return strconv.FormatBool(v)
	default:
		return Format(v)
	}
}

// typeName names the TOML type of a decoded value, for messages.
func typeName(v any) string {
	switch v.(type) {
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case int64, float64:
		return "a number"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// article returns the type with its article, for messages.
func (t Type) article() string {
	switch t {
	case Bool:
		return "a boolean (true or false)"
	case Number:
		return "a number"
	case List:
		return "a list of strings"
	default:
		return "a string"
	}
}

// convert checks a decoded TOML value against the declaration and returns it
// typed as conditions see it. The message names what is wrong.
func (d *Decl) convert(v any) (any, string) {
	switch d.Type {
	case Bool:
		if b, ok := v.(bool); ok {
			return b, ""
		}
	case Number:
		switch n := v.(type) {
		case int64:
			return float64(n), ""
		case float64:
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return nil, d.notFinite(tomlFloat(n))
			}
			return n, ""
		}
	case String:
		if s, ok := v.(string); ok {
			if !d.Allows(s) {
				return nil, d.NotAllowed(s)
			}
			return s, ""
		}
	case List:
		arr, ok := v.([]any)
		if !ok {
			break
		}
		list := make([]string, 0, len(arr))
		for _, e := range arr {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Sprintf("%s must be a list of strings, but an element is %s", d.Name, typeName(e))
			}
			if !d.Allows(s) {
				return nil, d.NotAllowed(s)
			}
			list = append(list, s)
		}
		return list, ""
	}
	return nil, fmt.Sprintf("%s must be %s, not %s", d.Name, d.Type.article(), typeName(v))
}

// notFinite says a number fact was given NaN or an infinity, which no
// condition can compare and no checklist can show.
func (d *Decl) notFinite(given string) string {
	return fmt.Sprintf("%s must be a finite number, not %s", d.Name, given)
}

// tomlFloat writes a NaN or an infinity as TOML does.
func tomlFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, -1):
		return "-inf"
	default:
		return "inf"
	}
}

// NotAllowed says that s is not one of d's allowed values, suggesting the
// closest one.
func (d *Decl) NotAllowed(s string) string {
	return fmt.Sprintf("%q is not an allowed value of %s%s; allowed: %s",
		s, d.Name, diag.DidYouMean(s, d.Values), strings.Join(d.Values, ", "))
}

// parseText converts the text form of a value (a query parameter: lists are
// comma-separated) to a typed value.
func (d *Decl) parseText(s string) (any, string) {
	switch d.Type {
	case Bool:
		switch strings.ToLower(s) {
		case "true", "yes", "1", "on":
			return true, ""
		case "false", "no", "0", "off":
			return false, ""
		}
		return nil, fmt.Sprintf("%s must be true or false, not %q", d.Name, s)
	case Number:
		f, err := strconv.ParseFloat(s, 64)
		switch {
		case errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0):
			return nil, fmt.Sprintf("%s must be a number between -1.8e308 and 1.8e308, not %q", d.Name, s)
		case err != nil:
			return nil, fmt.Sprintf("%s must be a number, not %q", d.Name, s)
		case math.IsNaN(f) || math.IsInf(f, 0):
			return nil, d.notFinite(strconv.Quote(s))
		}
		return f, ""
	case List:
		list := []string{}
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if !d.Allows(part) {
				return nil, d.NotAllowed(part)
			}
			list = append(list, part)
		}
		return list, ""
	default:
		if !d.Allows(s) {
			return nil, d.NotAllowed(s)
		}
		return s, ""
	}
}

package facts

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"prereq/internal/diag"
)

// Rule is a condition between facts that every service meets, declared in
// the guide's front matter:
//
//	[[rules]]
//	require = "not uses_login or has_app"
//	message = "A service that uses the login has an app: set has_app = true."
//
// A site file whose facts break a rule is an error with the rule's message.
type Rule struct {
	Require string // the condition, as written
	// Message is what a site file that breaks the rule is told: display
	// text, the one place a translation of the rule would replace.
	Message string
	Cond    Predicate // Require compiled
	Pos     diag.Pos  // where the rule's require is written
	// Index is the rule's place in the [[rules]] array, counting from 0:
	// a translation gives the messages of the rules in that order.
	Index int
}

// Predicate is a compiled condition over facts, as cond.Cond is.
type Predicate interface {
	// Run evaluates the condition for values that hold every declared fact.
	Run(Values) (bool, error)
	// Facts lists the facts the condition reads, in order of appearance.
	Facts() []string
}

var ruleKeys = []string{"require", "message"}

// ParseRules reads the [[rules]] array of a guide's front matter (raw as
// TOML decodes it; nil when the guide has none). at locates keys: a rule's
// keys are at ("rules", "N", key), N counting from 0. compile compiles a
// rule's condition, written at the key path, against the schema: facts
// cannot compile conditions itself (cond compiles them against a Schema).
// It returns nil for a condition that does not compile, having reported
// why; that rule is left out.
func ParseRules(raw any, at Locator, compile func(src string, key ...string) Predicate) ([]*Rule, diag.List) {
	if raw == nil {
		return nil, nil
	}
	tables, ok := Tables(raw)
	if !ok {
		return nil, diag.List{diag.Errorf(at("rules"), "rules must be an array of tables: [[rules]] with require and message")}
	}
	var errs diag.List
	var rules []*Rule
	for i, t := range tables {
		n := strconv.Itoa(i)
		where := func(k string) diag.Pos { return at("rules", n, k) }
		r := &Rule{Pos: where("require"), Index: i}
		ok := true
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if !slices.Contains(ruleKeys, k) {
				errs.Add(where(k), "unknown key %s in [[rules]]%s", k, diag.DidYouMean(k, ruleKeys))
			}
		}
		for _, k := range ruleKeys {
			s, isStr := t[k].(string)
			switch {
			case t[k] == nil:
				errs.Add(at("rules", n), "[[rules]] has no %s: %s", k, ruleHelp[k])
				ok = false
			case !isStr || strings.TrimSpace(s) == "":
				errs.Add(where(k), "rules.%s must be a non-empty string: %s", k, ruleHelp[k])
				ok = false
			case k == "require":
				r.Require = s
			default:
				r.Message = strings.TrimSpace(s)
			}
		}
		if ok {
			if r.Cond = compile(r.Require, "rules", n, "require"); r.Cond != nil {
				rules = append(rules, r)
			}
		}
	}
	return rules, errs
}

// Tables returns the tables of an array of tables as TOML decodes it
// ([[rules]] comes as []map[string]any, or []any of tables), and false
// when raw is not one: not an array, or an array holding something other
// than tables.
func Tables(raw any) ([]map[string]any, bool) {
	switch raw := raw.(type) {
	case []map[string]any:
		return raw, true
	case []any:
		tables := make([]map[string]any, 0, len(raw))
		for _, e := range raw {
			t, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			tables = append(tables, t)
		}
		return tables, true
	}
	return nil, false
}

// CountRules returns how many tables the raw [[rules]] array holds (0
// when it is not one), whether or not each is a valid rule: what a
// translation's [[rules]] is counted against.
func CountRules(raw any) int {
	switch raw := raw.(type) {
	case []map[string]any:
		return len(raw)
	case []any:
		return len(raw)
	}
	return 0
}

var ruleHelp = map[string]string{
	"require": "a condition over the declared facts that every service meets",
	"message": "what a site file that breaks the rule is told",
}

// Holds reports whether values meet every rule of the schema (rules that
// fail to evaluate do not).
func (s *Schema) Holds(values Values) bool {
	for _, r := range s.Rules {
		if r.Cond == nil {
			continue
		}
		if ok, err := r.Cond.Run(values); err != nil || !ok {
			return false
		}
	}
	return true
}

// checkRules reports each rule that values break. at places a rule's
// message: it is given the facts the rule reads and returns where the
// first of them that the site sets is written.
func (s *Schema) checkRules(values Values, at func(names []string) diag.Pos) diag.List {
	var errs diag.List
	for _, r := range s.Rules {
		if r.Cond == nil {
			continue
		}
		names := r.Cond.Facts()
		if slices.ContainsFunc(names, func(n string) bool { broken, _ := s.Broken(n); return broken }) {
			continue // a fact it reads is declared in error: reported there
		}
		ok, err := r.Cond.Run(values)
		switch {
		case err != nil:
			errs.Add(at(names), "the rule %q cannot be checked for these facts: %v", r.Require, err)
		case !ok:
			parts := make([]string, len(names))
			for i, n := range names {
				parts[i] = n + " = " + Literal(values[n])
			}
			errs.Add(at(names), "%s (%s)", r.Message, strings.Join(parts, ", "))
		}
	}
	return errs
}

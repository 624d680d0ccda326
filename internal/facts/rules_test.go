package facts

import (
	"strings"
	"testing"

	"prereq/internal/diag"
)

// implies is the condition "not If or Then" over two bool facts.
type implies struct{ If, Then string }

func (p implies) Run(v Values) (bool, error) { return !v[p.If].(bool) || v[p.Then].(bool), nil }
func (p implies) Facts() []string            { return []string{p.If, p.Then} }

// compileImplies compiles "not A or B" into implies, and nothing else.
func compileImplies(src string, key ...string) Predicate {
	var a, b string
	if f := strings.Fields(src); len(f) == 4 && f[0] == "not" && f[2] == "or" {
		a, b = f[1], f[3]
	} else {
		return nil
	}
	return implies{a, b}
}

func rulesSchema(t *testing.T) *Schema {
	t.Helper()
	s := testSchema(t)
	var errs diag.List
	s.Rules, errs = ParseRules([]map[string]any{
		{"require": "not has_channel or existing_app", "message": "A channel needs an app: set existing_app = true."},
	}, func(key ...string) diag.Pos { return diag.Pos{Path: "content/_index.md", Line: 20} }, compileImplies)
	if errs != nil {
		t.Fatal(errs)
	}
	return s
}

// TestSiteBreaksRule: a site file that breaks a rule is an error with the
// rule's message, at the first fact of the rule that the file sets, else
// at its [facts] table, else at its first line.
func TestSiteBreaksRule(t *testing.T) {
	s := rulesSchema(t)
	tests := []struct {
		name, src, want string
	}{
		{"both set", "[service]\nname = \"A\"\n[facts]\nexisting_app = false\nhas_channel = true\n",
			"site.toml:5:1: A channel needs an app: set existing_app = true. (has_channel = true, existing_app = false)"},
		{"default", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\n",
			"site.toml:4:1: A channel needs an app: set existing_app = true. (has_channel = true, existing_app = false)"},
		{"inline table", "facts = { has_channel = true }\n[service]\nname = \"A\"\n",
			"site.toml:1:11: A channel needs an app: set existing_app = true. (has_channel = true, existing_app = false)"},
		{"met", "[service]\nname = \"A\"\n[facts]\nexisting_app = true\nhas_channel = true\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := ParseSite("site.toml", []byte(tt.src), s)
			if got := errs.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestOverrideBreaksRule: a query override that breaks a rule is an error
// at the overriding parameter, or at the site file's line when the query
// set none of the rule's facts.
func TestOverrideBreaksRule(t *testing.T) {
	s := rulesSchema(t)
	site, errs := ParseSite("site.toml", []byte("[service]\nname = \"A\"\n[facts]\nexisting_app = true\nhas_channel = true\n"), s)
	if errs != nil {
		t.Fatal(errs)
	}
	_, errs = site.Override(s, map[string][]string{"existing_app": {"false"}})
	if want := "?existing_app: A channel needs an app: set existing_app = true. (has_channel = true, existing_app = false)"; errs.Error() != want {
		t.Errorf("got  %s\nwant %s", errs, want)
	}
	if _, errs = site.Override(s, map[string][]string{"existing_app": {"false"}, "has_channel": {"false"}}); errs != nil {
		t.Errorf("override that meets the rule: %v", errs)
	}
}

func TestParseRulesErrors(t *testing.T) {
	at := func(key ...string) diag.Pos { return diag.Pos{Path: "g", Line: 10 + len(key)} }
	tests := []struct {
		name string
		raw  any
		want string
	}{
		{"not an array", "x", "g:11: rules must be an array of tables: [[rules]] with require and message"},
		{"no message", []map[string]any{{"require": "not a or b"}}, "g:12: [[rules]] has no message: what a site file that breaks the rule is told"},
		{"empty require", []map[string]any{{"require": " ", "message": "m"}}, "g:13: rules.require must be a non-empty string: a condition over the declared facts that every service meets"},
		{"unknown key", []map[string]any{{"require": "not a or b", "mesage": "m", "message": "m"}}, "g:13: unknown key mesage in [[rules]] (did you mean message?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := ParseRules(tt.raw, at, compileImplies)
			if errs.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", errs, tt.want)
			}
		})
	}
}

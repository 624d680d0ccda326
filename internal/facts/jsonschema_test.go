package facts

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestJSONSchemaAgreesWithParseSite validates site files against the
// generated JSON Schema, with a validator of the keywords it uses, and
// expects it to accept exactly the files ParseSite accepts.
func TestJSONSchemaAgreesWithParseSite(t *testing.T) {
	s := testSchema(t)
	out, err := s.JSONSchema("Test guide")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(out, &schema); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if schema["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", schema["$schema"])
	}
	ok := "[service]\nname = \"A\"\n[facts]\nhas_channel = true\n"
	tests := []struct{ name, src string }{
		{"minimal", ok},
		{"every key", "language = \"ko\"\n[service]\nname = \"A\"\n[facts]\nhas_channel = false\nexisting_app = true\nconsent_items = [\"account_email\"]\nplan = \"pro\"\nlimit = 2.5\n[team]\nowner = \"Kim <k@x.example>\"\nmaster = \"Lee\"\n"},
		{"whole number", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\nlimit = 3\n"},
		{"missing fact without default", "[service]\nname = \"A\"\n"},
		{"missing service", "[facts]\nhas_channel = true\n"},
		{"blank name", "[service]\nname = \"  \"\n[facts]\nhas_channel = true\n"},
		{"name not a string", "[service]\nname = 1\n[facts]\nhas_channel = true\n"},
		{"unknown service key", "[service]\nname = \"A\"\nurl = \"x\"\n[facts]\nhas_channel = true\n"},
		{"unknown fact", ok + "has_chanel = true\n"},
		{"wrong type", "[service]\nname = \"A\"\n[facts]\nhas_channel = \"yes\"\n"},
		{"string outside values", ok + "plan = \"gold\"\n"},
		{"list element outside values", ok + "consent_items = [\"account_email\", \"email\"]\n"},
		{"list not an array", ok + "consent_items = \"account_email\"\n"},
		{"list of numbers", ok + "consent_items = [1]\n"},
		{"list with a repeat", ok + "consent_items = [\"account_email\", \"account_email\"]\n"},
		{"number as string", ok + "limit = \"10\"\n"},
		{"unknown role", ok + "[team]\nadmin = \"X\"\n"},
		{"holder not a string", ok + "[team]\nowner = 3\n"},
		{"unknown language", "language = \"fr\"\n" + ok},
		{"unknown top key", "title = \"x\"\n" + ok},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if _, err := toml.Decode(tt.src, &doc); err != nil {
				t.Fatal(err)
			}
			_, errs := ParseSite("site.toml", []byte(tt.src), s)
			problems := validate(schema, doc, "")
			if (errs == nil) != (len(problems) == 0) {
				t.Errorf("ParseSite: %v\nschema: %v", errs, problems)
			}
		})
	}
}

// validate checks v against the JSON Schema keywords the site schema uses
// (type, enum, pattern, properties, required, additionalProperties,
// items) and returns what fails.
func validate(schema map[string]any, v any, at string) []string {
	var out []string
	fail := func(format string, args ...any) { out = append(out, at+": "+fmt.Sprintf(format, args...)) }
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			fail("not an object")
			return out
		}
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asList(schema["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fail("missing %s", r)
			}
		}
		for k, e := range obj {
			sub, known := props[k].(map[string]any)
			if !known {
				if schema["additionalProperties"] == false {
					fail("unknown key %s", k)
				}
				continue
			}
			out = append(out, validate(sub, e, at+"."+k)...)
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			fail("not an array")
			return out
		}
		for i, e := range arr {
			out = append(out, validate(schema["items"].(map[string]any), e, fmt.Sprintf("%s[%d]", at, i))...)
			if schema["uniqueItems"] == true && slices.Contains(arr[:i], e) {
				fail("item %d repeats an earlier one", i)
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			fail("not a string")
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			fail("not a boolean")
		}
	case "number":
		switch v.(type) {
		case int64, float64:
		default:
			fail("not a number")
		}
	}
	if enum := asList(schema["enum"]); enum != nil && !slices.Contains(enum, v) {
		fail("%v not in %v", v, enum)
	}
	if p, ok := schema["pattern"].(string); ok {
		if s, isStr := v.(string); isStr && !regexp.MustCompile(p).MatchString(s) {
			fail("%q does not match %s", s, p)
		}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

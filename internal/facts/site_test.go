package facts

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"prereq/internal/diag"
)

func testSchema(t *testing.T) *Schema {
	t.Helper()
	s, errs := ParseSchema(map[string]any{
		"existing_app":  map[string]any{"type": "bool", "question": "Existing app?", "default": false},
		"has_channel":   map[string]any{"type": "bool", "question": "Does your service have a Kakao Talk Channel?"},
		"consent_items": map[string]any{"type": "list", "question": "Which items?", "values": []any{"account_email", "phone_number", "shipping_address"}, "default": []any{}},
		"plan":          map[string]any{"type": "string", "question": "Plan?", "values": []any{"free", "pro"}, "default": "free"},
		"limit":         map[string]any{"type": "number", "question": "Limit?", "default": int64(10)},
	}, map[string]any{
		"owner":  map[string]any{"label": "Owner", "description": "All permissions."},
		"master": map[string]any{"label": "Master"},
	}, func(key ...string) diag.Pos { return diag.Pos{Path: "content/_index.md", Line: 1} })
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return s
}

func TestParseSiteValues(t *testing.T) {
	s := testSchema(t)
	site, errs := ParseSite("site.toml", []byte(`
language = "ko"
[service]
name = "Acme Shop"
[facts]
has_channel = true
consent_items = ["account_email", "shipping_address"]
limit = 500
[team]
owner = "Kim Minji"
`), s)
	if errs != nil {
		t.Fatal(errs)
	}
	want := Values{
		"existing_app": false, "has_channel": true, "plan": "free", "limit": float64(500),
		"consent_items": []string{"account_email", "shipping_address"},
	}
	if !reflect.DeepEqual(site.Facts, want) {
		t.Errorf("facts = %#v, want %#v", site.Facts, want)
	}
	if site.Service != "Acme Shop" || site.Language != "ko" || site.Team["owner"] != "Kim Minji" {
		t.Errorf("site = %+v", site)
	}
	if got := Format(site.Facts["limit"]); got != "500" {
		t.Errorf("Format(500) = %q", got)
	}
	if got := Format(site.Facts["consent_items"]); got != "account_email, shipping_address" {
		t.Errorf("Format(list) = %q", got)
	}
	if got := Format(true) + Format(false); got != "yesno" {
		t.Errorf("Format(bool) = %q", got)
	}
}

func TestParseSiteErrors(t *testing.T) {
	s := testSchema(t)
	tests := []struct {
		name, src string
		want      []string // every message, sorted, as printed
	}{
		{"unknown fact with suggestion", "[service]\nname = \"A\"\n[facts]\nhas_chanel = true\n",
			[]string{"site.toml:3:1: missing fact has_channel (it has no default): Does your service have a Kakao Talk Channel?",
				"site.toml:4:1: unknown fact has_chanel (did you mean has_channel?); declared facts: consent_items, existing_app, has_channel, limit, plan"}},
		{"missing fact prints question", "[service]\nname = \"A\"\n",
			[]string{"site.toml:1: missing fact has_channel (it has no default): Does your service have a Kakao Talk Channel?"}},
		{"wrong type", "[service]\nname = \"A\"\n[facts]\nhas_channel = \"yes\"\n",
			[]string{"site.toml:4:1: has_channel must be a boolean (true or false), not a string"}},
		{"value outside values", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\n  consent_items = [\"account_emial\"]\n",
			[]string{`site.toml:5:3: "account_emial" is not an allowed value of consent_items (did you mean account_email?); allowed: account_email, phone_number, shipping_address`}},
		{"string outside values", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\nplan = \"gold\"\n",
			[]string{`site.toml:5:1: "gold" is not an allowed value of plan; allowed: free, pro`}},
		{"a value listed twice", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\nconsent_items = [\"account_email\", \"phone_number\",\n  \"account_email\"]\n",
			[]string{`site.toml:6:3: consent_items lists "account_email" twice (first as item 1): list each value once`}},
		{"list of non-strings", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\nconsent_items = [1]\n",
			[]string{"site.toml:5:1: consent_items must be a list of strings, but an element is a number"}},
		{"unknown role", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\n[team]\nowners = \"x\"\n",
			[]string{"site.toml:6:1: unknown role owners (did you mean owner?); declared roles: master, owner"}},
		{"unknown top-level key", "langauge = \"en\"\n[service]\nname = \"A\"\n[facts]\nhas_channel = true\n",
			[]string{"site.toml:1:1: unknown key langauge (did you mean language?)"}},
		{"missing service", "[facts]\nhas_channel = true\n",
			[]string{"site.toml:1: missing [service] table with the service's name"}},
		{"bad language", "language = \"fr\"\n[service]\nname = \"A\"\n[facts]\nhas_channel = true\n",
			[]string{"site.toml:1:1: language must be one of en, ko"}},
		{"syntax error", "[service]\nname = \n",
			nil}, // checked below: position only
		{"not a number", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\nlimit = nan\n",
			[]string{"site.toml:5:1: limit must be a finite number, not nan"}},
		{"signed not a number", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\n  limit = -nan\n",
			[]string{"site.toml:5:3: limit must be a finite number, not nan"}},
		{"infinity", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\nlimit = inf\n",
			[]string{"site.toml:5:1: limit must be a finite number, not inf"}},
		{"minus infinity", "[service]\nname = \"A\"\n[facts]\nhas_channel = true\nlimit = -inf\n",
			[]string{"site.toml:5:1: limit must be a finite number, not -inf"}},
		{"all errors at once", "[service]\nname = \"A\"\n[facts]\nhas_channel = 1\nexisting_app = \"no\"\n[team]\nboss = \"x\"\n",
			[]string{"site.toml:4:1: has_channel must be a boolean (true or false), not a number",
				"site.toml:5:1: existing_app must be a boolean (true or false), not a string",
				"site.toml:7:1: unknown role boss; declared roles: master, owner"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := ParseSite("site.toml", []byte(tt.src), s)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			if tt.want == nil {
				if errs[0].Line != 2 || !strings.HasPrefix(errs[0].Error(), "site.toml:2:") {
					t.Errorf("syntax error at %v, want line 2", errs[0])
				}
				return
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestOverride(t *testing.T) {
	s := testSchema(t)
	site, errs := ParseSite("site.toml", []byte("[service]\nname = \"A\"\n[facts]\nhas_channel = false\n"), s)
	if errs != nil {
		t.Fatal(errs)
	}
	got, errs := site.Override(s, map[string][]string{"has_channel": {"true"}, "consent_items": {"account_email,phone_number"}, "limit": {"2.5"}})
	if errs != nil {
		t.Fatal(errs)
	}
	if got.Facts["has_channel"] != true || !reflect.DeepEqual(got.Facts["consent_items"], []string{"account_email", "phone_number"}) || got.Facts["limit"] != 2.5 {
		t.Errorf("override = %#v", got.Facts)
	}
	if site.Facts["has_channel"] != false {
		t.Error("Override changed the original site")
	}
	for _, tc := range []struct{ given, want string }{
		{"NaN", `?limit: limit must be a finite number, not "NaN"`},
		{"nan", `?limit: limit must be a finite number, not "nan"`},
		{"Inf", `?limit: limit must be a finite number, not "Inf"`},
		{"+Infinity", `?limit: limit must be a finite number, not "+Infinity"`},
		{"-inf", `?limit: limit must be a finite number, not "-inf"`},
		{"1e999", `?limit: limit must be a number between -1.8e308 and 1.8e308, not "1e999"`},
		{"-1e999", `?limit: limit must be a number between -1.8e308 and 1.8e308, not "-1e999"`},
		{"ten", `?limit: limit must be a number, not "ten"`},
	} {
		_, errs := site.Override(s, map[string][]string{"limit": {tc.given}})
		if errs.Error() != tc.want {
			t.Errorf("?limit=%s: %v\nwant %s", tc.given, errs, tc.want)
		}
	}
	if got, errs := site.Override(s, map[string][]string{"limit": {"1e-999"}}); errs != nil || got.Facts["limit"] != 0.0 {
		t.Errorf("?limit=1e-999 (rounds to 0): %v, %v", got.Facts["limit"], errs)
	}
	if _, errs := site.Override(s, map[string][]string{"consent_items": {"phone_number,account_email,phone_number"}}); errs.Error() !=
		`?consent_items: consent_items lists "phone_number" twice (first as item 1): list each value once` {
		t.Errorf("?consent_items with a repeat: %v", errs)
	}
	_, errs = site.Override(s, map[string][]string{"has_chanel": {"true"}, "existing_app": {"maybe"}})
	want := "?existing_app: existing_app must be true or false, not \"maybe\"\n?has_chanel: unknown fact has_chanel (did you mean has_channel?)"
	if errs.Error() != want {
		t.Errorf("override errors:\n%s\nwant:\n%s", errs, want)
	}
}

func TestParseSchemaErrors(t *testing.T) {
	at := func(key ...string) diag.Pos { return diag.Pos{Path: "g", Line: len(key)} }
	tests := []struct {
		name  string
		facts map[string]any
		want  string
	}{
		{"unknown type", map[string]any{"x": map[string]any{"type": "boolean", "question": "?"}}, `g:3: fact x has unknown type "boolean" (did you mean bool?); use one of bool, string, number or list`},
		{"no question", map[string]any{"x": map[string]any{"type": "bool"}}, "g:2: fact x has no question: site.toml writers need it"},
		{"default of wrong type", map[string]any{"x": map[string]any{"type": "bool", "question": "?", "default": "no"}}, "g:3: default of x must be a boolean (true or false), not a string"},
		{"default not a number", map[string]any{"x": map[string]any{"type": "number", "question": "?", "default": math.NaN()}}, "g:3: default of x must be a finite number, not nan"},
		{"default infinite", map[string]any{"x": map[string]any{"type": "number", "question": "?", "default": math.Inf(-1)}}, "g:3: default of x must be a finite number, not -inf"},
		{"default outside values", map[string]any{"x": map[string]any{"type": "string", "question": "?", "values": []any{"a", "b"}, "default": "c"}}, `g:3: default of "c" is not an allowed value of x; allowed: a, b`},
		{"unknown key", map[string]any{"x": map[string]any{"type": "bool", "question": "?", "defualt": true}}, "g:3: unknown key facts.x.defualt (did you mean default?)"},
		{"reserved name", map[string]any{"service": map[string]any{"type": "bool", "question": "?"}}, `g:2: fact name "service" must be a plain identifier (letters, digits, _) and not a reserved word`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := ParseSchema(tt.facts, nil, at)
			if errs.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", errs, tt.want)
			}
		})
	}
}

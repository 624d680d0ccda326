package facts

import (
	"strings"
	"testing"

	"prereq/internal/diag"
)

// TestTypeSuggestions: a type another language calls by another name
// suggests prereq's.
func TestTypeSuggestions(t *testing.T) {
	tests := []struct{ typ, want string }{
		{"int", "number"}, {"integer", "number"}, {"float", "number"}, {"Float", "number"},
		{"boolean", "bool"}, {"Bool", "bool"},
		{"str", "string"}, {"text", "string"},
		{"array", "list"}, {"[]string", "list"},
		{"lsit", "list"}, // a typo
	}
	for _, tt := range tests {
		_, errs := ParseSchema(map[string]any{
			"f": map[string]any{"type": tt.typ, "question": "?"},
		}, nil, func(key ...string) diag.Pos { return diag.Pos{Path: "g.md", Line: 3} })
		want := `g.md:3: fact f has unknown type "` + tt.typ + `" (did you mean ` + tt.want + `?); use one of bool, string, number or list`
		if errs.Error() != want {
			t.Errorf("got  %s\nwant %s", errs.Error(), want)
		}
	}
}

// TestBrokenDeclarations: a fact or role declared in error is reported
// once, at its declaration, and a site file that gives it a value or a
// holder is no second error.
func TestBrokenDeclarations(t *testing.T) {
	s, errs := ParseSchema(map[string]any{
		"ok":       map[string]any{"type": "bool", "question": "?", "default": false},
		"count":    map[string]any{"type": "int", "question": "?"},
		"amount":   map[string]any{"type": "number", "question": "?", "default": "many"},
		"nothing":  "bool",
		"bad-name": map[string]any{"type": "bool", "question": "?"},
	}, map[string]any{
		"owner": "Owner",
	}, func(key ...string) diag.Pos { return diag.Pos{Path: "g.md", Line: 1} })
	if len(errs) != 5 {
		t.Fatalf("want 5 declaration errors, got:\n%v", errs)
	}
	for _, name := range []string{"count", "amount", "nothing", "bad-name"} {
		if broken, _ := s.Broken(name); !broken {
			t.Errorf("%s is not broken", name)
		}
	}
	if broken, typ := s.Broken("amount"); !broken || typ != Number {
		t.Errorf("amount: %v %q, want its type kept", broken, typ)
	}
	if broken, _ := s.Broken("ok"); broken {
		t.Error("ok is broken")
	}
	src := "[service]\nname = \"A\"\n[facts]\ncount = 3\namount = 2\nnothing = true\nokk = true\n[team]\nowner = \"Kim\"\n"
	_, errs = ParseSite("site.toml", []byte(src), s)
	want := "site.toml:7:1: unknown fact okk (did you mean ok?); declared facts: ok"
	if errs.Error() != want {
		t.Errorf("got  %s\nwant %s", errs.Error(), want)
	}

	// Declarations that cannot be read at all: no name is unknown.
	_, errs = ParseSite("site.toml", []byte(src), &Schema{Partial: true})
	if errs != nil {
		t.Errorf("partial schema: %v", errs)
	}
	if got := strings.Join(s.Mentioned(), ","); got != "ok,amount,count,nothing" {
		t.Errorf("Mentioned = %s", got)
	}
}

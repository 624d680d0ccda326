package cond

import (
	"slices"
	"strings"
	"testing"

	"prereq/internal/diag"
	"prereq/internal/facts"
)

func schema() *facts.Schema {
	return &facts.Schema{Facts: []*facts.Decl{
		{Name: "existing_app", Type: facts.Bool},
		{Name: "has_channel", Type: facts.Bool},
		{Name: "is_business_channel", Type: facts.Bool},
		{Name: "consent_items", Type: facts.List},
		{Name: "plan", Type: facts.String},
		{Name: "seats", Type: facts.Number},
	}}
}

var values = facts.Values{
	"existing_app":        true,
	"has_channel":         true,
	"is_business_channel": false,
	"consent_items":       []string{"account_email", "shipping_address"},
	"plan":                "pro",
	"seats":               float64(500),
}

func TestEval(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"not existing_app", false},
		{"existing_app", true},
		{"has_channel and not is_business_channel", true},
		{`"shipping_address" in consent_items`, true},
		{`"phone_number" in consent_items`, false},
		{`"phone_number" not in consent_items`, true},
		{"len(consent_items) > 0", true},
		{"len(consent_items) == 3", false},
		{`plan == "pro"`, true},
		{"seats >= 500 && seats < 1000", true},
		{"seats > 500 || !has_channel", false},
		{`any(consent_items, # == "account_email")`, true},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, err := Compile(tt.src, schema())
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := c.Eval(values); got != tt.want {
				t.Errorf("Eval = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		src     string
		wantCol int
		wantMsg string
	}{
		{"has_chanel", 1, "unknown fact has_chanel in condition (did you mean has_channel?)"},
		{"existing_app and not is_busines_channel", 22, "unknown fact is_busines_channel in condition (did you mean is_business_channel?)"},
		{"zzz", 1, "unknown fact zzz in condition"},
		{"seats", 1, "expected bool, but got float64"},
		{"plan", 1, "expected bool, but got string"},
		{"existing_app and", 16, "unexpected token EOF"},
		{"", 1, "empty condition"},
		{"   ", 1, "empty condition"},
		{`plan + 1`, 6, "invalid operation: + (mismatched types string and int)"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Compile(tt.src, schema())
			if err == nil {
				t.Fatal("no error")
			}
			if err.Col != tt.wantCol || err.Line != 1 || err.Msg != tt.wantMsg {
				t.Errorf("got %d:%d %q, want 1:%d %q", err.Line, err.Col, err.Msg, tt.wantCol, tt.wantMsg)
			}
			if err.Offset != err.Col-1 {
				t.Errorf("offset %d on line 1 at column %d", err.Offset, err.Col)
			}
		})
	}
}

// TestErrorPlace: an error's Offset counts characters, and its Line and
// Col place it in a condition that spans lines.
func TestErrorPlace(t *testing.T) {
	tests := []struct {
		src               string
		offset, line, col int
	}{
		{"has_channel and\n  has_chanel", 18, 2, 3},
		{"plan == \"한국\" and zzz", 17, 1, 18},
		{"has_channel and\n\tnot (", 21, 2, 6},
	}
	for _, tt := range tests {
		_, err := Compile(tt.src, schema())
		if err == nil {
			t.Fatalf("%q: no error", tt.src)
		}
		if err.Offset != tt.offset || err.Line != tt.line || err.Col != tt.col {
			t.Errorf("%q: got offset %d at %d:%d, want %d at %d:%d (%s)", tt.src, err.Offset, err.Line, err.Col, tt.offset, tt.line, tt.col, err.Msg)
		}
	}
}

// TestRunErrors: a condition that fails while it is evaluated is an *Error
// at the failing part, with a message on one line (no excerpt of the
// source) that names the values of the facts it reads.
func TestRunErrors(t *testing.T) {
	tests := []struct {
		src               string
		offset, line, col int
		msg               string
	}{
		{`consent_items[5] == "x"`, 13, 1, 14, `index out of range: 5 (array length is 2), with consent_items = ["account_email", "shipping_address"]`},
		{"1 % int(seats - 500) == 0", 2, 1, 3, "integer divide by zero, with seats = 500"},
		{"int(plan) > 0", 0, 1, 1, `invalid operation: int(pro), with plan = "pro"`},
		{`len(has_channel ? nil : consent_items) > 0`, 0, 1, 1, `invalid argument for len (type <nil>), with has_channel = true, consent_items = ["account_email", "shipping_address"]`},
		{"has_channel and\n  consent_items[7] == 'a'", 31, 2, 16, `index out of range: 7 (array length is 2), with has_channel = true, consent_items = ["account_email", "shipping_address"]`},
	}
	for _, tt := range tests {
		c, cerr := Compile(tt.src, schema())
		if cerr != nil {
			t.Fatalf("%q: %v", tt.src, cerr)
		}
		_, err := c.Run(values)
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("%q: got %v, want an *Error", tt.src, err)
		}
		if e.Offset != tt.offset || e.Line != tt.line || e.Col != tt.col || e.Msg != tt.msg {
			t.Errorf("%q: got %d (%d:%d) %q\nwant %d (%d:%d) %q", tt.src, e.Offset, e.Line, e.Col, e.Msg, tt.offset, tt.line, tt.col, tt.msg)
		}
		if c.Eval(values) {
			t.Errorf("%q: Eval is true", tt.src)
		}
	}
}

// TestBrokenFacts: a fact declared in error is no unknown fact where it is
// used (its declaration is reported); one of unknown type is read as any
// value, one whose type is known keeps it. Other mistakes still count.
func TestBrokenFacts(t *testing.T) {
	s, errs := facts.ParseSchema(map[string]any{
		"ok":     map[string]any{"type": "bool", "question": "?"},
		"count":  map[string]any{"type": "int", "question": "?"},
		"amount": map[string]any{"type": "number", "question": "?", "default": "x"},
	}, nil, func(...string) diag.Pos { return diag.Pos{} })
	if len(errs) != 2 {
		t.Fatalf("declaration errors: %v", errs)
	}
	tests := []struct {
		src, err string
	}{
		{"count > 3", ""},
		{"ok and count[1] == 'x'", ""},
		{"amount > 1", ""},
		{"amount == 'x'", "invalid operation: == (mismatched types float64 and string)"},
		{"ok and counts > 1", "unknown fact counts in condition (did you mean count?)"},
		{"okk or count", "unknown fact okk in condition (did you mean ok?)"},
	}
	for _, tt := range tests {
		c, err := Compile(tt.src, s)
		if err == nil && c == nil && !strings.Contains(tt.src, "count") {
			t.Errorf("%q: not compiled", tt.src)
		}
		got := ""
		if err != nil {
			got = err.Msg
		}
		if got != tt.err {
			t.Errorf("%q: got %q, want %q", tt.src, got, tt.err)
		}
	}
	// A guide whose declarations cannot be read: no name is unknown.
	if c, err := Compile("anything > 1 and other", &facts.Schema{Partial: true}); c != nil || err != nil {
		t.Errorf("partial schema: %v, %v", c, err)
	}
}

func TestExplain(t *testing.T) {
	tests := []struct {
		src   string
		blame []string
		text  string
	}{
		{"not existing_app", []string{"existing_app"}, "`not existing_app` is false because existing_app = true"},
		// Only the false side of an "and" is to blame.
		{"has_channel and is_business_channel", []string{"is_business_channel"}, "`has_channel and is_business_channel` is false because is_business_channel = false"},
		// Both sides of a false "or" are.
		{"is_business_channel or not has_channel", []string{"is_business_channel", "has_channel"}, "`is_business_channel or not has_channel` is false because is_business_channel = false, has_channel = true"},
		{`"phone_number" in consent_items`, []string{"consent_items"}, "`\"phone_number\" in consent_items` is false because consent_items = [\"account_email\", \"shipping_address\"]"},
		{"not (existing_app and has_channel)", []string{"existing_app", "has_channel"}, "`not (existing_app and has_channel)` is false because existing_app = true, has_channel = true"},
		{"seats < 10", []string{"seats"}, "`seats < 10` is false because seats = 500"},
		{"existing_app", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, err := Compile(tt.src, schema())
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Blame(values); !slices.Equal(got, tt.blame) {
				t.Errorf("Blame = %v, want %v", got, tt.blame)
			}
			if got := c.Explain(values); got != tt.text {
				t.Errorf("Explain = %s\nwant      %s", got, tt.text)
			}
		})
	}
}

func TestFacts(t *testing.T) {
	c, err := Compile(`has_channel and ("x" in consent_items or len(consent_items) > seats) and has_channel`, schema())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Facts(), []string{"has_channel", "consent_items", "seats"}; !slices.Equal(got, want) {
		t.Errorf("Facts = %v, want %v", got, want)
	}
}

func FuzzCompile(f *testing.F) {
	for _, s := range []string{"not existing_app", `"a" in consent_items`, "len(consent_items) > seats", "has_channel and (", "plan matches \"^p\"", "let x = 1; x > seats"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := Compile(src, schema())
		if err != nil {
			if err.Msg == "" {
				t.Errorf("empty message for %q", src)
			}
			return
		}
		// A compiled condition evaluates and explains without panicking.
		ok, err2 := c.Run(values)
		if err2 != nil {
			return
		}
		if ok != (c.Explain(values) == "") {
			t.Errorf("%q: Eval %v but Explain %q", src, ok, c.Explain(values))
		}
	})
}

package cond

import (
	"slices"
	"testing"

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
			if err.Col != tt.wantCol || err.Msg != tt.wantMsg {
				t.Errorf("got col %d %q, want col %d %q", err.Col, err.Msg, tt.wantCol, tt.wantMsg)
			}
		})
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

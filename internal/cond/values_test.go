package cond

import (
	"reflect"
	"testing"

	"prereq/internal/facts"
)

func valuesSchema() *facts.Schema {
	return &facts.Schema{Facts: []*facts.Decl{
		{Name: "business_type", Type: facts.String, Values: []string{"company", "individual"}},
		{Name: "regions", Type: facts.List, Values: []string{"kr", "jp", "eu"}},
		{Name: "nickname", Type: facts.String},
		{Name: "tags", Type: facts.List},
		{Name: "seats", Type: facts.Number},
		{Name: "has_app", Type: facts.Bool},
	}}
}

// TestAllowedValues: a literal compared with a fact that declares its
// values must be one of them, on either side, in lists and in membership,
// and the error points at the literal.
func TestAllowedValues(t *testing.T) {
	tests := []struct {
		src     string
		wantCol int // 0: compiles
		wantMsg string
	}{
		{`business_type == "compnay"`, 18, `"compnay" is not an allowed value of business_type (did you mean company?); allowed: company, individual`},
		{`"compnay" == business_type`, 1, `"compnay" is not an allowed value of business_type (did you mean company?); allowed: company, individual`},
		{`business_type != "indivdual"`, 18, `"indivdual" is not an allowed value of business_type (did you mean individual?); allowed: company, individual`},
		{`business_type in ["company", "person"]`, 30, `"person" is not an allowed value of business_type; allowed: company, individual`},
		{`business_type not in ["persn"]`, 23, `"persn" is not an allowed value of business_type; allowed: company, individual`},
		{`"kor" in regions`, 1, `"kor" is not an allowed value of regions (did you mean kr?); allowed: kr, jp, eu`},
		{`has_app and "us" not in regions`, 13, `"us" is not an allowed value of regions; allowed: kr, jp, eu`},
		{`any(regions, # == "euu")`, 19, `"euu" is not an allowed value of regions (did you mean eu?); allowed: kr, jp, eu`},
		{`regions == ["kr", "ch"]`, 19, `"ch" is not an allowed value of regions; allowed: kr, jp, eu`},
		{`business_type == "x" or business_type == "y"`, 18, `"x" is not an allowed value of business_type; allowed: company, individual`},
		{`business_type == "company"`, 0, ""},
		{`business_type in ["company", "individual"]`, 0, ""},
		{`"eu" in regions and len(regions) > 1`, 0, ""},
		{`nickname == "anything"`, 0, ""},
		{`"anything" in tags`, 0, ""},
		{`let t = "zz"; t == "zz"`, 0, ""},
		{`business_type startsWith "comp"`, 0, ""}, // not a comparison with a value
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Compile(tt.src, valuesSchema())
			switch {
			case tt.wantCol == 0 && err != nil:
				t.Fatalf("Compile: %v", err)
			case tt.wantCol == 0:
			case err == nil:
				t.Fatalf("Compile succeeded, want %q", tt.wantMsg)
			case err.Col != tt.wantCol || err.Msg != tt.wantMsg:
				t.Errorf("got col %d %q\nwant col %d %q", err.Col, err.Msg, tt.wantCol, tt.wantMsg)
			}
		})
	}
}

func TestUses(t *testing.T) {
	tests := []struct {
		src  string
		want []Use
	}{
		{`has_app`, []Use{{Fact: "has_app"}}},
		{`seats * 2 > 100 and business_type == "company"`, []Use{
			{Fact: "seats", Consts: []any{2.0, 100.0}},
			{Fact: "business_type", Consts: []any{"company"}},
		}},
		{`len(regions) > 1 or "kr" in regions`, []Use{{Fact: "regions", Consts: []any{"kr"}, Lengths: []float64{1}}}},
		{`0 == len(tags) or any(tags, # == "x")`, []Use{{Fact: "tags", Consts: []any{"x"}, Lengths: []float64{0}}}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, err := Compile(tt.src, valuesSchema())
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := c.Uses(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Uses = %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

package cond_test

import (
	"strings"
	"testing"

	"prereq/internal/cond"
	"prereq/internal/facts"
)

func treeSchema() *facts.Schema {
	return &facts.Schema{Facts: []*facts.Decl{
		{Name: "ok", Type: facts.Bool},
		{Name: "on", Type: facts.Bool},
		{Name: "plan", Type: facts.String},
		{Name: "nick", Type: facts.String},
		{Name: "seats", Type: facts.Number},
		{Name: "rate", Type: facts.Number},
		{Name: "tags", Type: facts.List},
		{Name: "regions", Type: facts.List},
	}}
}

// TestPortable: a condition the guide page cannot evaluate as expr does is
// an error at the part it cannot.
func TestPortable(t *testing.T) {
	tests := []struct {
		src     string
		wantCol int // 0: compiles
		what    string
	}{
		{`plan matches "^p"`, 6, `"matches"`},
		{`seats ** 2 > 10`, 7, `"**"`},
		{`upper(plan) == "PRO"`, 1, "upper()"},
		{`(ok ? tags : 1)[0] == "p"`, 16, "[ ] on anything but a list"},
		{`filter(tags, # != "")[-1] == "p"`, 22, "filter(…)[-1]"},
		{`true or filter(tags, # != "")[-1] == "p"`, 1, "filter(…)[-1]"},
		{`(plan ?? "x") == "x"`, 7, `"??"`},
		{`seats in 1..5`, 11, `".."`},
		{`len(tags) > 0 and tags[0] == "a"`, 0, ""},
		{`let n = len(tags); n > 1 or ok`, 0, ""},
		{`filter(tags, # startsWith "a")[0] == "ab"`, 0, ""},
		{`count(tags, # in regions) >= 2`, 0, ""},
		{`tags[1:] == ["b"]`, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, err := cond.Compile(tt.src, treeSchema())
			switch {
			case tt.wantCol == 0 && err != nil:
				t.Fatalf("Compile: %v", err)
			case tt.wantCol == 0:
				if _, err := c.Tree(); err != nil {
					t.Errorf("Tree: %v", err)
				}
			case err == nil:
				t.Fatalf("Compile succeeded, want an error about %s", tt.what)
			case err.Col != tt.wantCol || !strings.HasPrefix(err.Msg, "guide.html cannot evaluate "+tt.what+" as prereq does"):
				t.Errorf("got col %d %q, want col %d about %s", err.Col, err.Msg, tt.wantCol, tt.what)
			}
		})
	}
}

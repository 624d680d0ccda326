package verify

import (
	"runtime"
	"strings"
	"testing"

	"prereq/internal/cond"
	"prereq/internal/corpus"
	"prereq/internal/facts"
)

// TestDomains: the values tried for each kind of fact, from what the
// conditions read of it.
func TestDomains(t *testing.T) {
	schema := &facts.Schema{Facts: []*facts.Decl{
		{Name: "has_app", Type: facts.Bool, HasDefault: true, Default: false},
		{Name: "plan", Type: facts.String, Values: []string{"free", "pro"}},
		{Name: "regions", Type: facts.List, Values: []string{"kr", "jp", "eu", "us"}},
		{Name: "seats", Type: facts.Number, HasDefault: true, Default: 3.0},
		{Name: "nick", Type: facts.String},
		{Name: "tags", Type: facts.List},
		{Name: "unread", Type: facts.Number, HasDefault: true, Default: 7.0},
		{Name: "shown", Type: facts.String, HasDefault: true, Default: "x"},
	}}
	var conds []*cond.Cond
	for _, src := range []string{
		`has_app and plan == "pro"`,
		`"kr" in regions or len(regions) > 1`,
		`seats > 10 and seats <= 20`,
		`nick == "bob"`,
		`"a" in tags`,
	} {
		c, err := cond.Compile(src, schema)
		if err != nil {
			t.Fatal(src, err)
		}
		conds = append(conds, c)
	}
	s := newSpace(schema, conds, map[string]bool{"shown": true, "tags": true})
	want := map[string]string{
		"has_app": `false true`,
		"plan":    `"free" "pro"`,
		"regions": `[] ["jp"] ["jp", "eu"] ["kr"] ["kr", "jp"]`,
		"seats":   `3 9 10 15 20 21`,
		"nick":    `"bob" "" "other"`,
		"tags":    `[] ["item-1"] ["a"]`,
		"unread":  `7`,
		"shown":   `"x" "" "example"`,
	}
	for i, d := range schema.Facts {
		var got []string
		for _, v := range s.domains[i] {
			got = append(got, facts.Literal(v))
		}
		if g := strings.Join(got, " "); g != want[d.Name] {
			t.Errorf("%s: %s\nwant %s", d.Name, g, want[d.Name])
		}
	}
}

// TestSameOnAnyNumberOfCores: one worker and eight find the same findings,
// with the same combinations, on a generated guide.
func TestSameOnAnyNumberOfCores(t *testing.T) {
	g := generated(t, corpus.Options{Steps: 200, Seed: 3})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var reports []string
	for _, procs := range []int{1, 8} {
		runtime.GOMAXPROCS(procs)
		rep := Check(g, Options{})
		reports = append(reports, rep.Diagnostics().Error()+"\n"+rep.Summary())
	}
	if reports[0] != reports[1] {
		t.Errorf("one worker:\n%s\neight:\n%s", reports[0], reports[1])
	}
	if !strings.Contains(reports[0], "finding") {
		t.Errorf("report: %s", reports[0])
	}
}

// TestCancel: a check told to stop returns nil.
func TestCancel(t *testing.T) {
	g := generated(t, corpus.Options{Steps: 50, Seed: 3})
	if rep := Check(g, Options{Cancel: func() bool { return true }}); rep != nil {
		t.Errorf("Check = %v, want nil", rep.Summary())
	}
}

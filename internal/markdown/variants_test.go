package markdown

import (
	"bytes"
	"slices"
	"testing"

	"prereq/internal/cond"
	"prereq/internal/facts"
)

// flagWords is a Variants for tests: the flag names the condition.
type flagWords struct{}

func (flagWords) Flag(c *cond.Cond) string       { return `<p class="flag">if ` + c.Source + "</p>" }
func (flagWords) Placeholder(name string) string { return "[" + name + "]" }

// TestVariants: with Variants, every `::: when` body is kept, nested ones
// too, wrapped with its condition and flag, and values are left for the
// page to fill; Whens lists the conditions, frozen or not.
func TestVariants(t *testing.T) {
	schema := &facts.Schema{Facts: []*facts.Decl{
		{Name: "a", Type: facts.Bool, Question: "A?"},
		{Name: "n", Type: facts.Number, Question: "N?"},
	}}
	src := "Hi {{ service.name }}, {{ n }}.\n\n::: when a\nA.\n\n::: when n > 1 and a\nBoth & more.\n:::\n:::\n\n::: note\nNote.\n:::\n"
	doc, errs := NewParser(schema).Parse("x.md", 1, []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	want := `<p>Hi <var data-value="service.name">[service.name]</var>, <var data-value="n">[n]</var>.</p>
<div class="when" data-when="a"><p class="flag">if a</p>
<p>A.</p>
<div class="when" data-when="n &gt; 1 and a"><p class="flag">if n > 1 and a</p>
<p>Both &amp; more.</p>
</div>
</div>
<aside class="callout callout-note" role="note">
<p class="callout-title">Note</p>
<p>Note.</p>
</aside>
`
	variants := NewRenderer(Options{Variants: flagWords{}})
	var got bytes.Buffer
	if err := variants.Render(&got, doc); err != nil {
		t.Fatal(err)
	}
	if got.String() != want {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want)
	}
	whens := func() []string {
		var out []string
		for _, c := range doc.Whens() {
			out = append(out, c.Source)
		}
		return out
	}
	if w := whens(); !slices.Equal(w, []string{"a", "n > 1 and a"}) {
		t.Errorf("Whens = %q", w)
	}

	// Frozen for one service and for the guide page at once, it renders
	// each way with the renderer of that way.
	one := NewRenderer(Options{Facts: facts.Values{"a": false, "n": 2.0}, Service: "Acme"})
	var wantOne bytes.Buffer
	if err := one.Render(&wantOne, doc); err != nil {
		t.Fatal(err)
	}
	if err := one.Freeze(doc, variants); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		r    *Renderer
		want string
	}{{one, wantOne.String()}, {variants, want}} {
		var b bytes.Buffer
		if err := tt.r.Render(&b, doc); err != nil || b.String() != tt.want {
			t.Errorf("frozen render = %q, %v; want %q", b.String(), err, tt.want)
		}
	}
	if w := whens(); len(w) != 2 {
		t.Errorf("Whens after Freeze = %q", w)
	}
	// Frozen for one service only, it cannot render for the guide page.
	other, _ := NewParser(schema).Parse("y.md", 1, []byte(src))
	if err := one.Freeze(other); err != nil {
		t.Fatal(err)
	}
	if err := variants.Render(new(bytes.Buffer), other); err == nil {
		t.Error("a body frozen for one service rendered for the guide page")
	}
}

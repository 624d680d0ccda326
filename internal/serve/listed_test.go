package serve

import "testing"

// TestListedEscapes checks that the log names changed files with control
// characters escaped, as errors do.
func TestListedEscapes(t *testing.T) {
	t.Parallel()
	got := listed([]string{"content/b.md", "content/\x1b[2Ja.md", "content/b.md"})
	if want := ` (content/\x1b[2Ja.md, content/b.md)`; got != want {
		t.Errorf("listed = %q, want %q", got, want)
	}
}

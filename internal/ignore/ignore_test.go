package ignore

import "testing"

func TestName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"01-step.md", false},
		{"acme.toml", false},
		{"index.html", false},
		{"_index.md", false},
		{"a.b~c.md", false},
		{"한글.md", false},
		{".hidden.md", true},
		{".git", true},
		{".DS_Store", true},
		{".toml", true},
		{"..toml", true},
		{"...toml", true},
		{".#acme.toml", true},
		{"#acme.toml#", true},
		{"acme.toml~", true},
		{"acme.toml.swp", true},
		{"x.md.swp", true},
	} {
		if got := Name(tc.name); got != tc.want {
			t.Errorf("Name(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

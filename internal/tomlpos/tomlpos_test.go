package tomlpos

import "testing"

func TestScan(t *testing.T) {
	src := `title = "x"   # comment
[facts.has_channel]
type = "bool"
  question = """
multi = "not a key"
"""
[facts."quoted.key"]
list = [
  "a = b",
]
after = 1
[[arr]]
x = 1
dotted.key = { a = 1 }
'lit' = 2
[[arr]]
x = 2
`
	ix := Scan([]byte(src))
	tests := []struct {
		path []string
		want Pos
	}{
		{[]string{"title"}, Pos{1, 1, 9}},
		{[]string{"facts", "has_channel"}, Pos{2, 1, 0}},
		{[]string{"facts", "has_channel", "type"}, Pos{3, 1, 8}},
		{[]string{"facts", "has_channel", "question"}, Pos{4, 3, 14}},
		{[]string{"facts", "has_channel", "multi"}, Pos{2, 1, 0}}, // inside a string: falls back to the table
		{[]string{"facts", "quoted.key", "list"}, Pos{8, 1, 8}},
		{[]string{"facts", "quoted.key", "after"}, Pos{11, 1, 9}},
		{[]string{"arr", "x"}, Pos{13, 1, 5}},
		{[]string{"arr", "dotted", "key"}, Pos{14, 1, 14}},
		{[]string{"arr", "lit"}, Pos{15, 1, 9}},
		{[]string{"arr", "0", "x"}, Pos{13, 1, 5}},
		{[]string{"arr", "1"}, Pos{16, 1, 0}},
		{[]string{"arr", "1", "x"}, Pos{17, 1, 5}},
		{[]string{"nowhere"}, Pos{}},
	}
	for _, tt := range tests {
		if got := ix.Lookup(tt.path...); got != tt.want {
			t.Errorf("%v: got %+v, want %+v", tt.path, got, tt.want)
		}
	}
}

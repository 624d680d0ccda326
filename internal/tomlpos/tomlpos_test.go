package tomlpos

import (
	"errors"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

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
dotted.key = { a = 1, "b" = [2] }
'lit' = 2
["한국어"]
"이름" = "값"   # Hangul before the value
"esc\u0061ped" = 1
inline = { "키" = 1, other = 2 }
[[arr]]
x = 2
`
	ix := Scan([]byte(src))
	tests := []struct {
		path []string
		want Pos
	}{
		{[]string{"title"}, Pos{1, 1, 9, 0}},
		{[]string{"facts"}, Pos{2, 1, 0, 0}}, // implied by the header
		{[]string{"facts", "has_channel"}, Pos{2, 1, 0, 0}},
		{[]string{"facts", "has_channel", "type"}, Pos{3, 1, 8, 0}},
		{[]string{"facts", "has_channel", "question"}, Pos{4, 3, 14, 0}},
		{[]string{"facts", "has_channel", "multi"}, Pos{2, 1, 0, 0}}, // inside a string: falls back to the table
		{[]string{"facts", "quoted.key", "list"}, Pos{8, 1, 8, 0}},
		{[]string{"facts", "quoted.key", "after"}, Pos{11, 1, 9, 0}},
		{[]string{"arr", "x"}, Pos{13, 1, 5, 0}},
		{[]string{"arr", "dotted"}, Pos{14, 1, 0, 0}}, // implied by the dotted key
		{[]string{"arr", "dotted", "key"}, Pos{14, 1, 14, 0}},
		{[]string{"arr", "dotted", "key", "a"}, Pos{14, 16, 20, 0}},
		{[]string{"arr", "dotted", "key", "b"}, Pos{14, 23, 29, 0}},
		{[]string{"arr", "lit"}, Pos{15, 1, 9, 0}},
		{[]string{"한국어", "이름"}, Pos{17, 1, 8, 0}},
		{[]string{"한국어", "escaped"}, Pos{18, 1, 18, 0}},
		{[]string{"한국어", "inline", "other"}, Pos{19, 21, 29, 0}},
		{[]string{"arr", "0", "x"}, Pos{13, 1, 5, 0}},
		{[]string{"arr", "1"}, Pos{20, 1, 0, 0}},
		{[]string{"arr", "1", "x"}, Pos{21, 1, 5, 0}},
		{[]string{"nowhere"}, Pos{}},
	}
	lines := strings.Split(src, "\n")
	for _, tt := range tests {
		got := ix.Lookup(tt.path...)
		if got.ValueCol > 0 {
			// ValueOff is the value's byte offset: where ValueCol is.
			at := string([]rune(lines[got.Line-1])[got.ValueCol-1:])
			if !strings.HasPrefix(src[got.ValueOff:], at) {
				t.Errorf("%v: ValueOff %d is not at %d:%d", tt.path, got.ValueOff, got.Line, got.ValueCol)
			}
		}
		got.ValueOff = 0
		if got != tt.want {
			t.Errorf("%v: got %+v, want %+v", tt.path, got, tt.want)
		}
	}
}

func TestElement(t *testing.T) {
	src := "after = [\"a\", 'b',\n  \"한국\", \"d\"]\nnested = [[1], [\"x\", 2]]\n"
	ix := Scan([]byte(src))
	tests := []struct {
		i         int
		path      string
		line, col int
	}{
		{0, "after", 1, 10},
		{1, "after", 1, 15},
		{2, "after", 2, 3},
		{3, "after", 2, 9},
		{1, "nested", 3, 16},
	}
	for _, tt := range tests {
		p, ok := ix.Element(tt.i, tt.path)
		if !ok || p.Line != tt.line || p.Col != tt.col {
			t.Errorf("%s[%d]: got %+v %v, want %d:%d", tt.path, tt.i, p, ok, tt.line, tt.col)
		}
	}
	if _, ok := ix.Element(4, "after"); ok {
		t.Error("after[4] found")
	}
}

func TestInString(t *testing.T) {
	tests := []struct {
		lit       string
		i         int
		lines     int
		col       int
		character string // what stands there, to check the test itself
	}{
		{`"abc"`, 0, 0, 2, "a"},
		{`"abc"`, 2, 0, 4, "c"},
		{`'a\b'`, 2, 0, 4, "b"},
		{`"한국 x"`, 3, 0, 5, "x"},
		{`"a\"b"`, 2, 0, 5, "b"},
		{`"\u00e9x"`, 1, 0, 8, "x"},
		{"\"\"\"\nab\n  cd\"\"\"", 5, 2, 3, "c"},
		{"'''x\n  y'''", 4, 1, 3, "y"},
		{"\"\"\"a \\\n     b\"\"\"", 2, 1, 6, "b"},
		{`"abc"`, 9, 0, 5, ""}, // past the end: at the closing quote
	}
	for _, tt := range tests {
		lines, col := InString(tt.lit, tt.i)
		if lines != tt.lines || col != tt.col {
			t.Errorf("InString(%q, %d) = %d, %d; want %d, %d", tt.lit, tt.i, lines, col, tt.lines, tt.col)
		}
		if tt.character != "" {
			line := strings.Split(tt.lit, "\n")[tt.lines]
			if got := string([]rune(line)[tt.col-1]); got != tt.character {
				t.Errorf("test of %q: %q at %d:%d, not %q", tt.lit, got, tt.lines, tt.col, tt.character)
			}
		}
	}
}

// TestError places the decoder's syntax errors: columns in characters, an
// error at a line end on that line.
func TestError(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
	}{
		{"a = \"abc\nb = 1\n", 1, 9},     // unclosed string
		{"a = \"abc", 1, 8},              // unclosed at the end
		{"a =\nb = 1\n", 1, 4},           // no value
		{"a =", 1, 3},                    // no value at the end
		{"a = [1,\n", 1, 8},              // unclosed array
		{"a = \"한국어\" x\n", 1, 11},       // Hangul before the error
		{"[tbl\nx=1\n", 1, 5},            // unclosed header
		{"a = 1\r\nb = \"x\r\n", 2, 7},   // CRLF
		{"x = 1\nx = 2\n", 2, 1},         // a key twice
		{"# 한국어\nkey = tru\n", 2, 7},     // a bad value
		{"k = 'x'\n\"한\" = 1 2\n", 2, 9}, // after a value
	}
	for _, tt := range tests {
		var v map[string]any
		_, err := toml.Decode(tt.src, &v)
		var pe toml.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: no parse error (%v)", tt.src, err)
			continue
		}
		if line, col := Error([]byte(tt.src), pe.Position.Start, pe.Position.Len); line != tt.line || col != tt.col {
			t.Errorf("%q (%s): at %d:%d, want %d:%d", tt.src, pe.Message, line, col, tt.line, tt.col)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"a = 1\n[b]\nc.d = \"x\"\n",
		"x = [\n 1, # c\n {a = '''\n'''}]\n",
		"\"k\\u00e9\" = \"\"\"\\\n  v\"\"\"\n",
		"[[a]]\nb = {c = [1, {d = 2}]}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 2000 {
			return // the checks below take quadratic time
		}
		ix := Scan([]byte(src))
		for k, p := range ix {
			if p.Line < 1 || p.Col < 1 {
				t.Fatalf("%q: %s at %+v", src, k, p)
			}
			if lit := StringAt([]byte(src), p.ValueOff); lit != "" {
				for i := range len(lit) {
					if lines, col := InString(lit, i); lines < 0 || col < 1 {
						t.Fatalf("InString(%q, %d) = %d, %d", lit, i, lines, col)
					}
				}
			}
		}
		for off := range len(src) + 1 {
			if line, col := Error([]byte(src), off, 2); line < 1 || col < 1 {
				t.Fatalf("Error(%q, %d) = %d:%d", src, off, line, col)
			}
		}
	})
}

package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSortAndPrint(t *testing.T) {
	var l List
	l.Add(Pos{Path: "b.md", Line: 2, Col: 1}, "second")
	l.Add(Pos{Path: "a.md", Line: 10}, "later line")
	l.Add(Pos{Path: "a.md", Line: 9, Col: 4}, "earlier line")
	l.Add(Pos{Path: "a.md"}, "whole file")
	l.Add(Pos{Path: "b.md", Line: 2, Col: 1}, "second") // duplicate
	want := "a.md: whole file\na.md:9:4: earlier line\na.md:10: later line\nb.md:2:1: second"
	if got := l.Sort().Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestWrapping(t *testing.T) {
	cause := errors.New("disk on fire")
	e := Errorf(Pos{Path: "x"}, "reading: %w", cause)
	if !errors.Is(List{e}, cause) || e.Error() != "x: reading: disk on fire" {
		t.Errorf("%v does not wrap its cause", e)
	}
	if got := From(fmt.Errorf("plain"), "site.toml"); got.Error() != "site.toml: plain" {
		t.Errorf("From = %q", got)
	}
}

func TestClosest(t *testing.T) {
	names := []string{"has_channel", "existing_app", "consent_items", "owner", "phone_number"}
	tests := []struct{ in, want string }{
		{"has_chanel", "has_channel"},
		{"existing_ap", "existing_app"},
		{"ownr", "owner"},
		{"phone", "phone_number"}, // cut short
		{"zzz", ""},
		{"c", ""},
		{"has_channel", ""}, // an exact name needs no suggestion
	}
	for _, tt := range tests {
		if got := Closest(tt.in, names); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain ASCII: a-z 0-9 !?", "plain ASCII: a-z 0-9 !?"},
		{"한글 제목과 emoji 👩‍💻, café, ﷺ, 　ideographic space", "한글 제목과 emoji 👩‍💻, café, ﷺ, 　ideographic space"},
		{"ESC \x1b[31mred\x1b[0m", `ESC \x1b[31mred\x1b[0m`},
		{"title\x1b]0;pwned\a", `title\x1b]0;pwned\x07`},
		{"CR\roverwrite", `CR\roverwrite`},
		{"two\nlines\tand tab", `two\nlines\tand tab`},
		{"NUL \x00 DEL \x7f", `NUL \x00 DEL \x7f`},
		{"C1 \u009b31m", `C1 \u009b31m`},
		{"bidi \u202eevil\u202c \u2066isolate\u2069 \u200f", `bidi \u202eevil\u202c \u2066isolate\u2069 \u200f`},
		{"line\u2028para\u2029", `line\u2028para\u2029`},
		{"not UTF-8 \xff\xfe end", `not UTF-8 \xff\xfe end`},
		{"replacement \uFFFD kept", "replacement \uFFFD kept"},
		{"tag \U000E0041 char", `tag \U000e0041 char`},
		{`a backslash \ stays`, `a backslash \ stays`},
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestErrorPrintable checks that an error prints its path and message with
// control characters escaped, on one line.
func TestErrorPrintable(t *testing.T) {
	l := List{
		{Pos: Pos{Path: "content/\x1b[2J.md", Line: 2, Col: 1}, Msg: "unknown fact \u202eevil\nsecond line"},
		{Msg: "no place\r"},
	}
	var b strings.Builder
	l.Print(&b)
	want := "content/\\x1b[2J.md:2:1: unknown fact \\u202eevil\\nsecond line\nno place\\r\n"
	if b.String() != want {
		t.Errorf("printed %q, want %q", b.String(), want)
	}
}

package diag

import (
	"errors"
	"fmt"
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

package wait

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Span
	}{
		{"1 day", Span{1, 1, Days}},
		{"2 days", Span{2, 2, Days}},
		{"3-5 days", Span{3, 5, Days}},
		{"1 business day", Span{1, 1, BusinessDays}},
		{"3 business days", Span{3, 3, BusinessDays}},
		{"3-5 business days", Span{3, 5, BusinessDays}},
		{"1-2 business days", Span{1, 2, BusinessDays}},
		{"1 week", Span{1, 1, Weeks}},
		{"2 weeks", Span{2, 2, Weeks}},
		{"1-2 weeks", Span{1, 2, Weeks}},
		{"  3 - 5   business\tdays ", Span{3, 5, BusinessDays}},
		{"999 days", Span{999, 999, Days}},
	} {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Parse(%q) = %+v, want %+v", c.in, got, c.want)
		}
		if again, err := Parse(got.String()); err != nil || again != got {
			t.Errorf("Parse(%q.String() = %q) = %+v, %v", c.in, got.String(), again, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		in     string
		offset int
		msg    string
	}{
		{"", 0, "empty"},
		{"   ", 0, "empty"},
		{"about 2 weeks", 0, "starts with its number"},
		{"24 hours", 3, `unknown unit "hours"`},
		{"3-5 busines days", 4, "did you mean business days?"},
		{"2 wekes", 2, "did you mean weeks?"},
		{"3–5 business days", 1, `hyphen between its numbers (3-5), not "–"`},
		{"3~5일", 1, `not "~"`},
		{"3 to 5 days", 2, `not "to"`},
		{"5-3 days", 1, "write 3-5"},
		{"3-3 days", 1, "write 3 without the range"},
		{"2 day", 2, "write days, in the plural"},
		{"1 days", 2, "write 1 day, in the singular"},
		{"1-2 week", 4, "write weeks, in the plural"},
		{"0 days", 0, "at least 1"},
		{"1000 days", 0, "at most 999"},
		{"1.5 weeks", 0, "whole number"},
		{"3days", 1, "put a space"},
		{"3", 1, "needs a unit"},
		{"3-", 2, "expected a number"},
		{"3-5 business days (usually)", 18, "nothing may follow the unit business days"},
		{"영업일 기준 3~5일", 0, "starts with its number"},
		{"약 3 일", 0, "starts with its number"},
		{"3 일", 2, `unknown unit "일"`},
	} {
		_, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q): no error", c.in)
			continue
		}
		if err.Offset != c.offset || !strings.Contains(err.Msg, c.msg) || !strings.HasSuffix(err.Msg, Forms) {
			t.Errorf("Parse(%q) = error at %d %q, want at %d containing %q and the forms", c.in, err.Offset, err.Msg, c.offset, c.msg)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"3-5 business days", "1 day", "2 weeks", "1-2 weeks", "3 to 5", "영업일 기준 3~5일", "0 days", "99999999999999999999 days"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := Parse(s)
		if err != nil {
			if err.Offset < 0 || err.Offset > utf8.RuneCountInString(s) {
				t.Fatalf("Parse(%q): offset %d outside the text", s, err.Offset)
			}
			return
		}
		if sp.Min < 1 || sp.Max < sp.Min || sp.Max > MaxCount {
			t.Fatalf("Parse(%q) = %+v", s, sp)
		}
		if again, err := Parse(sp.String()); err != nil || again != sp {
			t.Fatalf("Parse(%q) = %+v, whose String %q reads as %+v, %v", s, sp, sp.String(), again, err)
		}
	})
}

// Package wait reads the lead time a step starts (its `wait`), written in
// one of a few English forms, into numbers that can be planned with, and
// works out the dates a wait ends on.
//
// A wait is a number or a range of numbers and a unit:
//
//	1 day            3 days           3-5 days
//	1 business day   3 business days  3-5 business days
//	1 week           2 weeks          1-2 weeks
//
// The numbers are whole, from 1 to 999; a range goes from the smaller to
// the larger, with a hyphen between them (spaces around it are allowed).
// The unit is singular after the number 1 alone and plural otherwise.
// Spaces before and after the wait, and more than one space between its
// words, are allowed; nothing else is.
package wait

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"prereq/internal/diag"
)

// Unit is what a wait counts.
type Unit string

// The units, as checklist.json writes them.
const (
	Days         Unit = "day"
	BusinessDays Unit = "business_day" // Monday to Friday, but listed holidays
	Weeks        Unit = "week"
)

// Span is a wait read into numbers: from Min to Max of Unit (Min == Max
// for a single number).
type Span struct {
	Min, Max int
	Unit     Unit
}

// MaxCount is the largest number a wait may give.
const MaxCount = 999

// Forms lists the forms of a wait, for messages and documentation.
const Forms = `a wait is N UNIT or N-M UNIT, UNIT one of day(s), business day(s), week(s): e.g. "1 day", "2 weeks", "3 business days", "3-5 business days"`

// String writes the span in its English form, as Parse reads it: "3-5
// business days", "1 week".
func (s Span) String() string {
	n := strconv.Itoa(s.Min)
	if s.Max != s.Min {
		n += "-" + strconv.Itoa(s.Max)
	}
	return n + " " + unitWord(s.Unit, s.Min == 1 && s.Max == 1)
}

// unitWord is a unit's English word, singular or plural.
func unitWord(u Unit, singular bool) string {
	w := strings.ReplaceAll(string(u), "_", " ")
	if !singular {
		w += "s"
	}
	return w
}

// An Error is a wait that is none of the forms. Offset is the character
// (rune, 0-based) of the text the message is about.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// Parse reads a wait. The error says what is wrong, where, and lists the
// forms.
func Parse(s string) (Span, *Error) {
	p := parser{src: s}
	p.spaces()
	if p.pos == len(s) {
		return Span{}, p.fail(0, "empty: remove the key or write a wait")
	}
	var sp Span
	var err *Error
	if sp.Min, err = p.number(); err != nil {
		return Span{}, err
	}
	sp.Max = sp.Min
	p.spaces()
	if r, n := utf8.DecodeRuneInString(s[p.pos:]); r == '-' || r == '–' || r == '—' || r == '~' || strings.HasPrefix(s[p.pos:], "to ") {
		dash := p.pos
		if r != '-' {
			if r == 't' {
				n = 2
			}
			return Span{}, p.fail(dash, "write a range with a hyphen between its numbers (3-5), not %q", s[dash:dash+n])
		}
		p.pos += n
		p.spaces()
		if sp.Max, err = p.number(); err != nil {
			return Span{}, err
		}
		switch {
		case sp.Max == sp.Min:
			return Span{}, p.fail(dash, "a range of %d to %d is one number: write %d without the range", sp.Min, sp.Max, sp.Min)
		case sp.Max < sp.Min:
			return Span{}, p.fail(dash, "a range goes from the smaller number to the larger: write %d-%d", sp.Max, sp.Min)
		}
		p.spaces()
	}
	unitAt := p.pos
	if unitAt == len(s) {
		return Span{}, p.fail(unitAt, "the wait needs a unit after its number")
	}
	if unitAt > 0 && !isSpace(s[unitAt-1]) {
		return Span{}, p.fail(unitAt, "put a space between the number and the unit")
	}
	// The unit runs to the end of the text, its words joined by one space.
	words, at := fields(s, unitAt)
	word := strings.Join(words, " ")
	singular := sp.Min == 1 && sp.Max == 1
	units := []Unit{BusinessDays, Days, Weeks}
	for _, u := range units {
		switch word {
		case unitWord(u, singular):
			sp.Unit = u
			return sp, nil
		case unitWord(u, !singular):
			if singular {
				return Span{}, p.fail(unitAt, "write 1 %s, in the singular", unitWord(u, true))
			}
			return Span{}, p.fail(unitAt, "write %s, in the plural", unitWord(u, false))
		}
	}
	for _, u := range units {
		w := strings.Fields(unitWord(u, singular))
		if len(words) > len(w) && strings.Join(words[:len(w)], " ") == strings.Join(w, " ") {
			return Span{}, p.fail(at[len(w)], "nothing may follow the unit %s: write any comment in the step's body", strings.Join(w, " "))
		}
	}
	var candidates []string // in the number the unit should have
	for _, u := range units {
		candidates = append(candidates, unitWord(u, singular))
	}
	hint := diag.DidYouMean(strings.ToLower(word), candidates)
	if hint == "" {
		hint = diag.DidYouMean(strings.ToLower(words[0]), candidates)
	}
	return Span{}, p.fail(unitAt, "unknown unit %q%s", word, hint)
}

// fields splits s from byte offset from into words separated by spaces
// and tabs, with the byte offset of each.
func fields(s string, from int) (words []string, at []int) {
	for i := from; i < len(s); {
		if isSpace(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && !isSpace(s[j]) {
			j++
		}
		words, at = append(words, s[i:j]), append(at, i)
		i = j
	}
	return words, at
}

// parser reads a wait from left to right; pos is a byte offset.
type parser struct {
	src string
	pos int
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' }

func (p *parser) spaces() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

// number reads a whole number from 1 to MaxCount.
func (p *parser) number() (int, *Error) {
	start := p.pos
	for p.pos < len(p.src) && '0' <= p.src[p.pos] && p.src[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == start {
		r, _ := utf8.DecodeRuneInString(p.src[start:])
		if unicode.IsLetter(r) && start == firstNonSpace(p.src) {
			return 0, p.fail(start, "a wait starts with its number of days or weeks")
		}
		return 0, p.fail(start, "expected a number here")
	}
	if p.pos < len(p.src) && (p.src[p.pos] == '.' || p.src[p.pos] == ',') {
		return 0, p.fail(start, "a wait is a whole number of days or weeks")
	}
	digits := p.src[start:p.pos]
	n, err := strconv.Atoi(digits)
	if err != nil || n > MaxCount {
		return 0, p.fail(start, "%s is more than a wait may be (at most %d)", digits, MaxCount)
	}
	if n == 0 {
		return 0, p.fail(start, "a wait is at least 1: remove a wait of 0")
	}
	return n, nil
}

func firstNonSpace(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}

// fail is an error about the text at byte offset at, with the forms listed.
func (p *parser) fail(at int, format string, args ...any) *Error {
	return &Error{Offset: utf8.RuneCountInString(p.src[:at]), Msg: fmt.Sprintf(format, args...) + "; " + Forms}
}

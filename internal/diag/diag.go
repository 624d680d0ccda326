// Package diag defines prereq's one error type: a message tied to a place in
// a file (path, line, column), and List, the sorted collection every stage of
// the pipeline returns so that a user sees all of their mistakes at once.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Pos is a place in a file. Line and Col are 1-based; zero means unknown.
type Pos struct {
	Path string
	Line int
	Col  int
}

// String formats the position as PATH:LINE:COL, PATH:LINE or PATH.
func (p Pos) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.Path, p.Line)
	default:
		return p.Path
	}
}

// Error is one problem found in the inputs.
type Error struct {
	Pos
	Msg string
	Err error // optional cause, for errors.Is/As
}

// Error formats the error as PATH:LINE:COL: message, with what the
// terminal would not show as itself escaped (see Printable).
func (e *Error) Error() string {
	if e.Path == "" {
		return Printable(e.Msg)
	}
	return Printable(e.Pos.String() + ": " + e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error at pos.
func Errorf(pos Pos, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Pos: pos, Msg: err.Error(), Err: errors.Unwrap(err)}
}

// List collects Errors. The zero value is empty and ready to use.
type List []*Error

// Add appends an error at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, Errorf(pos, format, args...))
}

// Append adds every error of other.
func (l *List) Append(other ...*Error) { *l = append(*l, other...) }

// Sort orders the list by path, line, column and message, and drops exact
// duplicates.
func (l List) Sort() List {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Msg, b.Msg),
		)
	})
	return slices.CompactFunc(l, func(a, b *Error) bool {
		return a.Pos == b.Pos && a.Msg == b.Msg
	})
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error joins the errors one a line.
func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap exposes the errors to errors.Is and errors.As.
func (l List) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Print writes the errors to w, one a line.
func (l List) Print(w io.Writer) {
	for _, e := range l {
		fmt.Fprintln(w, e.Error())
	}
}

// From turns err into a List: a List stays as it is, an *Error becomes a
// one-element list, and any other error is given the path as its place.
func From(err error, path string) List {
	if err == nil {
		return nil
	}
	var l List
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return List{e}
	}
	return List{{Pos: Pos{Path: path}, Msg: err.Error(), Err: err}}
}

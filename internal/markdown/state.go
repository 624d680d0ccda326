package markdown

import (
	"slices"
	"unicode/utf8"

	"github.com/yuin/goldmark/parser"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
)

// stateKey finds the parseState of one Parse call in goldmark's parser
// context. It is set once, at package initialisation, as goldmark's own
// extensions do with theirs, and never changes.
var stateKey = parser.NewContextKey()

// parseState is what the extension's parsers share during one Parse call:
// the schema names are checked against, and what they found.
type parseState struct {
	schema *facts.Schema
	conds  *cond.Compiler
	errs   []pendingError
	names  []string     // facts read, unsorted, with repeats
	whens  []*cond.Cond // the `::: when` conditions, in order
	values bool         // a {{ }} value was found
}

// pendingError is an error at a byte offset of the body, turned into a file
// position once parsing is done. extra is a number of columns to add: the
// column a condition error has inside its expression.
type pendingError struct {
	off   int
	extra int
	msg   string
}

// stateOf returns the parseState of a Parse call, or nil when the extension
// runs in a goldmark instance that Parser.Parse did not set up (say, a test
// using goldmark.Convert): then names are not checked.
func stateOf(pc parser.Context) *parseState {
	st, _ := pc.Get(stateKey).(*parseState)
	return st
}

func (st *parseState) errorAt(off, extra int, msg string) {
	if st != nil {
		st.errs = append(st.errs, pendingError{off, extra, msg})
	}
}

func (st *parseState) read(names ...string) {
	if st != nil {
		st.names = append(st.names, names...)
	}
}

// facts returns the names read, sorted and without repeats.
func (st *parseState) facts() []string {
	if len(st.names) == 0 {
		return nil
	}
	names := slices.Clone(st.names)
	slices.Sort(names)
	return slices.Compact(names)
}

// diagnostics turns the errors found into a sorted list positioned in the
// file: src begins on line firstLine.
func (st *parseState) diagnostics(path string, firstLine int, src []byte) diag.List {
	if len(st.errs) == 0 {
		return nil
	}
	return place(st.errs, path, firstLine, src)
}

// place positions errors at byte offsets of src in the file: src begins on
// line firstLine. It returns them sorted.
func place(errs []pendingError, path string, firstLine int, src []byte) diag.List {
	lines := lineStarts(src)
	var l diag.List
	for _, e := range errs {
		line, col := position(src, lines, e.off)
		l.Append(&diag.Error{
			Pos: diag.Pos{Path: path, Line: firstLine + line - 1, Col: col + e.extra},
			Msg: e.msg,
		})
	}
	return l.Sort()
}

// lineStarts returns the byte offset at which each line of src starts.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position returns the 1-based line and column (in runes) of byte offset off
// in src, whose lines start at the offsets starts.
func position(src []byte, starts []int, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	line, _ = slices.BinarySearch(starts, off+1) // lines starting at or before off
	return line, 1 + utf8.RuneCount(src[starts[line-1]:off])
}

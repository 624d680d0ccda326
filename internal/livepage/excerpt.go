package livepage

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"prereq/internal/diag"
)

// An ErrorView is one error as the error overlay shows it: the line the
// command line prints and the source lines around its position.
type ErrorView struct {
	Text  string // exactly as prereq check prints it
	Path  string
	Query bool         // the error is in the page's address: Path is "?" or "?fact"
	Lines []SourceLine // empty when the file or the line is unknown
}

// A SourceLine is one numbered line of source; the error's own line is split
// around the column it points at.
type SourceLine struct {
	N                 int
	Text              string // the whole line, when not the error's
	Before, At, After string // the error's line: At is the character at the column
	Caret             string // spaces up to the column, then ^
	Error             bool
}

// around is how many lines the overlay shows on each side of an error.
const around = 2

// Views turns errors into views, with the source lines around each. read
// returns the file an error names (its Path), or nil when there is none to
// show (the embedded templates have no file). It is called once per file,
// and never for an error in the query string ("?fact"), which names none.
func Views(errs diag.List, read func(path string) []byte) []ErrorView {
	out := make([]ErrorView, 0, len(errs))
	files := map[string][]byte{}
	for _, e := range errs {
		v := ErrorView{Text: e.Error(), Path: e.Path, Query: strings.HasPrefix(e.Path, "?")}
		if e.Line > 0 && !v.Query {
			src, ok := files[e.Path]
			if !ok {
				src = read(e.Path)
				files[e.Path] = src
			}
			v.Lines = excerpt(src, e.Line, e.Col)
		}
		out = append(out, v)
	}
	return out
}

// excerpt returns the lines around line (1-based) of src, the line itself
// split at col (1-based, in characters; 0 marks nothing).
func excerpt(src []byte, line, col int) []SourceLine {
	if src == nil {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
	if line > len(lines) {
		if line != len(lines)+1 {
			return nil
		}
		lines = append(lines, "") // an error at the end of the file
	}
	var out []SourceLine
	for n := max(1, line-around); n <= min(len(lines), line+around); n++ {
		text := strings.TrimSuffix(lines[n-1], "\r")
		if !utf8.ValidString(text) {
			text = string(bytes.ToValidUTF8([]byte(text), []byte("\uFFFD")))
		}
		if n != line {
			out = append(out, SourceLine{N: n, Text: text})
			continue
		}
		sl := SourceLine{N: n, Text: text, Error: true}
		if col > 0 {
			runes := []rune(text)
			i := min(col-1, len(runes))
			sl.Before = string(runes[:i])
			if i < len(runes) {
				sl.At, sl.After = string(runes[i:i+1]), string(runes[i+1:])
			} else {
				sl.At = " "
			}
			sl.Caret = caret(runes[:i])
		} else {
			sl.Before = text
		}
		out = append(out, sl)
	}
	return out
}

// caret is a line of spaces as wide as before, tabs kept, ending in ^.
func caret(before []rune) string {
	var b strings.Builder
	for _, r := range before {
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	return b.String()
}

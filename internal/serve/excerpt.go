package serve

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"prereq/internal/diag"
)

// errorView is one error as the error overlay shows it: the line the
// command line prints and the source lines around its position.
type errorView struct {
	Text  string // exactly as prereq check prints it
	Path  string
	Lines []srcLine // empty when the file or the line is unknown
}

// srcLine is one numbered line of source; the error's own line is split
// around the column it points at.
type srcLine struct {
	N                 int
	Text              string // the whole line, when not the error's
	Before, At, After string // the error's line: At is the character at the column
	Caret             string // spaces up to the column, then ^
	Error             bool
}

// around is how many lines the overlay shows on each side of an error.
const around = 2

// maxSource bounds how much of a file an excerpt reads.
const maxSource = 4 << 20

// views turns errors into views, reading the files they point into.
func views(errs diag.List, in inputs) []errorView {
	out := make([]errorView, 0, len(errs))
	files := map[string][]byte{}
	for _, e := range errs {
		v := errorView{Text: e.Error(), Path: e.Path}
		if e.Line > 0 {
			src, ok := files[e.Path]
			if !ok {
				src = readSource(in, e.Path)
				files[e.Path] = src
			}
			v.Lines = excerpt(src, e.Line, e.Col)
		}
		out = append(out, v)
	}
	return out
}

// readSource reads the file an error names, or returns nil: positions in
// the query string ("?fact") and in the embedded templates have no file.
func readSource(in inputs, name string) []byte {
	var p string
	switch {
	case name == in.siteKey:
		p = in.siteFile
	case filepath.IsLocal(filepath.FromSlash(name)):
		p = filepath.Join(in.dir, filepath.FromSlash(name))
	default:
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxSource))
	if err != nil {
		return nil
	}
	return src
}

// excerpt returns the lines around line (1-based) of src, the line itself
// split at col (1-based, in characters; 0 marks nothing).
func excerpt(src []byte, line, col int) []srcLine {
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
	var out []srcLine
	for n := max(1, line-around); n <= min(len(lines), line+around); n++ {
		text := strings.TrimSuffix(lines[n-1], "\r")
		if !utf8.ValidString(text) {
			text = string(bytes.ToValidUTF8([]byte(text), []byte("\uFFFD")))
		}
		if n != line {
			out = append(out, srcLine{N: n, Text: text})
			continue
		}
		sl := srcLine{N: n, Text: text, Error: true}
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

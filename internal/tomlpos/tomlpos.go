// Package tomlpos finds where things stand in a TOML document.
//
// BurntSushi/toml reports positions for syntax errors but not for keys, and
// prereq's messages about well-formed but wrong input ("unknown fact", "wrong
// type") must still point at a line. Scan reads the document once and maps
// every key, table header and array element to the line and column where it
// is written; Error places a syntax error; InString finds a character of a
// string value in the literal that writes it.
//
// Lines and columns are 1-based, and columns count characters (runes), as
// editors do: a tab counts as one.
package tomlpos

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is where a key is written: the line and column of the key, the column
// where its value starts (0 for table headers), and the byte offset of the
// value in the document. An array element's Pos has the element's place as
// both Col and ValueCol.
type Pos struct{ Line, Col, ValueCol, ValueOff int }

// Index maps dotted key paths ("facts.has_channel") to their positions,
// and array elements to theirs ("roles.admin.after[0]"; see Element). The
// keys of the Nth table of an array of tables ([[rules]]) are found at
// "rules.N.key", N counting from 0, and those of the first also at
// "rules.key".
type Index map[string]Pos

// Lookup returns the position of the key path, or of its nearest ancestor that
// is written in the document, or the zero Pos.
func (ix Index) Lookup(path ...string) Pos {
	for n := len(path); n > 0; n-- {
		if p, ok := ix[strings.Join(path[:n], ".")]; ok {
			return p
		}
	}
	return Pos{}
}

// Element returns the position of element i of the array at the key path,
// and whether it is written in the document.
func (ix Index) Element(i int, path ...string) (Pos, bool) {
	p, ok := ix[elementKey(strings.Join(path, "."), i)]
	return p, ok
}

func elementKey(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Scan indexes src. It never fails: text it does not understand is skipped
// to the end of its line, since the TOML decoder reports syntax errors. A
// key is indexed where it is first written; a dotted key (a.b = 1) also
// places the tables it implies (a), unless they are written earlier.
func Scan(src []byte) Index {
	s := &scanner{src: src, line: 1, col: 1, ix: Index{}}
	s.document()
	return s.ix
}

// scanner reads a document one character at a time, keeping its place.
type scanner struct {
	src       []byte
	off       int
	line, col int
	ix        Index
}

func (s *scanner) eof() bool { return s.off >= len(s.src) }

func (s *scanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.off]
}

// next moves one character (rune) on.
func (s *scanner) next() {
	if s.eof() {
		return
	}
	if s.src[s.off] == '\n' {
		s.off++
		s.line, s.col = s.line+1, 1
		return
	}
	_, w := utf8.DecodeRune(s.src[s.off:])
	s.off += w
	s.col++
}

func (s *scanner) skip(n int) {
	for range n {
		s.next()
	}
}

// blanks skips spaces and tabs.
func (s *scanner) blanks() {
	for c := s.peek(); c == ' ' || c == '\t'; c = s.peek() {
		s.next()
	}
}

// toLineEnd skips to the end of the line, not past it.
func (s *scanner) toLineEnd() {
	for !s.eof() && s.peek() != '\n' {
		s.next()
	}
}

// space skips blanks, comments and line ends.
func (s *scanner) space() {
	for {
		s.blanks()
		switch s.peek() {
		case '#':
			s.toLineEnd()
		case '\r', '\n':
			s.next()
		default:
			return
		}
	}
}

func (s *scanner) add(key []string, p Pos) {
	for n := 1; n <= len(key); n++ {
		k := strings.Join(key[:n], ".")
		if _, seen := s.ix[k]; !seen {
			q := p
			if n < len(key) {
				q.ValueCol, q.ValueOff = 0, 0 // a table it implies
			}
			s.ix[k] = q
		}
	}
}

func (s *scanner) document() {
	var table []string
	var element []string       // table as NAME.N inside an array of tables
	arrays := map[string]int{} // tables seen so far of each array
	for {
		s.space()
		if s.eof() {
			return
		}
		line, col := s.line, s.col
		if s.peek() == '[' {
			s.next()
			array := s.peek() == '['
			if array {
				s.next()
			}
			s.blanks()
			key, ok := s.key(']')
			if ok {
				table, element = key, nil
				s.add(table, Pos{Line: line, Col: col})
				if array {
					name := strings.Join(table, ".")
					element = append(slices.Clone(table), strconv.Itoa(arrays[name]))
					arrays[name]++
					s.add(element, Pos{Line: line, Col: col})
				}
			}
			s.toLineEnd()
			continue
		}
		if !s.keyValue(table, element) {
			s.toLineEnd()
		}
	}
}

// keyValue reads `key = value` below the table prefix (and, in an array
// of tables, also below its element), and reports whether it made sense of
// it.
func (s *scanner) keyValue(prefix, element []string) bool {
	line, col := s.line, s.col
	key, ok := s.key('=')
	if !ok || s.peek() != '=' {
		return false
	}
	s.next()
	s.blanks()
	p := Pos{Line: line, Col: col, ValueCol: s.col, ValueOff: s.off}
	path := append(slices.Clone(prefix), key...)
	s.add(path, p)
	if element != nil {
		s.add(append(slices.Clone(element), key...), p)
	}
	return s.value(path)
}

// key reads a dotted key up to the delimiter (not consumed), unquoting its
// parts, and reports whether it is one.
func (s *scanner) key(delim byte) ([]string, bool) {
	var parts []string
	for {
		s.blanks()
		var part string
		switch c := s.peek(); {
		case c == '"' || c == '\'':
			lit, ok := s.stringLiteral()
			if !ok || strings.HasPrefix(lit, `"""`) || strings.HasPrefix(lit, "'''") {
				return nil, false
			}
			part = unquote(lit)
		case isBare(c):
			start := s.off
			for isBare(s.peek()) {
				s.next()
			}
			part = string(s.src[start:s.off])
		default:
			return nil, false
		}
		parts = append(parts, part)
		s.blanks()
		switch s.peek() {
		case '.':
			s.next()
		case delim:
			return parts, true
		default:
			return nil, false
		}
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value skips the value at the reader, indexing the elements of arrays and
// the keys of inline tables below path, and reports whether it made sense
// of it.
func (s *scanner) value(path []string) bool {
	switch c := s.peek(); c {
	case '"', '\'':
		_, ok := s.stringLiteral()
		return ok
	case '[':
		s.next()
		k := strings.Join(path, ".")
		for i := 0; ; i++ {
			s.space()
			if s.peek() == ']' {
				s.next()
				return true
			}
			if s.eof() {
				return false
			}
			elem := elementKey(k, i)
			if _, seen := s.ix[elem]; !seen {
				s.ix[elem] = Pos{Line: s.line, Col: s.col, ValueCol: s.col, ValueOff: s.off}
			}
			if !s.value([]string{elem}) { // an inline table's keys: elem.key
				return false
			}
			s.space()
			if s.peek() == ',' {
				s.next()
			}
		}
	case '{':
		s.next()
		for {
			s.blanks()
			switch s.peek() {
			case '}':
				s.next()
				return true
			case ',':
				s.next()
				continue
			case '\n', 0:
				return false
			}
			if !s.keyValue(path, nil) {
				return false
			}
		}
	default:
		// A number, a date, a boolean: up to what ends it.
		start := s.off
		for !s.eof() && !strings.ContainsRune(",]}#\r\n", rune(s.peek())) {
			s.next()
		}
		return s.off > start
	}
}

// stringLiteral reads a string literal of any of the four kinds and returns
// its text as written, quotes included.
func (s *scanner) stringLiteral() (string, bool) {
	start := s.off
	n := literalLen(s.src[s.off:])
	if n < 0 {
		return "", false
	}
	s.skip(utf8.RuneCount(s.src[s.off : s.off+n]))
	return string(s.src[start:s.off]), true
}

// literalLen returns the length in bytes of the string literal at the
// start of b, or -1 when it is not closed.
func literalLen(b []byte) int {
	if len(b) == 0 || b[0] != '"' && b[0] != '\'' {
		return -1
	}
	q := b[0]
	delim := string([]byte{q, q, q})
	if strings.HasPrefix(string(b[:min(3, len(b))]), delim) {
		for i := 3; i < len(b); i++ {
			switch {
			case q == '"' && b[i] == '\\':
				i++
			case strings.HasPrefix(string(b[i:min(i+3, len(b))]), delim):
				// Up to two more quotes may belong to the string.
				end := i + 3
				for end < len(b) && end < i+5 && b[end] == q {
					end++
				}
				return end
			}
		}
		return -1
	}
	for i := 1; i < len(b); i++ {
		switch {
		case b[i] == '\n':
			return -1
		case q == '"' && b[i] == '\\':
			i++
		case b[i] == q:
			return i + 1
		}
	}
	return -1
}

// Unquote returns the value of a one-line string literal ("…" or '…'),
// or "" when lit is not one.
func Unquote(lit string) string {
	if len(lit) < 2 || lit[0] != lit[len(lit)-1] || lit[0] != '"' && lit[0] != '\'' || strings.HasPrefix(lit, `"""`) || strings.HasPrefix(lit, "'''") {
		return ""
	}
	return unquote(lit)
}

// unquote returns the value of a one-line string literal.
func unquote(lit string) string {
	if len(lit) < 2 {
		return ""
	}
	body := lit[1 : len(lit)-1]
	if lit[0] == '\'' {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' || i+1 >= len(body) {
			b.WriteByte(body[i])
			continue
		}
		r, n := escape(body[i+1:])
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

// escape decodes the escape sequence after a backslash and returns its
// character and length.
func escape(s string) (rune, int) {
	hex := func(n int) (rune, int) {
		if len(s) < 1+n {
			return utf8.RuneError, 1
		}
		v, err := strconv.ParseUint(s[1:1+n], 16, 32)
		if err != nil {
			return utf8.RuneError, 1
		}
		return rune(v), 1 + n
	}
	switch s[0] {
	case 'u':
		return hex(4)
	case 'U':
		return hex(8)
	case 'x':
		return hex(2)
	case 'b':
		return '\b', 1
	case 't':
		return '\t', 1
	case 'n':
		return '\n', 1
	case 'f':
		return '\f', 1
	case 'r':
		return '\r', 1
	case 'e':
		return 0x1b, 1
	}
	r, n := utf8.DecodeRuneInString(s)
	return r, n
}

// StringAt returns the string literal (quotes included) that starts at
// byte offset off of src, as a Pos's ValueOff gives it, or "" when no
// closed string starts there.
func StringAt(src []byte, off int) string {
	if off < 0 || off >= len(src) {
		return ""
	}
	n := literalLen(src[off:])
	if n < 0 {
		return ""
	}
	return string(src[off : off+n])
}

// InString returns where character i (0-based) of the value of the string
// literal lit is written: the number of lines below lit's first line, and
// the column there, counted from lit's first character when on its first
// line. Escapes, the line end that may follow a multi-line string's
// opening quotes, and line-ending backslashes are taken into account.
func InString(lit string, i int) (lines, col int) {
	if lit == "" {
		return 0, 1
	}
	q := lit[0]
	open := 1
	multi := len(lit) >= 6 && lit[1] == q && lit[2] == q
	if multi {
		open = 3
	}
	p := 0 // byte offset in lit
	lines, col = 0, 1
	move := func(n int) { // n bytes on, on one line
		col += utf8.RuneCountInString(lit[p : p+n])
		p += n
	}
	newline := func() {
		p++
		lines, col = lines+1, 1
	}
	move(open)
	if multi {
		if strings.HasPrefix(lit[p:], "\r\n") {
			move(1)
		}
		if strings.HasPrefix(lit[p:], "\n") {
			newline()
		}
	}
	end := len(lit) - open
	for k := 0; p < end; k++ {
		for q == '"' && multi && lit[p] == '\\' && lineEndingBackslash(lit[p+1:end]) {
			// It and the blanks and line ends after it stand for nothing.
			move(1)
			for p < end && strings.ContainsRune(" \t\r\n", rune(lit[p])) {
				if lit[p] == '\n' {
					newline()
				} else {
					move(1)
				}
			}
		}
		if k == i || p >= end {
			return lines, col
		}
		switch {
		case lit[p] == '\n':
			newline()
		case q == '"' && lit[p] == '\\' && p+1 < end:
			_, n := escape(lit[p+1 : end])
			move(1 + n)
		default:
			_, n := utf8.DecodeRuneInString(lit[p:])
			move(n)
		}
	}
	return lines, col
}

// lineEndingBackslash reports whether the text after a backslash is blank
// to the end of its line.
func lineEndingBackslash(rest string) bool {
	line, _, found := strings.Cut(rest, "\n")
	return found && strings.Trim(line, " \t\r") == ""
}

// Error returns the line and column of a syntax error that a TOML decoder
// reports at the n bytes from byte offset off (toml.ParseError's
// Position.Start and Len): at the first of them that is not a blank. An
// error at a line end (an unclosed string, a missing value) stands on the
// line it ends, and one at the end of the document on its last line.
func Error(src []byte, off, n int) (line, col int) {
	off = min(max(off, 0), len(src))
	for end := min(off+n, len(src)); off+1 < end && (src[off] == ' ' || src[off] == '\t'); {
		off++
	}
	if off == len(src) && off > 0 && src[off-1] == '\n' {
		off--
	}
	line = 1 + strings.Count(string(src[:off]), "\n")
	start := strings.LastIndexByte(string(src[:off]), '\n') + 1
	return line, 1 + utf8.RuneCount(src[start:off])
}

// Package tomlpos finds where keys stand in a TOML document.
//
// BurntSushi/toml reports positions for syntax errors but not for keys, and
// prereq's messages about well-formed but wrong input ("unknown fact", "wrong
// type") must still point at a line. Index scans the document once and maps
// every key and table header to the line and column where it is written.
package tomlpos

import (
	"slices"
	"strconv"
	"strings"
)

// Pos is where a key is written: 1-based line and column of the key, and
// the column where its value starts (0 for table headers).
type Pos struct{ Line, Col, ValueCol int }

// Index maps dotted key paths ("facts.has_channel") to their positions. The
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

// Scan indexes src. It never fails: text it does not understand is skipped,
// since the TOML decoder has already reported syntax errors.
func Scan(src []byte) Index {
	ix := Index{}
	var table []string
	var element []string       // table as NAME.N inside an array of tables
	arrays := map[string]int{} // tables seen so far of each array
	lines := strings.Split(string(src), "\n")
	depth := 0      // open brackets and braces of a value spanning lines
	multiline := "" // closing delimiter of an open multi-line string
	for i, line := range lines {
		lineNo := i + 1
		if multiline != "" {
			if strings.Contains(line, multiline) {
				line = line[strings.Index(line, multiline)+3:]
				multiline = ""
			} else {
				continue
			}
		}
		if depth > 0 {
			depth, multiline = scanValue(line, depth)
			continue
		}
		trimmed := strings.TrimLeft(line, " \t")
		col := len(line) - len(trimmed) + 1
		switch {
		case trimmed == "" || trimmed[0] == '#':
			continue
		case strings.HasPrefix(trimmed, "["):
			inner := strings.TrimLeft(trimmed, "[")
			end := strings.Index(inner, "]")
			if end < 0 {
				continue
			}
			table, element = parseKey(inner[:end]), nil
			ix.add(table, Pos{Line: lineNo, Col: col})
			if strings.HasPrefix(trimmed, "[[") {
				// An array of tables: its Nth table is also at NAME.N.
				name := strings.Join(table, ".")
				element = append(slices.Clone(table), strconv.Itoa(arrays[name]))
				arrays[name]++
				ix.add(element, Pos{Line: lineNo, Col: col})
			}
		default:
			eq := keyEnd(trimmed)
			if eq < 0 {
				continue
			}
			name := parseKey(trimmed[:eq])
			value := trimmed[eq+1:]
			valueCol := col + eq + 1 + len(value) - len(strings.TrimLeft(value, " \t"))
			p := Pos{Line: lineNo, Col: col, ValueCol: valueCol}
			ix.add(append(slices.Clone(table), name...), p)
			if element != nil {
				ix.add(append(slices.Clone(element), name...), p)
			}
			depth, multiline = scanValue(value, 0)
		}
	}
	return ix
}

func (ix Index) add(key []string, p Pos) {
	k := strings.Join(key, ".")
	if _, seen := ix[k]; !seen {
		ix[k] = p
	}
}

// keyEnd returns the index of the '=' that ends the key, skipping quoted parts.
func keyEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		case c == '#':
			return -1
		}
	}
	return -1
}

// parseKey splits a dotted key, unquoting quoted parts.
func parseKey(s string) []string {
	var parts []string
	var cur strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' && i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, cur.String())
			cur.Reset()
		case c == ' ' || c == '\t':
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, cur.String())
}

// scanValue follows a value's brackets and strings to the end of the line and
// reports how many brackets stay open and whether a multi-line string does.
func scanValue(s string, depth int) (int, string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '#':
			return depth, ""
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '"', '\'':
			delim := string([]byte{c, c, c})
			if strings.HasPrefix(s[i:], delim) {
				rest := s[i+3:]
				if j := strings.Index(rest, delim); j >= 0 {
					i += 3 + j + 2
					continue
				}
				return depth, delim
			}
			for i++; i < len(s) && s[i] != c; i++ {
				if c == '"' && s[i] == '\\' {
					i++
				}
			}
		}
	}
	return depth, ""
}

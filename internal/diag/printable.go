package diag

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with every character a terminal would not show as
// itself written as an escape: control characters (\x1b, \r, \n, \t),
// bidirectional and other format controls (\u202e), line and paragraph
// separators (\u2028) and bytes that are not UTF-8 (\xff). Letters, marks,
// digits, punctuation, symbols and spaces of every script are kept, as are
// the zero-width joiner and non-joiner that some scripts and emoji need.
// Messages and explanations print text from the inputs through it, so that
// a file name or a value cannot move the cursor, recolour the terminal or
// reorder the line it is printed on.
func Printable(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !shown(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case shown(r, size):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
		i += size
	}
	return b.String()
}

// shown reports whether a decoded rune prints as itself.
func shown(r rune, size int) bool {
	switch {
	case r == utf8.RuneError:
		return size == 3 // U+FFFD itself, not a byte that is not UTF-8
	case r >= ' ' && r < 0x7f:
		return true
	case r == 0x200c || r == 0x200d: // zero-width non-joiner and joiner
		return true
	}
	return r > 0x7f && unicode.IsGraphic(r)
}

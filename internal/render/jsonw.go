package render

import (
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"
)

// jsonWriter writes indented JSON as encoding/json's Encoder does with
// SetIndent("", "  ") and SetEscapeHTML(false), straight into one buffer:
// checklist.json is written for every partner of a many-partner build,
// and holds every step's body twice (HTML and text), so it is written
// without reflection, without a second pass to indent, and without
// copying the bodies into strings first.
type jsonWriter struct {
	b     []byte
	out   io.Writer // when not nil, what b holds is written to it at each flush
	depth int
	first bool       // nothing written yet in the innermost object or array
	text  textStream // converts the bodies to text, one after another
}

// jsonChunk is how much WriteJSON holds before it writes.
const jsonChunk = 256 << 10

// flush writes what w holds to w.out, if it has one and w holds at least
// atLeast bytes; it returns w.out's error.
func (w *jsonWriter) flush(atLeast int) error {
	if w.out == nil || len(w.b) < atLeast {
		return nil
	}
	_, err := w.out.Write(w.b)
	w.b = w.b[:0]
	return err
}

func (w *jsonWriter) newline() {
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, ' ', ' ')
	}
}

// open starts an object ('{') or an array ('[') as the next value.
func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

// close ends the innermost object ('}') or array (']').
func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.b = append(w.b, c)
	w.first = false
}

// key starts a member of an object; its value follows.
func (w *jsonWriter) key(k string) {
	w.elem()
	w.str(k)
	w.b = append(w.b, ':', ' ')
}

// elem starts an element of an array (or a member of an object).
func (w *jsonWriter) elem() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.newline()
}

func (w *jsonWriter) str(s string) { quote(w, s, utf8.DecodeRuneInString) }

func (w *jsonWriter) bytes(b []byte) { quote(w, b, utf8.DecodeRune) }

func (w *jsonWriter) boolean(v bool) {
	if v {
		w.b = append(w.b, "true"...)
	} else {
		w.b = append(w.b, "false"...)
	}
}

// int writes the number n.
func (w *jsonWriter) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

func (w *jsonWriter) null() { w.b = append(w.b, "null"...) }

// strings writes an array of strings.
func (w *jsonWriter) strings(list []string) {
	w.open('[')
	for _, s := range list {
		w.elem()
		w.str(s)
	}
	w.close(']')
}

// value writes a fact's value: a boolean, number, string or list of
// strings (anything else as encoding/json writes it).
func (w *jsonWriter) value(v any) error {
	switch v := v.(type) {
	case bool:
		w.boolean(v)
	case string:
		w.str(v)
	case []string:
		w.strings(v)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		w.b = append(w.b, b...)
	}
	return nil
}

// quote writes s as a JSON string, escaped as encoding/json escapes it
// without HTML escaping: ", \ and control characters, U+2028 and U+2029,
// and each byte that is not UTF-8 as U+FFFD. decode is utf8's for T.
func quote[T string | []byte](w *jsonWriter, s T, decode func(T) (rune, int)) {
	const hex = "0123456789abcdef"
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := decode(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

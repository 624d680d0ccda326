package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzJSONQuote: checklist.json's writer quotes a string as encoding/json
// does without HTML escaping, whatever its bytes, as a string and as
// bytes.
func FuzzJSONQuote(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "tab\there\nline\r\x00\x1f\x7f", "<b>&amp;</b>", "한글", "\u2028\u2029", "bad \xff\xfe utf-8 \xed\xa0\x80", "emoji 🎉"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		wantQ := bytes.TrimSuffix(want.Bytes(), []byte("\n"))
		var w jsonWriter
		w.str(s)
		if !bytes.Equal(w.b, wantQ) {
			t.Fatalf("str(%q) = %s, want %s", s, w.b, wantQ)
		}
		w.b = nil
		w.bytes([]byte(s))
		if !bytes.Equal(w.b, wantQ) {
			t.Fatalf("bytes(%q) = %s, want %s", s, w.b, wantQ)
		}
	})
}

// TestJSONWriterIndent: objects and arrays, empty or not, nested, are
// indented as encoding/json indents them.
func TestJSONWriterIndent(t *testing.T) {
	var w jsonWriter
	w.open('{')
	w.key("a")
	w.strings(nil)
	w.key("b")
	w.open('{')
	w.close('}')
	w.key("c")
	w.open('[')
	w.elem()
	w.open('{')
	w.key("d")
	w.null()
	w.key("e")
	if err := w.value(1.5); err != nil {
		t.Fatal(err)
	}
	w.close('}')
	w.elem()
	w.strings([]string{"x", "y"})
	w.close(']')
	w.close('}')
	var want bytes.Buffer
	if err := json.Indent(&want, []byte(`{"a":[],"b":{},"c":[{"d":null,"e":1.5},["x","y"]]}`), "", "  "); err != nil {
		t.Fatal(err)
	}
	if string(w.b) != want.String() {
		t.Errorf("got\n%s\nwant\n%s", w.b, want.String())
	}
}

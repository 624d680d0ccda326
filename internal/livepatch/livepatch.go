// Package livepatch finds what changed between two renders of a page, so
// that an open page can be sent only that. A page patch spares an open page
// from fetching and parsing the whole page after an edit that changed one
// element: Diff finds the innermost element with an id that holds every
// changed byte, and the page swaps it in by id (the live preview's script
// does). Anything less certain (a change in <head>, markup whose tags do not
// pair up, a change spread over most of the page) gets the whole page.
package livepatch

import (
	"bytes"
	"html"
	"slices"
)

// A Patch is one element to replace, by id, with new outer HTML.
type Patch struct {
	ID   string `json:"id"`
	HTML string `json:"html"`
}

// Diff returns the patches that turn page old into page new, or ok=false
// when the whole page must be sent.
func Diff(old, new []byte) (ps []Patch, ok bool) {
	if bytes.Equal(old, new) {
		return nil, true
	}
	p := commonPrefix(old, new)
	s := commonSuffix(old[p:], new[p:])
	to := len(new) - s
	head := indexFold(new, "</head>")
	if head < 0 || p <= head {
		return nil, false
	}
	el, ok := enclosing(new, p, to)
	if !ok || el.end-el.start > len(new)/2 {
		return nil, false
	}
	// The element starts in the common prefix and ends in the common
	// suffix, so the old page has it at the same start, ending as far from
	// its end. Its old content must pair up as well.
	oldEnd := el.end - (len(new) - len(old))
	closeTag := new[el.contentEnd:el.end]
	if oldEnd < el.tagEnd+len(closeTag) || !bytes.Equal(old[oldEnd-len(closeTag):oldEnd], closeTag) {
		return nil, false
	}
	if !balanced(old[el.tagEnd : oldEnd-len(closeTag)]) {
		return nil, false
	}
	return []Patch{{ID: el.id, HTML: string(new[el.start:el.end])}}, true
}

// chunk is how many bytes commonPrefix and commonSuffix compare at once.
const chunk = 256

func commonPrefix(a, b []byte) int {
	n, i := min(len(a), len(b)), 0
	for i+chunk <= n && bytes.Equal(a[i:i+chunk], b[i:i+chunk]) {
		i += chunk
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func commonSuffix(a, b []byte) int {
	n, i := min(len(a), len(b)), 0
	for i+chunk <= n && bytes.Equal(a[len(a)-i-chunk:len(a)-i], b[len(b)-i-chunk:len(b)-i]) {
		i += chunk
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// element is an element of a page, by byte offsets.
type element struct {
	name       []byte // lower case
	id         string
	start      int // its start tag's <
	tagEnd     int // after its start tag's >
	contentEnd int // its end tag's <
	end        int // after its end tag's >
}

// enclosing finds the innermost element with an id, inside <body>, whose
// start tag ends by from and whose end tag starts at or after to.
func enclosing(page []byte, from, to int) (element, bool) {
	var stack, around []element
	captured := false
	found := element{}
	ok := scan(page, func(t token) bool {
		if !captured && t.end > from {
			captured = true
			around = slices.Clone(stack)
		}
		switch t.kind {
		case startTag:
			stack = append(stack, element{name: t.name, id: t.id, start: t.start, tagEnd: t.end})
		case endTag:
			if len(stack) == 0 || !bytes.Equal(stack[len(stack)-1].name, t.name) {
				return false // tags that do not pair up: not a page to patch
			}
			el := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			el.contentEnd, el.end = t.start, t.end
			if captured && len(around) > 0 && around[len(around)-1].start == el.start {
				around = around[:len(around)-1]
				if el.id != "" && t.start >= to && !is(el.name, "body") && !is(el.name, "html") && inBody(stack) {
					found = el
					return false
				}
			}
		}
		return true
	})
	return found, !ok && found.id != ""
}

func inBody(stack []element) bool {
	return slices.ContainsFunc(stack, func(e element) bool { return is(e.name, "body") })
}

func is(name []byte, s string) bool { return string(name) == s }

// balanced reports whether a piece of markup closes every element it
// opens, in order.
func balanced(b []byte) bool {
	var stack [][]byte
	ok := scan(b, func(t token) bool {
		switch t.kind {
		case startTag:
			stack = append(stack, t.name)
		case endTag:
			if len(stack) == 0 || !bytes.Equal(stack[len(stack)-1], t.name) {
				return false
			}
			stack = stack[:len(stack)-1]
		}
		return true
	})
	return ok && len(stack) == 0
}

type tokenKind int

const (
	startTag tokenKind = iota // of an element with content; void and raw text elements are skipped whole
	endTag
)

type token struct {
	kind       tokenKind
	name       []byte // lower case
	id         string
	start, end int
}

// voids are the elements without end tags.
var voids = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// rawText are the elements whose content is not markup.
var rawText = map[string]bool{
	"script": true, "style": true, "textarea": true, "title": true, "noscript": true,
	"iframe": true, "noembed": true, "noframes": true, "xmp": true, "plaintext": true,
}

// scan calls f with the start and end tags of page, in order, until f
// returns false. It reports whether it reached the end. It knows what
// html/template and goldmark write: comments, doctype, quoted and unquoted
// attributes, void and self-closing elements, raw text elements.
func scan(page []byte, f func(token) bool) bool {
	for i := 0; i < len(page); {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 {
			return true
		}
		i += j
		rest := page[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest[4:], []byte("-->"))
			if k < 0 {
				return true
			}
			i += 4 + k + 3
		case bytes.HasPrefix(rest, []byte("<!")) || bytes.HasPrefix(rest, []byte("<?")):
			k := bytes.IndexByte(rest, '>')
			if k < 0 {
				return true
			}
			i += k + 1
		case len(rest) > 2 && rest[1] == '/' && isLetter(rest[2]):
			name, _ := tagName(rest[2:])
			k := bytes.IndexByte(rest, '>')
			if k < 0 {
				return true
			}
			if !f(token{kind: endTag, name: name, start: i, end: i + k + 1}) {
				return false
			}
			i += k + 1
		case len(rest) > 1 && isLetter(rest[1]):
			name, n := tagName(rest[1:])
			id, end, selfClosing := attributes(rest, 1+n)
			if end < 0 {
				return true
			}
			t := token{kind: startTag, name: name, id: id, start: i, end: i + end}
			i += end
			switch {
			case voids[string(name)] || selfClosing:
				// no content, no end tag
			case rawText[string(name)]:
				k := indexFold(page[i:], "</"+string(name))
				if k < 0 {
					return true
				}
				e := bytes.IndexByte(page[i+k:], '>')
				if e < 0 {
					return true
				}
				i += k + e + 1
			default:
				if !f(t) {
					return false
				}
			}
		default:
			i++
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// tagName reads a tag name and returns it, lower-cased, with its length.
// Lower-case names are returned as they are, without a copy.
func tagName(b []byte) ([]byte, int) {
	n, upper := 0, false
	for n < len(b) && b[n] != '>' && b[n] != '/' && !isSpace(b[n]) {
		upper = upper || 'A' <= b[n] && b[n] <= 'Z'
		n++
	}
	if upper {
		return bytes.ToLower(b[:n]), n
	}
	return b[:n], n
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// attributes reads a start tag's attributes from offset i of tag, and
// returns its id, the offset after its >, and whether it ends in />. end is
// -1 when the tag does not end.
func attributes(tag []byte, i int) (id string, end int, selfClosing bool) {
	for i < len(tag) {
		switch c := tag[i]; {
		case c == '>':
			return id, i + 1, i > 0 && tag[i-1] == '/'
		case isSpace(c) || c == '/':
			i++
		default:
			start := i
			for i < len(tag) && tag[i] != '=' && tag[i] != '>' && !isSpace(tag[i]) && !(tag[i] == '/' && i+1 < len(tag) && tag[i+1] == '>') {
				i++
			}
			isID := bytes.EqualFold(tag[start:i], []byte("id"))
			for i < len(tag) && isSpace(tag[i]) {
				i++
			}
			if i >= len(tag) || tag[i] != '=' {
				continue // an attribute without a value
			}
			i++
			for i < len(tag) && isSpace(tag[i]) {
				i++
			}
			var value []byte
			if i < len(tag) && (tag[i] == '"' || tag[i] == '\'') {
				q := tag[i]
				k := bytes.IndexByte(tag[i+1:], q)
				if k < 0 {
					return "", -1, false
				}
				value = tag[i+1 : i+1+k]
				i += k + 2
			} else {
				start := i
				for i < len(tag) && tag[i] != '>' && !isSpace(tag[i]) {
					i++
				}
				value = tag[start:i]
			}
			if isID {
				id = html.UnescapeString(string(value))
			}
		}
	}
	return "", -1, false
}

// indexFold is bytes.Index ignoring ASCII case.
func indexFold(s []byte, tag string) int {
	for i := 0; i+len(tag) <= len(s); i++ {
		if s[i] == '<' && bytes.EqualFold(s[i:i+len(tag)], []byte(tag)) {
			return i
		}
	}
	return -1
}

package markdown

import "bytes"

// blockTags are the elements after whose tags goldmark (and this package)
// write a newline that is layout, not content: between block-level
// elements whitespace renders as nothing.
var blockTags = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "blockquote": true, "pre": true, "hr": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	"aside": true, "div": true,
}

// compact removes, in place, the newlines written right after the tags of
// block-level elements, as a minifier would, and returns the shortened
// html. It relies on what the renderer guarantees: every '<' in a rendered
// body opens a tag, since text, code and raw HTML from the content are all
// escaped. Newlines inside text and code are kept.
func compact(html []byte) []byte {
	out := html[:0]
	rest := html
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return append(out, rest...)
		}
		keep := i + 1
		if i > 0 && rest[i-1] == '>' && blockTags[tagName(rest[:i])] {
			keep = i
		}
		out = append(out, rest[:keep]...)
		rest = rest[i+1:]
	}
}

// tagName is the name of the tag that ends s, opening or closing: "p" for
// `…</p>` and for `…<p class="x">`.
func tagName(s []byte) string {
	start := bytes.LastIndexByte(s, '<')
	if start < 0 {
		return ""
	}
	name := bytes.TrimPrefix(s[start+1:len(s)-1], []byte("/"))
	if end := bytes.IndexAny(name, " \t/"); end >= 0 {
		name = name[:end]
	}
	return string(name)
}

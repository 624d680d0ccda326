package guide

import (
	"bytes"
	"errors"
)

// frontMatter is a file split into its TOML front matter and Markdown body.
type frontMatter struct {
	toml     []byte
	tomlLine int // line of the file on which toml begins
	body     []byte
	bodyLine int // line of the file on which body begins
}

var delim = []byte("+++")

var (
	errNoFrontMatter = errors.New("file must start with a +++ line opening its TOML front matter")
	errUnclosed      = errors.New("front matter is never closed: add a +++ line after it")
)

// splitFrontMatter splits src at its two +++ lines. A UTF-8 byte order mark
// and CRLF line ends are accepted.
func splitFrontMatter(src []byte) (frontMatter, error) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	line, rest, _ := cutLine(src)
	if !bytes.Equal(line, delim) {
		return frontMatter{}, errNoFrontMatter
	}
	start := len(src) - len(rest)
	offset := start
	for n := 2; len(rest) > 0; n++ {
		line, next, _ := cutLine(rest)
		if bytes.Equal(line, delim) {
			return frontMatter{
				toml:     src[start:offset],
				tomlLine: 2,
				body:     next,
				bodyLine: n + 1,
			}, nil
		}
		offset += len(rest) - len(next)
		rest = next
	}
	return frontMatter{}, errUnclosed
}

// cutLine returns the first line of b without its line end, and the rest.
func cutLine(b []byte) (line, rest []byte, found bool) {
	line, rest, found = bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest, found
}

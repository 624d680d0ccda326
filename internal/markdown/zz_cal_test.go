package markdown

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

func BenchmarkPlainGoldmarkParse(b *testing.B) {
	src := benchBody(b)
	p := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()
	for b.Loop() {
		p.Parse(text.NewReader(src))
	}
}

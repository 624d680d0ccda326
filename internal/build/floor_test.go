package build_test

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"testing"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"prereq/internal/corpus"
	"prereq/internal/parallel"
)

// BenchmarkFloor10k is the floor the issue measures a build against: the
// Markdown of the 10,000-step corpus (front matter cut off, files already
// in memory) through goldmark with GitHub Flavored Markdown, a small
// html/template and the HTML minifier, on every core, and nothing else: no
// reading, front matter, checks, plan, page or writing. A build of the same
// guide (BenchmarkBuild10k, BenchmarkProcessBuild10k) does all of that on
// top.
func BenchmarkFloor10k(b *testing.B) {
	dir := site(b, 10000)
	var bodies [][]byte
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if parts := bytes.SplitN(src, []byte("+++\n"), 3); len(parts) == 3 {
			src = parts[2]
		}
		bodies = append(bodies, src)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	page := template.Must(template.New("step").Parse(
		`<li class="step" id="step-{{ .ID }}"><h3>{{ .Title }}</h3><div class="prose">{{ .Body }}</div></li>`))
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepEndTags: true, KeepQuotes: true})
	out := make([][]byte, len(bodies))
	b.ReportAllocs()
	b.ResetTimer()
	defer corpus.ReportCPU(b)()
	for b.Loop() {
		parallel.Do(len(bodies), 0, func() func(int) {
			var body, buf bytes.Buffer
			return func(i int) {
				body.Reset()
				buf.Reset()
				if err := md.Convert(bodies[i], &body); err != nil {
					b.Error(err)
				}
				data := struct {
					ID, Title string
					Body      template.HTML
				}{"step", "A step", template.HTML(body.String())}
				if err := page.Execute(&buf, data); err != nil {
					b.Error(err)
				}
				var err error
				if out[i], err = m.Bytes("text/html", buf.Bytes()); err != nil {
					b.Error(err)
				}
			}
		})
	}
}

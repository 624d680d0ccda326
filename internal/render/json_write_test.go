package render_test

import (
	"bytes"
	"errors"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/plan"
	"prereq/internal/render"
)

// TestWriteJSON: WriteJSON writes what JSON returns, in pieces, for a
// guide larger than a piece and for the Kakao guide, and stops at its
// writer's first error.
func TestWriteJSON(t *testing.T) {
	gen := t.TempDir()
	if err := corpus.Write(gen, corpus.Options{Steps: 300, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct{ dir, file string }{{gen, ""}, {"../..", ""}} {
		in, errs := build.Load(build.Options{SiteDir: s.dir, SiteFile: s.file})
		if errs != nil {
			t.Fatal(errs)
		}
		p, errs := plan.Make(in.Guide, in.Site)
		if errs != nil {
			t.Fatal(errs)
		}
		c, err := render.RenderChecklist(t.Context(), p, in.Templates, render.Options{Minify: true})
		if err != nil {
			t.Fatal(err)
		}
		want, err := render.JSON(c, render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got writes
		if err := render.WriteJSON(&got, c, render.Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: WriteJSON wrote other bytes than JSON returns", s.dir)
		}
		if s.dir == gen && got.n < 2 {
			t.Errorf("%s: %d bytes written at once, want them in pieces", s.dir, len(want))
		}
		failing := errors.New("disk full")
		if err := render.WriteJSON(failWriter{failing}, c, render.Options{}); err != failing {
			t.Errorf("%s: WriteJSON to a failing writer: %v, want %v", s.dir, err, failing)
		}
	}
}

// writes counts the writes to a buffer.
type writes struct {
	bytes.Buffer
	n int
}

func (w *writes) Write(p []byte) (int, error) {
	w.n++
	return w.Buffer.Write(p)
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

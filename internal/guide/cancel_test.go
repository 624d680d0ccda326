package guide

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

// cancelFS is a file system that cancels a context when the nth file is
// opened, and counts the files opened after that.
type cancelFS struct {
	fs.FS
	n      int64
	cancel context.CancelFunc
	opened atomic.Int64
	after  atomic.Int64
}

func (c *cancelFS) Open(name string) (fs.File, error) {
	if o := c.opened.Add(1); o == c.n {
		c.cancel()
	} else if o > c.n {
		c.after.Add(1)
	}
	return c.FS.Open(name)
}

// TestLoadContextStops cancels a load while its files are read: it stops
// between files (a few still open after the cancel: one per worker at
// most, and never most of the guide), returns one error wrapping the
// context's, and the next load of the same loader reads everything again
// and equals a fresh load.
func TestLoadContextStops(t *testing.T) {
	files := fstest.MapFS{
		"content/_index.md":      {Data: []byte("+++\ntitle = \"G\"\n+++\n")},
		"content/01-s/_index.md": {Data: []byte("+++\ntitle = \"S\"\n+++\n")},
	}
	const steps = 400
	for i := range steps {
		files[fmt.Sprintf("content/01-s/x%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("+++\ntitle = \"X%d\"\n+++\nBody %d.\n", i, i))}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cfs := &cancelFS{FS: files, n: 20, cancel: cancel}
	l := NewLoader(cfs, "content")
	g, errs := l.LoadContext(ctx)
	if g != nil || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("cancelled load: guide %v, errors %v; want none and one wrapping context.Canceled", g != nil, errs)
	}
	if after := cfs.after.Load(); after > steps/4 {
		t.Errorf("%d files opened after the cancel", after)
	}
	again, errs := l.Load()
	if errs != nil {
		t.Fatal(errs)
	}
	fresh, errs := Load(files, "content")
	if errs != nil {
		t.Fatal(errs)
	}
	if len(again.StepIDs()) != steps || !reflect.DeepEqual(again.StepIDs(), fresh.StepIDs()) {
		t.Errorf("after a cancelled load, %d steps; a fresh load has %d", len(again.StepIDs()), len(fresh.StepIDs()))
	}
	for _, id := range fresh.StepIDs() {
		if again.Step(id).Title != fresh.Step(id).Title {
			t.Errorf("step %s: %q after a cancelled load, %q fresh", id, again.Step(id).Title, fresh.Step(id).Title)
		}
	}
}

//go:build unix

package serve

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"prereq/internal/build"
)

// TestFIFOInContent makes a named pipe appear in content/ while serving: it
// is an error at its path, it does not stop later rebuilds, and the server
// still stops when asked. Opening a pipe waits for a writer: nothing may
// open it.
func TestFIFOInContent(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &recorder{wake: make(chan struct{}, 1)}
	s, err := start(ctx, Options{Build: build.Options{SiteDir: dir}, Addr: "127.0.0.1:0"}, hooks{published: rec.add})
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: s, rec: rec, base: strings.TrimSuffix(s.URL(), "/")}

	for _, name := range []string{"content/01-app/03-pipe.md", "content/01-app/_index.md"} {
		t.Run(name, func(t *testing.T) {
			n := rec.count()
			p := filepath.Join(dir, filepath.FromSlash(name))
			remove(name)(t, dir)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
			ts.waitFor(t, n, "with an error at the pipe", func(s *snapshot) bool {
				return len(s.errs) > 0 && strings.HasPrefix(s.errs[0].Text, name+":") && strings.Contains(s.errs[0].Text, "not a regular file")
			})
			// The page still shows (and reads no source for) the error.
			if b := body(t, get(t, ts.Server, "/")); !strings.Contains(b, name) {
				t.Errorf("the page does not name %s", name)
			}
			// An edit beside it is built (with the same error, so
			// nothing new is published).
			builds := ts.builds.Load()
			write("content/02-channel/02-connect.md", "+++\ntitle = \"Connect the channel\"\n+++\nEdited beside "+name+".\n")(t, dir)
			for deadline := time.Now().Add(10 * time.Second); ts.builds.Load() == builds; time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) { // only keeps a broken server from hanging the test
					t.Fatal("no rebuild after an edit beside the pipe")
				}
			}
			n = rec.count()
			remove(name)(t, dir)
			if original, ok := smallSite[name]; ok {
				write(name, original)(t, dir)
			}
			ts.waitFor(t, n, "fixed", func(s *snapshot) bool {
				return len(s.errs) == 0 && strings.Contains(page(s), "Edited beside "+name+".")
			})
		})
	}

	cancel()
	done := make(chan error, 1)
	go func() { done <- s.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Wait = %v", err)
		}
	case <-time.After(10 * time.Second): // only keeps a broken server from hanging the test
		t.Fatal("the server did not stop after its context ended")
	}
}

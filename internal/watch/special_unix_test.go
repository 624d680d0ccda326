//go:build unix

package watch

import (
	"syscall"
	"testing"
)

// TestWatchFIFO makes named pipes appear in content/, as a step file and
// as a file the build does not read: the watcher never opens them (opening
// a pipe waits for a writer), reports the step's key, and goes on seeing
// edits.
func TestWatchFIFO(t *testing.T) {
	s := watchSite(t, site, "")
	for _, name := range []string{"content/01-app/03-pipe.md", "content/01-app/pipe"} {
		if err := syscall.Mkfifo(s.path(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.seen(t, "content/01-app/03-pipe.md")
	const key = "content/02-channel/01-connect.md"
	s.write(t, key, "edited beside the pipes")
	s.seen(t, key)
	if s.got.Paths["content/01-app/pipe"] {
		t.Error("changes hold a pipe the build does not read")
	}
}

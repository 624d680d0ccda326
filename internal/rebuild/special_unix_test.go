//go:build unix

package rebuild

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"prereq/internal/watch"
)

// TestPipeAppears lets a named pipe appear in content/ while the live
// preview runs, then go away: the build that sees it ends with an error
// naming it (no read waits for a writer), and the next builds as before.
func TestPipeAppears(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"site.toml":                "[service]\nname = \"S\"\n",
		"content/_index.md":        "+++\ntitle = \"G\"\n+++\n",
		"content/01-a/_index.md":   "+++\ntitle = \"A\"\n+++\n",
		"content/01-a/01-first.md": "+++\ntitle = \"First\"\n+++\nBody.\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := New(watch.Layout{Dir: dir, SiteFile: filepath.Join(dir, "site.toml"), SiteKey: "site.toml"})
	if o, _ := b.Build(watch.Changes{All: true}); o.Errs != nil {
		t.Fatal(o.Errs)
	}
	const key = "content/01-a/pipe.md"
	pipe := filepath.Join(dir, filepath.FromSlash(key))
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	var c watch.Changes
	c.Add(key)
	c.Dirs = true
	o, _ := b.Build(c)
	if len(o.Errs) != 1 || !strings.HasPrefix(o.Errs[0].Error(), key+": a named pipe (FIFO), not a regular file") {
		t.Fatalf("with a pipe: %v; want the one error naming %s", o.Errs, key)
	}
	if err := os.Remove(pipe); err != nil {
		t.Fatal(err)
	}
	if o, _ := b.Build(c); o.Errs != nil || o.Out["index.html"] == nil {
		t.Fatalf("once the pipe is gone: %v", o.Errs)
	}
	// A pipe as the site file, then a file again.
	site := filepath.Join(dir, "site.toml")
	if err := os.Remove(site); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(site, 0o644); err != nil {
		t.Fatal(err)
	}
	var s watch.Changes
	s.Add("site.toml")
	if o, _ := b.Build(s); len(o.Errs) != 1 || !strings.HasPrefix(o.Errs[0].Error(), "site.toml: cannot read the site file: a named pipe") {
		t.Fatalf("with a pipe as the site file: %v", o.Errs)
	}
	if err := os.Remove(site); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(site, []byte("[service]\nname = \"T\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if o, _ := b.Build(s); o.Errs != nil {
		t.Fatalf("once the site file is back: %v", o.Errs)
	}
}

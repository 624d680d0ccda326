package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteDirRefusesUnsafeNames is the writer's last guard: whatever an
// output is named, nothing is written outside the folder, and a name that
// is no plain path inside it fails the whole write, leaving nothing behind.
func TestWriteDirRefusesUnsafeNames(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{[]string{"../escape.html"}, "not a plain path"},
		{[]string{"a/../../escape.html"}, "not a plain path"},
		{[]string{"/abs.html"}, "not a plain path"},
		{[]string{"a//b.html"}, "not a plain path"},
		{[]string{"./a.html"}, "not a plain path"},
		{[]string{"a/./b.html"}, "not a plain path"},
		{[]string{"a/"}, "not a plain path"},
		{[]string{""}, "not a plain path"},
		{[]string{`a\..\..\b`}, "not a plain path"},
		{[]string{"nul\x00.html"}, "not a plain path"},
		{[]string{MarkFile}, "not a plain path"},
		{[]string{"a", "a/index.html"}, "both as a file and as the folder"},
		{[]string{"x/a", "x/a/b/c.html"}, "both as a file and as the folder"},
		{[]string{"Acme/index.html", "acme/index.html"}, "differ only in case"},
	} {
		t.Run(tc.names[len(tc.names)-1], func(t *testing.T) {
			parent := t.TempDir()
			files := map[string][]byte{"index.html": []byte("ok")}
			for _, n := range tc.names {
				files[n] = []byte("x")
			}
			err := WriteDir(t.Context(), filepath.Join(parent, "out", "public"), files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("WriteDir: %v, want an error saying %q", err, tc.want)
			}
			entries, _ := os.ReadDir(filepath.Join(parent, "out"))
			for _, e := range entries {
				if e.Name() != ".public.lock" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
			if _, err := os.Stat(filepath.Join(parent, "escape.html")); err == nil {
				t.Error("wrote outside the output folder")
			}
		})
	}
}

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		dir, p string
		want   bool
	}{
		{"/s/content", "/s/content", true},
		{"/s/content", "/s/content/public", true},
		{"/s/content", "/s/content/..public", true},
		{"/s/content", "/s/contentx", false},
		{"/s/content", "/s/content.public", false},
		{"/s/content", "/s", false},
		{"/s/content", "/", false},
		{"/", "/s", true},
	} {
		if got := within(filepath.FromSlash(tc.dir), filepath.FromSlash(tc.p)); got != tc.want {
			t.Errorf("within(%s, %s) = %v, want %v", tc.dir, tc.p, got, tc.want)
		}
	}
}

// TestLockedOutput holds the lock as another build would: a build that
// may not wait fails with a message naming the folder, one whose context
// ends while it waits stops, and neither leaves anything behind or touches
// the output.
func TestLockedOutput(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	if err := WriteDir(t.Context(), dir, map[string][]byte{"index.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	l, err := tryLock(filepath.Join(parent, ".public.lock"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"index.html": []byte("new")}
	err = writeDir(t.Context(), dir, files, 0)
	if err == nil || err.Error() != "another prereq build is writing "+dir+": gave up after waiting 0s for it (its lock is "+filepath.Join(parent, ".public.lock")+")" {
		t.Errorf("locked, no wait: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := writeDir(ctx, dir, files, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("locked, context done while waiting: %v", err)
	}
	check := func(want string) {
		t.Helper()
		if b, err := os.ReadFile(filepath.Join(dir, "index.html")); err != nil || string(b) != want {
			t.Errorf("index.html = %q, %v; want %q", b, err, want)
		}
		entries, _ := os.ReadDir(parent)
		if len(entries) != 2 {
			t.Errorf("beside the output: %v", entries)
		}
	}
	check("old")
	l.release()
	// Released: the next build goes through.
	if err := writeDir(t.Context(), dir, files, 0); err != nil {
		t.Fatal(err)
	}
	check("new")
}

// TestDirWriterStreamed gives a dirWriter its files one by one, as a build
// does: a name that clashes with one written before fails, and abort
// leaves nothing behind; commit puts exactly the files given in place.
func TestDirWriterStreamed(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{[]string{"a/index.html", "a"}, "both as a file and as the folder"},
		{[]string{"a", "a/index.html"}, "both as a file and as the folder"},
		{[]string{"acme/index.html", "Acme/index.html"}, "refusing to write Acme/index.html and acme/index.html"},
		{[]string{"index.html", "index.html"}, "twice"},
		{[]string{"../x"}, "not a plain path"},
	} {
		parent := t.TempDir()
		w := newDirWriter(t.Context(), filepath.Join(parent, "public"), 0)
		var err error
		for _, n := range tc.names {
			if err = w.put(n, []byte("x")); err != nil {
				break
			}
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error saying %q", tc.names, err, tc.want)
		}
		w.abort()
		if entries, _ := os.ReadDir(parent); len(entries) != 1 || entries[0].Name() != ".public.lock" {
			t.Errorf("%q: left %v", tc.names, entries)
		}
	}
	dir := filepath.Join(t.TempDir(), "public")
	w := newDirWriter(t.Context(), dir, 0)
	for _, n := range []string{"index.html", "images/a.png", "b/index.html"} {
		if err := w.put(n, []byte(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.commit(); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{MarkFile, "index.html", "images/a.png", "b/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(n))); err != nil {
			t.Error(err)
		}
	}
}

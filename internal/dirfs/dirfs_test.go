package dirfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFS(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.txt":         "short",
		"empty.txt":     "",
		"sub/big.md":    strings.Repeat("0123456789abcdef", 10000), // several reads, a grown buffer
		"sub/한글.md":     "non-ASCII name",
		"sub/deep/x.md": "deep",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := New(dir)
	for name, data := range files {
		got, err := fs.ReadFile(fsys, name)
		if err != nil || string(got) != data {
			t.Errorf("ReadFile(%q) = %d bytes, %v; want %d bytes", name, len(got), err, len(data))
		}
	}
	// Everything else is os.DirFS's, and the whole passes the standard checks.
	if err := fstest.TestFS(fsys, "a.txt", "empty.txt", "sub/big.md", "sub/한글.md", "sub/deep/x.md"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		want error
	}{
		{"missing.md", fs.ErrNotExist},
		{"../outside", fs.ErrInvalid},
		{"/abs", fs.ErrInvalid},
		{"sub", nil}, // a folder: some error, naming it
	} {
		_, err := fsys.ReadFile(tc.name)
		var pe *fs.PathError
		if err == nil || !errors.As(err, &pe) || pe.Path != tc.name {
			t.Errorf("ReadFile(%q) error = %v; want a *fs.PathError naming %q", tc.name, err, tc.name)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("ReadFile(%q) error = %v; want %v", tc.name, err, tc.want)
		}
	}
}

func BenchmarkReadFile(b *testing.B) {
	dir := b.TempDir()
	data := []byte(strings.Repeat("x", 3000))
	for i := range 100 {
		if err := os.WriteFile(filepath.Join(dir, strings.Repeat("f", i+1)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, impl := range []struct {
		name string
		fsys fs.FS
	}{{"os.DirFS", os.DirFS(dir)}, {"dirfs", New(dir)}} {
		b.Run(impl.name, func(b *testing.B) {
			for b.Loop() {
				for i := range 100 {
					if _, err := fs.ReadFile(impl.fsys, strings.Repeat("f", i+1)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

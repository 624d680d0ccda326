package dirfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"prereq/internal/corpus"
)

func TestFS(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.txt":         "short",
		"empty.txt":     "",
		"sub/big.md":    strings.Repeat("0123456789abcdef", 2500), // 40,000 bytes: past the 32 KiB buffer, several reads, a grown buffer
		"sub/한글.md":     "non-ASCII name",
		"sub/deep/x.md": "deep",
	}
	if err := corpus.WriteTree(dir, files); err != nil {
		t.Fatal(err)
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

// TestLimits reads files at and over the limit of each kind: at the limit
// they are read whole, one byte over they are refused with an error naming
// the file and the limit.
func TestLimits(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		k    Kind
		what string
	}{
		{Content, "larger than 1 MiB, the limit for a content file"},
		{Site, "larger than 1 MiB, the limit for a site file"},
		{Template, "larger than 4 MiB, the limit for a template file"},
	} {
		at := filepath.Join(dir, "at")
		over := filepath.Join(dir, "over")
		if err := os.WriteFile(at, make([]byte, tc.k.Limit()), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(over, make([]byte, tc.k.Limit()+1), 0o644); err != nil {
			t.Fatal(err)
		}
		mem := fstest.MapFS{"at": {Data: make([]byte, tc.k.Limit())}, "over": {Data: make([]byte, tc.k.Limit()+1)}}
		for how, read := range map[string]func(string) ([]byte, error){
			"ReadFile":    func(name string) ([]byte, error) { return ReadFile(filepath.Join(dir, name), tc.k) },
			"Read":        func(name string) ([]byte, error) { return Read(New(dir), name, tc.k) },
			"Read(MapFS)": func(name string) ([]byte, error) { return Read(mem, name, tc.k) },
			"Read(reader)": func(name string) ([]byte, error) {
				// A file that says it is small and is not (a file growing
				// while it is read): the read still stops at the limit.
				return readAll(strings.NewReader(string(mem[name].Data)), name, tc.k)
			},
		} {
			if b, err := read("at"); err != nil || int64(len(b)) != tc.k.Limit() {
				t.Errorf("%s at the limit of %s: %d bytes, %v", how, tc.what, len(b), err)
			}
			b, err := read("over")
			var pe *fs.PathError
			if !errors.Is(err, ErrTooLarge) || !errors.As(err, &pe) || !strings.HasSuffix(pe.Path, "over") || !strings.Contains(err.Error(), tc.what) {
				t.Errorf("%s over the limit: %d bytes, error %v; want %q naming the file", how, len(b), err, tc.what)
			}
		}
	}
}

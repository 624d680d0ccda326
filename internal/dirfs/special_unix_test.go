//go:build unix

package dirfs

import (
	"bytes"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestNotRegular reads things that are not regular files: each is refused
// with an error naming it and saying what it is, at once (a named pipe with
// no writer would block an open or a read forever, /dev/zero a read).
func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/null", filepath.Join(dir, "null.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("pipe.md", filepath.Join(dir, "link-to-pipe.md")); err != nil {
		t.Fatal(err)
	}
	// A pipe with a writer holding it open, and some data in it.
	if err := syscall.Mkfifo(filepath.Join(dir, "written.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := os.OpenFile(filepath.Join(dir, "written.md"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.WriteString("+++\ntitle = \"from a pipe\"\n+++\n"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A socket's path is short on some systems: bind relative to dir.
	sock := ""
	if wd, err := os.Getwd(); err == nil && os.Chdir(dir) == nil {
		if l, err := net.Listen("unix", "sock.md"); err == nil {
			defer l.Close()
			sock = "sock.md"
		}
		if err := os.Chdir(wd); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct{ name, what string }{
		{"pipe.md", "a named pipe (FIFO), not a regular file"},
		{"link-to-pipe.md", "a named pipe (FIFO), not a regular file"},
		{"written.md", "a named pipe (FIFO), not a regular file"},
		{"zero.md", "a character device, not a regular file"},
		{"null.md", "a character device, not a regular file"},
		{"folder.md", "a folder, not a regular file"},
	}
	if sock != "" {
		cases = append(cases, struct{ name, what string }{sock, "a socket, not a regular file"})
	}
	fsys := New(dir)
	for _, tc := range cases {
		for _, k := range []Kind{Content, Site, Template} {
			for how, read := range map[string]func() ([]byte, error){
				"FS.ReadFile": func() ([]byte, error) { return fsys.ReadFile(tc.name) },
				"Read":        func() ([]byte, error) { return Read(fsys, tc.name, k) },
				"Read(DirFS)": func() ([]byte, error) { return Read(os.DirFS(dir), tc.name, k) },
				"ReadFile":    func() ([]byte, error) { return ReadFile(filepath.Join(dir, tc.name), k) },
			} {
				b, err := read()
				var pe *fs.PathError
				if err == nil || !errors.Is(err, ErrNotRegular) || !errors.As(err, &pe) || !strings.HasSuffix(pe.Path, tc.name) {
					t.Errorf("%s %s: %d bytes, error %v; want ErrNotRegular naming it", how, tc.name, len(b), err)
					continue
				}
				if !strings.Contains(err.Error(), tc.what) {
					t.Errorf("%s %s: error %q does not say %q", how, tc.name, err, tc.what)
				}
			}
		}
	}
	// Stat, Open and a walk do not open a pipe either.
	if info, err := fs.Stat(fsys, "pipe.md"); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("Stat(pipe.md) = %v, %v; want a named pipe", info, err)
	}
	if _, err := fsys.Open("pipe.md"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Open(pipe.md) error = %v; want ErrNotRegular", err)
	}
	if err := fs.WalkDir(fsys, "pipe.md", func(string, fs.DirEntry, error) error { return nil }); err != nil {
		t.Errorf("WalkDir(pipe.md): %v", err)
	}
	// A folder listing refuses a pipe before opening it.
	_, err = fsys.ReadDir("pipe.md")
	if err == nil || !strings.Contains(err.Error(), "a named pipe (FIFO), not a folder") {
		t.Errorf("ReadDir(pipe.md) error = %v; want it refused as a named pipe", err)
	}
}

// TestFileShorterThanItsSize reads a file that holds more than its size
// says, as a file cut shorter between two reads does, and as the files of
// /proc are (their size is 0): the reader takes what the reads give, and
// does not grow its buffer by a negative count.
func TestFileShorterThanItsSize(t *testing.T) {
	const path = "/proc/self/status"
	info, err := os.Stat(path)
	if err != nil || info.Size() != 0 {
		t.Skipf("no %s of size 0 on this system", path)
	}
	b, err := ReadFile(path, Site)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("Name:")) || !bytes.HasSuffix(b, []byte("\n")) {
		t.Errorf("read %q, want the whole of %s", b, path)
	}
}

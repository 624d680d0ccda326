// Package dirfs is os.DirFS with a cheaper ReadFile. A guide is thousands
// of small files; os.ReadFile spends ten system calls on each (open, the
// poller's attempts to register the file, stat, two reads, close), and
// ReadFile here four (open, two reads, close) on Unix systems.
package dirfs

import (
	"io/fs"
	"os"
	"path/filepath"
)

// FS is the file tree rooted at a folder, as os.DirFS gives it.
type FS struct {
	fs.FS
	dir string
}

// New returns the file tree rooted at dir.
func New(dir string) FS { return FS{FS: os.DirFS(dir), dir: dir} }

// ReadFile implements fs.ReadFileFS. Errors are *fs.PathError naming the
// file as given.
func (f FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, err := readFile(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			pe.Path = name
		}
		return nil, err
	}
	return b, nil
}

// Package dirfs is os.DirFS with a cheaper ReadFile. A guide is thousands
// of small files; os.ReadFile spends ten system calls on each (open, the
// poller's attempts to register the file, stat, two reads, close), and
// ReadFile here four (open, two reads, close) on Unix systems.
package dirfs

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// FS is the file tree rooted at a folder, as os.DirFS gives it.
type FS struct {
	fs.FS
	dir string
	// buffers hold a file while it is read; the result is then copied
	// out at its exact size.
	buffers *sync.Pool
}

// New returns the file tree rooted at dir.
func New(dir string) FS {
	return FS{FS: os.DirFS(dir), dir: dir, buffers: &sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}}
}

// ReadFile implements fs.ReadFileFS. Errors are *fs.PathError naming the
// file as given.
func (f FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	buf := f.buffers.Get().(*[]byte)
	defer f.buffers.Put(buf)
	b, err := readFile(filepath.Join(f.dir, filepath.FromSlash(name)), buf)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			pe.Path = name
		}
		return nil, err
	}
	return b, nil
}

// Package dirfs reads prereq's input files: the guide's Markdown, the
// templates and the site files. Every read goes through Read or ReadFile,
// which refuse anything that is not a regular file (a named pipe, a device,
// a socket, a symbolic link to one of these) without waiting on it, and any
// file larger than the limit of its kind, without reading past the limit.
//
// FS is os.DirFS with such a ReadFile, and a cheaper one: a guide is
// thousands of small files; os.ReadFile spends ten system calls on each
// (open, the poller's attempts to register the file, stat, two reads,
// close), and ReadFile here four (open, two reads, close) on Unix systems.
package dirfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Kind is a kind of input file, which sets how large it may be.
type Kind int

// The kinds of input files and their limits. A guide of 10,000 steps holds
// files of a few kilobytes; the limits are far above any real input and low
// enough that a mistake (a log file, a disk image saved as a step) is an
// error rather than a slow build.
const (
	Content  Kind = iota // a Markdown file in content/: 1 MiB
	Site                 // a site file (site.toml, a partner file): 1 MiB
	Template             // a file in templates/: 4 MiB
	Image                // a picture a guide shows: 2 MiB, and inside the folder
)

var limits = [...]struct {
	bytes int64
	what  string
}{
	Content:  {1 << 20, "a content file"},
	Site:     {1 << 20, "a site file"},
	Template: {4 << 20, "a template file"},
	Image:    {2 << 20, "an image"},
}

// Limit is the size in bytes a file of the kind may have.
func (k Kind) Limit() int64 { return limits[k].bytes }

// ErrNotRegular is the cause of an error reading something that is not a
// regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the cause of an error reading a file over its limit.
var ErrTooLarge = errors.New("file too large")

// TooLargeError says a file is over the limit of its kind.
type TooLargeError struct{ Kind Kind }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than %s, the limit for %s", size(e.Kind.Limit()), limits[e.Kind].what)
}

func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// ErrOutside is the cause of an error reading an image through a symbolic
// link that leads out of the folder of the FS.
var ErrOutside = errors.New("a symbolic link that leads out of the site folder: prereq reads images only inside it")

// NotRegularError says a path names something other than a regular file.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s, not a regular file: prereq reads only regular files", describe(e.Mode))
}

func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

func describe(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a file"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	default:
		return "a special file"
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// check returns the error for a file of the mode and size, or nil.
func check(mode fs.FileMode, n int64, k Kind) error {
	if !mode.IsRegular() {
		return &NotRegularError{Mode: mode}
	}
	if n > k.Limit() {
		return &TooLargeError{Kind: k}
	}
	return nil
}

// ReadFile reads the file at path, an operating system path, as an input of
// kind k. Errors are *fs.PathError naming path.
func ReadFile(path string, k Kind) ([]byte, error) {
	return readFile(path, k, nil)
}

// FS is the file tree rooted at a folder, as os.DirFS gives it, with a
// ReadFile that reads as Read does, and an Open, a Stat and a ReadDir that
// never open a named pipe or a device.
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

// ReadFile implements fs.ReadFileFS, with the largest limit of any kind.
func (f FS) ReadFile(name string) ([]byte, error) { return f.read(name, Template) }

func (f FS) read(name string, k Kind) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	full := filepath.Join(f.dir, filepath.FromSlash(name))
	if k == Image && !f.inside(full) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrOutside}
	}
	buf := f.buffers.Get().(*[]byte)
	defer f.buffers.Put(buf)
	b, err := readFile(full, k, buf)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			pe.Path = name
		}
		return nil, err
	}
	return b, nil
}

// inside reports whether full, a path under the folder, stays inside it
// once symbolic links are followed; a path that does not resolve is left
// for the read to report.
func (f FS) inside(full string) bool {
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		return true
	}
	dir, err := filepath.EvalSymlinks(f.dir)
	if err != nil {
		return true
	}
	dir, err1 := filepath.Abs(dir)
	real, err2 := filepath.Abs(real)
	if err1 != nil || err2 != nil {
		return true
	}
	rel, err := filepath.Rel(dir, real)
	return err == nil && filepath.IsLocal(rel)
}

// Stat implements fs.StatFS: without it fs.Stat (and fs.WalkDir) would
// open the file, which for a named pipe waits for a writer.
func (f FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.FS, name) }

// Open implements fs.FS. Opening a named pipe waits for a writer, so only
// regular files and folders are opened.
func (f FS) Open(name string) (fs.File, error) {
	info, err := fs.Stat(f.FS, name)
	if err != nil {
		return nil, err
	}
	if m := info.Mode(); !m.IsRegular() && !m.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: m}}
	}
	return f.FS.Open(name)
}

// ReadDir implements fs.ReadDirFS. Opening a named pipe waits for a writer,
// so a path that is not a folder is refused before it is opened.
func (f FS) ReadDir(name string) ([]fs.DirEntry, error) {
	info, err := fs.Stat(f.FS, name)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fmt.Errorf("%s, not a folder", describe(info.Mode()))}
	}
	return fs.ReadDir(f.FS, name)
}

// Read reads the file name of fsys as an input of kind k. On an FS it is
// FS's fast read; on any other file system the file is checked with Stat
// before it is opened and read up to its limit. Errors are *fs.PathError
// naming name.
func Read(fsys fs.FS, name string, k Kind) ([]byte, error) {
	if f, ok := fsys.(FS); ok {
		return f.read(name, k)
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := check(info.Mode(), info.Size(), k); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	file, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return readAll(file, name, k)
}

// readAll reads an open file up to its kind's limit: an error if there is
// more.
func readAll(r io.Reader, name string, k Kind) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, k.Limit()+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if int64(len(b)) > k.Limit() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Kind: k}}
	}
	return b, nil
}

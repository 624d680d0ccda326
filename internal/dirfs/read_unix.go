//go:build unix

package dirfs

import (
	"bytes"
	"io/fs"
	"sync"
	"syscall"
)

// buffers hold a file while it is read; the result is then copied out at
// its exact size.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// readFile reads a whole file: open, read until a read returns nothing,
// close.
func readFile(path string) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	bp := buffers.Get().(*[]byte)
	defer buffers.Put(bp)
	b := (*bp)[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
			*bp = b
		}
		n, err := syscall.Read(fd, b[len(b):cap(b)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		case n == 0:
			return bytes.Clone(b), nil
		}
		b = b[:len(b)+n]
	}
}

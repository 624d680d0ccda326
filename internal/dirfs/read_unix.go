//go:build unix

package dirfs

import (
	"bytes"
	"io/fs"
	"syscall"
)

// readFile reads a whole file into *bp (grown as needed) and returns a
// copy: open, read until a read returns nothing, close.
func readFile(path string, bp *[]byte) ([]byte, error) {
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

//go:build unix

package dirfs

import (
	"bytes"
	"io/fs"
	"os"
	"slices"
	"syscall"
)

// readFile reads a whole file into *bp (grown as needed; nil for a buffer
// of its own) and returns a copy: open, read until a read returns nothing,
// close. The open does not wait (a named pipe's open waits for a writer),
// nor do reads (a pipe's or a terminal's wait for data), and reads stop one
// byte past the limit (a device such as /dev/zero never ends). A regular
// file costs no more: only a read that ends in an error, finds nothing or
// goes past the limit stats the file, to say what it is; and one larger
// than the buffer is stated once, so that its size makes room for the rest
// at once, or says it is too large without reading up to the limit.
func readFile(path string, k Kind, bp *[]byte) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		// A socket cannot be opened at all: say what it is.
		if err == syscall.ENXIO || err == syscall.EOPNOTSUPP {
			if info, serr := os.Stat(path); serr == nil && !info.Mode().IsRegular() {
				return nil, &fs.PathError{Op: "read", Path: path, Err: &NotRegularError{Mode: info.Mode()}}
			}
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	if bp == nil {
		bp = new([]byte)
	}
	b := (*bp)[:0]
	limit := k.Limit()
	sized := false
	for {
		if len(b) == cap(b) {
			if !sized && len(b) > 0 {
				sized = true
				if size, ok := regularSize(fd); ok {
					if size > limit {
						return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Kind: k}}
					}
					// One byte more, for the read that finds the end. A
					// file cut shorter since the reads before is read on
					// as it is.
					if more := int(size) - len(b) + 1; more > 0 {
						b = slices.Grow(b, more)
					}
				}
			}
			if len(b) == cap(b) {
				b = append(b, 0)[:len(b)]
			}
			*bp = b
		}
		n, err := syscall.Read(fd, b[len(b):min(int64(cap(b)), limit+1)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil: // EAGAIN from a pipe or a terminal, EISDIR from a folder
			return nil, irregular(fd, path, err)
		case n == 0:
			if len(b) == 0 { // a pipe with no writer, /dev/null, or an empty file
				if err := irregular(fd, path, nil); err != nil {
					return nil, err
				}
			}
			return bytes.Clone(b), nil
		}
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			if err := irregular(fd, path, nil); err != nil {
				return nil, err
			}
			return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Kind: k}}
		}
	}
}

// regularSize returns the size of the open file if it is a regular file.
func regularSize(fd int) (int64, bool) {
	var st syscall.Stat_t
	for {
		err := syscall.Fstat(fd, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
			return 0, false
		}
		return st.Size, true
	}
}

// irregular returns an error saying what the open file is if it is not a
// regular file, and otherwise readErr, the error a read returned, if any.
func irregular(fd int, path string, readErr error) error {
	var st syscall.Stat_t
	for {
		err := syscall.Fstat(fd, &st)
		if err == syscall.EINTR {
			continue
		}
		if err == nil {
			if mode := fileMode(uint32(st.Mode)); !mode.IsRegular() {
				return &fs.PathError{Op: "read", Path: path, Err: &NotRegularError{Mode: mode}}
			}
		}
		break
	}
	if readErr != nil {
		return &fs.PathError{Op: "read", Path: path, Err: readErr}
	}
	return nil
}

// fileMode is the type bits of a stat mode as an fs.FileMode.
func fileMode(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFREG:
		return 0
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}

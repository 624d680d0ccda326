//go:build !unix

package dirfs

import (
	"io/fs"
	"os"
)

// readFile checks the file's type and size before reading it.
func readFile(path string, k Kind, _ *[]byte) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(info.Mode(), info.Size(), k); err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, path, k)
}

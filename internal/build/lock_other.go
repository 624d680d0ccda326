//go:build !unix

package build

import (
	"errors"
	"io/fs"
	"os"
)

// fileLock is a held lock on an output folder. Without flock, the lock is
// the lock file itself, made with O_EXCL and removed on release; a build
// that is killed leaves it behind, and later builds then fail with
// "another prereq build is writing DIR" until it is removed by hand.
type fileLock struct{ path string }

// tryLock takes the lock at path without waiting, or returns errLocked
// when the lock file exists.
func tryLock(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, errLocked
	}
	if err != nil {
		return nil, err
	}
	f.WriteString(lockText)
	f.Close()
	return &fileLock{path}, nil
}

// release gives the lock up.
func (l *fileLock) release() { os.Remove(l.path) }

//go:build unix

package build

import (
	"errors"
	"os"
	"syscall"
)

// fileLock is a held lock on an output folder: an flock on its lock file,
// which the system releases when the process ends, however it ends.
type fileLock struct{ f *os.File }

// tryLock takes the lock on the file at path (creating it) without
// waiting, or returns errLocked when another process or goroutine holds it.
// The file stays after release: removing it would let a build that opened
// the old file and one that creates a new one both hold "the" lock.
func tryLock(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	if info, err := f.Stat(); err == nil && info.Size() == 0 {
		f.WriteString(lockText)
	}
	return &fileLock{f}, nil
}

// release gives the lock up.
func (l *fileLock) release() { l.f.Close() }

package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"prereq/internal/parallel"
)

// MarkFile is the file prereq leaves in every output folder it writes, so
// that it never replaces a folder it did not make, and in every folder it
// writes on the way, so that the next build knows a leftover for its own.
const MarkFile = ".prereq-output"

const markText = "This folder is written by prereq build and replaced whole by the next build.\n"

// lockWait is how long a build waits for another one writing the same
// output folder (which holds the lock only while it writes, not while it
// loads and renders) before it gives up.
const lockWait = 30 * time.Second

// WriteDir replaces dir with a folder holding exactly files (names may hold
// slashes for subfolders). The new folder is written beside dir, as
// .NAME.new-*, and renamed into place, so a failure leaves dir as it was
// and a reader never sees half of it. A non-empty dir without prereq's mark
// is refused.
//
// While it writes, WriteDir holds a lock on .NAME.lock beside dir: a second
// build into the same folder waits for the first (up to lockWait, or until
// ctx is done) instead of racing it. Holding the lock, it first removes the
// .NAME.new-* folders that carry the mark: those of a build that was killed
// before it could clean up. When ctx is done while files are written, the
// new folder is removed and dir is left as it was.
func WriteDir(ctx context.Context, dir string, files map[string][]byte) error {
	return writeDir(ctx, dir, files, lockWait)
}

func writeDir(ctx context.Context, dir string, files map[string][]byte, wait time.Duration) (err error) {
	shown := filepath.Clean(dir) // as messages name it
	if err := checkReplaceable(shown, shown); err != nil {
		return err
	}
	// Absolute, so that the parent of "." is the folder above it, not ".".
	dir, err = filepath.Abs(dir)
	if err != nil {
		return err
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	unlock, err := lockOutput(ctx, filepath.Join(parent, "."+base+".lock"), shown, wait)
	if err != nil {
		return err
	}
	defer unlock()
	sweep(parent, "."+base+".new-")
	if err := checkReplaceable(dir, shown); err != nil { // again: the build we waited for may have made it
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	// The mark first: a build killed from here on leaves a folder that the
	// next build knows for one of prereq's.
	if err := os.WriteFile(filepath.Join(tmp, MarkFile), []byte(markText), 0o644); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeFiles(ctx, tmp, files); err != nil {
		return err
	}
	return swap(tmp, dir)
}

// lockOutput takes the lock of the output folder shown, at path, waiting
// while another build holds it, and returns the function that releases it.
func lockOutput(ctx context.Context, path, shown string, wait time.Duration) (unlock func(), err error) {
	deadline := time.Now().Add(wait)
	for {
		l, err := tryLock(path)
		if err == nil {
			return l.release, nil
		}
		if !errors.Is(err, errLocked) {
			return nil, fmt.Errorf("cannot lock the output folder %s: %w", shown, err)
		}
		if !time.Now().Before(deadline) {
			return nil, fmt.Errorf("another prereq build is writing %s: gave up after waiting %v for it (its lock is %s)", shown, wait, path)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// errLocked is tryLock's error when another holds the lock.
var errLocked = errors.New("locked by another build")

const lockText = "prereq build holds a lock on this file while it writes the output folder beside it.\n"

// sweep removes the folders in parent whose names begin with prefix and
// that carry prereq's mark: what a killed build left behind. A folder it
// cannot remove stays for the next build to try again.
func sweep(parent, prefix string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if info, err := os.Lstat(filepath.Join(p, MarkFile)); err == nil && info.Mode().IsRegular() {
			os.RemoveAll(p)
		}
	}
}

// checkReplaceable refuses a non-empty folder without the mark, and a file;
// messages name dir as shown.
func checkReplaceable(dir, shown string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("output %s is a file, not a folder", shown)
	}
	if _, err := os.Stat(filepath.Join(dir, MarkFile)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("refusing to replace %s: it is not empty and prereq did not create it (no %s file); choose another -o or empty it", shown, MarkFile)
	}
	return nil
}

// swap renames tmp to dir, moving an existing dir aside first.
func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			if rerr := os.Rename(old, dir); rerr != nil {
				return fmt.Errorf("%w (and restoring %s failed: %v)", err, dir, rerr)
			}
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// writeFiles writes files below dir: each folder made once, files written by
// a few goroutines (a many-partner build writes thousands).
func writeFiles(ctx context.Context, dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	made := map[string]bool{dir: true}
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	if err := checkNames(names); err != nil {
		return err
	}
	paths := make([]string, len(names))
	for i, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if rel, err := filepath.Rel(dir, p); err != nil || !filepath.IsLocal(rel) {
			return fmt.Errorf("internal error: refusing to write %s, outside %s", p, dir)
		}
		paths[i] = p
		if sub := filepath.Dir(p); !made[sub] {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
			made[sub] = true
		}
	}
	errs := make([]error, len(names))
	if err := parallel.DoContext(ctx, len(names), 4, func() func(int) {
		return func(i int) {
			errs[i] = os.WriteFile(paths[i], files[names[i]], 0o644)
		}
	}); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// checkNames is the last guard before anything is written: every name (of
// sorted names) must be a clean slash path of plain names that stays
// inside the folder written, none may be a file and a folder at once, and
// no two may differ only in case (one file on macOS and Windows). The
// partners' folder names are checked with better messages when they are
// read (partnerFolder); this catches whatever a future output forgets.
func checkNames(names []string) error {
	files := make(map[string]bool, len(names))
	folded := make(map[string]string, len(names))
	for _, name := range names {
		if !safeName(name) {
			return fmt.Errorf("internal error: refusing to write %q, which is not a plain path inside the output folder", name)
		}
		if other, dup := folded[foldKey(name)]; dup {
			return fmt.Errorf("refusing to write %s and %s: they differ only in case, and macOS and Windows see one file", other, name)
		}
		folded[foldKey(name)] = name
		files[name] = true
	}
	for _, name := range names {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if files[d] {
				return fmt.Errorf("internal error: refusing to write %s both as a file and as the folder of %s", d, name)
			}
		}
	}
	return nil
}

// safeName reports whether name is a slash path of one or more elements,
// none empty, ".", "..", or holding a backslash or a NUL, that the system
// takes as a path inside the folder it is joined to (filepath.IsLocal: on
// Windows, no device names either), and not the mark.
func safeName(name string) bool {
	if name == MarkFile || !filepath.IsLocal(filepath.FromSlash(name)) {
		return false
	}
	for elem := range strings.SplitSeq(name, "/") {
		if elem == "" || elem == "." || elem == ".." || strings.ContainsAny(elem, "\\\x00") {
			return false
		}
	}
	return true
}

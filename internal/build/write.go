package build

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"prereq/internal/parallel"
	"prereq/internal/render"
)

// MarkFile is the file prereq leaves in every output folder it writes, so
// that it never replaces a folder it did not make, and in every folder it
// writes on the way, so that the next build knows a leftover for its own.
const MarkFile = ".prereq-output"

const markText = "This folder is written by prereq build and replaced whole by the next build.\n"

// lockWait is how long a build waits for another one writing the same
// output folder (which holds the lock only from its first output written
// to the last, not while it loads) before it gives up.
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

func writeDir(ctx context.Context, dir string, files map[string][]byte, wait time.Duration) error {
	w := newDirWriter(ctx, dir, wait)
	if err := w.putAll(files); err != nil {
		w.abort()
		return err
	}
	return w.commit()
}

// A dirWriter writes a new output folder file by file, as WriteDir does
// at once: each file as soon as it is given (so that a build need not hold
// all its outputs), into the hidden folder beside dir that commit renames
// into place. The folder is made, under the lock, when the first file
// comes; abort removes it. Safe for concurrent use.
type dirWriter struct {
	ctx   context.Context
	dir   string // as given
	shown string // as messages name it
	wait  time.Duration

	mu     sync.Mutex
	opened bool
	err    error  // opening's
	tmp    string // the new folder
	unlock func()
	names  nameSet
	made   map[string]bool // folders made in tmp
}

func newDirWriter(ctx context.Context, dir string, wait time.Duration) *dirWriter {
	return &dirWriter{ctx: ctx, dir: dir, shown: filepath.Clean(dir), wait: wait}
}

// open makes the new folder once: it takes the lock, sweeps what killed
// builds left, and writes the mark. The caller holds w.mu.
func (w *dirWriter) open() error {
	if w.opened {
		return w.err
	}
	w.opened = true
	w.err = w.makeFolder()
	return w.err
}

func (w *dirWriter) makeFolder() error {
	if err := checkReplaceable(w.shown, w.shown); err != nil {
		return err
	}
	// Absolute, so that the parent of "." is the folder above it, not ".".
	dir, err := filepath.Abs(w.dir)
	if err != nil {
		return err
	}
	w.dir = dir
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	unlock, err := lockOutput(w.ctx, filepath.Join(parent, "."+base+".lock"), w.shown, w.wait)
	if err != nil {
		return err
	}
	sweep(parent, "."+base+".new-")
	if err := checkReplaceable(dir, w.shown); err != nil { // again: the build we waited for may have made it
		unlock()
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		unlock()
		return err
	}
	w.tmp, w.unlock, w.made = tmp, unlock, map[string]bool{tmp: true}
	// The mark first: a build killed from here on leaves a folder that the
	// next build knows for one of prereq's.
	if err := os.WriteFile(filepath.Join(tmp, MarkFile), []byte(markText), 0o644); err != nil {
		return err
	}
	return os.Chmod(tmp, 0o755)
}

// path checks name, makes its folder and returns where it goes. The caller
// holds w.mu.
func (w *dirWriter) path(name string) (string, error) {
	if err := w.ctx.Err(); err != nil {
		return "", err
	}
	if err := w.open(); err != nil {
		return "", err
	}
	if err := w.names.add(name); err != nil {
		return "", err
	}
	p := filepath.Join(w.tmp, filepath.FromSlash(name))
	if rel, err := filepath.Rel(w.tmp, p); err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("internal error: refusing to write %s, outside %s", p, w.tmp)
	}
	if sub := filepath.Dir(p); !w.made[sub] {
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return "", err
		}
		w.made[sub] = true
	}
	return p, nil
}

func (w *dirWriter) put(name string, data []byte) error {
	return wrapWrite(w.writeFile(name, func(f io.Writer) error {
		_, err := f.Write(data)
		return err
	}))
}

// putPage writes a page from its pieces, through a buffer: it is never
// whole in memory.
func (w *dirWriter) putPage(name string, page *render.Spliced) error {
	return wrapWrite(w.writePage(name, page))
}

// putJSON writes checklist.json as render.WriteJSON writes it, a few steps
// at a time: it is never whole in memory.
func (w *dirWriter) putJSON(page *render.Checklist, o render.Options) error {
	var renderErr error
	err := w.writeFile("checklist.json", func(f io.Writer) error {
		fw := &keepError{w: f}
		if err := render.WriteJSON(fw, page, o); fw.err == nil {
			renderErr = err // not the file's
		}
		return fw.err
	})
	return cmpOrErr(renderErr, wrapWrite(err))
}

// keepError is a writer that keeps the first error of the one it wraps.
type keepError struct {
	w   io.Writer
	err error
}

func (k *keepError) Write(p []byte) (int, error) {
	n, err := k.w.Write(p)
	if k.err == nil {
		k.err = err
	}
	return n, err
}

func (w *dirWriter) writePage(name string, page *render.Spliced) error {
	return w.writeFile(name, func(f io.Writer) error {
		b := bufio.NewWriterSize(f, min(page.Len(), 256<<10)) // no bigger than a small page
		_, err := page.WriteTo(b)
		if err == nil {
			err = b.Flush()
		}
		return err
	})
}

// writeFile creates the file name and writes it with write.
func (w *dirWriter) writeFile(name string, write func(io.Writer) error) error {
	w.mu.Lock()
	p, err := w.path(name)
	w.mu.Unlock()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// putAll writes files, a few at a time (a many-partner build writes
// thousands); every name is checked before any is written.
func (w *dirWriter) putAll(files map[string][]byte) error {
	return wrapWrite(w.writeAll(files))
}

func (w *dirWriter) writeAll(files map[string][]byte) error {
	names := slices.Sorted(maps.Keys(files))
	if err := checkNames(names); err != nil {
		return err
	}
	w.mu.Lock()
	paths := make([]string, len(names))
	for i, name := range names {
		var err error
		if paths[i], err = w.path(name); err != nil {
			w.mu.Unlock()
			return err
		}
	}
	w.mu.Unlock()
	errs := make([]error, len(names))
	if err := parallel.DoContext(w.ctx, len(names), 4, func() func(int) {
		return func(i int) {
			errs[i] = os.WriteFile(paths[i], files[names[i]], 0o644)
		}
	}); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// commit puts the new folder in place of the old one and releases the
// lock; on an error the old folder is left as it was.
func (w *dirWriter) commit() error {
	return wrapWrite(w.swapIn())
}

func (w *dirWriter) swapIn() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.ctx.Err(); err != nil {
		w.abortLocked()
		return err
	}
	if err := w.open(); err != nil {
		w.abortLocked()
		return err
	}
	if err := swap(w.tmp, w.dir); err != nil {
		w.abortLocked()
		return err
	}
	w.unlock()
	w.tmp, w.unlock = "", nil
	return nil
}

// abort removes the new folder, if any, and releases the lock: the old
// folder is as it was.
func (w *dirWriter) abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.abortLocked()
}

// writeError is an error writing the output folder (it names the folder
// or the file), not rendering it.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

func wrapWrite(err error) error {
	if err == nil {
		return nil
	}
	return &writeError{err}
}

func (w *dirWriter) abortLocked() {
	if w.tmp != "" {
		os.RemoveAll(w.tmp)
	}
	if w.unlock != nil {
		w.unlock()
	}
	w.tmp, w.unlock = "", nil
	w.opened, w.err = true, errors.New("internal error: the output folder is already written or given up")
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

// checkNames is the last guard before anything is written: every name (of
// sorted names) must be a clean slash path of plain names that stays
// inside the folder written, none may be a file and a folder at once, and
// no two may differ only in case (one file on macOS and Windows). The
// partners' folder names are checked with better messages when they are
// read (partnerFolder); this catches whatever a future output forgets.
func checkNames(names []string) error {
	var s nameSet
	for _, name := range names {
		if err := s.add(name); err != nil {
			return err
		}
	}
	return nil
}

// nameSet holds the names of the files written so far, to check each new
// one against them (see checkNames).
type nameSet struct {
	files  map[string]bool
	dirs   map[string]string // a folder, and a file written in it
	folded map[string]string // by foldKey
}

func (s *nameSet) add(name string) error {
	if s.files == nil {
		s.files, s.dirs, s.folded = map[string]bool{}, map[string]string{}, map[string]string{}
	}
	if !safeName(name) {
		return fmt.Errorf("internal error: refusing to write %q, which is not a plain path inside the output folder", name)
	}
	if other, dup := s.folded[foldKey(name)]; dup {
		if other == name {
			return fmt.Errorf("internal error: refusing to write %s twice", name)
		}
		a, b := min(other, name), max(other, name)
		return fmt.Errorf("refusing to write %s and %s: they differ only in case, and macOS and Windows see one file", a, b)
	}
	if in, ok := s.dirs[name]; ok {
		return fmt.Errorf("internal error: refusing to write %s both as a file and as the folder of %s", name, in)
	}
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if s.files[d] {
			return fmt.Errorf("internal error: refusing to write %s both as a file and as the folder of %s", d, name)
		}
	}
	s.files[name], s.folded[foldKey(name)] = true, name
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if _, ok := s.dirs[d]; !ok {
			s.dirs[d] = name
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

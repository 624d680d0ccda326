package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/fsnotify/fsnotify"

	"prereq/internal/ignore"
)

// changes are the inputs that changed since the last rebuild, as the
// watcher saw them.
type changes struct {
	paths map[string]bool // site-relative slash paths of changed files and folders
	dirs  bool            // a folder appeared or went away
	all   bool            // events may have been lost: reload everything
}

func (c *changes) add(p string) {
	if c.paths == nil {
		c.paths = map[string]bool{}
	}
	c.paths[p] = true
}

func (c *changes) merge(o changes) {
	for p := range o.paths {
		c.add(p)
	}
	c.dirs = c.dirs || o.dirs
	c.all = c.all || o.all
}

func (c changes) empty() bool { return len(c.paths) == 0 && !c.dirs && !c.all }

// inputs tells apart the inputs of a site folder: content/ and templates/
// inside it and the site file, which may live anywhere.
type inputs struct {
	dir      string // the site folder, absolute
	siteFile string // the site file, absolute
	siteKey  string // the site file as messages name it
}

// key returns the name of an input by its absolute path: a site-relative
// slash path under content/ or templates/, or siteKey. ok is false for paths
// that are no input.
func (in inputs) key(abs string) (key string, ok bool) {
	if abs == in.siteFile {
		return in.siteKey, true
	}
	rel, err := filepath.Rel(in.dir, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if top != contentDir && top != templatesDir {
		return "", false
	}
	return rel, true
}

// path returns the absolute path of an input by its key.
func (in inputs) path(key string) string {
	if key == in.siteKey {
		return in.siteFile
	}
	return filepath.Join(in.dir, filepath.FromSlash(key))
}

// kindOf says which input a key names.
func (in inputs) kindOf(key string) kind {
	switch {
	case key == in.siteKey:
		return siteInput
	case key == contentDir || strings.HasPrefix(key, contentDir+"/"):
		return contentInput
	default:
		return templatesInput
	}
}

type kind int

const (
	contentInput kind = iota
	templatesInput
	siteInput
)

const (
	contentDir   = "content"
	templatesDir = "templates"
)

// A watcher follows the inputs of a site with fsnotify and collects what
// changed until the rebuild loop takes it. content/ is watched recursively,
// folders created later included; templates/ once it exists; the site
// file's folder, filtered by name, so that saves that replace the file by
// renaming another over it are seen.
type watcher struct {
	in    inputs
	fsw   *fsnotify.Watcher
	ready chan struct{} // signalled when changes are pending
	errs  chan error    // watching problems, for the log

	mu      sync.Mutex
	pending changes
	dirs    map[string]bool // folders watched under content/ and templates/, absolute
}

func newWatcher(in inputs) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{in: in, fsw: fsw, ready: make(chan struct{}, 1), errs: make(chan error, 16), dirs: map[string]bool{}}
	if err := fsw.Add(in.dir); err != nil {
		fsw.Close()
		return nil, err
	}
	if d := filepath.Dir(in.siteFile); d != in.dir {
		if err := fsw.Add(d); err != nil {
			// The build reports the missing site file; changes to it
			// will not be seen.
			w.report(fmt.Errorf("the site file's folder: %w", err))
		}
	}
	w.watchTree(filepath.Join(in.dir, contentDir))
	w.watchTree(filepath.Join(in.dir, templatesDir))
	return w, nil
}

// watchTree watches root and every folder below it that the loader reads
// (hidden folders are skipped). A missing root is no error: the site
// folder's watch sees it appear.
func (w *watcher) watchTree(root string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && ignore.Name(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(p); err != nil {
			w.report(err)
			return nil
		}
		w.mu.Lock()
		w.dirs[p] = true
		w.mu.Unlock()
		return nil
	})
}

// run turns fsnotify events into pending changes until ctx is done.
func (w *watcher) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if c, ok := w.classify(ev); ok {
				w.post(c)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.report(err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.post(changes{all: true})
			}
		}
	}
}

func (w *watcher) close() error { return w.fsw.Close() }

func (w *watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

// post adds c to the pending changes and wakes the rebuild loop.
func (w *watcher) post(c changes) {
	w.mu.Lock()
	w.pending.merge(c)
	w.mu.Unlock()
	select {
	case w.ready <- struct{}{}:
	default:
	}
}

// take returns the pending changes and forgets them.
func (w *watcher) take() changes {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.pending
	w.pending = changes{}
	return c
}

// classify decides what an event changed. It watches folders as they
// appear, before the rebuild that reads them, so no file created in them is
// missed.
func (w *watcher) classify(ev fsnotify.Event) (changes, bool) {
	var c changes
	if ev.Op == fsnotify.Chmod {
		return c, false
	}
	key, ok := w.in.key(ev.Name)
	if !ok {
		return c, false
	}
	if w.in.kindOf(key) == siteInput {
		c.add(key)
		return c, true
	}
	if ignore.Name(filepath.Base(ev.Name)) {
		return c, false
	}
	isDir := false
	switch {
	case ev.Has(fsnotify.Create):
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			isDir = true
			w.watchTree(ev.Name)
		}
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		w.mu.Lock()
		isDir = w.dirs[ev.Name] || key == contentDir || key == templatesDir
		// Drop the watches of a moved folder now, before its new name's
		// Create is handled: inotify would give the new watch the same
		// descriptor, which fsnotify drops when it sees the folder moved.
		for d := range w.dirs {
			if d == ev.Name || strings.HasPrefix(d, ev.Name+string(filepath.Separator)) {
				delete(w.dirs, d)
				w.fsw.Remove(d) // an error means that it is gone already
			}
		}
		w.mu.Unlock()
	}
	if isDir {
		c.dirs = true
		c.add(key)
		return c, true
	}
	if w.in.kindOf(key) == contentInput && !strings.HasSuffix(key, ".md") {
		return c, false // an editor's temporary file, or a file the guide does not read
	}
	c.add(key)
	return c, true
}

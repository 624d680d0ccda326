// Package watch follows the inputs of a site folder with fsnotify and tells
// what changed: which content files, templates or site file, and whether a
// folder appeared or went away. It knows which files the build reads (the
// Layout) and drops the events of the others, so that an editor's swap and
// backup files cause no rebuild.
package watch

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

// A Watcher follows the inputs of a site with fsnotify and collects what
// changed until Take takes it. content/ is watched recursively, folders
// created later included; templates/ once it exists; the site file's
// folder, filtered by name, so that saves that replace the file by renaming
// another over it are seen.
type Watcher struct {
	layout Layout
	fsw    *fsnotify.Watcher
	ready  chan struct{} // signalled when changes are pending
	errs   chan error    // watching problems, for the log

	mu      sync.Mutex
	pending Changes
	dirs    map[string]bool // folders watched under content/ and templates/, absolute
	// followed are the pictures outside content/ and templates/ that the
	// guide shows, by key, and followDirs the folders watched for them,
	// absolute.
	followed   map[string]bool
	followDirs map[string]bool
}

// New starts watching the inputs of l. Run turns the events into changes.
func New(l Layout) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{layout: l, fsw: fsw, ready: make(chan struct{}, 1), errs: make(chan error, 16), dirs: map[string]bool{}}
	if err := fsw.Add(l.Dir); err != nil {
		fsw.Close()
		return nil, err
	}
	if d := filepath.Dir(l.SiteFile); d != l.Dir {
		if err := fsw.Add(d); err != nil {
			// The build reports the missing site file; changes to it
			// will not be seen.
			w.report(fmt.Errorf("the site file's folder: %w", err))
		}
	}
	w.watchTree(filepath.Join(l.Dir, ContentDir))
	w.watchTree(filepath.Join(l.Dir, TemplatesDir))
	return w, nil
}

// Ready receives a value when changes are pending; Take them.
func (w *Watcher) Ready() <-chan struct{} { return w.ready }

// Errors receives the problems of watching, for the log. Errors that come
// while nobody reads are dropped.
func (w *Watcher) Errors() <-chan error { return w.errs }

// watchTree watches root and every folder below it that the loader reads
// (hidden folders are skipped). A missing root is no error: the site
// folder's watch sees it appear.
func (w *Watcher) watchTree(root string) {
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

// Follow watches the pictures with the keys (site-relative paths) that
// the guide shows, wherever they are in the site folder: those under
// content/ are watched already; for the others, their folders are watched
// from now on (or, while a folder is missing, the nearest one above it
// that is there), and their changes reported as content changes. Each call
// replaces the last one's list.
func (w *Watcher) Follow(keys []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.followed = map[string]bool{}
	for _, k := range keys {
		abs := w.layout.Path(k)
		if _, inside := w.layout.Key(abs); inside || !IsPicture(k) {
			continue
		}
		if rel, err := filepath.Rel(w.layout.Dir, abs); err == nil && filepath.IsLocal(rel) {
			w.followed[k] = true
		}
	}
	w.refollow()
}

// refollow watches the folders of the followed pictures, or the nearest
// folder above each that is there, and stops watching the others. w.mu is
// held.
func (w *Watcher) refollow() {
	always := func(d string) bool { return d == w.layout.Dir || d == filepath.Dir(w.layout.SiteFile) }
	dirs := map[string]bool{}
	for k := range w.followed {
		d := filepath.Dir(w.layout.Path(k))
		for !always(d) {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				break
			}
			d = filepath.Dir(d)
		}
		if !always(d) {
			dirs[d] = true
		}
	}
	for d := range w.followDirs {
		if !dirs[d] {
			w.fsw.Remove(d) // gone already, if it fails
		}
	}
	for d := range dirs {
		if !w.followDirs[d] {
			if err := w.fsw.Add(d); err != nil {
				delete(dirs, d)
			}
		}
	}
	w.followDirs = dirs
}

// followedChange reports what an event outside content/ and templates/
// changed among the followed pictures: the picture itself, or, for a
// folder on the way to some, those below it, which are then watched.
func (w *Watcher) followedChange(abs string) (Changes, bool) {
	var c Changes
	rel, err := filepath.Rel(w.layout.Dir, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return c, false
	}
	key := filepath.ToSlash(rel)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.followed[key] {
		c.Add(key)
		return c, true
	}
	for k := range w.followed {
		if strings.HasPrefix(k, key+"/") {
			c.Add(k)
		}
	}
	if c.Empty() {
		return c, false
	}
	w.refollow()
	return c, true
}

// Run turns fsnotify events into pending changes until ctx is done.
func (w *Watcher) Run(ctx context.Context) {
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
				w.post(Changes{All: true})
			}
		}
	}
}

// Close stops watching.
func (w *Watcher) Close() error { return w.fsw.Close() }

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

// post adds c to the pending changes and wakes the rebuild loop.
func (w *Watcher) post(c Changes) {
	w.mu.Lock()
	w.pending.Merge(c)
	w.mu.Unlock()
	select {
	case w.ready <- struct{}{}:
	default:
	}
}

// Take returns the pending changes and forgets them.
func (w *Watcher) Take() Changes {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.pending
	w.pending = Changes{}
	return c
}

// classify decides what an event changed. It watches folders as they
// appear, before the rebuild that reads them, so no file created in them is
// missed.
func (w *Watcher) classify(ev fsnotify.Event) (Changes, bool) {
	var c Changes
	if ev.Op == fsnotify.Chmod {
		return c, false
	}
	key, ok := w.layout.Key(ev.Name)
	if !ok {
		return w.followedChange(ev.Name)
	}
	if w.layout.KindOf(key) == SiteInput {
		c.Add(key)
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
		isDir = w.dirs[ev.Name] || key == ContentDir || key == TemplatesDir
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
		c.Dirs = true
		c.Add(key)
		return c, true
	}
	if w.layout.KindOf(key) == ContentInput && !strings.HasSuffix(key, ".md") && !IsPicture(key) {
		return c, false // an editor's temporary file, or a file the guide does not read
	}
	c.Add(key)
	return c, true
}

// Package serve previews a site live: it builds in memory, serves the
// checklist, watches the inputs and pushes every rebuild to open pages.
//
// The pieces, in the order data flows:
//
//   - a watcher (fsnotify) follows content/ recursively, templates/ and the
//     site file, and collects what changed;
//   - the rebuild loop reacts to the first change at once, coalesces what
//     arrives while it rebuilds, waits for files that an editor deletes and
//     recreates, and holds back errors for a moment in case they come from
//     a half-written file;
//   - a builder re-reads only the changed files (guide.Loader.Invalidate),
//     re-plans on a site file change and reloads templates on a template
//     change;
//   - each rebuild publishes a snapshot: the last good build and the latest
//     errors, with the source lines around each;
//   - the HTTP handler serves pages from the snapshot, rendering other facts
//     on demand from the query string, and adds the error overlay, the facts
//     panel and the live reload script to served pages only;
//   - a hub wakes the Server-Sent Events streams, and the script in the page
//     fetches the page again and swaps in what changed.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"prereq/internal/build"
	"prereq/internal/diag"
)

// Options configures the preview server.
type Options struct {
	Build  build.Options
	Addr   string    // default DefaultAddr
	Log    io.Writer // errors and notices
	Stdout io.Writer // the URL
}

// DefaultAddr is where the preview listens unless told otherwise: the
// loopback interface only.
const DefaultAddr = "127.0.0.1:1313"

// How long the rebuild loop waits, at most, before it publishes what could
// be an editor's intermediate state. A save that leaves every file in place
// and builds is published at once.
const (
	// settleGrace: a file or folder went away, or a file is empty; wait
	// for it to come back or be written (an editor deleting and recreating
	// it, or truncating it first) before rebuilding. The wait ends with the
	// event that brings it back.
	settleGrace = 30 * time.Millisecond
	// errorGrace: the rebuild failed; publish the errors only if no other
	// change follows (a file caught half-written).
	errorGrace = 50 * time.Millisecond
	// maxDefer: how long changes that keep coming during rebuilds may put
	// off publishing.
	maxDefer = 100 * time.Millisecond
	// shutdownGrace: how long requests under way may take to finish when
	// the server stops.
	shutdownGrace = time.Second
)

// Run serves until ctx is done, then shuts down and returns nil.
func Run(ctx context.Context, o Options) error {
	s, err := Start(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out(o.Stdout), "prereq serve: %s\n", s.URL())
	return s.Wait()
}

// A Server is a running preview.
type Server struct {
	id        string // this run's, so that open pages notice a restart
	in        inputs
	log       io.Writer
	builder   *builder
	watcher   *watcher
	hub       *hub
	snap      atomic.Pointer[snapshot]
	recent    history         // the last snapshots, to patch pages that show one
	builds    atomic.Int64    // rebuilds run, published or not
	onPublish func(*snapshot) // for tests: sees every snapshot published, in order

	ln   net.Listener
	http *http.Server
	done chan struct{}
	err  error
}

// Start builds the site, starts watching it and serves it on o.Addr (port
// 0 picks a free port; see Addr) until ctx is done.
func Start(ctx context.Context, o Options) (*Server, error) {
	return start(ctx, o, nil)
}

// start is Start with a hook that sees every snapshot published.
func start(ctx context.Context, o Options, onPublish func(*snapshot)) (*Server, error) {
	in, err := siteInputs(o.Build)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(in.dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", in.dir)
	}
	if fi, err := os.Stat(in.siteFile); err == nil && fi.IsDir() || strings.ContainsAny(o.Build.SiteFile, "*?[") {
		return nil, fmt.Errorf("-site %s: serve previews one site file; give one of the partners' files", o.Build.SiteFile)
	}
	addr := o.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	s := &Server{
		id:        strconv.FormatInt(time.Now().UnixNano(), 36),
		in:        in,
		log:       out(o.Log),
		builder:   newBuilder(in),
		hub:       newHub(),
		done:      make(chan struct{}),
		onPublish: onPublish,
	}
	// Listen first, to fail fast on a busy port; watch before the first
	// build, so that no change slips between them.
	if s.ln, err = net.Listen("tcp", addr); err != nil {
		return nil, err
	}
	if s.watcher, err = newWatcher(in); err != nil {
		s.ln.Close()
		return nil, fmt.Errorf("watching %s: %w", in.dir, err)
	}
	res, _ := s.builder.build(changes{all: true})
	s.builds.Add(1)
	s.snap.Store(&snapshot{})
	s.publish(res)
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}

	loopCtx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	var workers sync.WaitGroup
	go func() { served <- s.http.Serve(s.ln) }()
	workers.Go(func() { s.watcher.run(loopCtx) })
	workers.Go(func() { s.loop(loopCtx) })
	go func() {
		defer close(s.done)
		var err error
		select {
		case <-ctx.Done():
		case err = <-served:
		}
		stop()
		s.hub.close() // event streams end, so that Shutdown does not wait for them
		// Finish the requests under way, then drop what is left: a
		// browser's spare connection that never sends a request would
		// hold Shutdown for seconds.
		shut, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if e := s.http.Shutdown(shut); errors.Is(e, context.DeadlineExceeded) {
			s.http.Close()
		} else if err == nil {
			err = e
		}
		workers.Wait()
		if e := s.watcher.close(); err == nil {
			err = e
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.err = err
	}()
	return s, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// URL is the address of the checklist page.
func (s *Server) URL() string {
	host, port, _ := net.SplitHostPort(s.ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// Wait waits until the server has shut down and returns why, nil when its
// context ended.
func (s *Server) Wait() error {
	<-s.done
	return s.err
}

// siteInputs resolves the site folder and file to absolute paths.
func siteInputs(o build.Options) (inputs, error) {
	dir := o.SiteDir
	if dir == "" {
		dir = "."
	}
	file := o.SiteFile
	if file == "" {
		file = filepath.Join(dir, "site.toml")
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return inputs{}, err
	}
	absFile, err := filepath.Abs(file)
	if err != nil {
		return inputs{}, err
	}
	return inputs{dir: absDir, siteFile: absFile, siteKey: build.DisplayPath(dir, file)}, nil
}

// loop rebuilds after changes until ctx is done. It reacts to the first
// change at once; changes that arrive during a rebuild are taken together
// by the next one.
func (s *Server) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case err := <-s.watcher.errs:
			fmt.Fprintf(s.log, "prereq serve: watching: %v\n", err)
			continue
		case <-s.watcher.ready:
		}
		s.rebuild(ctx, s.watcher.take())
	}
}

// rebuild builds after changes c and publishes the outcome. Changes that
// arrived during the build are built before publishing, so that a burst of
// saves publishes its last state, not every one (for up to maxDefer). A
// failed build with new errors is published only once no change has
// followed it for errorGrace: errors may come from a file caught
// half-written, and the next build decides.
func (s *Server) rebuild(ctx context.Context, c changes) {
	start := time.Now()
	var latest *outcome
	var names []string // the inputs read again by every build of this round
	for {
		c = s.settle(ctx, c)
		if res, changed := s.builder.build(c); changed {
			names = append(names, res.changed...)
			latest = &res
			latest.changed = names
		}
		s.builds.Add(1)
		if latest == nil {
			return
		}
		if len(latest.errs) > 0 && !s.shown(latest.errs) && s.wait(ctx, errorGrace) ||
			len(latest.errs) == 0 && time.Since(start) < maxDefer && s.wait(ctx, 0) {
			c = s.watcher.take()
			continue
		}
		s.publish(*latest)
		return
	}
}

// shown reports whether errs are the errors the page shows already: then
// there is nothing to hold back.
func (s *Server) shown(errs diag.List) bool {
	prev := s.snap.Load().errs
	if len(prev) != len(errs) {
		return false
	}
	for i, e := range errs {
		if prev[i].Text != e.Error() {
			return false
		}
	}
	return true
}

// settle waits while files that c says changed are missing or empty, for
// at most settleGrace, taking in the changes that arrive meanwhile: an
// editor that deletes a file and writes it anew, or truncates it and writes
// it, causes one rebuild, with the new file.
func (s *Server) settle(ctx context.Context, c changes) changes {
	deadline := time.Now().Add(settleGrace)
	for s.unsettled(c) {
		left := time.Until(deadline)
		if left <= 0 || !s.wait(ctx, left) {
			break
		}
		c.merge(s.watcher.take())
	}
	return c
}

// unsettled reports whether a changed file or folder of c is missing, or a
// changed file is empty.
func (s *Server) unsettled(c changes) bool {
	for p := range c.paths {
		fi, err := os.Lstat(s.in.path(p))
		if err != nil || fi.Mode().IsRegular() && fi.Size() == 0 {
			return true
		}
	}
	return false
}

// wait waits up to d for more changes and reports whether some came. With
// d = 0 it only looks.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		select {
		case <-s.watcher.ready:
			return true
		default:
			return false
		}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-s.watcher.ready:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// publish makes a build's outcome the snapshot served, logs it and wakes
// the open pages. A failed build with the errors shown already changes
// nothing served: it is only logged.
func (s *Server) publish(res outcome) {
	prev := s.snap.Load()
	next := &snapshot{version: prev.version + 1, good: prev.good, out: prev.out, took: res.took}
	if res.in != nil {
		next.good, next.out = res.in, res.out
	}
	took := res.took.Round(10 * time.Microsecond)
	switch {
	case len(res.errs) > 0 && prev.version > 0 && s.shown(res.errs):
		res.errs.Print(s.log)
		return // the pages show these errors already
	case len(res.errs) > 0:
		next.errs = views(res.errs, s.in)
		res.errs.Print(s.log)
		fmt.Fprintf(s.log, "prereq serve: %s; the page shows them over the last checklist that built\n", plural(len(res.errs), "error"))
	case prev.version == 0:
		fmt.Fprintf(s.log, "prereq serve: built in %s\n", took)
	case len(prev.errs) > 0:
		fmt.Fprintf(s.log, "prereq serve: fixed; rebuilt in %s%s\n", took, listed(res.changed))
	default:
		fmt.Fprintf(s.log, "prereq serve: rebuilt in %s%s\n", took, listed(res.changed))
	}
	s.snap.Store(next)
	s.recent.add(next)
	if s.onPublish != nil {
		s.onPublish(next)
	}
	s.hub.publish()
}

// listed names the first changed inputs, for the log.
func listed(names []string) string {
	names = slices.Compact(slices.Sorted(slices.Values(names)))
	switch {
	case len(names) == 0:
		return ""
	case len(names) > 3:
		return fmt.Sprintf(" (%s and %d more)", strings.Join(names[:3], ", "), len(names)-3)
	default:
		return " (" + strings.Join(names, ", ") + ")"
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func out(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

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
	"sync/atomic"
	"time"

	"prereq/internal/build"
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
	// removedGrace: a file or folder went away; wait for it to come back
	// (an editor deleting and recreating it) before rebuilding. The wait
	// ends as soon as it is back.
	removedGrace = 30 * time.Millisecond
	// errorGrace: the rebuild failed; publish the errors only if no other
	// change follows (a file caught half-written).
	errorGrace = 50 * time.Millisecond
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
	in        inputs
	log       io.Writer
	builder   *builder
	watcher   *watcher
	hub       *hub
	snap      atomic.Pointer[snapshot]
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
	addr := o.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	s := &Server{in: in, log: out(o.Log), builder: newBuilder(in), hub: newHub(), done: make(chan struct{}), onPublish: onPublish}
	// Watch before the first build, so that no change slips between them.
	if s.watcher, err = newWatcher(in); err != nil {
		return nil, fmt.Errorf("watching %s: %w", in.dir, err)
	}
	res, _ := s.builder.build(changes{all: true})
	s.builds.Add(1)
	s.snap.Store(&snapshot{})
	s.publish(res)
	if s.ln, err = net.Listen("tcp", addr); err != nil {
		s.watcher.close()
		return nil, err
	}
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}

	loopCtx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- s.http.Serve(s.ln) }()
	go s.watcher.run(loopCtx)
	go s.loop(loopCtx)
	go func() {
		defer close(s.done)
		var err error
		select {
		case <-ctx.Done():
		case err = <-served:
		}
		stop()
		s.hub.close() // event streams end, so that Shutdown does not wait for them
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if e := s.http.Shutdown(shut); err == nil {
			err = e
		}
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

// rebuild builds after changes c and publishes the outcome, unless it
// failed and more changes follow within errorGrace: then the errors may
// come from a half-saved file, and the next build decides.
func (s *Server) rebuild(ctx context.Context, c changes) {
	var held *outcome // failed, waiting to see whether more comes
	for {
		c = s.settle(ctx, c)
		res, changed := s.builder.build(c)
		s.builds.Add(1)
		switch {
		case !changed && held != nil:
			s.publish(*held)
			return
		case !changed:
			return
		case len(res.errs) > 0 && s.wait(ctx, errorGrace):
			if c = s.watcher.take(); !c.empty() {
				held = &res
				continue
			}
		}
		s.publish(res)
		return
	}
}

// settle waits while files that c says changed are missing, for at most
// removedGrace, taking in the changes that arrive meanwhile: an editor that
// deletes a file and writes it anew causes one rebuild, with the new file.
func (s *Server) settle(ctx context.Context, c changes) changes {
	deadline := time.Now().Add(removedGrace)
	for s.missing(c) {
		left := time.Until(deadline)
		if left <= 0 || !s.wait(ctx, left) {
			break
		}
		c.merge(s.watcher.take())
	}
	return c
}

// missing reports whether a changed file or folder of c is not there.
func (s *Server) missing(c changes) bool {
	for p := range c.paths {
		if _, err := os.Lstat(s.in.path(p)); err != nil {
			return true
		}
	}
	return false
}

// wait waits up to d for more changes and reports whether some came.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
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
// the open pages.
func (s *Server) publish(res outcome) {
	prev := s.snap.Load()
	next := &snapshot{version: prev.version + 1, good: prev.good, out: prev.out}
	if res.in != nil {
		next.good, next.out = res.in, res.out
	}
	if len(res.errs) > 0 {
		next.errs = views(res.errs, s.in)
		res.errs.Print(s.log)
		fmt.Fprintf(s.log, "prereq serve: %s; showing the last checklist that built\n", plural(len(res.errs), "error"))
	} else if len(prev.errs) > 0 {
		fmt.Fprintf(s.log, "prereq serve: fixed; rebuilt in %s\n", res.took.Round(10*time.Microsecond))
	}
	s.snap.Store(next)
	if s.onPublish != nil {
		s.onPublish(next)
	}
	s.hub.publish()
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

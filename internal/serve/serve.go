// Package serve previews a site live: it builds in memory, serves the
// checklist, watches the inputs and pushes every rebuild to open pages.
//
// It wires the live preview's packages together, in the order data flows:
//
//   - package watch follows content/, templates/ and the site file with
//     fsnotify and collects what changed;
//   - the rebuild loop (loop.go) reacts to the first change at once,
//     coalesces what arrives while it rebuilds, waits for files that an
//     editor deletes and recreates, and holds back errors for a moment in
//     case they come from a half-written file;
//   - package rebuild re-reads only the changed files and builds the site
//     with build's pipeline;
//   - each rebuild publishes a snapshot (snapshot.go): the last good build
//     and the latest errors, with the source lines around each;
//   - the HTTP handlers (handler.go) serve pages from the snapshot,
//     rendering other facts on demand from the query string, with what
//     package livepage adds to served pages (the error overlay, the facts
//     panel, the live reload script);
//   - a hub wakes the Server-Sent Events streams, and the script in the page
//     fetches the page again and swaps in what changed, the elements that
//     package livepatch finds when it can.
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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/guide"
	"prereq/internal/rebuild"
	"prereq/internal/watch"
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

// shutdownGrace is how long requests under way may take to finish when
// the server stops.
const shutdownGrace = time.Second

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
	id       string // this run's, so that open pages notice a restart
	layout   watch.Layout
	log      io.Writer
	builder  *rebuild.Builder
	watcher  *watch.Watcher
	hub      *hub
	handler  http.Handler
	hosts    hostCheck // the Host headers answered
	snap     atomic.Pointer[snapshot]
	recent   history       // the last snapshots, to patch pages that show one
	variants *variantCache // pages with other facts, of every snapshot in recent
	guide    guideCache    // guide.html of the last snapshot asked for
	builds   atomic.Int64  // rebuilds run, published or not
	hooks    hooks

	// the check of every partner (matrix.go)
	toCheck    atomic.Pointer[guide.Guide] // the guide to check: the last that built
	checkNudge chan struct{}               // wakes the checker
	findings   atomic.Pointer[findings]    // the last check's

	ln   net.Listener
	http *http.Server
	done chan struct{}
	err  error
}

// Start builds the site, starts watching it and serves it on o.Addr (port
// 0 picks a free port; see Addr) until ctx is done.
func Start(ctx context.Context, o Options) (*Server, error) {
	return start(ctx, o, hooks{})
}

// hooks let tests see into a running server.
type hooks struct {
	published func(*snapshot) // sees every snapshot published, in order
	rebuild   func()          // called when changes woke the loop, before it takes them
	built     func(diag.List) // called after each build of the loop, with its errors
}

// start is Start with hooks for tests.
func start(ctx context.Context, o Options, h hooks) (*Server, error) {
	layout, err := siteLayout(o.Build)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(layout.Dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", layout.Dir)
	}
	if fi, err := os.Stat(layout.SiteFile); err == nil && fi.IsDir() || strings.ContainsAny(o.Build.SiteFile, "*?[") {
		return nil, fmt.Errorf("-site %s: serve previews one site file; give one of the partners' files", o.Build.SiteFile)
	}
	addr := o.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	s := &Server{
		id:       strconv.FormatInt(time.Now().UnixNano(), 36),
		layout:   layout,
		log:      out(o.Log),
		builder:  rebuild.New(layout),
		hub:      newHub(),
		variants: newVariantCache(variantBudget),
		done:     make(chan struct{}),
		hooks:    h,

		checkNudge: make(chan struct{}, 1),
	}
	s.handler = s.routes()
	// Listen first, to fail fast on a busy port; watch before the first
	// build, so that no change slips between them.
	if s.ln, err = net.Listen("tcp", addr); err != nil {
		return nil, err
	}
	s.hosts = newHostCheck(addr, s.ln.Addr())
	if s.watcher, err = watch.New(layout); err != nil {
		s.ln.Close()
		return nil, fmt.Errorf("watching %s: %w", layout.Dir, err)
	}
	res, _ := s.builder.Build(watch.Changes{All: true})
	s.watcher.Follow(s.builder.Pictures())
	s.builds.Add(1)
	s.snap.Store(&snapshot{})
	s.publish(res)
	s.http = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}

	loopCtx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	var workers sync.WaitGroup
	go func() { served <- s.http.Serve(s.ln) }()
	workers.Go(func() { s.watcher.Run(loopCtx) })
	workers.Go(func() { s.loop(loopCtx) })
	workers.Go(func() { s.checker(loopCtx) })
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
		if e := s.watcher.Close(); err == nil {
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

// siteLayout resolves the site folder and file to absolute paths.
func siteLayout(o build.Options) (watch.Layout, error) {
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
		return watch.Layout{}, err
	}
	absFile, err := filepath.Abs(file)
	if err != nil {
		return watch.Layout{}, err
	}
	return watch.Layout{Dir: absDir, SiteFile: absFile, SiteKey: build.DisplayPath(dir, file)}, nil
}

func out(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

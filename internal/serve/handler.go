package serve

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"prereq/internal/diag"
)

// ServeHTTP serves the checklist from memory: the page, its JSON and
// Markdown, the live reload stream and its script. Every other path is 404;
// no request reaches the file system.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	var serve func(http.ResponseWriter, *http.Request)
	switch r.URL.Path {
	case "/", "/index.html":
		serve = s.page
	case "/checklist.json", "/checklist.md":
		serve = s.output
	case "/_prereq/events":
		serve = s.events
	case "/_prereq/live.js", "/_prereq/live.css":
		serve = s.asset
	default:
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	serve(w, r)
}

// query parses the query string; a malformed one is an error like a bad
// fact.
func query(r *http.Request) (url.Values, diag.List) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return q, diag.List{{Pos: diag.Pos{Path: "?"}, Msg: "malformed query string: " + err.Error(), Err: err}}
	}
	return q, nil
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	snap := s.snap.Load()
	q, qErrs := query(r)
	v := snap.variant(q)
	a := additions{Version: snap.version, Errors: snap.errs}
	if extra := append(qErrs, v.errs...); len(extra) > 0 {
		a.Errors = append(append([]errorView(nil), snap.errs...), views(extra, s.in)...)
	}
	var page []byte
	var err error
	if snap.good == nil {
		page, err = errorPage(a)
	} else {
		a.HasPage = true
		a.Facts = factViews(snap.good.Guide.Schema, snap.good.Site, v.site)
		for _, f := range a.Facts {
			if f.Overridden {
				a.Overridden++
			}
		}
		page, err = inject(v.out["index.html"], a)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.Write(page)
}

// output serves checklist.json or checklist.md of the last good build,
// with the facts of the query string. X-Prereq-Errors counts the errors of
// the latest build when it failed.
func (s *Server) output(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	snap := s.snap.Load()
	if snap.good == nil {
		textErrors(w, http.StatusServiceUnavailable, snap.errs)
		return
	}
	q, qErrs := query(r)
	v := snap.variant(q)
	if errs := append(qErrs, v.errs...); len(errs) > 0 {
		textErrors(w, http.StatusBadRequest, views(errs, s.in))
		return
	}
	if len(snap.errs) > 0 {
		w.Header().Set("X-Prereq-Errors", strconv.Itoa(len(snap.errs)))
	}
	ct := "application/json; charset=utf-8"
	if strings.HasSuffix(name, ".md") {
		ct = "text/markdown; charset=utf-8"
	}
	body := v.out[name]
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func textErrors(w http.ResponseWriter, code int, errs []errorView) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	for _, e := range errs {
		fmt.Fprintln(w, e.Text)
	}
}

// events streams a "build" event with the snapshot's version when the
// stream opens and after each rebuild (Server-Sent Events).
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	wake, cancel := s.hub.subscribe()
	defer cancel()
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	send := func(prefix string) bool {
		snap := s.snap.Load()
		_, err := fmt.Fprintf(w, "%sevent: build\ndata: {\"version\":%d,\"errors\":%d}\n\n", prefix, snap.version, len(snap.errs))
		return err == nil && rc.Flush() == nil
	}
	if !send("retry: 500\n\n") {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.hub.done():
			return
		case <-wake:
			if !send("") {
				return
			}
		}
	}
}

func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/_prereq/")
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ct := "text/css; charset=utf-8"
	if strings.HasSuffix(name, ".js") {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Write(b)
}

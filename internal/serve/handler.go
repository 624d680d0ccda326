package serve

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/livepage"
	"prereq/internal/livepatch"
	"prereq/internal/watch"
)

// routes serves the checklist from memory: the page, its JSON and
// Markdown, the guide page, the live reload stream and its script. Every other path is 404,
// and other methods than GET and HEAD 405; no request reaches the file
// system. A request for another host than this server's is 403 (see
// hostCheck).
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /index.html", s.page)
	mux.HandleFunc("GET /checklist.json", s.output)
	mux.HandleFunc("GET /checklist.md", s.output)
	mux.HandleFunc("GET /guide.html", s.guidePage)
	for _, lang := range facts.Languages {
		mux.HandleFunc("GET /guide."+lang+".html", func(w http.ResponseWriter, r *http.Request) { s.guidePageIn(w, r, lang) })
	}
	mux.HandleFunc("GET /_prereq/events", s.events)
	mux.HandleFunc("GET /_prereq/live.js", s.asset)
	mux.HandleFunc("GET /_prereq/live.css", s.asset)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		if !s.hosts.allows(r.Host) {
			http.Error(w, fmt.Sprintf("prereq serve answers requests for its own address only (%s), not for the host %q", s.URL(), r.Host), http.StatusForbidden)
			return
		}
		if r.URL.Path != path.Clean(r.URL.Path) {
			// ServeMux would redirect to the clean path; nothing
			// served has an unclean name.
			http.NotFound(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// ServeHTTP serves the preview's pages (see routes).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
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
	v := s.variants.get(snap, q)
	a := livepage.Additions{Server: s.id, Version: snap.version, Lang: snap.lang, Errors: snap.errs}
	// A mistake in the query string is the request's: 400, with the
	// page of the site file's facts under the overlay.
	code := http.StatusOK
	if extra := append(qErrs, v.errs...); len(extra) > 0 {
		a.Errors = append(append([]livepage.ErrorView(nil), snap.errs...), s.views(extra)...)
		code = http.StatusBadRequest
	}
	if snap.good == nil {
		page, err := livepage.ErrorPage(a)
		s.sendCode(w, code, "text/html; charset=utf-8", page, err)
		return
	}
	a.HasPage = true
	a.Findings = s.findingsFor()
	a.Warnings = snap.warnings
	a.Facts = livepage.FactViews(snap.good.Guide.Schema, snap.good.Site, v.site)
	guideLang := snap.good.Guide.Language
	a.SiteLanguage = cmp.Or(snap.good.Site.Language, guideLang)
	a.Lang = cmp.Or(v.site.Language, guideLang)
	a.Languages = livepage.LanguageViews(a.Lang)
	for _, f := range a.Facts {
		if f.Overridden {
			a.Overridden++
		}
	}
	if ps, ok := s.patches(r, q, v); ok {
		live, err := livepage.Live(a)
		var b []byte
		if err == nil {
			b, err = json.Marshal(patchResponse{Server: s.id, Version: snap.version, Patches: append([]livepatch.Patch{}, ps...), Live: live})
		}
		s.sendCode(w, code, "application/json", b, err)
		return
	}
	page, err := livepage.Inject(v.out["index.html"], a)
	s.sendCode(w, code, "text/html; charset=utf-8", page, err)
}

// patchResponse is the answer to a page that asks for what changed since
// the build it shows: the elements to replace and serve's additions.
type patchResponse struct {
	Server  string            `json:"server"`
	Version int64             `json:"version"`
	Patches []livepatch.Patch `json:"patches"`
	Live    string            `json:"live"` // the new #prereq-live
}

// patches returns what changed in the page since the build the request's
// X-Prereq-From header names ("SERVER.VERSION"), with the same query; ok is
// false when the whole page must be sent.
func (s *Server) patches(r *http.Request, q url.Values, v variant) ([]livepatch.Patch, bool) {
	from := r.Header.Get("X-Prereq-From")
	id, ver, found := strings.Cut(from, ".")
	if !found || id != s.id {
		return nil, false
	}
	n, err := strconv.ParseInt(ver, 10, 64)
	if err != nil {
		return nil, false
	}
	old := s.recent.at(n)
	if old == nil || old.good == nil {
		return nil, false
	}
	return livepatch.Diff(s.variants.get(old, q).out["index.html"], v.out["index.html"])
}

// sendCode sends b with the status code, or err as a server error.
func (s *Server) sendCode(w http.ResponseWriter, code int, ctype string, b []byte, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(code)
	w.Write(b)
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
	v := s.variants.get(snap, q)
	if errs := append(qErrs, v.errs...); len(errs) > 0 {
		textErrors(w, http.StatusBadRequest, s.views(errs))
		return
	}
	if len(snap.errs) > 0 {
		w.Header().Set("X-Prereq-Errors", strconv.Itoa(len(snap.errs)))
	}
	ct := "application/json; charset=utf-8"
	if strings.HasSuffix(name, ".md") {
		ct = "text/markdown; charset=utf-8"
	}
	body, ok := v.out[name]
	if !ok { // rendered when first asked for
		in := *snap.good
		in.Site = v.site
		out, err := build.RenderOnly(&in, false, name)
		if err != nil {
			textErrors(w, http.StatusInternalServerError, s.views(diag.From(err, watch.TemplatesDir)))
			return
		}
		body = out[name]
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func textErrors(w http.ResponseWriter, code int, errs []livepage.ErrorView) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	for _, e := range errs {
		fmt.Fprintln(w, e.Text)
	}
}

// events streams a "build" event with the server run's id, the snapshot's
// version and the findings' generation when the stream opens, after each
// rebuild and when the findings change (Server-Sent Events).
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
		var gen int64
		if f := s.findings.Load(); f != nil {
			gen = f.view.Gen
		}
		_, err := fmt.Fprintf(w, "%sevent: build\ndata: {\"server\":%q,\"version\":%d,\"errors\":%d,\"findings\":%d}\n\n", prefix, s.id, snap.version, len(snap.errs), gen)
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
	b, err := fs.ReadFile(livepage.Assets(), name)
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

package serve

import (
	"net/http"
	"sync"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/livepage"
	"prereq/internal/watch"
)

// guidePage serves guide.html of the last good build, live as the
// checklist is: the error overlay shows the latest build's errors over it,
// and it follows each rebuild (the page's script keeps the reader's
// answers, which live in its fragment). No site file's facts decide it, so
// the query string has none to try.
func (s *Server) guidePage(w http.ResponseWriter, r *http.Request) {
	snap := s.snap.Load()
	a := livepage.Additions{Server: s.id, Version: snap.version, Lang: snap.lang, Errors: snap.errs}
	if snap.good == nil {
		page, err := livepage.ErrorPage(a)
		s.sendCode(w, http.StatusOK, "text/html; charset=utf-8", page, err)
		return
	}
	a.HasPage = true
	a.Lang = snap.good.Guide.Language
	a.Warnings = snap.warnings
	page, err := s.guide.get(snap)
	if err != nil {
		a.Errors = append(append([]livepage.ErrorView(nil), snap.errs...), s.views(diag.From(err, watch.TemplatesDir))...)
		page, err = livepage.ErrorPage(a)
		s.sendCode(w, http.StatusInternalServerError, "text/html; charset=utf-8", page, err)
		return
	}
	page, err = livepage.Inject(page, a)
	s.sendCode(w, http.StatusOK, "text/html; charset=utf-8", page, err)
}

// guideCache keeps guide.html of one snapshot: the one the last request
// asked for. It is rendered when first asked for, not at each rebuild.
type guideCache struct {
	mu   sync.Mutex
	snap *snapshot
	page []byte
	err  error
}

func (c *guideCache) get(snap *snapshot) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != snap {
		c.page, c.err = build.GuidePage(snap.good, false)
		c.snap = snap
	}
	return c.page, c.err
}

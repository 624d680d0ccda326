package serve

import (
	"net/http"
	"path"
	"slices"
	"sync"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/livepage"
	"prereq/internal/render"
	"prereq/internal/watch"
)

// guidePage serves guide.html of the last good build, live as the
// checklist is: the error overlay shows the latest build's errors over it,
// and it follows each rebuild (the page's script keeps the reader's
// answers, which live in its fragment). No site file's facts decide it, so
// the query string has none to try. guide.LANG.html is the page in a
// language the guide is translated into (see render.GuideFile); any other
// is 404.
func (s *Server) guidePage(w http.ResponseWriter, r *http.Request) {
	s.guidePageIn(w, r, "")
}

// guidePageIn serves the guide page in lang; "" is the guide's own
// language (guide.html).
func (s *Server) guidePageIn(w http.ResponseWriter, r *http.Request, lang string) {
	snap := s.snap.Load()
	a := livepage.Additions{Server: s.id, Version: snap.version, Lang: snap.lang, Errors: snap.errs}
	if snap.good == nil {
		page, err := livepage.ErrorPage(a)
		s.sendCode(w, http.StatusOK, "text/html; charset=utf-8", page, err)
		return
	}
	g := snap.good.Guide
	if lang == "" {
		lang = render.GuideLanguages(g)[0]
	} else if !slices.Contains(render.GuideLanguages(g), lang) || render.GuideFile(g, lang) != path.Base(r.URL.Path) {
		http.NotFound(w, r)
		return
	}
	a.HasPage = true
	a.Lang = lang
	a.Warnings = snap.warnings
	page, err := s.guide.get(snap, lang)
	if err != nil {
		a.Errors = append(append([]livepage.ErrorView(nil), snap.errs...), s.views(diag.From(err, watch.TemplatesDir))...)
		page, err = livepage.ErrorPage(a)
		s.sendCode(w, http.StatusInternalServerError, "text/html; charset=utf-8", page, err)
		return
	}
	page, err = livepage.Inject(page, a)
	s.sendCode(w, http.StatusOK, "text/html; charset=utf-8", page, err)
}

// guideCache keeps the guide pages of one snapshot: the one the last
// request asked for, in each language asked for. A page is rendered when
// first asked for, not at each rebuild.
type guideCache struct {
	mu    sync.Mutex
	snap  *snapshot
	pages map[string]guideRendering // by language
}

type guideRendering struct {
	page []byte
	err  error
}

func (c *guideCache) get(snap *snapshot, lang string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != snap {
		c.snap, c.pages = snap, map[string]guideRendering{}
	}
	p, ok := c.pages[lang]
	if !ok {
		p.page, p.err = build.GuidePage(snap.good, lang, false)
		c.pages[lang] = p
	}
	return p.page, p.err
}

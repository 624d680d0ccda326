package serve

import (
	"path/filepath"

	"prereq/internal/diag"
	"prereq/internal/dirfs"
	"prereq/internal/livepage"
)

// views turns errors into the overlay's views, reading the files they
// point into.
func (s *Server) views(errs diag.List) []livepage.ErrorView {
	return livepage.Views(errs, s.readSource)
}

// readSource reads the file an error names, or returns nil: positions in
// the query string ("?fact") and in the embedded templates have no file.
func (s *Server) readSource(name string) []byte {
	var p string
	switch {
	case name == s.layout.SiteKey:
		p = s.layout.SiteFile
	case filepath.IsLocal(filepath.FromSlash(name)):
		p = filepath.Join(s.layout.Dir, filepath.FromSlash(name))
	default:
		return nil
	}
	src, err := dirfs.ReadFile(p, dirfs.Template) // the largest limit; a pipe is not waited on
	if err != nil {
		return nil
	}
	return src
}

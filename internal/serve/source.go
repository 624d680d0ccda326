package serve

import (
	"io"
	"os"
	"path/filepath"

	"prereq/internal/diag"
	"prereq/internal/livepage"
)

// maxSource bounds how much of a file an excerpt reads.
const maxSource = 4 << 20

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
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxSource))
	if err != nil {
		return nil
	}
	return src
}

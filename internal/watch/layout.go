package watch

import (
	"path"
	"path/filepath"
	"slices"
	"strings"

	"prereq/internal/images"
)

// The folders of a site that the build reads, inside the site folder.
const (
	ContentDir   = "content"
	TemplatesDir = "templates"
)

// A Layout tells apart the inputs of a site folder: content/ and templates/
// inside it, the pictures the guide shows from elsewhere in it (assets/),
// and the site file, which may live anywhere. Inputs are named by keys: a
// site-relative slash path ("content/01-app/01-register-app.md",
// "assets/logo.svg"), or SiteKey for the site file.
type Layout struct {
	Dir      string // the site folder, absolute
	SiteFile string // the site file, absolute
	SiteKey  string // the site file as messages name it
}

// Key returns the key of an input under content/ or templates/, or of the
// site file, by its absolute path. ok is false for other paths (the
// Watcher also takes the pictures it was told to follow).
func (l Layout) Key(abs string) (key string, ok bool) {
	if abs == l.SiteFile {
		return l.SiteKey, true
	}
	rel, err := filepath.Rel(l.Dir, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if top != ContentDir && top != TemplatesDir {
		return "", false
	}
	return rel, true
}

// Path returns the absolute path of an input by its key.
func (l Layout) Path(key string) string {
	if key == l.SiteKey {
		return l.SiteFile
	}
	return filepath.Join(l.Dir, filepath.FromSlash(key))
}

// KindOf says which input a key names: a picture outside content/ is
// content too, which the guide's bodies read.
func (l Layout) KindOf(key string) Kind {
	switch {
	case key == l.SiteKey:
		return SiteInput
	case key == TemplatesDir || strings.HasPrefix(key, TemplatesDir+"/"):
		return TemplatesInput
	default:
		return ContentInput
	}
}

// IsPicture reports whether a key names a picture file by its extension
// (see images.Extensions): the content inputs besides .md files.
func IsPicture(key string) bool {
	return slices.Contains(images.Extensions, strings.ToLower(path.Ext(key)))
}

// A Kind is one of the three inputs of a site.
type Kind int

// The kinds of inputs.
const (
	ContentInput   Kind = iota // under content/, and the pictures the guide shows from elsewhere
	TemplatesInput             // under templates/
	SiteInput                  // the site file
)

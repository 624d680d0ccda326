package guide

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"prereq/internal/diag"
	"prereq/internal/dirfs"
	"prereq/internal/ignore"
	"prereq/internal/images"
	"prereq/internal/markdown"
)

// Images. A body's `![alt](path)` names a picture file by a path relative
// to the body's .md file, inside the site folder (beside the .md files, in
// a folder of pictures in a section folder, or anywhere else such as
// assets/). The loader reads each file once, through dirfs with the image
// limit (dirfs.Image, 2 MiB), checks that it is a PNG, JPEG, GIF, WebP or
// SVG by its content, and hands it to the body (markdown.Image.File), so
// that rendering reads no file. A remote image is an error unless the
// guide's _index.md says remote_images = true.

// imageCache holds the picture files the bodies show, each read once, by
// path in the site folder, and which body files show each: an edit to a
// picture re-reads the bodies that show it. It is used from the loader's
// goroutines at once.
type imageCache struct {
	mu      sync.Mutex
	entries map[string]*imageEntry
	users   map[string]map[string]bool // picture path -> the files that show it
}

// imageEntry is one picture file, read or not found.
type imageEntry struct {
	once sync.Once
	file *images.File
	err  error
}

// get returns the entry of the picture at p, read by the first caller, and
// records that the body file user shows it.
func (c *imageCache) get(fsys fs.FS, p, user string) *imageEntry {
	c.mu.Lock()
	if c.entries == nil {
		c.entries, c.users = map[string]*imageEntry{}, map[string]map[string]bool{}
	}
	e := c.entries[p]
	if e == nil {
		e = &imageEntry{}
		c.entries[p] = e
	}
	if c.users[p] == nil {
		c.users[p] = map[string]bool{}
	}
	c.users[p][user] = true
	c.mu.Unlock()
	e.once.Do(func() {
		data, err := dirfs.Read(fsys, p, dirfs.Image)
		if err == nil {
			e.file, err = images.New(p, data)
		}
		e.err = err
	})
	return e
}

// invalidate forgets the pictures at or under the stale paths (all of them
// when root is stale), and returns the body files that showed them.
func (c *imageCache) invalidate(stale map[string]bool, root string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var users []string
	for p := range c.entries {
		if !stale[root] && !staleIn(p, stale) {
			continue
		}
		delete(c.entries, p)
		for u := range c.users[p] {
			users = append(users, u)
		}
		delete(c.users, p)
	}
	return users
}

// staleIn reports whether p or a folder above it is in stale.
func staleIn(p string, stale map[string]bool) bool {
	for d := p; ; d = path.Dir(d) {
		if stale[d] {
			return true
		}
		if d == "." || d == "/" || !strings.Contains(d, "/") {
			return false
		}
	}
}

// showImages finds, reads and checks the pictures of a body read from
// file, and hands them to it. It returns an error at each image that
// cannot be shown.
func (l *Loader) showImages(file string, d *markdown.Doc) diag.List {
	var errs diag.List
	for _, im := range d.Images() {
		if msg := l.showImage(file, im); msg != "" {
			errs.Add(im.Pos, "%s", msg)
		}
	}
	return errs
}

// showImage resolves one image; it returns what is wrong, or "".
func (l *Loader) showImage(file string, im *markdown.Image) string {
	dest := im.Dest
	switch {
	case im.Remote():
		if l.index != nil && l.index.guide.RemoteImages {
			return ""
		}
		return "the image " + dest + " is on another host: the checklist is one file that requests nothing from anywhere, and this would request the picture each time it is opened; save the picture in the site folder and write its path relative to " + path.Base(file) +
			", or allow remote images with remote_images = true in " + path.Join(l.root, "_index.md")
	case hasScheme(dest):
		return "the image " + dest + " is no file: write the path of a picture in the site folder, relative to " + path.Base(file)
	case strings.HasPrefix(dest, "/"):
		return "the image path " + dest + " is absolute: write it relative to " + path.Base(file) + " (the picture must be in the site folder)"
	case dest == "":
		return "the image has no path: write the path of a picture relative to " + path.Base(file)
	}
	p := path.Join(path.Dir(file), dest)
	if !fs.ValidPath(p) {
		return "the image " + dest + " is outside the site folder: prereq reads pictures only inside it (move it to, say, assets/ and write the path relative to " + path.Base(file) + ")"
	}
	im.Path = p
	e := l.imgs.get(l.fsys, p, file)
	if e.err == nil {
		im.File = e.file
		return ""
	}
	var tooLarge *dirfs.TooLargeError
	switch {
	case errors.Is(e.err, fs.ErrNotExist):
		return "no image file " + p + l.nearbyImages(file, dest)
	case errors.As(e.err, &tooLarge):
		return "the image " + p + " is " + errText(e.err) + ": make it smaller"
	case errors.Is(e.err, images.ErrUnknown):
		return "the image " + p + " is " + images.ErrUnknown.Error() + " (prereq goes by what the file holds, not by its name)"
	}
	return "the image " + p + ": " + errText(e.err)
}

// hasScheme reports whether dest starts with a URL scheme ("mailto:",
// "ftp:"), which no relative path does.
func hasScheme(dest string) bool {
	i := strings.IndexAny(dest, ":/")
	if i <= 0 || dest[i] != ':' {
		return false
	}
	for j, c := range dest[:i] {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (j == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// nearbyImages is " (did you mean PATH?)" for the picture nearest to dest
// among those in the folder dest names, in the body's folder and in the
// folders inside it, as paths relative to the body; "" when none is near.
func (l *Loader) nearbyImages(file, dest string) string {
	base := path.Dir(file)
	var candidates []string
	add := func(dir string) {
		entries, err := fs.ReadDir(l.fsys, dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			if !e.IsDir() && isImageName(e.Name()) {
				candidates = append(candidates, relPath(base, path.Join(dir, e.Name())))
			}
		}
	}
	want := path.Join(base, dest)
	add(path.Dir(want))
	if path.Dir(want) != base {
		add(base)
	}
	if entries, err := fs.ReadDir(l.fsys, base); err == nil {
		for _, e := range entries {
			if sub := path.Join(base, e.Name()); e.IsDir() && sub != path.Dir(want) {
				add(sub)
			}
		}
	}
	return diag.DidYouMean(relPath(base, want), slices.Compact(slices.Sorted(slices.Values(candidates))))
}

// relPath is the slash path of target relative to the folder base, both
// slash paths in the site folder.
func relPath(base, target string) string {
	b, t := strings.Split(base, "/"), strings.Split(target, "/")
	i := 0
	for i < len(b) && i < len(t)-1 && b[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(b)-i) + strings.Join(t[i:], "/")
}

// isImageName reports whether a file name ends in a picture's extension.
func isImageName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return slices.Contains(images.Extensions, ext)
}

// picturesOnly reports whether the folder dir holds pictures and no .md
// file, at any depth (ignored names aside): such a folder, in content/ or
// in a section folder, is a folder of pictures, not a misplaced section.
func picturesOnly(fsys fs.FS, dir string) bool {
	pictures, markdown := false, false
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
		case p != dir && ignore.Name(d.Name()):
			if d.IsDir() {
				return fs.SkipDir
			}
		case d.IsDir():
		case strings.HasSuffix(d.Name(), ".md"):
			markdown = true
			return fs.SkipAll
		case isImageName(d.Name()):
			pictures = true
		}
		return nil
	})
	return pictures && !markdown
}

// Images returns the picture files the guide's bodies show, in every
// language, each once (by content), ordered by OutputPath: what a build
// copies beside checklist.json and checklist.md, and what images.Relink
// points their bodies to. A guide that Load returned works them out once,
// however many partners ask.
func (g *Guide) Images() []*images.File {
	if g.pictures == nil {
		return g.images()
	}
	g.pictures.once.Do(func() { g.pictures.files = g.images() })
	return g.pictures.files
}

// pictureList is Guide.Images, worked out once.
type pictureList struct {
	once  sync.Once
	files []*images.File
}

func (g *Guide) images() []*images.File {
	var out []*images.File
	seen := map[string]bool{}
	g.eachBody(func(d *markdown.Doc) {
		for _, im := range d.Images() {
			if f := im.File; f != nil && !seen[f.OutputPath()] {
				seen[f.OutputPath()] = true
				out = append(out, f)
			}
		}
	})
	slices.SortFunc(out, func(a, b *images.File) int { return strings.Compare(a.OutputPath(), b.OutputPath()) })
	return out
}

// ImagePaths returns the paths in the site folder of every local picture
// the bodies and the theme's logo name, found or not, sorted: what the
// live preview watches.
func (g *Guide) ImagePaths() []string {
	var out []string
	if g.Theme.logoPath != "" {
		out = append(out, g.Theme.logoPath)
	}
	g.eachBody(func(d *markdown.Doc) {
		for _, im := range d.Images() {
			if im.Path != "" {
				out = append(out, im.Path)
			}
		}
	})
	slices.Sort(out)
	return slices.Compact(out)
}

// eachBody calls f with every body of the guide, translations included.
func (g *Guide) eachBody(f func(*markdown.Doc)) {
	f(g.Intro)
	for _, t := range g.Translations {
		f(t.Intro)
	}
	items := func(it *Item) {
		f(it.Body)
		for _, t := range it.Translations {
			f(t.Body)
		}
	}
	for _, s := range g.Sections {
		items(&s.Item)
		for _, st := range s.Steps {
			items(&st.Item)
		}
	}
}

package watch

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"prereq/internal/corpus"
)

// site is a small site folder: content/ with two sections, no templates/.
var site = map[string]string{
	"site.toml":                         "[service]\nname = \"Acme\"\n",
	"content/_index.md":                 "+++\ntitle = \"Guide\"\n+++\n",
	"content/01-app/_index.md":          "+++\ntitle = \"App\"\n+++\n",
	"content/01-app/01-register-app.md": "+++\ntitle = \"Register\"\n+++\nRegister.\n",
	"content/02-channel/01-connect.md":  "+++\ntitle = \"Connect\"\n+++\nConnect.\n",
}

// A watched is a site folder under a running Watcher, and the changes taken
// from it so far.
type watched struct {
	dir string
	w   *Watcher
	got Changes
}

// watchSite writes files into a new folder and watches it until the test
// ends. The site file is site.toml in the folder unless siteFile names
// another (absolute) path.
func watchSite(t *testing.T, files map[string]string, siteFile string) *watched {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.WriteTree(dir, files); err != nil {
		t.Fatal(err)
	}
	if siteFile == "" {
		siteFile = filepath.Join(dir, "site.toml")
	}
	w, err := New(Layout{Dir: dir, SiteFile: siteFile, SiteKey: "site.toml"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		w.Run(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		w.Close()
	})
	return &watched{dir: dir, w: w}
}

// until takes changes until the changes taken so far satisfy ok. The
// deadline only keeps a broken watcher from hanging the test; nothing here
// depends on how soon an event comes.
func (s *watched) until(t *testing.T, what string, ok func(Changes) bool) {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for !ok(s.got) {
		select {
		case <-s.w.Ready():
			s.got.Merge(s.w.Take())
		case <-deadline.C:
			t.Fatalf("no change %s; changes taken: %v", what, s.keys())
		}
	}
}

// seen waits until key is among the changes.
func (s *watched) seen(t *testing.T, key string) {
	t.Helper()
	s.until(t, "of "+key, func(c Changes) bool { return c.Paths[key] })
}

// keys lists the keys of the changes taken so far.
func (s *watched) keys() []string { return slices.Sorted(maps.Keys(s.got.Paths)) }

func (s *watched) path(name string) string { return filepath.Join(s.dir, filepath.FromSlash(name)) }

func (s *watched) write(t *testing.T, name, text string) {
	t.Helper()
	if err := corpus.WriteTree(s.dir, map[string]string{name: text}); err != nil {
		t.Fatal(err)
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestWatch makes each kind of edit, then writes a sentinel file, and waits
// for the sentinel: the watcher handles events in order, so by then it has
// seen every event of the edit. The changes taken must hold the keys the
// edit changed, and nothing else but files inside a folder that changed.
// A folder's files written before the watcher watched it may be missed
// (Dirs tells the build to look again); once the sentinel is seen the
// folder is watched, and a file written then (then) is seen.
func TestWatch(t *testing.T) {
	const sentinel = "content/zz-sentinel.md"
	tests := []struct {
		name string
		edit func(t *testing.T, s *watched)
		want []string // keys that must be among the changes
		dirs bool     // a folder appeared or went away
		then string   // a file to write once the sentinel is seen, which must be seen
	}{
		{name: "write in place", want: []string{"content/01-app/01-register-app.md"},
			edit: func(t *testing.T, s *watched) { s.write(t, "content/01-app/01-register-app.md", "edited") }},
		{name: "rename save", want: []string{"content/01-app/01-register-app.md"},
			edit: func(t *testing.T, s *watched) {
				tmp := s.path("content/01-app/.01-register-app.md.tmp")
				check(t, os.WriteFile(tmp, []byte("edited"), 0o644))
				check(t, os.Rename(tmp, s.path("content/01-app/01-register-app.md")))
			}},
		{name: "backup and rewrite", want: []string{"content/01-app/01-register-app.md"},
			edit: func(t *testing.T, s *watched) {
				p := s.path("content/01-app/01-register-app.md")
				check(t, os.Rename(p, p+"~"))
				check(t, os.WriteFile(p, []byte("edited"), 0o644))
				check(t, os.Remove(p+"~"))
			}},
		{name: "deleted", want: []string{"content/01-app/01-register-app.md"},
			edit: func(t *testing.T, s *watched) { check(t, os.Remove(s.path("content/01-app/01-register-app.md"))) }},
		{name: "site file saved", want: []string{"site.toml"},
			edit: func(t *testing.T, s *watched) { s.write(t, "site.toml", "[service]\nname = \"Other\"\n") }},
		{name: "site file rename save", want: []string{"site.toml"},
			edit: func(t *testing.T, s *watched) {
				check(t, os.WriteFile(s.path(".site.toml.tmp"), []byte("[service]\n"), 0o644))
				check(t, os.Rename(s.path(".site.toml.tmp"), s.path("site.toml")))
			}},
		{name: "templates created", want: []string{"templates"}, dirs: true, then: "templates/style.css",
			edit: func(t *testing.T, s *watched) {
				check(t, os.Mkdir(s.path("templates"), 0o755))
				s.write(t, "templates/index.html", "<!DOCTYPE html>")
			}},
		{name: "new section folder", want: []string{"content/03-new"}, dirs: true, then: "content/03-new/02-later.md",
			edit: func(t *testing.T, s *watched) {
				check(t, os.Mkdir(s.path("content/03-new"), 0o755))
				s.write(t, "content/03-new/_index.md", "+++\ntitle = \"New\"\n+++\n")
			}},
		{name: "new folders in one go", want: []string{"content/03-new"}, dirs: true, then: "content/03-new/a/b/01-deep.md",
			edit: func(t *testing.T, s *watched) { check(t, os.MkdirAll(s.path("content/03-new/a/b"), 0o755)) }},
		{name: "section folder renamed", want: []string{"content/02-channel", "content/05-channel"}, dirs: true, then: "content/05-channel/02-later.md",
			edit: func(t *testing.T, s *watched) {
				check(t, os.Rename(s.path("content/02-channel"), s.path("content/05-channel")))
			}},
		{name: "section folder removed", want: []string{"content/01-app"}, dirs: true,
			edit: func(t *testing.T, s *watched) { check(t, os.RemoveAll(s.path("content/01-app"))) }},
		// Every file here is one the build does not read.
		{name: "ignored files", edit: func(t *testing.T, s *watched) {
			s.write(t, "content/01-app/.01-register-app.md.swp", "swap")
			s.write(t, "content/01-app/01-register-app.md~", "backup")
			s.write(t, "content/01-app/#01-register-app.md#", "autosave")
			s.write(t, "content/01-app/4913", "vim's probe")
			s.write(t, "content/notes.txt", "notes")
			s.write(t, "public/index.html", "output")
			s.write(t, "README.md", "readme")
			s.write(t, "site.toml.bak", "backup")
			check(t, os.Mkdir(s.path("content/.cache"), 0o755))
			s.write(t, "content/.cache/x.md", "hidden")
			check(t, os.Chmod(s.path("content/01-app/01-register-app.md"), 0o600))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := watchSite(t, site, "")
			tt.edit(t, s)
			s.write(t, sentinel, "sentinel")
			s.seen(t, sentinel)
			for _, key := range tt.want {
				s.seen(t, key)
			}
			if tt.then != "" {
				s.write(t, tt.then, "written once the folder is watched")
				s.seen(t, tt.then)
			}
			for _, key := range s.keys() {
				if key == sentinel || key == tt.then || slices.ContainsFunc(tt.want, func(w string) bool {
					return key == w || tt.dirs && strings.HasPrefix(key, w+"/")
				}) {
					continue
				}
				t.Errorf("changes hold %s, which the edit did not change or the build does not read; all: %v", key, s.keys())
			}
			if s.got.Dirs != tt.dirs {
				t.Errorf("Dirs = %v, want %v", s.got.Dirs, tt.dirs)
			}
			if s.got.All {
				t.Error("All is set: no event was lost")
			}
		})
	}
}

// TestWatchCoalesces writes a file many times before the changes are
// taken: they come as one key, and once taken nothing is left.
func TestWatchCoalesces(t *testing.T) {
	s := watchSite(t, site, "")
	const key, sentinel = "content/01-app/01-register-app.md", "content/01-app/02-sentinel.md"
	for i := range 50 {
		s.write(t, key, strings.Repeat("x", i))
	}
	// The sentinel comes in one event, a rename from a file the watcher
	// ignores: written in place, its create could be seen before its write,
	// which would then be left to take.
	s.write(t, "content/01-app/.sentinel.tmp", "sentinel")
	check(t, os.Rename(s.path("content/01-app/.sentinel.tmp"), s.path(sentinel)))
	// The watcher merges the events while nobody takes them; one Ready
	// stays pending however many arrive.
	s.until(t, "of the file and the sentinel", func(c Changes) bool { return c.Paths[key] && c.Paths[sentinel] })
	if got := s.keys(); !slices.Equal(got, []string{key, sentinel}) {
		t.Errorf("changes = %v, want %v", got, []string{key, sentinel})
	}
	if c := s.w.Take(); !c.Empty() {
		t.Errorf("Take after taking everything = %+v, want nothing", c)
	}
}

// TestWatchReplacedContent replaces content/ as a whole, as a checkout or
// cp -r does, several times: each time the change says the folders changed,
// and every folder of the new copy is watched (an edit deep in it is seen).
func TestWatchReplacedContent(t *testing.T) {
	s := watchSite(t, site, "")
	for round := range 5 {
		s.got = Changes{}
		check(t, os.Rename(s.path("content"), s.path("content.old")))
		check(t, os.CopyFS(s.path("content"), os.DirFS(s.path("content.old"))))
		check(t, os.RemoveAll(s.path("content.old")))
		// The site file's event comes after those of the copy: once it is
		// seen, the watcher has watched the new folders.
		s.write(t, "site.toml", "[service]\n")
		s.seen(t, "site.toml")
		if !s.got.Paths["content"] || !s.got.Dirs {
			t.Fatalf("round %d: changes = %+v, want content/ and Dirs", round, s.got)
		}
		for _, key := range []string{"content/01-app/01-register-app.md", "content/02-channel/01-connect.md"} {
			s.write(t, key, fmt.Sprintf("edited in round %d", round))
			s.seen(t, key)
		}
		for _, key := range s.keys() {
			if strings.HasPrefix(key, "content.old") {
				t.Errorf("round %d: changes hold %s, outside content/", round, key)
			}
		}
	}
}

// TestWatchSiteFileElsewhere watches a site file outside the site folder:
// its saves are seen, its neighbours are not.
func TestWatchSiteFileElsewhere(t *testing.T) {
	other := t.TempDir()
	siteFile := filepath.Join(other, "acme.toml")
	check(t, os.WriteFile(siteFile, []byte("[service]\n"), 0o644))
	s := watchSite(t, site, siteFile)
	check(t, os.WriteFile(filepath.Join(other, "other.toml"), []byte("[service]\n"), 0o644))
	check(t, os.WriteFile(filepath.Join(other, ".acme.toml.tmp"), []byte("[service]\nname = \"x\"\n"), 0o644))
	check(t, os.Rename(filepath.Join(other, ".acme.toml.tmp"), siteFile))
	s.seen(t, "site.toml")
	const sentinel = "content/01-app/02-sentinel.md"
	s.write(t, sentinel, "sentinel")
	s.seen(t, sentinel)
	if got := s.keys(); !slices.Equal(got, []string{sentinel, "site.toml"}) {
		t.Errorf("changes = %v, want only the site file and the sentinel", got)
	}
}

func TestLayout(t *testing.T) {
	l := Layout{Dir: "/s", SiteFile: "/elsewhere/acme.toml", SiteKey: "../elsewhere/acme.toml"}
	for _, tc := range []struct {
		abs  string
		key  string
		ok   bool
		kind Kind
	}{
		{"/s/content", "content", true, ContentInput},
		{"/s/content/01-app/01-x.md", "content/01-app/01-x.md", true, ContentInput},
		{"/s/templates", "templates", true, TemplatesInput},
		{"/s/templates/style.css", "templates/style.css", true, TemplatesInput},
		{"/elsewhere/acme.toml", "../elsewhere/acme.toml", true, SiteInput},
		{"/s/site.toml", "", false, 0},
		{"/s/public/index.html", "", false, 0},
		{"/s/contents/x.md", "", false, 0},
		{"/s", "", false, 0},
		{"/other/content/x.md", "", false, 0},
	} {
		key, ok := l.Key(tc.abs)
		if key != tc.key || ok != tc.ok {
			t.Errorf("Key(%q) = %q, %v; want %q, %v", tc.abs, key, ok, tc.key, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if got := l.KindOf(key); got != tc.kind {
			t.Errorf("KindOf(%q) = %v, want %v", key, got, tc.kind)
		}
		if got := l.Path(key); got != filepath.FromSlash(tc.abs) {
			t.Errorf("Path(%q) = %q, want %q", key, got, tc.abs)
		}
	}
}

func TestChanges(t *testing.T) {
	var c Changes
	if !c.Empty() {
		t.Error("the zero Changes is not empty")
	}
	c.Add("content/a.md")
	c.Merge(Changes{Paths: map[string]bool{"content/a.md": true, "site.toml": true}})
	if got := slices.Sorted(maps.Keys(c.Paths)); !slices.Equal(got, []string{"content/a.md", "site.toml"}) || c.Dirs || c.All {
		t.Errorf("after Add and Merge: %+v", c)
	}
	for _, o := range []Changes{{Dirs: true}, {All: true}} {
		var d Changes
		d.Merge(o)
		if d.Empty() || d.Dirs != o.Dirs || d.All != o.All {
			t.Errorf("Merge(%+v) = %+v", o, d)
		}
	}
}

package rebuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/watch"
)

var site = map[string]string{
	"site.toml":              "[service]\nname = \"Acme\"\n",
	"content/_index.md":      "+++\ntitle = \"Guide\"\n+++\n",
	"content/01-a/_index.md": "+++\ntitle = \"A\"\n+++\n",
	"content/01-a/01-one.md": "+++\ntitle = \"One\"\n+++\nFirst step.\n",
	"content/01-a/02-two.md": "+++\ntitle = \"Two\"\nafter = [\"one\"]\n+++\nSecond step.\n",
}

func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func newBuilder(t *testing.T) (*Builder, string) {
	t.Helper()
	dir := t.TempDir()
	writeSite(t, dir, site)
	b := New(watch.Layout{Dir: dir, SiteFile: filepath.Join(dir, "site.toml"), SiteKey: "site.toml"})
	if o, _ := b.Build(watch.Changes{All: true}); len(o.Errs) > 0 {
		t.Fatal(o.Errs)
	}
	return b, dir
}

func changes(dirs bool, keys ...string) watch.Changes {
	c := watch.Changes{Dirs: dirs}
	for _, k := range keys {
		c.Add(k)
	}
	return c
}

// fresh is the page a fresh build of dir renders, as the builder renders it.
func fresh(t *testing.T, dir string) string {
	t.Helper()
	in, errs := build.Load(build.Options{SiteDir: dir})
	if errs != nil {
		t.Fatal(errs)
	}
	out, err := build.RenderOnly(in, false, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	return string(out["index.html"])
}

// TestUnchangedFileSkipped checks that an event for a file that holds what
// it held builds nothing, and an edit builds.
func TestUnchangedFileSkipped(t *testing.T) {
	b, dir := newBuilder(t)
	if _, changed := b.Build(changes(false, "content/01-a/01-one.md")); changed {
		t.Error("an event for an unchanged file built")
	}
	writeSite(t, dir, map[string]string{"content/01-a/01-one.md": "+++\ntitle = \"One\"\n+++\nEdited.\n"})
	o, changed := b.Build(changes(false, "content/01-a/01-one.md"))
	if !changed || len(o.Errs) > 0 || !strings.Contains(string(o.Out["index.html"]), "Edited.") {
		t.Errorf("an edit: changed %v, errors %v", changed, o.Errs)
	}
	if got := strings.Join(o.Changed, ","); got != "content/01-a/01-one.md" {
		t.Errorf("Changed = %q", got)
	}
}

// TestFolderReplaced replaces content/ by a copy of itself in steps, as a
// checkout or cp -r does, building after each step as the events come: a
// build while the folder is half copied fails, and the events of the files
// copied after it must build again, though they hold what they held
// before the folder went away.
func TestFolderReplaced(t *testing.T) {
	b, dir := newBuilder(t)
	want := fresh(t, dir)
	content := filepath.Join(dir, "content")
	if err := os.Rename(content, content+".old"); err != nil {
		t.Fatal(err)
	}
	if o, _ := b.Build(changes(true, "content")); len(o.Errs) == 0 {
		t.Fatal("no error without content/")
	}
	// The copy has its folder and one section when the next build lists it.
	writeSite(t, dir, map[string]string{"content/01-a/01-one.md": site["content/01-a/01-one.md"]})
	if o, _ := b.Build(changes(true, "content")); len(o.Errs) == 0 {
		t.Fatal("no error with content/ half copied")
	}
	// The rest comes, each file with its event.
	rest := map[string]string{}
	var keys []string
	for name, text := range site {
		if strings.HasPrefix(name, "content/") && name != "content/01-a/01-one.md" {
			rest[name] = text
			keys = append(keys, name)
		}
	}
	writeSite(t, dir, rest)
	o, changed := b.Build(changes(false, keys...))
	if !changed {
		t.Fatal("the files copied after the folder was listed were not built")
	}
	if len(o.Errs) > 0 || string(o.Out["index.html"]) != want {
		t.Errorf("after the copy: errors %v; page equal to a fresh build: %v", o.Errs, string(o.Out["index.html"]) == want)
	}
}

func TestUnder(t *testing.T) {
	dirs := map[string]bool{"content": true, "templates/x": true}
	for key, want := range map[string]bool{
		"content/a.md": true, "content/01-a/b.md": true, "content": false, "contents/a.md": false,
		"templates/x/y.html": true, "templates/y.html": false, "site.toml": false, "/abs/site.toml": false, "../site.toml": false,
	} {
		if got := under(key, dirs); got != want {
			t.Errorf("under(%q) = %v, want %v", key, got, want)
		}
	}
}

package serve

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"prereq/internal/diag"
	"prereq/templates"
)

// An edit changes a site the way an editor or a person would.
type edit func(t *testing.T, dir string)

func write(name, text string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		writeFiles(t, dir, map[string]string{name: text})
	}
}

// renameSave writes a temporary file beside name and renames it over name.
func renameSave(name, text string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp-4913")
		must(t, os.WriteFile(tmp, []byte(text), 0o644))
		must(t, os.Rename(tmp, p))
	}
}

// backupSave saves as vim does without backupcopy: the file is renamed to
// name~, written anew, and the backup removed.
func backupSave(name, text string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		must(t, os.Rename(p, p+"~"))
		must(t, os.WriteFile(p, []byte(text), 0o644))
		must(t, os.Remove(p+"~"))
	}
}

// recreate deletes name and writes it again.
func recreate(name, text string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		must(t, os.Remove(p))
		must(t, os.WriteFile(p, []byte(text), 0o644))
	}
}

func remove(name string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		must(t, os.RemoveAll(filepath.Join(dir, filepath.FromSlash(name))))
	}
}

func rename(from, to string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		must(t, os.Rename(filepath.Join(dir, filepath.FromSlash(from)), filepath.Join(dir, filepath.FromSlash(to))))
	}
}

// burst writes name n times in a row, the last with text.
func burst(name, text string, n int) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		for i := range n - 1 {
			must(t, os.WriteFile(p, []byte(strings.Replace(text, "FINAL", "draft "+strconv.Itoa(i), 1)), 0o644))
		}
		must(t, os.WriteFile(p, []byte(text), 0o644))
	}
}

func steps(edits ...edit) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		for _, e := range edits {
			e(t, dir)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

const platformsV2 = `+++
title = "Register platforms"
after = ["register-app"]
+++
Add the iOS platform: FINAL.
`

const registerV2 = `+++
title = "Register an app"
when = "not existing_app"
role = "owner"
+++
Register the app: second version.
`

// embeddedIndex is the default index.html template with marker added to
// its body.
func embeddedIndex(t *testing.T, marker string) string {
	t.Helper()
	b, err := fs.ReadFile(templates.FS, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "</body>")
	if i < 0 {
		t.Fatal("embedded index.html has no </body>")
	}
	return s[:i] + "<p id=\"marker\">" + marker + "</p>\n" + s[i:]
}

// TestWatch runs alone, its cases one after another: whether a burst of
// writes publishes only good snapshots depends on the writer keeping up
// with the server's graces (loop.go), which other tests' load can break.
func TestWatch(t *testing.T) {
	tests := []struct {
		name  string
		edit  edit
		want  string // in the final page
		gone  string // not in the final page
		most  int    // at most this many snapshots published (0: 1)
		fails bool   // the final snapshot has errors
		// busy holds the rebuild loop during the edit, as if the server
		// were busy: the changes wait until the edit is done.
		busy bool
		// reused lists the steps that must not be parsed again.
		reused []string
	}{
		{name: "write in place", edit: write("content/01-app/02-platforms.md", platformsV2),
			want: "Add the iOS platform: FINAL.", most: 2, reused: []string{"register-app", "create-channel", "connect"}},
		{name: "rename save", edit: renameSave("content/01-app/02-platforms.md", platformsV2),
			want: "Add the iOS platform: FINAL.", reused: []string{"register-app", "create-channel", "connect"}},
		{name: "backup and rewrite", edit: backupSave("content/01-app/01-register-app.md", registerV2),
			want: "Register the app: second version.", gone: "first version", most: 2},
		// register-app is named by another step's after: missing, it is an error.
		{name: "delete and recreate", edit: recreate("content/01-app/01-register-app.md", registerV2),
			want: "Register the app: second version.", gone: "first version", most: 2},
		{name: "delete and recreate a section's _index.md", edit: recreate("content/02-channel/_index.md", "+++\ntitle = \"Set up a Kakao channel\"\n+++\n"),
			want: "Set up a Kakao channel", most: 2},
		// The first write is built at once and writes that land during a
		// build are taken together. How many drafts are published depends
		// on how fast the writer is against a rebuild; never an error.
		{name: "burst of writes", edit: burst("content/01-app/02-platforms.md", platformsV2, 20),
			want: "Add the iOS platform: FINAL.", gone: "draft", most: 20},
		// The same with the server busy while the burst lands: one rebuild.
		{name: "burst of writes while busy", edit: burst("content/01-app/02-platforms.md", platformsV2, 20), busy: true,
			want: "Add the iOS platform: FINAL.", gone: "draft"},
		// The step comes first: the folder has no _index.md for a moment.
		// The edit ends with _index.md: the page with its title is the
		// last one (the step may be published before it, or with it).
		{name: "new folder with a new section", edit: steps(
			write("content/03-new/01-new-step.md", "+++\ntitle = \"A new step\"\n+++\nNew step body.\n"),
			write("content/03-new/_index.md", "+++\ntitle = \"New section\"\n+++\n")),
			most: 3, want: "New section"},
		{name: "new folder, files after", edit: steps(
			func(t *testing.T, dir string) { must(t, os.Mkdir(filepath.Join(dir, "content/03-new"), 0o755)) },
			write("content/03-new/_index.md", "+++\ntitle = \"New section\"\n+++\n"),
			write("content/03-new/01-new-step.md", "+++\ntitle = \"A new step\"\n+++\nNew step body.\n")),
			most: 3, want: "New step body."},
		{name: "section folder renamed", edit: rename("content/02-channel", "content/03-channel"),
			want: "Connect the channel", most: 2},
		{name: "step deleted", edit: remove("content/02-channel/02-connect.md"), gone: "Connect the channel"},
		{name: "site file changed", edit: write("site.toml", "[service]\nname = \"Acme Shop\"\n[facts]\nhas_channel = false\n"),
			want: `data-step="create-channel" data-status="todo"`, most: 2,
			reused: []string{"register-app", "platforms", "create-channel", "connect"}},
		{name: "site file rename save", edit: renameSave("site.toml", "[service]\nname = \"Other Shop\"\n[facts]\nhas_channel = true\n"),
			want: "Other Shop", reused: []string{"register-app", "platforms", "create-channel", "connect"}},
		{name: "templates created", edit: write("templates/index.html", embeddedIndex(t, "custom template")),
			want: `<p id="marker">custom template</p>`, most: 2,
			reused: []string{"register-app", "platforms", "create-channel", "connect"}},
		{name: "bad edit", edit: write("content/01-app/02-platforms.md", "+++\ntitle = \"Register platforms\"\nwen = \"x\"\n+++\n"),
			fails: true, want: "Add the Web platform."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newSite(t, smallSite)
			// With busy, the rebuild loop, once woken, waits until the
			// edit is done.
			var h hooks
			done := make(chan struct{})
			if tt.busy {
				h.rebuild = func() { <-done }
			}
			ts := startServerWith(t, dir, nil, h)
			first := ts.snap.Load()
			if len(first.errs) > 0 {
				t.Fatalf("first build failed: %s", describe([]*snapshot{first}))
			}
			n := ts.rec.count()
			tt.edit(t, dir)
			close(done)
			withEdit := func(s *snapshot) bool {
				p := page(s)
				return (len(s.errs) > 0) == tt.fails && strings.Contains(p, tt.want) &&
					(tt.gone == "" || !strings.Contains(p, tt.gone))
			}
			final := ts.waitFor(t, n, "with the edit", withEdit)
			ts.quiet(150 * time.Millisecond)
			published := ts.rec.since(n)
			most := max(tt.most, 1)
			if len(published) > most {
				t.Errorf("%d snapshots published, want at most %d:%s", len(published), most, describe(published))
			}
			// A rebuild for the edit's last event (a write after its
			// create) may publish the same page again; never one without
			// the edit.
			for _, s := range published[slices.Index(published, final)+1:] {
				if !withEdit(s) {
					t.Errorf("a snapshot without the edit was published after the one with it:%s", describe(published))
					break
				}
			}
			for _, s := range published {
				if len(s.errs) > 0 && !tt.fails {
					t.Errorf("a snapshot with errors was published:%s", describe(published))
					break
				}
			}
			if tt.fails && len(published) != 1 {
				t.Errorf("%d snapshots published for a bad edit, want 1:%s", len(published), describe(published))
			}
			before, after := stepPtrs(first), stepPtrs(final)
			for _, id := range tt.reused {
				if before[id] != after[id] {
					t.Errorf("step %s was parsed again", id)
				}
			}
			t.Logf("%d published, %d rebuilds", len(published), ts.builds.Load()-1)
		})
	}
}

// TestWatchFixAfterError checks that a bad edit is published once and the
// fix clears it.
func TestWatchFixAfterError(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	n := ts.rec.count()
	write("content/02-channel/02-connect.md", "+++\ntitle = \"Connect\"\nwhen = \"has_chanel\"\n+++\n")(t, dir)
	bad := ts.waitFor(t, n, "with errors", func(s *snapshot) bool { return len(s.errs) > 0 })
	if !strings.Contains(bad.errs[0].Text, "content/02-channel/02-connect.md:3:") || !strings.Contains(bad.errs[0].Text, "did you mean has_channel?") {
		t.Errorf("error = %q", bad.errs[0].Text)
	}
	n = ts.rec.count()
	write("content/02-channel/02-connect.md", "+++\ntitle = \"Connect\"\nwhen = \"has_channel\"\n+++\nFixed body.\n")(t, dir)
	ts.waitFor(t, n, "fixed", func(s *snapshot) bool { return len(s.errs) == 0 && strings.Contains(page(s), "Fixed body.") })
}

// TestWatchIgnored checks that files the guide does not read cause no
// rebuild.
func TestWatchIgnored(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	n := ts.rec.count()
	write("content/01-app/.01-register-app.md.swp", "swap")(t, dir)
	write("content/01-app/01-register-app.md~", "backup")(t, dir)
	write("content/01-app/4913", "vim's probe")(t, dir)
	write("content/notes.txt", "notes")(t, dir)
	write("public/index.html", "output of prereq build")(t, dir)
	ts.quiet(150 * time.Millisecond)
	if got := ts.rec.since(n); len(got) > 0 {
		t.Errorf("%d snapshots published for ignored files:%s", len(got), describe(got))
	}
	// The same bytes written again change nothing either.
	write("content/01-app/02-platforms.md", smallSite["content/01-app/02-platforms.md"])(t, dir)
	ts.quiet(150 * time.Millisecond)
	if got := ts.rec.since(n); len(got) > 0 {
		t.Errorf("%d snapshots published for a file written unchanged:%s", len(got), describe(got))
	}
}

// TestWatchRenamedFolderStaysWatched edits a file in a section folder
// after the folder was renamed.
func TestWatchRenamedFolderStaysWatched(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	rename("content/02-channel", "content/05-channel")(t, dir)
	ts.waitFor(t, 0, "after the rename", func(s *snapshot) bool { return s.version > 1 })
	n := ts.rec.count()
	write("content/05-channel/02-connect.md", "+++\ntitle = \"Connect the channel\"\n+++\nEdited after the move.\n")(t, dir)
	ts.waitFor(t, n, "with the edit", func(s *snapshot) bool { return strings.Contains(page(s), "Edited after the move.") })
}

// TestWatchTemplatesEdited changes a site template twice and checks that
// the guide is not parsed again.
func TestWatchTemplatesEdited(t *testing.T) {
	t.Parallel()
	files := map[string]string{"templates/index.html": embeddedIndex(t, "one")}
	for k, v := range smallSite {
		files[k] = v
	}
	dir := newSite(t, files)
	ts := startServer(t, dir, nil)
	first := ts.snap.Load()
	if !strings.Contains(page(first), `<p id="marker">one</p>`) {
		t.Fatal("the site's template is not used")
	}
	n := ts.rec.count()
	renameSave("templates/index.html", embeddedIndex(t, "two"))(t, dir)
	final := ts.waitFor(t, n, "with the new template", func(s *snapshot) bool { return strings.Contains(page(s), `<p id="marker">two</p>`) })
	if final.good.Guide.Sections[0].Steps[0] != first.good.Guide.Sections[0].Steps[0] {
		t.Error("a template change parsed the guide again")
	}
	if final.good.Site != first.good.Site {
		t.Error("a template change read the site file again")
	}
}

// TestWatchPictures: the page shows a picture's new version once its file
// changes, wherever it is in the site folder, reading again only the steps
// that show it; a missing picture's error clears once the file is there.
func TestWatchPictures(t *testing.T) {
	t.Parallel()
	svg := func(w int) string {
		return `<svg xmlns="http://www.w3.org/2000/svg" width="` + strconv.Itoa(w) + `" height="10"/>`
	}
	withPictures := func() map[string]string {
		files := maps.Clone(smallSite)
		files["content/01-app/02-platforms.md"] = "+++\ntitle = \"Register platforms\"\n+++\n![the platforms](img/platforms.svg)\n"
		files["content/02-channel/02-connect.md"] = "+++\ntitle = \"Connect the channel\"\n+++\n![the logo](../../assets/logo.svg)\n"
		files["content/01-app/img/platforms.svg"] = svg(11)
		files["assets/logo.svg"] = svg(21)
		return files
	}
	tests := []struct {
		name   string
		edit   edit
		want   string
		reused []string
	}{
		{"in a folder of pictures in content/", write("content/01-app/img/platforms.svg", svg(12)),
			`alt="the platforms" width="12"`, []string{"register-app", "create-channel", "connect"}},
		{"rename save in assets/", renameSave("assets/logo.svg", svg(22)),
			`alt="the logo" width="22"`, []string{"register-app", "platforms", "create-channel"}},
		{"deleted and written anew", recreate("assets/logo.svg", svg(23)),
			`alt="the logo" width="23"`, []string{"register-app", "platforms", "create-channel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newSite(t, withPictures())
			ts := startServer(t, dir, nil)
			first := ts.snap.Load()
			if len(first.errs) > 0 {
				t.Fatalf("first build failed: %s", describe([]*snapshot{first}))
			}
			n := ts.rec.count()
			tt.edit(t, dir)
			final := ts.waitFor(t, n, "with the new picture", func(s *snapshot) bool {
				return len(s.errs) == 0 && strings.Contains(page(s), tt.want)
			})
			before, after := stepPtrs(first), stepPtrs(final)
			for _, id := range tt.reused {
				if before[id] != after[id] {
					t.Errorf("step %s was parsed again", id)
				}
			}
		})
	}
	t.Run("missing, then there", func(t *testing.T) {
		files := withPictures()
		delete(files, "assets/logo.svg")
		dir := newSite(t, files)
		ts := startServer(t, dir, nil)
		if first := ts.snap.Load(); len(first.errs) != 1 || !strings.Contains(first.errs[0].Text, "no image file assets/logo.svg") {
			t.Fatalf("first build: %s", describe([]*snapshot{first}))
		}
		n := ts.rec.count()
		write("assets/logo.svg", svg(24))(t, dir)
		ts.waitFor(t, n, "with the picture", func(s *snapshot) bool {
			return len(s.errs) == 0 && strings.Contains(page(s), `alt="the logo" width="24"`)
		})
	})
}

// TestWatchEmptyFileWaits checks that a build that fails while a changed
// file is empty, as a file is between a save's truncation and its write,
// publishes nothing until the write comes, even when the writer stalls
// longer than the grace for other errors (errorGrace): the page never shows
// the half-written file's errors.
func TestWatchEmptyFileWaits(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	const name = "content/01-app/02-platforms.md"
	const text = "+++\ntitle = \"Register platforms\"\n+++\nWritten after a stall.\n"
	var armed atomic.Bool
	var h hooks
	h.built = func(errs diag.List) {
		// The writer stalls 4 times errorGrace after the truncation
		// was built, then writes.
		if len(errs) > 0 && armed.CompareAndSwap(true, false) {
			time.AfterFunc(4*errorGrace, func() {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Error(err)
				}
			})
		}
	}
	ts := startServerWith(t, dir, nil, h)
	n := ts.rec.count()
	armed.Store(true)
	must(t, os.WriteFile(filepath.Join(dir, name), nil, 0o644))
	ts.waitFor(t, n, "with the write", func(s *snapshot) bool { return strings.Contains(page(s), "Written after a stall.") })
	ts.quiet(150 * time.Millisecond)
	if armed.Load() {
		t.Fatal("no build saw the empty file")
	}
	for _, s := range ts.rec.since(n) {
		if len(s.errs) > 0 {
			t.Fatalf("the empty file's errors were published:%s", describe(ts.rec.since(n)))
		}
	}
}

//go:build unix

package build_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"prereq/internal/build"
)

// A small site every case below starts from.
var smallSite = map[string]string{
	"site.toml":                "[service]\nname = \"S\"\n",
	"content/_index.md":        "+++\ntitle = \"G\"\n+++\n",
	"content/01-a/_index.md":   "+++\ntitle = \"A\"\n+++\n",
	"content/01-a/01-first.md": "+++\ntitle = \"First\"\n+++\nBody.\n",
	"partners/p.toml":          "[service]\nname = \"P\"\n",
}

// TestSpecialFilesRefused puts a named pipe, a device or an oversized file
// where each kind of input is read: check ends (no read waits on a pipe
// with no writer or reads /dev/zero to its end) with one error naming the
// path and saying what it is, and build writes nothing.
func TestSpecialFilesRefused(t *testing.T) {
	fifo := func(t *testing.T, p string) {
		os.RemoveAll(p)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("no named pipes here:", err)
		}
	}
	link := func(target string) func(*testing.T, string) {
		return func(t *testing.T, p string) {
			os.RemoveAll(p)
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	big := func(size int64) func(*testing.T, string) {
		return func(t *testing.T, p string) {
			if err := os.Truncate(p, size); err != nil {
				t.Fatal(err)
			}
		}
	}
	const pipe = "a named pipe (FIFO), not a regular file: prereq reads only regular files"
	for _, tc := range []struct {
		name, file string
		make       func(*testing.T, string)
		site       string // -site; "" for site.toml
		want       string // the one error
	}{
		{"pipe step", "content/01-a/x.md", fifo, "", "content/01-a/x.md: " + pipe},
		{"pipe section index", "content/01-a/_index.md", fifo, "", "content/01-a/_index.md: " + pipe},
		{"pipe translation", "content/01-a/01-first.ko.md", fifo, "", "content/01-a/01-first.ko.md: " + pipe},
		{"pipe guide translation", "content/_index.ko.md", fifo, "", "content/_index.ko.md: " + pipe},
		{"pipe guide index", "content/_index.md", fifo, "", "content/_index.md: cannot read the guide's _index.md: " + pipe},
		{"pipe content folder", "content", fifo, "", "content/_index.md: cannot read the guide's _index.md: not a directory"},
		{"pipe site file", "site.toml", fifo, "", "site.toml: cannot read the site file: " + pipe},
		{"pipe partner file", "partners/q.toml", fifo, "partners", "partners/q.toml: cannot read the site file: " + pipe},
		{"pipe template", "templates/index.html", fifo, "", "templates/index.html: " + pipe},
		{"pipe templates folder", "templates", fifo, "", "templates: a named pipe (FIFO), not a folder"},
		{"step linked to /dev/zero", "content/01-a/01-first.md", link("/dev/zero"), "", "content/01-a/01-first.md: a character device, not a regular file: prereq reads only regular files"},
		{"site file linked to /dev/zero", "site.toml", link("/dev/zero"), "", "site.toml: cannot read the site file: a character device, not a regular file: prereq reads only regular files"},
		{"step over 1 MiB", "content/01-a/01-first.md", big(1<<20 + 1), "", "content/01-a/01-first.md: larger than 1 MiB, the limit for a content file"},
		{"site file over 1 MiB", "site.toml", big(1<<20 + 1), "", "site.toml: cannot read the site file: larger than 1 MiB, the limit for a site file"},
		{"template over 4 MiB", "templates/style.css", big(4<<20 + 1), "", "templates/style.css: larger than 4 MiB, the limit for a template file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeSite(t, smallSite)
			p := filepath.Join(dir, filepath.FromSlash(tc.file))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(p); os.IsNotExist(err) {
				if err := os.WriteFile(p, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tc.make(t, p)
			o := build.Options{SiteDir: dir}
			if tc.site != "" {
				o.SiteFile = filepath.Join(dir, tc.site)
			}
			errs := build.Check(t.Context(), o)
			if len(errs) != 1 || errs[0].Error() != tc.want {
				t.Errorf("check: %v\nwant the one error %s", errs, tc.want)
			}
			o.OutDir = filepath.Join(dir, "public")
			if errs := build.Build(t.Context(), o); len(errs) == 0 {
				t.Error("build: no error")
			}
			if _, err := os.Stat(o.OutDir); !os.IsNotExist(err) {
				t.Errorf("build wrote %s", o.OutDir)
			}
		})
	}
}

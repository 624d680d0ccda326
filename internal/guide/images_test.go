package guide

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"prereq/internal/corpus"
	"prereq/internal/dirfs"
)

// pngData is a PNG file of w × h pixels.
func pngData(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pictureGuide is a small guide with pictures beside a step, in a folder
// of pictures in its section, in a folder of pictures in content/, in
// assets/ and in the guide's intro; body is the step's body.
func pictureGuide(t testing.TB, index, body, koBody string) fstest.MapFS {
	fsys := corpus.TxtarFS(`
-- content/_index.md --
+++
title = "G"
` + index + `
+++
![The logo](../assets/logo.svg)
-- content/01-s/_index.md --
+++
title = "S"
+++
-- content/01-s/01-x.md --
+++
title = "X"
+++
` + body + `
-- content/01-s/01-x.ko.md --
+++
title = "엑스"
+++
` + koBody + `
-- content/01-s/img/b.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"/>
-- content/pictures/c.svg --
<svg viewBox="0 0 8 6"/>
-- content/01-s/notes.png --
these are notes, not a picture
-- assets/logo.svg --
<svg viewBox="0 0 100 50"/>
`)
	fsys["content/01-s/shot.png"] = &fstest.MapFile{Data: pngData(t, 3, 2)}
	fsys["content/01-s/big.png"] = &fstest.MapFile{Data: append(pngData(t, 1, 1), make([]byte, dirfs.Image.Limit())...)}
	return fsys
}

func TestImages(t *testing.T) {
	tests := []struct {
		name   string
		index  string
		body   string
		koBody string
		want   []string // errors, or the sizes of the step's images as WxH
	}{{
		name:   "beside the step, in a folder of pictures, in content/ and in assets/",
		body:   "![a shot](shot.png) ![b](img/b.svg) ![c](../pictures/c.svg)\n\n![the logo](../../assets/logo.svg)",
		koBody: "![샷](shot.png)",
		want:   []string{"3x2", "40x30", "8x6", "100x50"},
	}, {
		name: "missing, with the nearest picture around",
		body: "text\n\n![a shot](shot.pgn) and ![b](img/bb.svg) and ![c](imgs/b.svg) and ![d](nothing-like-it.gif)",
		want: []string{
			"content/01-s/01-x.md:6:1: no image file content/01-s/shot.pgn (did you mean shot.png?)",
			"content/01-s/01-x.md:6:25: no image file content/01-s/img/bb.svg (did you mean img/b.svg?)",
			"content/01-s/01-x.md:6:46: no image file content/01-s/imgs/b.svg (did you mean img/b.svg?)",
			"content/01-s/01-x.md:6:67: no image file content/01-s/nothing-like-it.gif",
		},
	}, {
		name: "outside the site folder, absolute, or no file",
		body: "![a](../../../elsewhere/a.png)\n![b](/content/01-s/shot.png)\n![c](mailto:x@example.com)",
		want: []string{
			"content/01-s/01-x.md:4:1: the image ../../../elsewhere/a.png is outside the site folder: prereq reads pictures only inside it (move it to, say, assets/ and write the path relative to 01-x.md)",
			"content/01-s/01-x.md:5:1: the image path /content/01-s/shot.png is absolute: write it relative to 01-x.md (the picture must be in the site folder)",
			"content/01-s/01-x.md:6:1: the image mailto:x@example.com is no file: write the path of a picture in the site folder, relative to 01-x.md",
		},
	}, {
		name: "not a picture, and over the limit",
		body: "![n](notes.png)\n\n> ![big](big.png)",
		want: []string{
			"content/01-s/01-x.md:4:1: the image content/01-s/notes.png is not a PNG, JPEG, GIF, WebP or SVG image (prereq goes by what the file holds, not by its name)",
			"content/01-s/01-x.md:6:3: the image content/01-s/big.png is larger than 2 MiB, the limit for an image: make it smaller",
		},
	}, {
		name: "remote: an error that says why",
		body: "![a](https://example.com/a.png)",
		want: []string{
			"content/01-s/01-x.md:4:1: the image https://example.com/a.png is on another host: the checklist is one file that requests nothing from anywhere, and this would request the picture each time it is opened; save the picture in the site folder and write its path relative to 01-x.md, or allow remote images with remote_images = true in content/_index.md",
		},
	}, {
		name:  "remote, allowed",
		index: "remote_images = true",
		body:  "![a](https://example.com/a.png) ![b](//example.com/b.png)",
		want:  []string{"remote", "remote"},
	}, {
		name:   "alt text in every language",
		body:   "![a shot](shot.png)",
		koBody: "번역:\n\n![ ](shot.png)",
		want:   []string{`content/01-s/01-x.ko.md:6:1: the image "shot.png" has no alt text: say what it shows, ![what it shows](shot.png), in every language`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, errs := Load(pictureGuide(t, tt.index, tt.body, tt.koBody), "content")
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if errs == nil {
				if f := g.Intro.Images()[0].File; f == nil || f.Width != 100 {
					t.Errorf("intro's image: %+v", g.Intro.Images()[0])
				}
				for _, im := range g.Step("x").Body.Images() {
					if im.File == nil {
						got = append(got, "remote")
						continue
					}
					got = append(got, fmt.Sprintf("%dx%d", im.File.Width, im.File.Height))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// TestImagesOnePerContent: a picture shown by several bodies is read once
// and copied once; Guide.Images lists each content once.
func TestImagesOnePerContent(t *testing.T) {
	fsys := pictureGuide(t, "", "![a](shot.png) ![b](img/b.svg) ![a again](shot.png)", "![가](shot.png)")
	fsys["assets/logo.svg"] = &fstest.MapFile{Data: fsys["content/01-s/img/b.svg"].Data} // same content
	g, errs := Load(fsys, "content")
	if errs != nil {
		t.Fatal(errs)
	}
	files := g.Images()
	if len(files) != 2 {
		t.Fatalf("Images = %d files, want 2 (shot.png; b.svg and logo.svg share a content)", len(files))
	}
	imgs := g.Step("x").Body.Images()
	if imgs[0].File != imgs[2].File || imgs[0].File != g.Step("x").Translations["ko"].Body.Images()[0].File {
		t.Error("one file read into several Files")
	}
	if got := strings.Join(g.ImagePaths(), " "); got != "assets/logo.svg content/01-s/img/b.svg content/01-s/shot.png" {
		t.Errorf("ImagePaths = %s", got)
	}
}

// TestLoaderRereadsImages: an edit to a picture re-reads the bodies that
// show it, and no other; a picture that was missing is found once it is
// there.
func TestLoaderRereadsImages(t *testing.T) {
	fsys := pictureGuide(t, "", "![a](shot.png) ![m](later.png)", "")
	fsys["content/01-s/02-y.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Y\"\n+++\nNo pictures.\n")}
	l := NewLoader(fsys, "content")
	g1, errs := l.Load()
	if len(errs) != 1 { // later.png
		t.Fatalf("errors: %v", errs)
	}
	fsys["content/01-s/shot.png"] = &fstest.MapFile{Data: pngData(t, 7, 5)}
	fsys["content/01-s/later.png"] = &fstest.MapFile{Data: pngData(t, 1, 1)}
	l.Invalidate("content/01-s/shot.png", "content/01-s/later.png")
	g2, errs := l.Load()
	if errs != nil {
		t.Fatal(errs)
	}
	if f := g2.Step("x").Body.Images()[0].File; f.Width != 7 || f.Height != 5 {
		t.Errorf("after the edit: %dx%d, want 7x5", f.Width, f.Height)
	}
	if g2.Step("y") != g1.Step("y") {
		t.Error("a step with no pictures was read again")
	}
	if g2.Version != g1.Version {
		t.Error("a picture's edit changed the guide's outline")
	}
}

// TestImageSymlinkOut: a picture reached by a symbolic link that leads out
// of the site folder is refused.
func TestImageSymlinkOut(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.png")
	if err := os.WriteFile(outside, pngData(t, 1, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := corpus.Txtar(`
-- content/_index.md --
+++
title = "G"
+++
-- content/01-s/_index.md --
+++
title = "S"
+++
-- content/01-s/01-x.md --
+++
title = "X"
+++
![in](in.png) ![out](out.png)
`)
	if err := corpus.WriteTree(dir, files); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/01-s/real.png"), pngData(t, 2, 2), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.png", filepath.Join(dir, "content/01-s/in.png")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content/01-s/out.png")); err != nil {
		t.Fatal(err)
	}
	_, errs := Load(dirfs.New(dir), "content")
	want := "content/01-s/01-x.md:4:15: the image content/01-s/out.png: a symbolic link that leads out of the site folder: prereq reads images only inside it"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors %v, want\n%s", errs, want)
	}
}

package build_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/images"
)

// picture encodes a w × h picture.
func picture(t *testing.T, encode func(*bytes.Buffer, image.Image) error, w, h int) string {
	t.Helper()
	var b bytes.Buffer
	if err := encode(&b, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// webp is the header of a lossless WebP file of w × h.
func webp(w, h int) string {
	bits := uint32(w-1) | uint32(h-1)<<14
	return "RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f" + string([]byte{byte(bits), byte(bits >> 8), byte(bits >> 16), byte(bits >> 24)}) + "\x00\x00\x00\x00\x00\x00\x00\x00"
}

// TestBuildImages: every type of picture, wherever it is in the site
// folder, is embedded in index.html and guide.html with its size, in its
// alt text's language, inside a link too; one copy per content is written
// beside checklist.json and checklist.md, minified or not.
func TestBuildImages(t *testing.T) {
	pngData := picture(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }, 3, 2)
	files := map[string]string{
		"site.toml":              "[service]\nname = \"X\"\n",
		"ko.toml":                "language = \"ko\"\n[service]\nname = \"X\"\n",
		"content/_index.md":      "+++\ntitle = \"G\"\n+++\n![the logo](../assets/logo.gif)\n",
		"content/_index.ko.md":   "+++\ntitle = \"지\"\n+++\n![로고](../assets/logo.gif)\n",
		"content/01-a/_index.md": "+++\ntitle = \"A\"\n+++\n",
		"content/01-a/01-x.md": "+++\ntitle = \"X\"\n+++\n" +
			"![a png](shot.png) ![a jpeg](img/photo.jpg) ![a webp](img/w.webp)\n\n" +
			"[![an svg](img/screen.svg)](https://example.com/big) ![the png again](img/same.png)\n",
		"content/01-a/01-x.ko.md":     "+++\ntitle = \"엑스\"\n+++\n![한국어 png](shot.png)\n",
		"content/01-a/shot.png":       pngData,
		"content/01-a/img/same.png":   pngData,
		"content/01-a/img/photo.jpg":  picture(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) }, 17, 9),
		"content/01-a/img/w.webp":     webp(640, 480),
		"content/01-a/img/screen.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200"><script>alert("inline")</script></svg>`,
		"assets/logo.gif":             picture(t, func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) }, 5, 40),
	}
	dir := writeSite(t, files)
	img := func(mime, alt string, w, h int) *regexp.Regexp {
		return regexp.MustCompile(`<img src="data:` + regexp.QuoteMeta(mime) + `;base64,[A-Za-z0-9+/=]+" alt="` + alt + `" width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `">`)
	}
	embedded := []*regexp.Regexp{
		img("image/png", "a png", 3, 2),
		img("image/jpeg", "a jpeg", 17, 9),
		img("image/webp", "a webp", 640, 480),
		regexp.MustCompile(`<a href="https://example.com/big"><img src="data:image/svg\+xml;base64,[^"]+" alt="an svg" width="320" height="200"></a>`),
		img("image/gif", "the logo", 5, 40),
		img("image/png", "the png again", 3, 2),
	}
	for _, minify := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "public")
		if errs := build.Build(t.Context(), build.Options{SiteDir: dir, OutDir: out, Minify: minify, MarkdownBodies: true}); errs != nil {
			t.Fatal(errs)
		}
		got := readTree(t, out)
		for _, page := range []string{"index.html", "guide.html"} {
			html := string(got[page])
			for _, re := range embedded {
				if !re.MatchString(html) {
					t.Errorf("minify=%v: %s has no %s", minify, page, re)
				}
			}
			if strings.Contains(html, "<svg") || strings.Contains(html, `alert(`) {
				t.Errorf("minify=%v: %s holds the SVG inline", minify, page)
			}
		}
		// The copies: one per content, named by its hash, holding it.
		var copies []string
		for name := range got {
			if strings.HasPrefix(name, "images/") {
				copies = append(copies, name)
			}
		}
		if len(copies) != 5 {
			t.Errorf("minify=%v: copies %v, want 5 (png, jpeg, webp, svg, gif)", minify, copies)
		}
		for _, src := range []string{"content/01-a/shot.png", "content/01-a/img/screen.svg", "assets/logo.gif"} {
			f, err := images.New(src, []byte(files[src]))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got[f.OutputPath()], []byte(files[src])) {
				t.Errorf("minify=%v: no copy of %s at %s", minify, src, f.OutputPath())
			}
		}
		// checklist.json's and checklist.md's bodies refer to the copies.
		shot, _ := images.New("shot.png", []byte(pngData))
		logo, _ := images.New("c.svg", []byte(files["content/01-a/img/screen.svg"]))
		js, md := string(got["checklist.json"]), string(got["checklist.md"])
		if strings.Contains(js, "data:") || strings.Contains(md, "data:") {
			t.Errorf("minify=%v: checklist.json or checklist.md embeds a picture", minify)
		}
		if !strings.Contains(js, `src=\"`+shot.OutputPath()+`\" alt=\"a png\"`) || !strings.Contains(js, `src=\"`+logo.OutputPath()+`\"`) {
			t.Errorf("minify=%v: checklist.json's body does not refer to %s and %s:\n%s", minify, shot.OutputPath(), logo.OutputPath(), js)
		}
		if !strings.Contains(md, "![a png]("+shot.OutputPath()+")") || !strings.Contains(md, "![an svg]("+logo.OutputPath()+")") {
			t.Errorf("minify=%v: checklist.md's body does not refer to the copies:\n%s", minify, md)
		}
		// In Korean, the translation's images with its alt text.
		ko := filepath.Join(t.TempDir(), "public")
		if errs := build.Build(t.Context(), build.Options{SiteDir: dir, SiteFile: filepath.Join(dir, "ko.toml"), OutDir: ko, Minify: minify}); errs != nil {
			t.Fatal(errs)
		}
		if page := readTree(t, ko)["index.html"]; !img("image/png", "한국어 png", 3, 2).Match(page) || !img("image/gif", "로고", 5, 40).Match(page) {
			t.Errorf("minify=%v: the Korean index.html lacks the Korean images", minify)
		}
		// Embedded, the picture is the file byte for byte.
		m := regexp.MustCompile(`alt="a png"`).FindIndex(got["index.html"])
		start := bytes.LastIndex(got["index.html"][:m[0]], []byte("base64,")) + len("base64,")
		end := bytes.IndexByte(got["index.html"][start:], '"')
		if data, err := base64.StdEncoding.DecodeString(string(got["index.html"][start : start+end])); err != nil || string(data) != pngData {
			t.Errorf("minify=%v: the embedded png is not the file (%v)", minify, err)
		}
	}
}

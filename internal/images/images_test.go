package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

func encoded(t testing.TB, encode func(*bytes.Buffer, image.Image) error, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var b bytes.Buffer
	if err := encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngOf(t testing.TB, w, h int) []byte {
	return encoded(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }, w, h)
}

// webpFile is a WebP file whose first chunk is chunk with the body.
func webpFile(chunk string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(4+8+len(body)))
	b.WriteString("WEBP" + chunk)
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(body)))
	b.Write(body)
	return b.Bytes()
}

// vp8 is a lossy frame header of w × h: a key frame tag, the start code,
// the sizes with no scaling, and some bytes of the frame.
func vp8(w, h uint16) []byte {
	b := []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0, 0, 0, 0, 0, 0}
	binary.LittleEndian.PutUint16(b[6:], w)
	binary.LittleEndian.PutUint16(b[8:], h)
	return b
}

// vp8l is a lossless header of w × h.
func vp8l(w, h uint32) []byte {
	b := []byte{0x2f, 0, 0, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(b[1:], (w-1)|(h-1)<<14)
	return b
}

// vp8x is an extended header with a canvas of w × h.
func vp8x(w, h uint32) []byte {
	b := make([]byte, 10)
	b[0] = 0x10 // alpha
	b[4], b[5], b[6] = byte(w-1), byte((w-1)>>8), byte((w-1)>>16)
	b[7], b[8], b[9] = byte(h-1), byte((h-1)>>8), byte((h-1)>>16)
	return b
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want Info
	}{
		{"png", pngOf(t, 3, 2), Info{PNG, 3, 2}},
		{"jpeg", encoded(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) }, 17, 9), Info{JPEG, 17, 9}},
		{"gif", encoded(t, func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) }, 5, 40), Info{GIF, 5, 40}},
		{"webp lossy", webpFile("VP8 ", vp8(640, 480)), Info{WebP, 640, 480}},
		{"webp lossy scaled: the scale bits are not size", webpFile("VP8 ", vp8(0xc000|320, 0x4000|200)), Info{WebP, 320, 200}},
		{"webp lossless", webpFile("VP8L", vp8l(16383, 1)), Info{WebP, 16383, 1}},
		{"webp extended", webpFile("VP8X", append(vp8x(1<<20, 3), 0, 0)), Info{WebP, 1 << 20, 3}},
		{"svg width and height", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"></svg>`), Info{SVG, 320, 200}},
		{"svg in px with an XML declaration, a comment and a doctype", []byte("\ufeff<?xml version=\"1.0\"?>\n<!-- drawn for the guide -->\n<!DOCTYPE svg [<!ENTITY a \"b\">]>\n<svg width=\"10.4px\" height=\"20px\">&a;</svg>"), Info{SVG, 10, 20}},
		{"svg viewBox only", []byte(`<svg viewBox="0 0 640 400"><script>alert(1)</script></svg>`), Info{SVG, 640, 400}},
		{"svg viewBox with commas and a width", []byte(`<svg width="320" viewBox="0,0,640,400"/>`), Info{SVG, 320, 200}},
		{"svg percent height from viewBox", []byte(`<svg width="100%" height="150" viewBox="0 0 300 100"/>`), Info{SVG, 450, 150}},
		{"svg prefixed", []byte(`<s:svg xmlns:s="http://www.w3.org/2000/svg" width="4" height="5"/>`), Info{SVG, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sniff(tt.data)
			if err != nil || got != tt.want {
				t.Errorf("Sniff = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestSniffErrors(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		unknown bool   // the error is ErrUnknown
		want    string // in the message
	}{
		{"empty", nil, true, "not a PNG, JPEG, GIF, WebP or SVG"},
		{"text", []byte("just some words"), true, ""},
		{"bmp", []byte("BM\x36\x00\x00\x00"), true, ""},
		{"html", []byte("<html><svg width='1' height='1'/></html>"), true, ""},
		{"xml of another kind", []byte("<?xml version='1.0'?><rss/>"), true, ""},
		{"truncated png", pngOf(t, 3, 2)[:20], false, "a broken PNG file"},
		{"truncated jpeg", []byte("\xff\xd8\xff\xe0\x00"), false, "a broken JPEG file"},
		{"webp too short", []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), false, "a broken WebP file: too short"},
		{"webp no start code", webpFile("VP8 ", []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), false, "no VP8 start code"},
		{"webp other chunk", webpFile("ALPH", make([]byte, 10)), false, `unknown first chunk "ALPH"`},
		{"webp of no size", webpFile("VP8 ", vp8(0, 10)), false, "0 × 10 pixels"},
		{"svg with no size", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), false, "neither a width and height in pixels nor a viewBox"},
		{"svg with a bad viewBox", []byte(`<svg viewBox="0 0 -1 5"/>`), false, `viewBox "0 0 -1 5"`},
		{"svg in em", []byte(`<svg width="2em" height="1em"/>`), false, "neither"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Sniff(tt.data)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrUnknown) != tt.unknown || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q (unknown: %v); want one holding %q (unknown: %v)", err, errors.Is(err, ErrUnknown), tt.want, tt.unknown)
			}
		})
	}
}

func TestFile(t *testing.T) {
	data := pngOf(t, 2, 2)
	a, err := New("content/a.png", data)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New("assets/b.bin", bytes.Clone(data))
	svg, _ := New("x.svg", []byte(`<svg width="1" height="1"/>`))
	if a.OutputPath() != b.OutputPath() || !strings.HasPrefix(a.OutputPath(), "images/") || !strings.HasSuffix(a.OutputPath(), ".png") || len(a.OutputPath()) != len("images/")+16+len(".png") {
		t.Errorf("OutputPath %q and %q: want one images/HASH.png for one content", a.OutputPath(), b.OutputPath())
	}
	if !strings.HasPrefix(a.DataURI(), "data:image/png;base64,iVBOR") {
		t.Errorf("DataURI = %.40q…", a.DataURI())
	}
	if svg.DataURI() != "data:image/svg+xml;base64,PHN2ZyB3aWR0aD0iMSIgaGVpZ2h0PSIxIi8+" || !strings.HasSuffix(svg.OutputPath(), ".svg") {
		t.Errorf("SVG: %q, %q", svg.DataURI(), svg.OutputPath())
	}
}

// FuzzSniff: no content makes Sniff panic, and a picture it accepts has a
// size.
func FuzzSniff(f *testing.F) {
	f.Add(pngOf(f, 1, 1))
	f.Add(webpFile("VP8 ", vp8(3, 4)))
	f.Add(webpFile("VP8L", vp8l(3, 4)))
	f.Add(webpFile("VP8X", vp8x(3, 4)))
	f.Add([]byte(`<svg viewBox="0 0 1 1"/>`))
	f.Add([]byte(`<?xml version="1.0"?><svg width="1e400" height="nan"/>`))
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Sniff(data)
		if err == nil && (info.Width <= 0 || info.Height <= 0 || info.Type.MIME == "") {
			t.Errorf("Sniff accepted %+v", info)
		}
	})
}

func TestRelink(t *testing.T) {
	a, _ := New("a.svg", []byte(`<svg width="1" height="1"/>`))
	b, _ := New("b.png", pngOf(t, 1, 1))
	html := []byte(`<p><img src="` + a.DataURI() + `" alt="a" width="1" height="1"> and <a href="x"><img src="` + b.DataURI() + `" alt="b" width="1" height="1"></a> and <img src="` + a.DataURI() + `" alt="a again" width="1" height="1"></p>`)
	want := `<p><img src="` + a.OutputPath() + `" alt="a" width="1" height="1"> and <a href="x"><img src="` + b.OutputPath() + `" alt="b" width="1" height="1"></a> and <img src="` + a.OutputPath() + `" alt="a again" width="1" height="1"></p>`
	if got := string(Relink(html, []*File{a, b})); got != want {
		t.Errorf("Relink =\n%s\nwant\n%s", got, want)
	}
	plain := []byte("<p>no pictures</p>")
	if got := Relink(plain, []*File{a}); &got[0] != &plain[0] {
		t.Error("a body without pictures was copied")
	}
}

// Package images tells what a guide's picture files are: a PNG, JPEG, GIF,
// WebP or SVG file is known by its content (never by its name), and its
// width and height are read from its header without decoding the picture.
// A File is a picture ready to be embedded in a page as a data: URI, or
// copied beside the outputs under a name made of its content's hash.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
)

// A Type is one of the kinds of picture a guide may show.
type Type struct {
	Name string // for messages: "PNG"
	MIME string // "image/png"
	Ext  string // the file name extension of its copies: ".png"
}

// The types of picture a guide may show.
var (
	PNG  = Type{"PNG", "image/png", ".png"}
	JPEG = Type{"JPEG", "image/jpeg", ".jpg"}
	GIF  = Type{"GIF", "image/gif", ".gif"}
	WebP = Type{"WebP", "image/webp", ".webp"}
	SVG  = Type{"SVG", "image/svg+xml", ".svg"}
)

// Extensions are the file name extensions of pictures, lowercase: what the
// live preview watches, and what a folder of pictures holds.
var Extensions = []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}

// ErrUnknown is the cause of an error about content that is none of the
// types.
var ErrUnknown = errors.New("not a PNG, JPEG, GIF, WebP or SVG image")

// Info is what a picture's header says.
type Info struct {
	Type          Type
	Width, Height int // in CSS pixels
}

// Sniff reads the type and size of a picture from its content. The error
// wraps ErrUnknown when the content is none of the types, and says what is
// wrong when it is one of them but its header is broken.
func Sniff(data []byte) (Info, error) {
	var (
		t    Type
		w, h int
		err  error
	)
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		t = PNG
		w, h, err = config(png.DecodeConfig, data)
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		t = JPEG
		w, h, err = config(jpeg.DecodeConfig, data)
	case bytes.HasPrefix(data, []byte("GIF87a")) || bytes.HasPrefix(data, []byte("GIF89a")):
		t = GIF
		w, h, err = config(gif.DecodeConfig, data)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		t = WebP
		w, h, err = webpSize(data)
	default:
		var isSVG bool
		w, h, isSVG, err = svgSize(data)
		if !isSVG {
			return Info{}, ErrUnknown
		}
		t = SVG
	}
	if err != nil {
		return Info{}, fmt.Errorf("a broken %s file: %w", t.Name, err)
	}
	if w <= 0 || h <= 0 {
		return Info{}, fmt.Errorf("a %s file of %d × %d pixels: nothing to show", t.Name, w, h)
	}
	return Info{Type: t, Width: w, Height: h}, nil
}

func config(decode func(io.Reader) (image.Config, error), data []byte) (int, int, error) {
	c, err := decode(bytes.NewReader(data))
	return c.Width, c.Height, err
}

// webpSize reads the size of a WebP file from its first chunk: VP8 (lossy),
// VP8L (lossless) or VP8X (extended, holding the canvas size).
func webpSize(data []byte) (w, h int, err error) {
	short := errors.New("too short for a WebP header")
	if len(data) < 20 {
		return 0, 0, short
	}
	chunk, body := string(data[12:16]), data[20:]
	if need := map[string]int{"VP8 ": 10, "VP8L": 5, "VP8X": 10}[chunk]; len(body) < need {
		return 0, 0, short
	}
	switch chunk {
	case "VP8 ":
		// A frame tag of 3 bytes, the start code 9d 01 2a, then 14-bit
		// width and height, each with 2 bits of scaling above.
		if body[3] != 0x9d || body[4] != 0x01 || body[5] != 0x2a {
			return 0, 0, errors.New("no VP8 start code")
		}
		return int(binary.LittleEndian.Uint16(body[6:]) & 0x3fff), int(binary.LittleEndian.Uint16(body[8:]) & 0x3fff), nil
	case "VP8L":
		// The signature 0x2f, then width-1 and height-1 in 14 bits each.
		if body[0] != 0x2f {
			return 0, 0, errors.New("no VP8L signature")
		}
		bits := binary.LittleEndian.Uint32(body[1:])
		return int(bits&0x3fff) + 1, int(bits>>14&0x3fff) + 1, nil
	case "VP8X":
		// Flags and 3 reserved bytes, then canvas width-1 and height-1
		// in 24 bits each.
		return int(uint24(body[4:])) + 1, int(uint24(body[7:])) + 1, nil
	}
	return 0, 0, fmt.Errorf("unknown first chunk %q", chunk)
}

func uint24(b []byte) uint32 { return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 }

// svgSize reads an SVG file's root element: isSVG says whether the content
// is an XML document whose root is an svg element, and the size comes from
// its width and height attributes (in pixels, or unitless), or from its
// viewBox for those missing or in other units.
func svgSize(data []byte) (w, h int, isSVG bool, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 || bytes.TrimLeft(data, " \t\r\n")[0] != '<' {
		return 0, 0, false, nil
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false // entities of a DOCTYPE, which the root element does not need
	for {
		tok, err := d.RawToken()
		if err != nil {
			return 0, 0, false, nil
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if start.Name.Local != "svg" {
			return 0, 0, false, nil
		}
		return svgRootSize(start.Attr)
	}
}

func svgRootSize(attrs []xml.Attr) (w, h int, isSVG bool, err error) {
	var width, height, viewBox string
	for _, a := range attrs {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "width":
			width = a.Value
		case "height":
			height = a.Value
		case "viewBox":
			viewBox = a.Value
		}
	}
	fw, wok := svgLength(width)
	fh, hok := svgLength(height)
	if !wok || !hok {
		vw, vh, ok := parseViewBox(viewBox)
		switch {
		case !ok && viewBox != "":
			return 0, 0, true, fmt.Errorf("viewBox %q is not four numbers with a positive width and height", viewBox)
		case !ok:
			return 0, 0, true, errors.New("the svg element has neither a width and height in pixels nor a viewBox: give it one")
		case wok:
			fh = fw * vh / vw
		case hok:
			fw = fh * vw / vh
		default:
			fw, fh = vw, vh
		}
	}
	return int(math.Round(fw)), int(math.Round(fh)), true, nil
}

// svgLength reads a width or height in pixels: a number, optionally
// followed by "px".
func svgLength(s string) (float64, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f > 1e6 || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// parseViewBox reads "min-x min-y width height", separated by spaces or
// commas.
func parseViewBox(s string) (w, h float64, ok bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	if len(f) != 4 {
		return 0, 0, false
	}
	var n [4]float64
	for i, s := range f {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, 0, false
		}
		n[i] = v
	}
	if n[2] <= 0 || n[3] <= 0 || n[2] > 1e6 || n[3] > 1e6 {
		return 0, 0, false
	}
	return n[2], n[3], true
}

// A File is a picture file of the guide, read and sniffed.
type File struct {
	Path string // in the site folder, as messages name it: "content/04-permission/screen.svg"
	Info
	Data []byte
	uri  string
	name string
}

// New sniffs data, the content of the file at path, and returns it as a
// File, or an error saying why it is no picture a guide may show.
func New(path string, data []byte) (*File, error) {
	info, err := Sniff(data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	return &File{
		Path: path, Info: info, Data: data,
		uri:  "data:" + info.Type.MIME + ";base64," + base64.StdEncoding.EncodeToString(data),
		name: "images/" + hex.EncodeToString(sum[:8]) + info.Type.Ext,
	}, nil
}

// DataURI is the picture as a data: URI, for a page that holds everything
// it shows.
func (f *File) DataURI() string { return f.uri }

// OutputPath is where the picture's copy stands beside the outputs, and
// how checklist.md and checklist.json refer to it: "images/HASH.EXT", HASH
// the first 16 hex digits of the content's SHA-256. Files with the same
// content share one copy.
func (f *File) OutputPath() string { return f.name }

// Relink returns html, a body as a page holds it, with each picture of
// files that it embeds (its DataURI) replaced by the path of its copy
// (OutputPath): the body as checklist.json and checklist.md hold it, which
// refer to the copies beside them. html itself is returned when it embeds
// no picture, so that bodies without pictures cost a search for "data:".
func Relink(html []byte, files []*File) []byte {
	if len(files) == 0 || !bytes.Contains(html, []byte("data:")) {
		return html
	}
	for _, f := range files {
		html = bytes.ReplaceAll(html, []byte(f.uri), []byte(f.name))
	}
	return html
}

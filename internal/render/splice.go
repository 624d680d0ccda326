package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
)

// bodyMark is what a step's Body holds while the "step" template runs: an
// element the minifier keeps as it is, replaced by the rendered body after.
const bodyMark template.HTML = "<prereq-step-body></prereq-step-body>"

// fillBody returns markup as pieces, with each body mark replaced by
// body (markup and body are not copied: the pieces share them), and
// whether markup has a mark.
func fillBody(markup, body []byte) (pieces [][]byte, filled bool) {
	n := bytes.Count(markup, []byte(bodyMark))
	pieces = make([][]byte, 0, 2*n+1)
	for {
		at := bytes.Index(markup, []byte(bodyMark))
		if at < 0 {
			return append(pieces, markup), n > 0
		}
		pieces = append(pieces, markup[:at], body)
		markup = markup[at+len(bodyMark):]
	}
}

const (
	placeholderTag = "prereq-step-fragment"
	assetTag       = "prereq-asset"
)

// placeholder stands for group i of steps: an element that the minifier
// keeps as it is.
func placeholder(i int) string {
	return "<" + placeholderTag + " data-i=\"" + strconv.Itoa(i) + "\"></" + placeholderTag + ">"
}

// assetPlaceholder stands for an asset in a <style> or <script>, which the
// minifier copies as it is.
func assetPlaceholder(name string) string {
	return "<" + assetTag + " data-name=\"" + name + "\"></" + assetTag + ">"
}

// splice replaces the placeholders of a page with the groups of steps and
// the assets they stand for.
func splice(page []byte, groups [][]*StepView, assets map[string][]byte) (*Spliced, error) {
	n := 0
	for _, steps := range groups {
		for _, v := range steps {
			n += len(v.frag)
		}
	}
	return spliceWith(page, len(groups), n, func(s *Spliced, g int) {
		for _, v := range groups[g] {
			for _, p := range v.frag {
				s.add(p)
			}
		}
	}, assets)
}

// spliceWith is splice with groups groups of steps, n pieces in all, that
// group adds to the page.
func spliceWith(page []byte, groups, n int, group func(s *Spliced, g int), assets map[string][]byte) (*Spliced, error) {
	s := &Spliced{pieces: make([][]byte, 0, n+2*groups+2*len(assets)+1)}
	for {
		at := bytes.Index(page, []byte("<prereq-"))
		if at < 0 {
			s.add(page)
			break
		}
		s.add(page[:at])
		rest := page[at:]
		tag, key, n := parsePlaceholder(rest)
		switch {
		case tag == placeholderTag:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= groups {
				return nil, fmt.Errorf("render: bad step placeholder %q", rest[:n])
			}
			group(s, i)
		case tag == assetTag:
			a, ok := assets[key]
			if !ok {
				return nil, fmt.Errorf("render: no asset %q in templates/", key)
			}
			s.add(a)
		default: // not ours: text that happens to read "<prereq-"
			n = len("<prereq-")
			s.add(rest[:n])
		}
		page = rest[n:]
	}
	return s, nil
}

// Spliced is a page as splice leaves it: the pieces it is made of (the
// page's own HTML between placeholders, each step's HTML, each asset), in
// order, never copied into one slice unless asked (Bytes). Written to a
// file piece by piece (WriteTo), a large page is never whole in memory.
// The pieces are shared with what the page was rendered from: they must
// not be changed.
type Spliced struct {
	pieces [][]byte
	size   int
}

func (s *Spliced) add(p []byte) {
	if len(p) > 0 {
		s.pieces = append(s.pieces, p)
		s.size += len(p)
	}
}

// Len is the page's length in bytes.
func (s *Spliced) Len() int { return s.size }

// Bytes is the whole page, copied into one new slice (by several cores
// for a large page).
func (s *Spliced) Bytes() []byte { return join(s.pieces, s.size, 4<<20) }

// WriteTo writes the page to w, piece by piece: w should buffer (a
// bufio.Writer), for most pieces are a few hundred bytes.
func (s *Spliced) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, p := range s.pieces {
		m, err := w.Write(p)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// parsePlaceholder reads `<TAG data-X="KEY"></TAG>` at the start of s and
// returns TAG, KEY and its length; tag is "" when s starts with no
// placeholder.
func parsePlaceholder(s []byte) (tag, key string, n int) {
	for _, t := range []string{placeholderTag, assetTag} {
		open := "<" + t + " data-"
		if !bytes.HasPrefix(s, []byte(open)) {
			continue
		}
		eq := bytes.Index(s, []byte(`="`))
		end := bytes.Index(s, []byte(`"></`+t+`>`))
		if eq < 0 || end < eq {
			return "", "", 0
		}
		return t, string(s[eq+2 : end]), end + len(`"></`+t+`>`)
	}
	return "", "", 0
}

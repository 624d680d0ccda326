package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
)

// bodyMark is what a step's Body holds while the "step" template runs: an
// element the minifier keeps as it is, replaced by the rendered body after.
const bodyMark template.HTML = "<prereq-step-body></prereq-step-body>"

// fillBody returns a copy of markup with each body mark replaced by body,
// and where the first copy of body starts in it (-1 when markup has no
// mark).
func fillBody(markup, body []byte) (out []byte, first int) {
	n := bytes.Count(markup, []byte(bodyMark))
	out = make([]byte, 0, len(markup)+n*(len(body)-len(bodyMark)))
	first = -1
	for {
		at := bytes.Index(markup, []byte(bodyMark))
		if at < 0 {
			return append(out, markup...), first
		}
		out = append(out, markup[:at]...)
		if first < 0 {
			first = len(out)
		}
		out = append(out, body...)
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
func splice(page []byte, groups [][]*StepView, assets map[string][]byte) ([]byte, error) {
	frags := make([][][]byte, len(groups))
	for g, steps := range groups {
		frags[g] = make([][]byte, len(steps))
		for i, v := range steps {
			frags[g][i] = v.frag
		}
	}
	return spliceFrags(page, frags, assets)
}

// spliceFrags is splice with each group of steps given as their HTML.
func spliceFrags(page []byte, groups [][][]byte, assets map[string][]byte) ([]byte, error) {
	var pieces [][]byte
	for {
		at := bytes.Index(page, []byte("<prereq-"))
		if at < 0 {
			pieces = append(pieces, page)
			break
		}
		pieces = append(pieces, page[:at])
		rest := page[at:]
		tag, key, n := parsePlaceholder(rest)
		switch {
		case tag == placeholderTag:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(groups) {
				return nil, fmt.Errorf("render: bad step placeholder %q", rest[:n])
			}
			pieces = append(pieces, groups[i]...)
		case tag == assetTag:
			a, ok := assets[key]
			if !ok {
				return nil, fmt.Errorf("render: no asset %q in templates/", key)
			}
			pieces = append(pieces, a)
		default: // not ours: text that happens to read "<prereq-"
			n = len("<prereq-")
			pieces = append(pieces, rest[:n])
		}
		page = rest[n:]
	}
	return join(pieces, 4<<20), nil
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

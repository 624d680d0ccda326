package guide

import (
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"prereq/internal/diag"
	"prereq/internal/facts"
)

// Places. The guide's _index.md may declare, once, the websites where
// steps are done:
//
//	[places.developers]
//	label = "Kakao Developers"
//	url = "https://developers.kakao.com/console/app"
//
// A step then names one (where = "developers"), and every output shows the
// label, linking to the address; _index.LANG.md translates labels
// ([places.developers] label = "카카오디벨로퍼스"). In a guide that declares
// places, a where that names none is an error; in one that declares none,
// where is plain text, which a translation may word.

// Place is a website where steps are done.
type Place struct {
	ID    string
	Label string // in the guide's language
	URL   string // an absolute http or https address
}

var placeKeys = []string{"label", "url"}

// places reads [places]; errors are at the key they are about.
func (m *meta) places() map[string]*Place {
	t := m.table("places")
	if len(t) == 0 {
		return nil
	}
	out := map[string]*Place{}
	for _, id := range slices.Sorted(maps.Keys(t)) {
		tbl, ok := t[id].(map[string]any)
		if !ok {
			m.errs.Add(m.at("places", id), "places.%s must be a table with a label and a url", id)
			continue
		}
		if !idPattern.MatchString(id) {
			m.errs.Add(m.at("places", id), "place id %q must be letters, digits, - and _", id)
		}
		p := &Place{ID: id}
		for _, k := range slices.Sorted(maps.Keys(tbl)) {
			s, isStr := tbl[k].(string)
			switch {
			case !slices.Contains(placeKeys, k):
				m.errs.Add(m.at("places", id, k), "unknown key places.%s.%s%s; a place has a label and a url", id, k, diag.DidYouMean(k, placeKeys))
			case !isStr:
				m.errs.Add(m.at("places", id, k), "places.%s.%s must be a string", id, k)
			case k == "label":
				p.Label = strings.TrimSpace(s)
			default:
				p.URL = strings.TrimSpace(s)
			}
		}
		if p.Label == "" {
			m.errs.Add(m.at("places", id), "places.%s needs a label: the name shown, e.g. label = \"Kakao Developers\"", id)
		}
		if u, err := url.Parse(p.URL); p.URL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			m.errs.Add(m.at("places", id, "url"), "places.%s needs a url: the address of the website, starting https://", id)
		}
		out[id] = p
	}
	return out
}

// PlaceIDs lists the ids of the guide's places, sorted.
func (g *Guide) PlaceIDs() []string { return slices.Sorted(maps.Keys(g.Places)) }

// Place returns where a step is done as shown in lang: the label of the
// place it names, translated when the guide's _index.LANG.md translates
// it, and the place's address; with no such place, where itself and no
// address.
func (g *Guide) Place(where, lang string) (label, url string) {
	p := g.Places[where]
	if p == nil {
		return where, ""
	}
	if tr := g.Translations[lang]; tr != nil && lang != g.Language && tr.Places[where] != "" {
		return tr.Places[where], p.URL
	}
	return p.Label, p.URL
}

// checkPlaces reports, in a guide that declares places, each step whose
// where names none, and each translation that sets where: the place's id
// is the original's, its label is translated in _index.LANG.md.
func (g *Guide) checkPlaces() diag.List {
	if len(g.Places) == 0 {
		return nil
	}
	var errs diag.List
	ids := g.PlaceIDs()
	for _, s := range g.Sections {
		for _, st := range s.Steps {
			if st.Where != "" && g.Places[st.Where] == nil {
				errs.Add(st.whereAt, "unknown place %q%s; %s", st.Where, diag.DidYouMean(st.Where, ids), facts.Declared("places", ids))
			}
			for _, lang := range slices.Sorted(maps.Keys(st.Translations)) {
				if tr := st.Translations[lang]; tr.Where != "" {
					errs.Add(tr.whereAt, "where cannot be set in a translation when the guide declares places: the place is %s's; translate its label under [places.%s] in _index.%s.md", path.Base(st.File), st.Where, lang)
				}
			}
		}
	}
	return errs
}

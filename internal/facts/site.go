package facts

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"prereq/internal/diag"
	"prereq/internal/links"
	"prereq/internal/tomlpos"
)

// Site is one partner service as a site file describes it, checked against
// a guide's Schema.
type Site struct {
	Path     string // as printed in messages
	Language string // "" when the site file does not override the guide
	Service  string
	Facts    Values            // every declared fact; defaults applied
	Team     map[string]string // role id -> who holds it
	// BaseURL is where this site file's checklist is hosted (base_url,
	// normalised by links.Base): the address of the folder holding its
	// index.html; "" when not given.
	BaseURL string

	// where the site file writes each fact it sets, and its [facts] table,
	// for messages about rules a fact override breaks
	factAt  map[string]diag.Pos
	tableAt diag.Pos
}

var siteKeys = []string{"language", "base_url", "service", "facts", "team"}

// Languages lists the interface languages a guide or site file may choose.
var Languages = []string{"en", "ko"}

// ParseSite decodes a site file and checks it against the schema. path is
// the name used in messages.
func ParseSite(path string, src []byte, schema *Schema) (*Site, diag.List) {
	var errs diag.List
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		return nil, TOMLError(path, src, err, 0)
	}
	ix := tomlpos.Scan(src)
	at := func(key ...string) diag.Pos {
		p := ix.Lookup(key...)
		return diag.Pos{Path: path, Line: p.Line, Col: p.Col}
	}
	site := &Site{Path: path, Facts: Values{}, Team: map[string]string{}, factAt: map[string]diag.Pos{}}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if !slices.Contains(siteKeys, k) {
			errs.Add(at(k), "unknown key %s%s", k, diag.DidYouMean(k, siteKeys))
		}
	}
	if v, ok := raw["language"]; ok {
		s, isStr := v.(string)
		if !isStr || !slices.Contains(Languages, s) {
			errs.Add(at("language"), "language must be one of %s", strings.Join(Languages, ", "))
		} else {
			site.Language = s
		}
	}
	if v, ok := raw["base_url"]; ok {
		s, isStr := v.(string)
		base, err := links.Base(s)
		switch {
		case !isStr:
			errs.Add(at("base_url"), "base_url must be a string: the address the checklist is hosted at, such as \"https://docs.example/kakao/sync/\"")
		case err != nil:
			errs.Add(at("base_url"), "base_url %q %v", s, err)
		default:
			site.BaseURL = base
		}
	}
	service, ok := raw["service"].(map[string]any)
	switch {
	case raw["service"] == nil:
		errs.Add(diag.Pos{Path: path, Line: 1}, "missing [service] table with the service's name")
	case !ok:
		errs.Add(at("service"), "service must be a table: [service] name = \"...\"")
	default:
		for _, k := range slices.Sorted(maps.Keys(service)) {
			if k != "name" {
				errs.Add(at("service", k), "unknown key service.%s%s", k, diag.DidYouMean(k, []string{"name"}))
			}
		}
		if name, isStr := service["name"].(string); isStr && strings.TrimSpace(name) != "" {
			site.Service = name
		} else if service["name"] == nil {
			errs.Add(at("service"), "missing service.name")
		} else {
			errs.Add(at("service", "name"), "service.name must be a non-empty string")
		}
	}

	given, ok := raw["facts"].(map[string]any)
	if raw["facts"] != nil && !ok {
		errs.Add(at("facts"), "facts must be a table: [facts]")
	}
	for _, name := range slices.Sorted(maps.Keys(given)) {
		d := schema.Fact(name)
		if broken, _ := schema.Broken(name); d == nil && broken {
			continue // its declaration is in error, and reported there
		}
		if d == nil {
			errs.Add(at("facts", name), "unknown fact %s%s; %s", name, diag.DidYouMean(name, schema.FactNames()), Declared("facts", schema.FactNames()))
			continue
		}
		v, msg := d.convert(given[name])
		if msg != "" {
			errs.Add(at("facts", name), "%s", msg)
			continue
		}
		if i, dup := repeated(v); dup >= 0 {
			pos := at("facts", name)
			if p, ok := ix.Element(dup, "facts", name); ok {
				pos = diag.Pos{Path: path, Line: p.Line, Col: p.Col}
			}
			errs.Add(pos, "%s", d.listedTwice(v.([]string)[dup], i))
			continue
		}
		site.Facts[name] = v
		site.factAt[name] = at("facts", name)
	}
	site.tableAt = at("facts")
	if site.tableAt.Line == 0 {
		site.tableAt.Line = 1
	}
	for _, d := range schema.Facts {
		if _, set := site.Facts[d.Name]; set {
			continue
		}
		if _, wrong := given[d.Name]; wrong {
			continue // already reported
		}
		if !d.HasDefault {
			errs.Add(site.tableAt, "missing fact %s (it has no default): %s", d.Name, d.Question)
			continue
		}
		site.Facts[d.Name] = d.Default
	}

	team, ok := raw["team"].(map[string]any)
	if raw["team"] != nil && !ok {
		errs.Add(at("team"), "team must be a table: [team]")
	}
	for _, id := range slices.Sorted(maps.Keys(team)) {
		if schema.Role(id) == nil && !schema.BrokenRole(id) {
			errs.Add(at("team", id), "unknown role %s%s; %s", id, diag.DidYouMean(id, schema.RoleIDs()), Declared("roles", schema.RoleIDs()))
			continue
		}
		holder, isStr := team[id].(string)
		if !isStr {
			errs.Add(at("team", id), "team.%s must be a string naming who holds the role", id)
			continue
		}
		site.Team[id] = holder
	}
	if len(errs) > 0 {
		return nil, errs.Sort()
	}
	if errs := schema.checkRules(site.Facts, site.firstSet(nil)); len(errs) > 0 {
		return nil, errs.Sort()
	}
	return site, nil
}

// firstSet returns where a rule that reads names is placed: at the first of
// them a query parameter overrides (as "?name"), else the first the site
// file sets, else the site file's [facts] table.
func (s *Site) firstSet(overridden map[string][]string) func(names []string) diag.Pos {
	return func(names []string) diag.Pos {
		for _, n := range names {
			if _, ok := overridden[n]; ok {
				return diag.Pos{Path: "?" + n}
			}
		}
		for _, n := range names {
			if p, ok := s.factAt[n]; ok {
				return p
			}
		}
		return s.tableAt
	}
}

// Override returns a copy of the site with facts replaced from text values,
// as the live preview's query string gives them (lists comma-separated).
// Messages are placed at "?name"; a rule the new facts break is placed at
// the first fact it reads that the query sets, else as in ParseSite.
func (s *Site) Override(schema *Schema, params map[string][]string) (*Site, diag.List) {
	var errs diag.List
	out := *s
	out.Facts = maps.Clone(s.Facts)
	for _, name := range slices.Sorted(maps.Keys(params)) {
		vals := params[name]
		d := schema.Fact(name)
		pos := diag.Pos{Path: "?" + name}
		if d == nil {
			errs.Add(pos, "unknown fact %s%s", name, diag.DidYouMean(name, schema.FactNames()))
			continue
		}
		v, msg := d.parseText(vals[len(vals)-1])
		if msg != "" {
			errs.Add(pos, "%s", msg)
			continue
		}
		if i, dup := repeated(v); dup >= 0 {
			errs.Add(pos, "%s", d.listedTwice(v.([]string)[dup], i))
			continue
		}
		out.Facts[name] = v
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if errs := schema.checkRules(out.Facts, s.firstSet(params)); len(errs) > 0 {
		return nil, errs.Sort()
	}
	return &out, nil
}

// TOMLError turns an error decoding src into a one-element list positioned
// in the file (see tomlpos.Error); lineOffset is added to its line (front
// matter starts below line 1).
func TOMLError(path string, src []byte, err error, lineOffset int) diag.List {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		line, col := tomlpos.Error(src, pe.Position.Start, pe.Position.Len)
		return diag.List{{Pos: diag.Pos{Path: path, Line: line + lineOffset, Col: col}, Msg: pe.Message, Err: err}}
	}
	return diag.List{{Pos: diag.Pos{Path: path}, Msg: err.Error(), Err: err}}
}

// Declared lists the declared names of a kind for a message.
func Declared(kind string, names []string) string {
	if len(names) == 0 {
		return "the guide declares no " + kind
	}
	return "declared " + kind + ": " + strings.Join(names, ", ")
}

// repeated finds a list value's first member that is listed again: the
// indexes of its first and second listing, or -1, -1. A list that names a
// value twice is an error, not a set: it is a mistake in the list.
func repeated(v any) (first, again int) {
	list, _ := v.([]string)
	for j := 1; j < len(list); j++ {
		if i := slices.Index(list[:j], list[j]); i >= 0 {
			return i, j
		}
	}
	return -1, -1
}

// listedTwice says that a list fact names a value twice; first is where it
// is listed first, from 0.
func (d *Decl) listedTwice(value string, first int) string {
	return fmt.Sprintf("%s lists %q twice (first as item %d): list each value once", d.Name, value, first+1)
}

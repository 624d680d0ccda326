package facts

import (
	"bytes"
	"encoding/json"
	"strings"
)

// JSONSchema returns a JSON Schema (draft 2020-12) of the site files the
// schema accepts, for editors that complete and check TOML against one
// (Taplo, Even Better TOML: a `#:schema FILE` comment at the top of
// site.toml): the keys of a site file, each fact with its type, allowed
// values, default and question, the facts without a default required, the
// [team] keys from the roles. Rules between facts are not in it: `prereq
// check` reports those. title names the guide.
func (s *Schema) JSONSchema(title string) ([]byte, error) {
	closed := false
	factProps := props{}
	var required []string
	for _, d := range s.Facts {
		p := &jsonSchema{Description: d.Question}
		switch d.Type {
		case Bool:
			p.Type = "boolean"
		case Number:
			p.Type = "number"
		case String:
			p.Type, p.Enum = "string", d.Values
		case List:
			p.Type, p.Items, p.UniqueItems = "array", &jsonSchema{Type: "string", Enum: d.Values}, true
		}
		if d.HasDefault {
			def, err := json.Marshal(d.Default)
			if err != nil {
				return nil, err
			}
			p.Default = def
		} else {
			required = append(required, d.Name)
		}
		factProps = append(factProps, prop{d.Name, p})
	}
	team := props{}
	for _, r := range s.Roles {
		desc := "Who holds the " + r.Label + " account"
		if r.Description != "" {
			desc += ": " + r.Description
		}
		team = append(team, prop{r.ID, &jsonSchema{Type: "string", Description: desc}})
	}
	top := []string{"service"}
	if len(required) > 0 {
		top = append(top, "facts")
	}
	root := &jsonSchema{
		Schema:      "https://json-schema.org/draft/2020-12/schema",
		Title:       "site.toml for " + title,
		Description: "A partner service, as prereq's site file describes it.",
		Type:        "object",
		Properties: props{
			{"language", &jsonSchema{Description: "The checklist's interface language, instead of the guide's.", Enum: Languages}},
			{"base_url", &jsonSchema{Type: "string", Description: "Where the checklist will be hosted: the address of the folder holding its index.html, for the links in checklist.md, checklist.json and checklist.csv and the page's canonical link (prereq build -base-url wins).", Pattern: `^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\s]+(/[^?#\s]*)?$`}},
			{"service", &jsonSchema{Type: "object", Description: "The partner service.", Required: []string{"name"}, AdditionalProperties: &closed,
				Properties: props{{"name", &jsonSchema{Type: "string", Description: "The service's name, shown in the checklist.", Pattern: `\S`}}}}},
			{"facts", &jsonSchema{Type: "object", Description: "What the service says about itself: the facts the guide declares.", Required: required, AdditionalProperties: &closed, Properties: factProps}},
			{"team", &jsonSchema{Type: "object", Description: "Who holds each role, as \"Name <email>\".", AdditionalProperties: &closed, Properties: team}},
		},
		Required:             top,
		AdditionalProperties: &closed,
	}
	out, err := marshal(root)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, out, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// marshal is json.Marshal without escaping <, > and &: descriptions say
// "Name <email>".
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// jsonSchema is the part of JSON Schema the site file's schema uses.
type jsonSchema struct {
	Schema               string          `json:"$schema,omitempty"`
	Title                string          `json:"title,omitempty"`
	Description          string          `json:"description,omitempty"`
	Type                 string          `json:"type,omitempty"`
	Enum                 []string        `json:"enum,omitempty"`
	Pattern              string          `json:"pattern,omitempty"`
	Default              json.RawMessage `json:"default,omitempty"`
	Items                *jsonSchema     `json:"items,omitempty"`
	UniqueItems          bool            `json:"uniqueItems,omitempty"`
	Properties           props           `json:"properties,omitempty"`
	Required             []string        `json:"required,omitempty"`
	AdditionalProperties *bool           `json:"additionalProperties,omitempty"`
}

// props are an object's properties in the order they are declared.
type props []prop

type prop struct {
	name   string
	schema *jsonSchema
}

// MarshalJSON writes the properties as one object, in order.
func (ps props) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := marshal(p.name)
		if err != nil {
			return nil, err
		}
		v, err := marshal(p.schema)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

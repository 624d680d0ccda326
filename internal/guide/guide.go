// Package guide loads a guide's content folder: the guide's own _index.md
// (title, language, declared facts and roles, intro), its section folders
// and their step files. Front matter is decoded and checked key by key,
// conditions are compiled against the declared facts, and bodies are parsed
// into Markdown documents once. The guide knows nothing of any partner: the
// same Guide is planned for every site file.
package guide

import (
	"errors"

	"prereq/internal/cond"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/markdown"
	"prereq/internal/wait"
)

// Guide is a loaded content folder.
type Guide struct {
	Title    string
	Language string // interface language: en or ko
	Intro    *markdown.Doc
	Schema   *facts.Schema
	Sections []*Section
	File     string // the guide's _index.md, as printed in messages
	// Theme is the guide's own look, from [theme] in _index.md.
	Theme Theme
	// Places are the websites where steps are done, by id, from
	// [places] in _index.md; nil when it declares none (see Place).
	Places map[string]*Place
	// RemoteImages is set by remote_images = true in _index.md: bodies
	// may show pictures from other hosts, which the page then requests.
	RemoteImages bool
	pictures     *pictureList // see Images
	// Version names the guide's outline: everything but the text of step
	// bodies. A Loader gives a guide the Version of the one it loaded
	// before when only step bodies changed since, so that a renderer may
	// keep what it drew from the rest (see render.Cache).
	Version *Version
	// Translations holds the guide's own text in other languages, read
	// from _index.LANG.md, by language; nil when there is none.
	Translations map[string]*GuideText
	// Holidays are the dates _index.md lists under holidays, which
	// business days skip besides weekends.
	Holidays wait.Holidays
}

// Version identifies one outline of a guide.
type Version struct{ _ byte } // not empty: each new Version has its own address

// Item holds what sections and steps share.
type Item struct {
	ID         string
	Title      string
	File       string // as printed in messages, relative to the site folder
	Weight     int
	Required   bool
	When       *cond.Cond // nil: always included
	WhenPos    diag.Pos   // where When is written
	whenLit    string     // When's TOML string literal, to place errors in it
	whenAt     diag.Pos   // where whenLit starts
	idAt       diag.Pos   // where ID is written; zero when the file name gives it
	SkipReason string
	reasonAt   literalAt // where SkipReason is written, when it may hold references
	Body       *markdown.Doc
	// Translations holds what is shown of the item in other languages,
	// read from NAME.LANG.md beside its file, by language; nil when there
	// is none. Everything that decides (id, when, role, ...) is the
	// original's alone.
	Translations map[string]*Text
	name         string // file or folder name, for ordering
}

// Section is a folder of steps.
type Section struct {
	Item
	Steps []*Step
}

// Step is one checklist item.
type Step struct {
	Item
	Role  string     // a declared role id, or ""
	Where string     // the website where the action is done
	After []string   // ids of steps to do first
	Wait  string     // lead time the step starts, as written: "3-5 business days"
	Lead  *wait.Span // Wait read into numbers; nil when the step has no wait

	afterAt  diag.Pos   // where After is written
	whereAt  diag.Pos   // where Where is written
	afterIDs []diag.Pos // where each id of After is written
}

// WhenAt places an error of the item's When, as its Run returns it: at
// the character of the condition that the error names.
func (it *Item) WhenAt(err error) diag.Pos {
	var ce *cond.Error
	if !errors.As(err, &ce) {
		return it.WhenPos
	}
	if it.whenLit == "" {
		return it.WhenPos
	}
	return inLiteral(it.whenLit, it.whenAt, ce.Offset)
}

// Step returns the step with the id, or nil.
func (g *Guide) Step(id string) *Step {
	for _, s := range g.Sections {
		for _, st := range s.Steps {
			if st.ID == id {
				return st
			}
		}
	}
	return nil
}

// StepIDs lists every step id in guide order.
func (g *Guide) StepIDs() []string {
	var ids []string
	for _, s := range g.Sections {
		for _, st := range s.Steps {
			ids = append(ids, st.ID)
		}
	}
	return ids
}

// pos is the first line of an item's file, for messages about the whole file.
func (it *Item) pos() diag.Pos { return diag.Pos{Path: it.File, Line: 1} }

// Package checklisttest checks checklist.json files against the format
// the repository documents, docs/checklist.schema.json, for tests: the
// tests of render, build, serve and the command line pass every
// checklist.json they make through it, so that the schema and the files
// cannot drift apart. Nothing but tests imports it (and checktrees, which
// validates for the command line's tests in a process of its own).
package checklisttest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaFile is the schema's path in the repository.
const SchemaFile = "docs/checklist.schema.json"

// schema is the compiled schema, read once from the repository.
var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		return nil, errors.New("checklisttest: cannot find the repository")
	}
	file, err := filepath.Abs(filepath.Join(filepath.Dir(here), "..", "..", filepath.FromSlash(SchemaFile)))
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", SchemaFile, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(file, doc); err != nil {
		return nil, err
	}
	return c.Compile(file)
})

// Validate reports how data breaks the schema of checklist.json; nil when
// it does not.
func Validate(data []byte) error {
	s, err := schema()
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return s.Validate(v)
}

// ValidateTree validates every file named checklist.json under dir, and
// returns how many there were.
func ValidateTree(dir string) (int, error) {
	n := 0
	var errs []error
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && path == dir:
			return err
		case err != nil: // a folder a test made unreadable: nothing prereq wrote
			return nil
		case d.Name() != "checklist.json" || !d.Type().IsRegular():
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil // unreadable on purpose
		}
		n++
		if err := Validate(data); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path, err))
		}
		return nil
	})
	return n, errors.Join(append(errs, err)...)
}

// TB is the part of testing.TB that Check uses.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// Check fails t when data is not a valid checklist.json; name says which
// file it is.
func Check(t TB, name string, data []byte) {
	t.Helper()
	if err := Validate(data); err != nil {
		if len(data) > 4000 {
			data = append(data[:4000:4000], "…"...)
		}
		t.Errorf("%s breaks %s:\n%v\n%s", name, SchemaFile, err, data)
	}
}

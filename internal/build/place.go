package build

import (
	"fmt"
	"path/filepath"
)

// checkPlace refuses an output folder that would be, or hold, an input:
// one inside content/ or templates/ would be read by the next build as
// part of the guide or as templates, and one that is (or holds) the site
// folder or a site file would be replaced, inputs and all. Paths are
// compared after resolving symbolic links, so a link does not hide one
// folder inside another.
func (o Options) checkPlace() error {
	flag := "-o " + o.OutputDir()
	out, err := resolve(o.OutputDir())
	if err != nil {
		return err
	}
	for _, in := range []struct{ dir, as string }{{"content", "part of the guide"}, {"templates", "templates"}} {
		dir, err := resolve(filepath.Join(o.siteDir(), in.dir))
		if err != nil {
			return err
		}
		if within(dir, out) {
			return fmt.Errorf("%s is inside %s/: the next build would read the output as %s; choose an output folder outside content/ and templates/", flag, in.dir, in.as)
		}
	}
	site, err := resolve(o.siteDir())
	if err != nil {
		return err
	}
	if within(out, site) {
		what := "is"
		if out != site {
			what = "holds"
		}
		return fmt.Errorf("%s %s the site folder, which a build would replace with its output, content/ and all; choose a folder inside it, such as public", flag, what)
	}
	files, _, err := o.siteFiles()
	if err != nil {
		return nil // the load reports it, at the site file
	}
	for _, f := range files {
		file, err := resolve(f)
		if err != nil {
			return err
		}
		if within(out, file) {
			return fmt.Errorf("%s holds the site file %s, which a build would replace with its output; choose another output folder", flag, DisplayPath(o.siteDir(), f))
		}
	}
	return nil
}

// within reports whether path p is dir or below it (both clean and
// absolute).
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && filepath.IsLocal(rel)
}

// resolve returns p absolute, with symbolic links resolved in as much of it
// as exists.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"prereq/internal/diag"
	"prereq/internal/ignore"
	"prereq/internal/links"
	"prereq/internal/parallel"
	"prereq/internal/plan"
	"prereq/internal/render"
)

// siteFiles expands the site option: a glob pattern ("partners/*.toml") or
// a folder names many partners' site files; anything else is one file.
// A pattern passes over hidden and backup files (ignore.Name), as the
// guide loader does: ".toml", ".acme.toml" and "#acme.toml" are no partners.
func (o Options) siteFiles() (files []string, many bool, err error) {
	pattern := o.siteFile()
	if info, err := os.Stat(pattern); err == nil && info.IsDir() {
		pattern = filepath.Join(pattern, "*.toml")
	} else if !strings.ContainsAny(pattern, "*?[") {
		return []string{pattern}, false, nil
	}
	files, err = filepath.Glob(pattern)
	if err != nil {
		return nil, true, fmt.Errorf("bad site pattern %q: %w", pattern, err)
	}
	files = slices.DeleteFunc(files, func(f string) bool {
		if ignore.Name(filepath.Base(f)) || !strings.HasSuffix(f, ".toml") {
			return true
		}
		info, err := os.Stat(f)
		return err != nil || info.IsDir()
	})
	if len(files) == 0 {
		return nil, true, errors.New("no site files (*.toml) match " + pattern)
	}
	return files, true, nil
}

// loadPartners reads every partner's site file against the guide.
func (in *Inputs) loadPartners(o Options, files []string) diag.List {
	var errs diag.List
	type partnerFile struct{ file, name string }
	byFolder := map[string]partnerFile{} // by foldKey(folder name)
	for _, f := range files {
		display := DisplayPath(o.siteDir(), f)
		name, err := partnerFolder(filepath.Base(f))
		if err != nil {
			errs = append(errs, &diag.Error{Pos: diag.Pos{Path: display}, Msg: err.Error(), Err: err})
			continue
		}
		if other, dup := byFolder[foldKey(name)]; dup {
			if other.name == name {
				errs.Add(diag.Pos{Path: display}, "two partners would share the output folder %s/: %s has the same file name", name, other.file)
			} else {
				errs.Add(diag.Pos{Path: display}, "two partners would share the output folder %s/: %s differs only in case, and macOS and Windows see one folder", name, other.file)
			}
			continue
		}
		byFolder[foldKey(name)] = partnerFile{display, name}
		site, siteErrs := LoadSite(f, display, in.Guide.Schema)
		errs = append(errs, siteErrs...)
		if site != nil {
			in.Partners = append(in.Partners, site)
			in.Names = append(in.Names, name)
		}
	}
	return errs
}

// renderPartners renders every partner's checklist into its own folder, on
// all cores, the index of partners, and guide.html beside it. The guide's
// Markdown was parsed once when it was loaded; each partner only plans and
// renders.
func renderPartners(ctx context.Context, in *Inputs, minify bool) (Outputs, error) {
	plans := make([]*plan.Plan, len(in.Partners))
	outs := make([]Outputs, len(in.Partners))
	errs := make([]error, len(in.Partners))
	bodies := render.NewBodyCache() // most partners share most steps' bodies
	if err := parallel.DoContext(ctx, len(in.Partners), 0, func() func(int) {
		return func(i int) {
			p, planErrs := plan.Make(in.Guide, in.Partners[i])
			plans[i] = p
			names := slices.DeleteFunc(outputNames(in.Formats), func(f string) bool { return f == "guide.html" }) // one for all, below
			// Hosted below -base-url, in its folder; else where its own
			// base_url says.
			url := cmpOr(links.Folder(in.BaseURL, in.Names[i]), in.Partners[i].BaseURL)
			o := render.Options{Minify: minify, URL: url, MarkdownBodies: in.MarkdownBodies, Bodies: bodies, Start: in.Start}
			out := newMemory()
			var page *render.Checklist
			page, errs[i] = renderPlan(ctx, p, in.Templates, o, out, names...)
			if errs[i] == nil {
				errs[i] = addCSV(out, p, in, names, url, page)
			}
			outs[i] = out.files
			if planErrs != nil { // with the rendering's, if any
				errs[i] = append(planErrs, diag.From(errs[i], "")...)
			}
		}
	}); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil { // a partner's render may have stopped
		return nil, err
	}
	var all diag.List
	for _, err := range errs {
		if err != nil {
			all = append(all, diag.From(err, "templates/index.html")...)
		}
	}
	if len(all) > 0 {
		return nil, all.Sort()
	}
	mem := newMemory()
	files := mem.files
	for i, out := range outs {
		for name, data := range out {
			files[in.Names[i]+"/"+name] = data
		}
	}
	index, err := render.PartnersHTML(in.Names, plans, in.Templates, render.Options{Minify: minify, URL: in.BaseURL})
	if err != nil {
		return nil, err
	}
	files["index.html"] = index
	// One guide page per language for all partners, beside their index.
	if !slices.Contains(outputNames(in.Formats), "guide.html") {
		return files, nil
	}
	if err := guidePages(mem, in.Guide, in.Templates, render.Options{Minify: minify, URL: in.BaseURL}); err != nil {
		return nil, err
	}
	return files, nil
}

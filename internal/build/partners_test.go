package build_test

import (
	"html"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/checklisttest"
	"prereq/internal/diag"
)

// guideFiles is a one-step guide that partner files are checked against.
var guideFiles = map[string]string{
	"content/_index.md":      "+++\ntitle = \"G\"\n+++\n",
	"content/01-a/_index.md": "+++\ntitle = \"A\"\n+++\n",
	"content/01-a/01-one.md": "+++\ntitle = \"One\"\n+++\nDo it.\n",
}

// partnersSite is guideFiles with a partner file for each name in
// partners/, whose service is "Service NAME".
func partnersSite(t *testing.T, names ...string) string {
	files := maps.Clone(guideFiles)
	for _, n := range names {
		files["partners/"+n+".toml"] = "[service]\nname = " + tomlString("Service "+n) + "\n"
	}
	return writeSite(t, files)
}

func tomlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`, "\n", `\n`).Replace(s) + `"`
}

var hrefRE = regexp.MustCompile(`<a href="?([^" >]*)"?>`)

// TestPartnerLinksResolve builds partners whose names need escaping in a
// URL and follows every link of the partners index: each must be a
// relative path to the folder written for that partner.
func TestPartnerLinksResolve(t *testing.T) {
	names := []string{"a#b", "c?d", "e%41", "with space", "한글", "x:y", "semi;colon", "plus+amp&", `quote"'`, "<tag>", "percent%", "é-composed", "tab=eq", "~tilde", "Acme"}
	dir := partnersSite(t, names...)
	for _, minify := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "public")
		o := build.Options{SiteDir: dir, SiteFile: filepath.Join(dir, "partners"), OutDir: out, Minify: minify}
		if errs := build.Build(t.Context(), o); errs != nil {
			t.Fatal(errs)
		}
		if n, err := checklisttest.ValidateTree(out); err != nil || n != len(names) {
			t.Errorf("%d valid checklist.json, want %d: %v", n, len(names), err)
		}
		index, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		var linked []string
		for _, m := range hrefRE.FindAllSubmatch(index, -1) {
			href := html.UnescapeString(string(m[1]))
			u, err := url.Parse(href)
			if err != nil {
				t.Errorf("minify=%v: href %q does not parse: %v", minify, href, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || path.IsAbs(u.Path) {
				t.Errorf("minify=%v: href %q is not a relative path (%#v)", minify, href, u)
				continue
			}
			if u.Path == "guide.html" { // the guide page, beside the index
				if _, err := os.Stat(filepath.Join(out, "guide.html")); err != nil {
					t.Errorf("minify=%v: the index links to guide.html: %v", minify, err)
				}
				continue
			}
			folder, file := path.Split(u.Path)
			folder = strings.TrimSuffix(folder, "/")
			if file != "index.html" || strings.Contains(folder, "/") {
				t.Errorf("minify=%v: href %q does not lead to a partner's index.html", minify, href)
				continue
			}
			page, err := os.ReadFile(filepath.Join(out, folder, "index.html"))
			if err != nil {
				t.Errorf("minify=%v: href %q leads to no file: %v", minify, href, err)
				continue
			}
			if !strings.Contains(html.UnescapeString(string(page)), "Service "+folder) {
				t.Errorf("minify=%v: href %q leads to another partner's page", minify, href)
			}
			linked = append(linked, folder)
		}
		slices.Sort(linked)
		want := slices.Sorted(slices.Values(names))
		if !slices.Equal(linked, want) {
			t.Errorf("minify=%v: the index links to\n%q\nwant\n%q", minify, linked, want)
		}
	}
}

// TestPartnerFoldersStayInside builds partners from names that are no
// plain folder name: each is refused at its file, or (hidden files) not a
// partner at all, and nothing is written outside the output folder.
func TestPartnerFoldersStayInside(t *testing.T) {
	const outside = "the output folder or its parent"
	for _, tc := range []struct {
		names []string
		want  string // the error at partners/<names[len-1]>.toml; "" for none
	}{
		{[]string{"ok", ".."}, ""}, // ...toml: hidden, ignored
		{[]string{"ok", "."}, ""},  // ..toml
		{[]string{"ok", ""}, ""},   // .toml
		{[]string{"ok", ".hidden"}, ""},
		{[]string{"ok", `a\b`}, `"a\\b" holds a folder separator (/ or \): rename the file`},
		{[]string{"ok", `up\..\..\x`}, `"up\\..\\..\\x" holds a folder separator`},
		{[]string{"ok", "index.html"}, "index.html/ would take the place of the partners index's index.html"},
		{[]string{"ok", "INDEX.html"}, "INDEX.html/ would take the place of the partners index's index.html"},
		{[]string{"ok", "guide.html"}, "guide.html/ would take the place of the partners index's guide.html"},
		{[]string{"ok", "Guide.KO.html"}, "Guide.KO.html/ would take the place of the partners index's guide.ko.html"},
		{[]string{"ok", "tab\there"}, `"tab\there" holds a control character`},
		{[]string{"ok", "line\nbreak"}, `"line\nbreak" holds a control character`},
		{[]string{"ok", "bad\xffutf8"}, "is not UTF-8"},
		{[]string{"ok", "dot."}, `"dot." ends in a space or a dot, which Windows drops`},
		{[]string{"ok", "space "}, `"space " ends in a space or a dot`},
		{[]string{"ok", "CON"}, `"CON" is a device name on Windows`},
		{[]string{"ok", "nul.txt"}, `"nul.txt" is a device name on Windows`},
		{[]string{"ok", "Com7"}, `"Com7" is a device name on Windows`},
		{[]string{"Acme", "acme"}, "two partners would share the output folder acme/: partners/Acme.toml differs only in case"},
		{[]string{"ok", "console"}, ""},
		{[]string{"ok", "com10"}, ""},
	} {
		bad := tc.names[len(tc.names)-1]
		t.Run(strings.ToValidUTF8(bad, "?"), func(t *testing.T) {
			dir := partnersSite(t, tc.names...)
			parent := filepath.Join(t.TempDir(), "parent")
			o := build.Options{SiteDir: dir, SiteFile: filepath.Join(dir, "partners"), OutDir: filepath.Join(parent, "public")}
			errs := build.Build(t.Context(), o)
			if tc.want == "" {
				if errs != nil {
					t.Fatal(errs)
				}
			} else {
				wantAt := "partners/" + diag.Printable(bad) + ".toml: " // printed escaped
				if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), wantAt) || !strings.Contains(errs[0].Error(), tc.want) {
					t.Fatalf("errors %v\nwant the one error %s...%s", errs, wantAt, tc.want)
				}
				if errs := build.Check(t.Context(), o); len(errs) != 1 {
					t.Errorf("check: %v, want the one error", errs)
				}
			}
			got := listTree(t, parent)
			want := []string{}
			if tc.want == "" {
				want = []string{"public/", "public/.prereq-output", "public/guide.html", "public/index.html"}
				for _, n := range tc.names {
					if !strings.HasPrefix(n, ".") && n != "" {
						want = append(want, "public/"+n+"/", "public/"+n+"/checklist.json", "public/"+n+"/checklist.md", "public/"+n+"/index.html")
					}
				}
			}
			// The lock file beside the output may stay; nothing else.
			got = slices.DeleteFunc(got, func(p string) bool { return p == ".public.lock" })
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s holds\n%q\nwant\n%q", outside, got, want)
			}
		})
	}
}

// listTree lists every file and folder (with a trailing /) below dir, as
// sorted slash paths; none when dir does not exist.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipAll
			}
			return err
		}
		if p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			rel += "/"
		}
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

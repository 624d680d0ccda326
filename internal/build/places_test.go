package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"prereq/internal/build"
)

// TestPlaces builds a small guide that declares a place, for a Korean
// partner and an English one: every output shows the place's label, in
// the checklist's language, linking to its address.
func TestPlaces(t *testing.T) {
	const url = "https://console.example/app?a=1&b=2"
	files := map[string]string{
		"content/_index.md":       "+++\ntitle = \"G\"\n[places.console]\nlabel = \"The Console\"\nurl = \"" + url + "\"\n+++\n",
		"content/_index.ko.md":    "+++\ntitle = \"지\"\n[places.console]\nlabel = \"콘솔\"\n+++\n",
		"content/01-s/_index.md":  "+++\ntitle = \"S\"\n+++\n",
		"content/01-s/01-x.md":    "+++\ntitle = \"X\"\nwhere = \"console\"\n+++\nDo it.\n",
		"content/01-s/01-x.ko.md": "+++\ntitle = \"엑스\"\n+++\n하세요.\n",
		"site.toml":               "[service]\nname = \"S\"\n",
		"ko.toml":                 "language = \"ko\"\n[service]\nname = \"S\"\n",
	}
	esc := strings.ReplaceAll(url, "&", "&amp;")
	for _, tt := range []struct {
		site, label string
		want        map[string][]string
	}{
		{"site.toml", "The Console", map[string][]string{
			"index.html":     {`<dd><a class="place" href="` + esc + `">The Console</a></dd>`},
			"guide.html":     {`<dd><a class="place" href="` + esc + `">The Console</a></dd>`},
			"checklist.md":   {"Where: [The Console](" + url + ")"},
			"checklist.json": {`"where":{"text":"The Console","url":"https://console.example/app?a=1&b=2"}`},
			"checklist.csv":  {"Where: The Console (" + url + ")"},
		}},
		{"ko.toml", "콘솔", map[string][]string{
			"index.html":     {`<dd><a class="place" href="` + esc + `">콘솔</a></dd>`},
			"checklist.md":   {"작업 위치: [콘솔](" + url + ")"},
			"checklist.json": {`"where":{"text":"콘솔","url":"https://console.example/app?a=1&b=2"}`},
			"checklist.csv":  {"작업 위치: 콘솔 (" + url + ")"},
		}},
	} {
		t.Run(tt.site, func(t *testing.T) {
			dir := writeSite(t, files)
			out := filepath.Join(dir, "public")
			o := build.Options{SiteDir: dir, SiteFile: filepath.Join(dir, tt.site), OutDir: out,
				Formats: []string{"html", "guide", "json", "md", "csv"}}
			if errs := build.Build(t.Context(), o); errs != nil {
				t.Fatal(errs)
			}
			for name, wants := range tt.want {
				b, err := os.ReadFile(filepath.Join(out, name))
				if err != nil {
					t.Fatal(err)
				}
				compact := strings.Join(strings.Fields(string(b)), " ")
				compact = strings.ReplaceAll(compact, `": `, `":`)
				compact = strings.ReplaceAll(strings.ReplaceAll(compact, `, "`, `,"`), `{ "`, `{"`)
				compact = strings.ReplaceAll(compact, `" }`, `"}`)
				for _, w := range wants {
					if !strings.Contains(string(b), w) && !strings.Contains(compact, w) {
						t.Errorf("%s does not hold %s", name, w)
					}
				}
			}
		})
	}
}

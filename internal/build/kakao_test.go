package build_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"prereq/internal/build"
	"prereq/internal/checklisttest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/kakao")

// TestKakaoGolden builds the shipped Kakao Sync guide for several services
// (testdata/kakao/*.toml) and compares checklist.json and checklist.md with
// the golden files beside them: which steps each service gets, and why the
// others are skipped. go test ./internal/build -run TestKakaoGolden -update
// rewrites them.
func TestKakaoGolden(t *testing.T) {
	sites, err := filepath.Glob("testdata/kakao/*.toml")
	if err != nil || len(sites) == 0 {
		t.Fatal("no site files in testdata/kakao", err)
	}
	for _, site := range sites {
		name := strings.TrimSuffix(filepath.Base(site), ".toml")
		t.Run(name, func(t *testing.T) {
			in, errs := build.Load(build.Options{SiteDir: "../..", SiteFile: site})
			if errs != nil {
				t.Fatal(errs)
			}
			out, err := build.RenderOnly(in, false, "checklist.json", "checklist.md")
			if err != nil {
				t.Fatal(err)
			}
			checklisttest.Check(t, "checklist.json", out["checklist.json"])
			for _, file := range []string{"checklist.json", "checklist.md"} {
				golden := filepath.Join("testdata", "kakao", name+"."+strings.TrimPrefix(filepath.Ext(file), ".")+".golden")
				if *update {
					if err := os.WriteFile(golden, out[file], 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(out[file], want) {
					t.Errorf("%s differs from %s (run with -update and review the diff):\n%s", file, golden, out[file])
				}
			}
		})
	}
}

// TestKakaoQuestions: a generated reason quotes a fact's question ("you
// answered No to '…?'"), so every question of the shipped guide is one, in
// every language it is written in.
func TestKakaoQuestions(t *testing.T) {
	in, errs := build.Load(build.Options{SiteDir: "../.."})
	if errs != nil {
		t.Fatal(errs)
	}
	g := in.Guide
	for _, lang := range append([]string{g.Language}, g.Languages()...) {
		for _, d := range g.Schema.Facts {
			if q := g.Question(d.Name, lang); !strings.HasSuffix(q, "?") {
				t.Errorf("%s question of %s does not end with '?': %q", lang, d.Name, q)
			}
		}
	}
}

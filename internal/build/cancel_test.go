package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"prereq/internal/corpus"
	"prereq/internal/diag"
)

// TestCancelled runs every command with a context that is done: each
// returns the one "interrupted" error, and the output folder is as it was.
// The render stops too when the context ends after the load.
func TestCancelled(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, corpus.Options{Steps: 40, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "many", "content"), os.DirFS(filepath.Join(dir, "content"))); err != nil {
		t.Fatal(err)
	}
	site, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a", "b"} {
		if err := os.WriteFile(filepath.Join(dir, "many", p+".toml"), site, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "public")
	one := Options{SiteDir: dir, OutDir: out}
	many := Options{SiteDir: filepath.Join(dir, "many"), SiteFile: filepath.Join(dir, "many"), OutDir: out}
	if errs := Build(t.Context(), one); errs != nil {
		t.Fatal(errs)
	}
	before, err := corpus.ReadTree(out)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, o := range []Options{one, many} {
		interrupted := func(what string, errs diag.List, want string) {
			t.Helper()
			if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) || errs[0].Error() != want {
				t.Errorf("%s, %s: %v; want the one error %q", what, o.SiteFile, errs, want)
			}
		}
		interrupted("build", Build(ctx, o), "interrupted (context canceled): "+out+" is as it was")
		interrupted("check", Check(ctx, o), "interrupted (context canceled)")
		text, errs := Explain(ctx, o)
		interrupted("explain", errs, "interrupted (context canceled)")
		if text != nil {
			t.Errorf("explain, %s: printed %d bytes", o.SiteFile, len(text))
		}
		in, errs := Load(o)
		if errs != nil {
			t.Fatal(errs)
		}
		if files, err := renderContext(ctx, in, true); !errors.Is(err, context.Canceled) || files != nil {
			t.Errorf("render, %s: %d files, %v; want context.Canceled", o.SiteFile, len(files), err)
		}
	}
	after, err := corpus.ReadTree(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("the output has %d files, had %d", len(after), len(before))
	}
	for name, data := range before {
		if string(after[name]) != string(data) {
			t.Errorf("%s changed", name)
		}
	}
}

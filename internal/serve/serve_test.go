package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"prereq/internal/build"
)

// TestRun runs the preview as prereq serve does: it prints the URL, serves,
// and returns nil when its context ends, closing open event streams.
func TestRun(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, log syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Build: build.Options{SiteDir: dir}, Addr: "127.0.0.1:0", Stdout: &stdout, Log: &log})
	}()
	urlRE := regexp.MustCompile(`^prereq serve: (http://127\.0\.0\.1:[0-9]+/)\n$`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == ""; time.Sleep(5 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no URL printed; stdout %q, log %q", stdout.String(), log.String())
		}
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `data-step="platforms"`) {
		t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, b)
	}
	stream, err := http.Get(url + "_prereq/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if _, err := io.ReadAll(stream.Body); err != nil {
		t.Errorf("event stream after shutdown: %v", err)
	}
	if !strings.Contains(log.String(), "prereq serve: built in ") {
		t.Errorf("log %q", log.String())
	}
}

func TestStartErrors(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dir := newSite(t, smallSite)
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"no site folder", Options{Build: build.Options{SiteDir: filepath.Join(dir, "missing")}}, "no such file or directory"},
		{"address in use", Options{Build: build.Options{SiteDir: dir}, Addr: busy.Addr().String()}, "address already in use"},
		{"bad address", Options{Build: build.Options{SiteDir: dir}, Addr: "127.0.0.1:http-alt-x"}, "unknown port"},
		{"many site files", Options{Build: build.Options{SiteDir: dir, SiteFile: filepath.Join(dir, "partners/*.toml")}}, "serve previews one site file"},
		{"site folder as site file", Options{Build: build.Options{SiteDir: dir, SiteFile: dir}}, "serve previews one site file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Start(context.Background(), tt.o)
			if err == nil {
				s.Wait()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Start = %v, want %q in it", err, tt.want)
			}
		})
	}
}

// TestSiteFileElsewhere serves a site file outside the site folder, with
// messages naming it as given, and one in a folder that does not exist.
func TestSiteFileElsewhere(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	other := t.TempDir()
	writeFiles(t, other, map[string]string{"acme.toml": "[service]\nname = \"Elsewhere Shop\"\n"})
	site := filepath.Join(other, "acme.toml")
	ctx, cancel := context.WithCancel(context.Background())
	rec := &recorder{wake: make(chan struct{}, 1)}
	s, err := start(ctx, Options{Build: build.Options{SiteDir: dir, SiteFile: site}, Addr: "127.0.0.1:0"}, hooks{published: rec.add})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); s.Wait() }()
	ts := &testServer{Server: s, rec: rec}
	first := ts.snap.Load()
	if len(first.errs) == 0 || !strings.HasPrefix(first.errs[0].Text, site+":") {
		t.Fatalf("first build: %s", describe([]*snapshot{first}))
	}
	n := rec.count()
	renameSave("acme.toml", "[service]\nname = \"Elsewhere Shop\"\n[facts]\nhas_channel = false\n")(t, other)
	ts.waitFor(t, n, "with the site file fixed", func(s *snapshot) bool {
		return len(s.errs) == 0 && strings.Contains(page(s), "Elsewhere Shop")
	})

	missing := filepath.Join(other, "none", "site.toml")
	s2, err := Start(ctx, Options{Build: build.Options{SiteDir: dir, SiteFile: missing}, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	if errs := s2.snap.Load().errs; len(errs) != 1 || !strings.HasPrefix(errs[0].Text, missing+": no site file") {
		t.Errorf("errors with a missing site file: %v", errs)
	}
}

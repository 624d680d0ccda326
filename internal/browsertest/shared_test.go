package browsertest

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSharedTabs opens tabs of the package's shared browser in two tests:
// one browser process, and what the first test stored, over HTTP and in a
// file:// page, is gone for the second.
func TestSharedTabs(t *testing.T) {
	t.Parallel()
	s := &shared
	base := ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><title>s</title></head><body><p>s</p></body></html>`))
	}))
	file := filepath.Join(t.TempDir(), "s.html")
	if err := os.WriteFile(file, []byte(`<!DOCTYPE html><html lang="en"><head><title>s</title></head><body><p>s</p></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	var first *chromedp.Browser
	for _, test := range []string{"first", "second"} {
		t.Run(test, func(t *testing.T) {
			a := s.Tab(t)
			if first == nil {
				if b := s.Tab(t); chromedp.FromContext(a).Browser != chromedp.FromContext(b).Browser {
					t.Error("two tabs of a Shared run in two browsers")
				}
				first = chromedp.FromContext(a).Browser
			} else if chromedp.FromContext(a).Browser != first {
				t.Error("the second test runs in another browser")
			}
			for _, url := range []string{base + "/", FileURL(file)} {
				Open(t, a, url)
				got, err := chromedp.Run(a, chromedp.Evaluate[*string](`localStorage.getItem("k")`))
				if err != nil {
					t.Fatal(err)
				}
				if got != nil {
					t.Errorf("%s: %s sees what another test stored: %q", test, url, *got)
				}
				if _, err := chromedp.Run(a, chromedp.Evaluate[chromedp.Void](`localStorage.setItem("k", "from `+test+`")`)); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestNoIdlePages checks that a browser runs no pages of its own beside the
// test's tabs: no WebUI popups of the address bar ([idleFeatures]), nor any
// other page of Chromium's own user interface. It checks too that a page
// left behind is not kept in the back/forward cache
// ([navigationFeatures]): going back loads it again.
func TestNoIdlePages(t *testing.T) {
	dir := t.TempDir()
	// The title says how the page was last shown: "persisted" when it came
	// back from the cache.
	const shown = `<script>addEventListener("pageshow", e => document.title = e.persisted ? "persisted" : "loaded");</script>`
	for name, body := range map[string]string{"a.html": shown + `<a href="b.html">b</a>`, "b.html": "b"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(`<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>`+body+`</body></html>`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Parallel()
	ctx := shared.Tab(t)
	base := Serve(t, dir)
	tab := NewTab(t, ctx)
	Open(t, tab, base+"/a.html")
	Open(t, tab, base+"/b.html")
	// A page that comes back from the cache fires no load event, for which
	// NavigateBack waits.
	back, cancel := context.WithTimeout(tab, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(back, chromedp.NavigateBack()); err != nil {
		t.Fatalf("going back did not load the page again (it came from the back/forward cache?): %v", err)
	}
	if title, err := chromedp.Run(tab, chromedp.Title()); err != nil || title != "loaded" {
		t.Errorf("title of the page gone back to = %q, %v; want %q (not from the back/forward cache)", title, err, "loaded")
	}

	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		if tg.Type != "page" && tg.Type != "service_worker" && tg.Type != "worker" {
			t.Errorf("the browser runs a %s target beside the tabs: %s (%s)", tg.Type, tg.URL, tg.Title)
		}
	}
}

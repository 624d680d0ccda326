package browsertest

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

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
// other page of Chromium's own user interface.
func TestNoIdlePages(t *testing.T) {
	t.Parallel()
	ctx := shared.Tab(t)
	Open(t, NewTab(t, ctx), "about:blank")
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

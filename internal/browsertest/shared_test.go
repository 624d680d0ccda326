package browsertest

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSharedTabs opens two tabs of one shared browser: one browser
// process, and no localStorage seen across the tabs.
func TestSharedTabs(t *testing.T) {
	var s Shared
	t.Cleanup(s.Close)
	base := ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><title>s</title></head><body><p>s</p></body></html>`))
	}))
	a, b := s.Tab(t), s.Tab(t)
	if chromedp.FromContext(a).Browser != chromedp.FromContext(b).Browser {
		t.Error("two tabs of a Shared run in two browsers")
	}
	Open(t, a, base+"/")
	if _, err := chromedp.Run(a, chromedp.Evaluate[chromedp.Void](`localStorage.setItem("k", "from a")`)); err != nil {
		t.Fatal(err)
	}
	Open(t, b, base+"/")
	got, err := chromedp.Run(b, chromedp.Evaluate[*string](`localStorage.getItem("k")`))
	if err != nil {
		t.Fatal(err)
	}
	if got != nil {
		t.Errorf("tab b sees tab a's localStorage: %q", *got)
	}
	again, err := chromedp.Run(a, chromedp.Evaluate[string](`localStorage.getItem("k")`))
	if err != nil || again != "from a" {
		t.Errorf("tab a's localStorage = %q, %v", again, err)
	}
}

package serve

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestVariantBudget asks for many pages with other facts, across several
// snapshots: the pages kept never hold more bytes than the budget, the
// latest are kept, and a page asked for again is not rendered again.
func TestVariantBudget(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	size := int64(len(ts.snap.Load().out["index.html"]))
	budget := 4*size + 4*variantCost
	ts.variants.budget = budget // before any request
	check := func(after string) {
		t.Helper()
		if size, n := ts.variants.kept(); size > budget || n == 0 {
			t.Fatalf("after %s: %d variants kept, %d bytes, budget %d", after, n, size, budget)
		}
	}
	for i := range 60 {
		if i%20 == 19 { // a new snapshot now and then
			n := ts.rec.count()
			write("content/02-channel/02-connect.md", fmt.Sprintf("+++\ntitle = \"Connect the channel\"\n+++\nEdit %d.\n", i))(t, dir)
			ts.waitFor(t, n, "with the edit", func(s *snapshot) bool { return strings.Contains(page(s), fmt.Sprintf("Edit %d.", i)) })
		}
		target := fmt.Sprintf("/?seats=%d", i)
		if r := get(t, ts.Server, target); r.StatusCode != http.StatusOK || !strings.Contains(body(t, r), fmt.Sprintf(`value="%d"`, i)) {
			t.Fatalf("GET %s: %d", target, r.StatusCode)
		}
		check(target)
	}
	ts.variants.mu.Lock()
	renders := ts.variants.renders
	ts.variants.mu.Unlock()
	get(t, ts.Server, "/?seats=59")
	ts.variants.mu.Lock()
	if ts.variants.renders != renders {
		t.Error("the page asked for last was rendered again")
	}
	ts.variants.mu.Unlock()
	// A page larger than the budget is served, and not kept.
	ts.variants.budget = 10
	budget = 10
	if r := get(t, ts.Server, "/?seats=1000"); r.StatusCode != http.StatusOK {
		t.Fatalf("GET with a budget smaller than a page: %d", r.StatusCode)
	}
	if _, n := ts.variants.kept(); n > 4 {
		t.Errorf("%d variants kept", n)
	}
}

// TestVariantOnce asks for one page with other facts from many requests at
// once: it is rendered once.
func TestVariantOnce(t *testing.T) {
	t.Parallel()
	ts := startServer(t, newSite(t, smallSite), nil)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			resp, err := http.Get(ts.base + "/?plan=pro&seats=3")
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		})
	}
	wg.Wait()
	ts.variants.mu.Lock()
	defer ts.variants.mu.Unlock()
	if ts.variants.renders != 1 {
		t.Errorf("%d renders for one page asked for 16 times", ts.variants.renders)
	}
}

package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// A Shared is one headless Chromium for every test of a package, started
// when a test first asks for a tab and stopped when the tests end. Starting
// Chromium takes a second or more, and much more on a busy machine; a tab in
// a running browser takes a few milliseconds. Declare one per package and
// run the tests through it:
//
//	var browser browsertest.Shared
//
//	func TestMain(m *testing.M) { os.Exit(browser.Run(m)) }
//
// What a test's tab stored (localStorage and every other kind of site data
// of the origins it visited, file:// included) is cleared when the test
// ends, so no test sees what another left. (A browser context per test, as
// an incognito window is, would isolate them too, but its in-memory
// localStorage can lose a write to a page reloaded at once.) Use [NewTab]
// for more tabs, and [NoScript] for one without JavaScript.
type Shared struct {
	mu      sync.Mutex
	ctx     context.Context // the browser's first tab; nil until started
	stop    func()
	exe     string
	dataDir string
	out     *tailBuffer
}

// Run runs the tests, then stops the browser if one was started. It returns
// m.Run's exit code.
func (s *Shared) Run(m *testing.M) int {
	code := m.Run()
	s.Close()
	return code
}

// Close stops the browser, if one runs; a later Tab starts another. A
// TestMain that runs the tests otherwise calls it after them.
func (s *Shared) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.close()
}

// Tab returns the context of a new tab of the shared browser, ready for
// chromedp.Run and chromedp.Do. It starts the browser first when none runs
// (or the last one died). The tab closes when the test ends, and at the
// latest after [Timeout]; then the data of the origins it visited is
// cleared.
//
// Without Chromium the test is skipped, or fails when CI is "true".
func (s *Shared) Tab(t testing.TB) context.Context {
	t.Helper()
	exe := findChromium(t)
	browser, out := s.browser(t, exe)

	deadline := time.Now().Add(Timeout)
	if td, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if d, ok := td.Deadline(); ok {
			if d = d.Add(-5 * time.Second); d.Before(deadline) {
				deadline = d
			}
		}
	}
	bounded, cancelDeadline := context.WithDeadline(browser, deadline)
	tab, cancelTab := chromedp.NewContext(bounded)
	var mu sync.Mutex
	origins := map[string]bool{"file://": true}
	t.Cleanup(func() {
		cancelTab() // closes the tab
		cancelDeadline()
		mu.Lock()
		defer mu.Unlock()
		s.clear(t, origins)
		if t.Failed() {
			if log := out.log(); log != "" {
				t.Logf("browsertest: output of %s (the end):\n%s", exe, log)
			}
		}
	})
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("browsertest: opening a tab: %v\n%s", err, out.log())
	}
	err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*cdppage.EventFrameNavigated); ok {
			if u, err := url.Parse(e.Frame.URL); err == nil && u.Scheme != "" && u.Scheme != "about" && u.Scheme != "data" && u.Host != "" {
				mu.Lock()
				origins[u.Scheme+"://"+u.Host] = true
				mu.Unlock()
			}
		}
	})
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return tab
}

// clear removes the data the browser keeps for the origins: localStorage,
// cookies, caches and every other kind.
func (s *Shared) clear(t testing.TB, origins map[string]bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil || s.ctx.Err() != nil {
		return // the browser is gone, and its data with it
	}
	err := chromedp.Do(s.ctx, func(ctx context.Context, tgt *chromedp.Target) (chromedp.Void, error) {
		for o := range origins {
			if _, err := cdp.Call(ctx, tgt, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: o, StorageTypes: "all"}); err != nil {
				return chromedp.Void{}, fmt.Errorf("clearing the data of %s: %w", o, err)
			}
		}
		return chromedp.Void{}, nil
	})
	if err != nil {
		t.Errorf("browsertest: %v", err)
	}
}

// browser returns the context of the running browser's first tab, starting
// the browser if none runs.
func (s *Shared) browser(t testing.TB, exe string) (context.Context, *tailBuffer) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx != nil && s.ctx.Err() == nil && s.exe == exe {
		return s.ctx, s.out
	}
	s.close()
	dataDir, err := os.MkdirTemp("", "prereq-browsertest-")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	out := &tailBuffer{max: 64 << 10}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(exe, dataDir, out)...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelTab()   // kills the browser and waits until it exits
		cancelAlloc() // waits for the output copier
		killLeftovers(dataDir)
		os.RemoveAll(dataDir)
	}
	// Run with no action starts the browser and attaches to its first tab.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		t.Fatalf("browsertest: starting %s: %v\n%s", exe, err, out.log())
	}
	s.ctx, s.stop, s.exe, s.dataDir, s.out = ctx, stop, exe, dataDir, out
	return ctx, out
}

// close stops the browser, if one runs. s.mu is held.
func (s *Shared) close() {
	if s.stop != nil {
		s.stop()
	}
	s.ctx, s.stop = nil, nil
}

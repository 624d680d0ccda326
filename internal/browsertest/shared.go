package browsertest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

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
// Each [Shared.Tab] opens in a browser context of its own, as a new
// incognito window does: tabs share no cookies, localStorage or cache, so no
// test sees what another left. Use [NewTab] for more tabs in the same
// context, and [NoScript] for one without JavaScript.
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

// Tab returns the context of a new tab of the shared browser, in a browser
// context of its own, ready for chromedp.Run and chromedp.Do. It starts the
// browser first when none runs (or the last one died). The tab closes when
// the test ends, and at the latest after [Timeout].
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
	tab, cancelTab := chromedp.NewContext(bounded, chromedp.WithNewBrowserContext())
	t.Cleanup(func() {
		cancelTab() // closes the tab and disposes of its browser context
		cancelDeadline()
		if t.Failed() {
			if log := out.log(); log != "" {
				t.Logf("browsertest: output of %s (the end):\n%s", exe, log)
			}
		}
	})
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("browsertest: opening a tab: %v\n%s", err, out.log())
	}
	return tab
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

package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Timeout bounds the life of each browser that [Browser] starts, so that a
// test that waits for something that never comes fails instead of hanging.
// When the test has a deadline (go test -timeout) that comes sooner, the
// browser stops a few seconds before it. Change Timeout before a test calls
// Browser, for example in TestMain, and not while tests run.
var Timeout = 2 * time.Minute

// chromiumNames are the programs that findChromium looks for in PATH, in
// order. Both are Debian packages built from one Chromium source, with one
// Blink and one V8: chromium-headless-shell is Chromium's headless shell
// (the "old headless" mode, without the browser's user interface), and
// chromium is the browser readers use, here in its headless mode. The
// shell comes first because it is quicker: internal/render's browser
// tests took 33-34 s of CPU in it and 44-48 s in chromium, and `go test
// ./...` 45.6 s (84 s of CPU) against 61.3 s (113 s), back to back on two
// cores, every test passing in both. About 50 ms of every page load in
// chromium is the browser's own main thread, whatever the page. .ci/run
// installs both, runs the suite, and runs the packages with browser tests
// again with PREREQ_CHROMIUM=chromium, so that what a reader sees is also
// checked in the browser itself.
var chromiumNames = []string{"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findChromium returns the path of the browser. The environment variable
// PREREQ_CHROMIUM wins; a value that names no program fails the test.
func findChromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("PREREQ_CHROMIUM"); p != "" {
		full, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("browsertest: PREREQ_CHROMIUM=%q: %v", p, err)
		}
		return full
	}
	for _, name := range chromiumNames {
		if full, err := exec.LookPath(name); err == nil {
			return full
		}
	}
	missing(t, "browsertest: no Chromium found (looked for PREREQ_CHROMIUM and for %v in PATH)", chromiumNames)
	return ""
}

// idleFeatures are Chromium features that cost CPU in a headless browser and
// do nothing for a test. Headless Chromium opens every tab in a window of
// its own, and builds for each window the address bar's popups as WebUI pages
// (chrome://omnibox-popup.top-chrome), in a renderer that kept running: 4–6 s
// of CPU in a browser that loaded four pages, more than the pages took. An
// axe-core run on the Kakao checklist took 2.5–3 s of CPU beside them, and
// 1.0–1.3 s without them. With them off, `go test ./...` went from 117 s to
// 96 s on two cores, and the whole machine's CPU from 229 s to 187 s.
// TestNoIdlePages fails when a Chromium opens them again, for example after
// the features are renamed.
var idleFeatures = []string{
	"WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup", "PreloadTopChromeWebUI",
}

// navigationFeatures are Chromium features that make each page load cost
// more CPU and that no test uses: the back/forward cache, which keeps the
// page left behind alive in case the reader goes back, and RenderDocument,
// which gives every new document a new frame host in the browser and the
// renderer. With both on, a load of a one-line page over HTTP took 0.11 s
// of CPU across Chromium's processes (30 loads in a tab: 3.4-3.7 s), and
// 0.07-0.09 s with them off (2.1-2.8 s); internal/render's tests took 53 s
// of CPU instead of 56 s. No test goes back in history but
// TestNoIdlePages, which checks that the cache is off.
var navigationFeatures = []string{"BackForwardCache", "RenderDocument"}

// allocatorOptions returns the options of the browser process. The machines
// that run the tests have no network, so every flag that makes Chromium call
// home is on, and [idleFeatures] and [navigationFeatures] are off.
//
// Every tab runs in one renderer process: Chromium starts a renderer for
// each tab and each site a tab goes to (site isolation), which costs about
// 0.3 s of CPU, and each renderer compiles axe-core anew for its first run
// (about 0.4 s), where one renderer compiles it once for every tab. With one
// renderer, internal/render's tests took 63 s of CPU instead of 84 s, and
// this package's browser tests 5.3 s instead of 9.7 s. A page's script then
// shares the renderer's main thread with the other tabs' scripts, which only
// makes a test wait longer for what it waits for.
func allocatorOptions(exe, dataDir string, out *tailBuffer) []chromedp.ExecAllocatorOption {
	disabled := append([]string{"Translate", "BlinkGenPropertyTrees", "OptimizationHints", "MediaRouter", "DialMediaRouteProvider", "AutofillServerCommunication", "CertificateTransparencyComponentUpdater"}, idleFeatures...)
	disabled = append(disabled, navigationFeatures...)
	return append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dataDir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("renderer-process-limit", "1"),
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", strings.Join(disabled, ",")),
		chromedp.CombinedOutput(out),
	)
}

// Browser starts a headless Chromium for the test and returns the context of
// its first tab, ready for chromedp.Run and chromedp.Do. Each call starts its
// own browser with a fresh profile in t.TempDir(); use [NewTab] for more tabs
// of the same browser. The browser stops when the test ends, and at the
// latest after [Timeout].
//
// Without Chromium the test is skipped, or fails when CI is "true".
func Browser(t testing.TB) context.Context {
	t.Helper()
	exe := findChromium(t)
	dataDir := t.TempDir()
	out := &tailBuffer{max: 64 << 10}

	deadline := time.Now().Add(Timeout)
	if td, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if d, ok := td.Deadline(); ok {
			if d = d.Add(-5 * time.Second); d.Before(deadline) {
				deadline = d
			}
		}
	}
	base, cancelBase := context.WithDeadline(context.Background(), deadline)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(base, allocatorOptions(exe, dataDir, out)...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)

	// t.TempDir registered its cleanup first, so it runs after this one,
	// when no process writes in the profile any more.
	t.Cleanup(func() {
		cancelTab()   // kills the browser and waits until it exits
		cancelAlloc() // waits for the output copier
		cancelBase()
		killLeftovers(dataDir)
		if t.Failed() {
			if log := out.log(); log != "" {
				t.Logf("browsertest: output of %s (the end):\n%s", exe, log)
			}
		}
	})

	// Run with no action starts the browser and attaches to its first tab.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: starting %s: %v\n%s", exe, err, out.log())
	}
	return ctx
}

// NewTab opens a new tab in the browser of ctx, a context that [Browser]
// returned or one derived from it, and returns the context of the tab. The
// tab closes when the test ends.
func NewTab(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	return tab
}

// NoScript opens a new tab, as [NewTab] does, with JavaScript switched off for
// every page that the tab loads, as for a reader who has turned JavaScript
// off. <noscript> elements render in it.
func NoScript(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	tab := NewTab(t, ctx)
	if err := chromedp.Do(tab, DisableScripts()); err != nil {
		t.Fatalf("browsertest: switching JavaScript off: %v", err)
	}
	return tab
}

// noScriptTargets holds the tabs (*chromedp.Target) where [DisableScripts]
// switched JavaScript off, so that [Axe] can switch it on while it runs.
var noScriptTargets sync.Map

// DisableScripts returns an action that switches JavaScript off in the tab,
// for the page that is open and for the pages that the tab loads after it.
// Page scripts that were skipped do not run later. chromedp's own actions,
// such as chromedp.Evaluate, still work.
func DisableScripts() chromedp.Action[chromedp.Void] {
	return setScripts(false)
}

// EnableScripts returns an action that switches JavaScript back on in a tab
// where [DisableScripts] switched it off.
func EnableScripts() chromedp.Action[chromedp.Void] {
	return setScripts(true)
}

func setScripts(on bool) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("switching JavaScript on=%v: %w", on, err)
		}
		if on {
			noScriptTargets.Delete(t)
		} else {
			noScriptTargets.Store(t, true)
		}
		return chromedp.Void{}, nil
	}
}

// scriptsDisabled reports whether DisableScripts switched JavaScript off in
// the tab of ctx.
func scriptsDisabled(ctx context.Context) bool {
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		return false
	}
	_, ok := noScriptTargets.Load(c.Target)
	return ok
}

// Open loads url in the tab of ctx and waits for its load event. It fails
// the test when the page does not load.
func Open(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("browsertest: opening %s: %v", url, err)
	}
}

// killLeftovers kills the processes that still run with the profile dataDir,
// such as a crash handler that outlives the browser, so that the profile can
// be removed. Chromium passes --user-data-dir to every child, so their command
// lines find them. It looks until it finds none a few times in a row.
func killLeftovers(dataDir string) {
	want := []byte("--user-data-dir=" + dataDir + "\x00")
	deadline := time.Now().Add(2 * time.Second)
	for quiet := 0; quiet < 3 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if killUsing(want) == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
}

// killUsing kills the processes whose command line holds want, and returns
// how many it found. It finds none where there is no /proc.
func killUsing(want []byte) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(append(cmdline, 0), want) {
			continue
		}
		if p, err := os.FindProcess(pid); err == nil && p.Signal(syscall.SIGKILL) == nil {
			n++
		}
	}
	return n
}

// tailBuffer keeps the last max bytes written to it. It is safe for use by
// several goroutines.
type tailBuffer struct {
	max int

	mu  sync.Mutex
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = slices.Delete(b.buf, 0, over)
	}
	return len(p), nil
}

// log returns the lines that were written, less the noise of a machine
// without a D-Bus daemon.
func (b *tailBuffer) log() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var keep []string
	for line := range strings.Lines(string(b.buf)) {
		if !strings.Contains(line, ":ERROR:dbus/") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}

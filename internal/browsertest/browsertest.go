// Package browsertest holds the helpers of prereq's browser tests: a headless
// Chromium driven through chromedp, the W3C Nu HTML checker (vnu.jar) and the
// axe-core accessibility checker.
//
// Import it from _test.go files only. Each helper needs an outside tool:
//
//   - [Browser], [Shared], [NewTab], [NoScript] and [Axe] need Chromium. The
//     helpers look at the environment variable PREREQ_CHROMIUM first, and
//     then for chromium-headless-shell, chromium, chromium-browser,
//     google-chrome and google-chrome-stable in PATH: Debian's packages
//     chromium-headless-shell and chromium install the first two, the
//     quicker headless shell and the browser readers use. A package with
//     several browser tests shares one browser ([Shared]), each test in a
//     tab and browser context of its own.
//   - [Validate] and [ValidateFiles] need java and the npm package vnu-jar.
//   - [Axe] needs the npm package axe-core.
//   - [Node] needs Node.js: node in PATH (Debian's package nodejs), which
//     .ci/run installs for npm.
//
// The npm packages live in tools/browser/node_modules of the repository; the
// lockfile tools/browser/package-lock.json pins them, and .ci/run installs them
// with npm ci. The helpers find the repository root by walking up from the
// working directory to go.mod.
//
// A missing tool skips the test, unless the environment variable CI is "true":
// then it fails the test, so that CI cannot pass without running the browser
// tests. A tool that is there but does not work always fails the test.
package browsertest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// inCI reports whether the tests run in CI, where a missing tool is an error.
func inCI() bool {
	return os.Getenv("CI") == "true"
}

// missing skips the test because a tool is not installed, or fails it in CI.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("%s (CI=true, so a missing tool is an error; .ci/run installs it)", msg)
	}
	t.Skipf("%s; skipping (run .ci/run to install it)", msg)
}

var (
	rootOnce sync.Once
	rootDir  string
	rootErr  error
)

// RepoRoot returns the root of the repository: the nearest folder at or above
// the working directory that holds go.mod. It fails the test when there is
// none.
func RepoRoot(t testing.TB) string {
	t.Helper()
	rootOnce.Do(func() {
		rootDir, rootErr = findRoot()
	})
	if rootErr != nil {
		t.Fatalf("browsertest: %v", rootErr)
	}
	return rootDir
}

func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("finding the repository root: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("finding the repository root: no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// toolPath returns the path of a file that npm installs in
// tools/browser/node_modules, such as "vnu-jar/build/dist/vnu.jar". It skips
// or fails the test, by the rule of the package, when the file is missing.
func toolPath(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(RepoRoot(t), "tools", "browser", "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		missing(t, "browsertest: %s not found (npm ci --prefix tools/browser installs it)", p)
	}
	return p
}

// FileURL returns the file:// URL of the file at path. A relative path is
// taken from the working directory.
func FileURL(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// Serve serves the folder dir over HTTP on the loopback interface until the
// test ends, and returns the base URL of the server, without a slash at the
// end, such as "http://127.0.0.1:41234".
func Serve(t testing.TB, dir string) string {
	t.Helper()
	return ServeHandler(t, http.FileServer(http.Dir(dir)))
}

// ServeHandler serves h over HTTP on the loopback interface until the test
// ends, and returns the base URL of the server.
func ServeHandler(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// nodeTimeout bounds one run of Node.js.
const nodeTimeout = 2 * time.Minute

// Node runs the JavaScript program src with Node.js, stdin as its standard
// input, and returns what it writes on its standard output. A program that
// throws, exits with another status than 0 or writes on its standard error
// fails the test. Node.js starts in a few tens of milliseconds, a browser in
// seconds: run a page's plain JavaScript here when the test needs no page.
// There is no window or document; a script that wants them gets stand-ins
// from src.
//
// Without node the test is skipped, or fails when CI is "true".
func Node(t testing.TB, src string, stdin []byte) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "browsertest: node not found in PATH (Debian: apt-get install nodejs)")
	}
	file := filepath.Join(t.TempDir(), "program.js")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, file)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("browsertest: running %s with node: %v\n%s", file, err, stderr.Bytes())
	}
	return stdout.Bytes()
}

package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"
)

// vnuJar is the path of the Nu HTML checker inside tools/browser/node_modules.
const vnuJar = "vnu-jar/build/dist/vnu.jar"

// javaOptions make the checker's short run cheaper: the Java VM compiles
// with its quick compiler only and collects garbage on one thread, which
// halves the CPU time of a run. The quick compiler's frames are larger, so
// the checker's deep recursion needs a larger stack than the default. The
// VM keeps no performance counters in a file, and writes its own warnings
// on standard error, not among the checker's JSON on standard output.
var javaOptions = []string{
	"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m",
	"-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr",
}

// vnuTimeout bounds one run of the checker.
const vnuTimeout = 2 * time.Minute

// vnuMessage is one message of the JSON output of vnu.jar.
type vnuMessage struct {
	Type        string `json:"type"`    // error, info or non-document-error
	SubType     string `json:"subType"` // fatal, warning, io, ...
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	Message     string `json:"message"`
}

func (m vnuMessage) line() int {
	if m.FirstLine > 0 {
		return m.FirstLine
	}
	return m.LastLine
}

func (m vnuMessage) String() string {
	return fmt.Sprintf("%d:%d: %s", m.line(), m.FirstColumn, m.Message)
}

// Validate checks the HTML document html with the W3C Nu HTML checker and
// returns its errors, each as "line:col: message", in the order of their
// place in the document. A valid document gives none. Warnings are not
// reported.
//
// Each call starts a Java VM, which takes a second or two; check many files
// with one call of [ValidateFiles]. Validate is ValidateFiles of one file
// that holds html.
//
// Without java or vnu.jar the test is skipped, or fails when CI is "true".
func Validate(t testing.TB, html []byte) []string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "document.html")
	if err := os.WriteFile(file, html, 0o644); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return ValidateFiles(t, file)[file]
}

// ValidateFiles checks the HTML files with one run of the Nu HTML checker, as
// [Validate] does, and returns the errors of each file that has any, under
// the path that the caller gave. The checker takes a file's type from its
// name, so give .html files. A file that does not exist fails the test.
func ValidateFiles(t testing.TB, paths ...string) map[string][]string {
	t.Helper()
	res := map[string][]string{}
	if len(paths) == 0 {
		return res
	}
	byAbs := map[string]string{}
	args := make([]string, 0, len(paths))
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatalf("browsertest: %v", err)
		}
		if _, err := os.Stat(abs); err != nil {
			// vnu.jar skips a missing file without a word.
			t.Fatalf("browsertest: validating: %v", err)
		}
		byAbs[abs] = p
		args = append(args, abs)
	}
	for _, m := range runVNU(t, args...) {
		u, err := url.Parse(m.URL)
		if err != nil || u.Scheme != "file" {
			t.Fatalf("browsertest: vnu.jar reported an unknown document %q: %s", m.URL, m)
		}
		p, ok := byAbs[filepath.FromSlash(u.Path)]
		if !ok {
			t.Fatalf("browsertest: vnu.jar reported an unknown document %q: %s", m.URL, m)
		}
		res[p] = append(res[p], m.String())
	}
	return res
}

// runVNU runs vnu.jar on the documents args, and returns its error
// messages, sorted by document and place. A message about the checker
// itself, not about a document, fails the test.
func runVNU(t testing.TB, args ...string) []vnuMessage {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		missing(t, "browsertest: java not found in PATH (Debian: apt-get install default-jre-headless)")
	}
	jar := toolPath(t, vnuJar)

	ctx, cancel := context.WithTimeout(context.Background(), vnuTimeout)
	defer cancel()
	vnuArgs := append([]string{"-jar", jar,
		"--errors-only", "--format", "json", "--stdout", "--exit-zero-always", "--no-langdetect",
	}, args...)
	errorFile := filepath.Join(t.TempDir(), "hs_err_pid%p.log") // a crashed VM's report, not in the package's folder
	cds := newClassArchive(java, jar)
	stdout, stderr, err := runJava(ctx, java, errorFile, cds.options(), vnuArgs)
	if err != nil && cds.reused() {
		// A VM that cannot use the archive runs without it, but one that
		// maps a damaged archive can crash: remove it, and run again.
		cds.remove()
		stdout, stderr, err = runJava(ctx, java, errorFile, nil, vnuArgs)
	}
	if err != nil {
		cds.discard()
		t.Fatalf("browsertest: running vnu.jar: %v\n%s%s", err, stdout, stderr)
	}
	cds.keep()
	var report struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stdout, &report); err != nil {
		t.Fatalf("browsertest: reading the output of vnu.jar: %v\n%s%s", err, stdout, stderr)
	}
	var msgs []vnuMessage
	for _, m := range report.Messages {
		switch m.Type {
		case "error":
			msgs = append(msgs, m)
		case "non-document-error":
			t.Fatalf("browsertest: vnu.jar: %s %s: %s", m.SubType, m.URL, m.Message)
		}
	}
	sort.SliceStable(msgs, func(i, j int) bool {
		a, b := msgs[i], msgs[j]
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		if a.line() != b.line() {
			return a.line() < b.line()
		}
		return a.FirstColumn < b.FirstColumn
	})
	return msgs
}

// runJava runs the Java VM java with [javaOptions], the options extra and
// then args, and returns what it wrote on its standard output and error.
// errorFile is where a VM that crashes writes its report.
func runJava(ctx context.Context, java, errorFile string, extra, args []string) (stdout, stderr []byte, err error) {
	cmdArgs := append(slices.Clone(javaOptions), "-XX:ErrorFile="+errorFile)
	cmdArgs = append(append(cmdArgs, extra...), args...)
	cmd := exec.CommandContext(ctx, java, cmdArgs...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.Bytes(), errOut.Bytes(), err
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
)

// TestInterrupted sends SIGINT or SIGTERM to prereq build, check and
// explain while they read a guide that takes seconds to load: each stops,
// says so, exits with 130, prints nothing on stdout, and leaves the previous
// output as it was. The signal is sent as soon as the process opens the
// guide's content folder (inotify says when), so it is past starting up and
// far from done; and the output's lock is held meanwhile, so that a build
// cannot replace the output before the signal lands, however slowly it does.
func TestInterrupted(t *testing.T) {
	site := t.TempDir()
	if err := writeSlowGuide(site); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(site, "public")
	old := map[string]string{"index.html": "old page", "checklist.json": "{}", build.MarkFile: "mark"}
	for name, data := range old {
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lock, err := os.OpenFile(filepath.Join(site, ".public.lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		sig  syscall.Signal
		want string
	}{
		{[]string{"build"}, syscall.SIGINT, "prereq build: interrupted (interrupt signal received): public is as it was\n"},
		{[]string{"build"}, syscall.SIGTERM, "prereq build: interrupted (terminated signal received): public is as it was\n"},
		{[]string{"build", "-site", "site.toml", "-minify=false"}, syscall.SIGINT, "prereq build: interrupted (interrupt signal received): public is as it was\n"},
		{[]string{"check"}, syscall.SIGINT, "prereq check: interrupted (interrupt signal received)\n"},
		{[]string{"check"}, syscall.SIGTERM, "prereq check: interrupted (terminated signal received)\n"},
		{[]string{"explain"}, syscall.SIGINT, "prereq explain: interrupted (interrupt signal received)\n"},
	} {
		t.Run(strings.Join(tc.args, " ")+" "+tc.sig.String(), func(t *testing.T) {
			opened, err := watchOpen(filepath.Join(site, "content"))
			if err != nil {
				t.Fatal(err)
			}
			defer opened.Close()
			cmd := exec.Command("prereq", tc.args...)
			cmd.Dir = site
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case <-opened.C:
			case err := <-exited:
				t.Fatalf("the command ended before it opened content/: %v\nstderr: %s", err, stderr.String())
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err = <-exited
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 130 {
				t.Errorf("exit: %v, want status 130\nstderr: %s", err, stderr.String())
			}
			if stderr.String() != tc.want {
				t.Errorf("stderr:\n%s\nwant\n%s", stderr.String(), tc.want)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout: %.200s", stdout.String())
			}
			entries, err := os.ReadDir(out)
			if err != nil || len(entries) != len(old) {
				t.Errorf("the output holds %v (%v), want %d files", entries, err, len(old))
			}
			for name, data := range old {
				if b, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(b) != data {
					t.Errorf("public/%s = %q, %v; want it as it was, %q", name, b, err, data)
				}
			}
			beside, _ := filepath.Glob(filepath.Join(site, ".public.new-*"))
			if len(beside) > 0 {
				t.Errorf("left beside the output: %v", beside)
			}
		})
	}
}

// writeSlowGuide writes into dir a valid site whose guide takes seconds to
// load (about 11 MB in 200 steps, a few hundred milliseconds of parsing
// each) but only milliseconds to write: corpus's 200-step guide with each
// step's body written 25 times over.
func writeSlowGuide(dir string) error {
	files := map[string]string{}
	for _, f := range corpus.Files(corpus.Options{Steps: 200, Seed: 3}) {
		files[f.Path] = string(f.Data)
		if !strings.HasPrefix(f.Path, "content/") || path.Base(f.Path) == "_index.md" {
			continue
		}
		// A step is "+++\n", its front matter, "+++\n" and its body.
		fm, body, ok := strings.Cut(strings.TrimPrefix(string(f.Data), "+++\n"), "\n+++\n")
		if !ok {
			return fmt.Errorf("%s: no front matter", f.Path)
		}
		files[f.Path] = "+++\n" + fm + "\n+++\n" + strings.Repeat(body, 25)
	}
	return corpus.WriteTree(dir, files)
}

// An openWatch sends on C when a process opens the folder it watches, or a
// file in it.
type openWatch struct {
	C    <-chan struct{}
	file *os.File
}

// watchOpen starts watching dir for opens with inotify.
func watchOpen(dir string) (*openWatch, error) {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("inotify: %w", err)
	}
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_OPEN); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("inotify: watching %s: %w", dir, err)
	}
	// A non-blocking file goes through the runtime's poller, so that Close
	// ends a Read that waits.
	file := os.NewFile(uintptr(fd), "inotify")
	c := make(chan struct{})
	go func() {
		buf := make([]byte, 4096)
		if n, err := file.Read(buf); err == nil && n > 0 {
			close(c)
		}
	}()
	return &openWatch{C: c, file: file}, nil
}

// Close stops the watch.
func (w *openWatch) Close() error { return w.file.Close() }

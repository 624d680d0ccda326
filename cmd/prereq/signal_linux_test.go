package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"prereq/internal/build"
	"prereq/internal/corpus"
)

// TestInterrupted sends SIGINT or SIGTERM to prereq build, check and
// explain while they read a 10,000-step guide: each stops, says so, exits
// with 130, prints nothing on stdout, and leaves the previous output as it
// was. The signal is sent once the process has read a few megabytes of the
// guide (so it is past starting up), and the output's lock is held
// meanwhile, so that a build cannot finish before the signal lands.
func TestInterrupted(t *testing.T) {
	if _, err := os.ReadFile("/proc/self/io"); err != nil {
		t.Skip("no /proc/PID/io to see that the child is reading:", err)
	}
	site := t.TempDir()
	if err := corpus.Write(site, corpus.Options{Steps: 10000, Seed: 3}); err != nil {
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
			cmd := exec.Command("prereq", tc.args...)
			cmd.Dir = site
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			if err := waitReading(cmd.Process.Pid, 4<<20, exited); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err := <-exited
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

// waitReading returns once the process pid has read more than n bytes
// (rchar in /proc/PID/io), or an error if it exits first.
func waitReading(pid int, n int64, exited chan error) error {
	for {
		select {
		case err := <-exited:
			exited <- err
			return errors.New("the command ended before it read the guide: " + strconv.Quote(errString(err)))
		default:
		}
		io, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/io")
		if err == nil {
			for _, line := range strings.Split(string(io), "\n") {
				if v, ok := strings.CutPrefix(line, "rchar: "); ok {
					if read, _ := strconv.ParseInt(v, 10, 64); read > n {
						return nil
					}
				}
			}
		}
		syscall.Nanosleep(&syscall.Timespec{Nsec: 1e6}, nil)
	}
}

func errString(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

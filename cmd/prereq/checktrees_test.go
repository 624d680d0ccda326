package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// A treeChecker validates the checklist.json files of folders against
// docs/checklist.schema.json in a checktrees process (see
// internal/checklisttest/checktrees), started with go run (which keeps the
// executable it builds) when first asked. The test binary does not link
// the validator itself: every prereq a script execs is this binary started
// again, and would pay the schema library's start-up each time (about
// 20 ms of CPU: a fifth of the scripts' time).
type treeChecker struct {
	once sync.Once
	err  error // why checktrees could not start

	mu  sync.Mutex // one folder at a time
	cmd *exec.Cmd
	in  io.WriteCloser
	out *json.Decoder
}

// start starts checktrees.
func (c *treeChecker) start() error {
	cmd := exec.Command("go", "run", "prereq/internal/checklisttest/checktrees")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("go run checktrees: %w", err)
	}
	c.cmd, c.in, c.out = cmd, in, json.NewDecoder(out)
	return nil
}

// Check validates every file named checklist.json under dir and returns
// how many there were.
func (c *treeChecker) Check(dir string) (int, error) {
	if strings.Contains(dir, "\n") {
		return 0, fmt.Errorf("%q: a folder name with a newline", dir)
	}
	c.once.Do(func() { c.err = c.start() })
	if c.err != nil {
		return 0, c.err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := fmt.Fprintln(c.in, dir); err != nil {
		return 0, fmt.Errorf("checktrees: %w", err)
	}
	var a struct {
		Files int
		Err   string
	}
	if err := c.out.Decode(&a); err != nil {
		return 0, fmt.Errorf("checktrees: %w", err)
	}
	if a.Err != "" {
		return a.Files, errors.New(a.Err)
	}
	return a.Files, nil
}

// Close stops checktrees, if it was started.
func (c *treeChecker) Close() error {
	if c.cmd == nil {
		return nil
	}
	c.in.Close()
	return c.cmd.Wait()
}

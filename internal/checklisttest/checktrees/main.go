// Command checktrees validates the checklist.json files of folders against
// docs/checklist.schema.json, for tests that cannot link the validator
// themselves: the command line's scripts run the test binary again for
// every prereq they exec, and each of those processes would pay the schema
// library's start-up (a fifth of a small build's time) for nothing.
//
// It reads one folder a line on standard input and answers each with one
// line of JSON on standard output, {"files": N, "err": "..."}: how many
// checklist.json files the folder holds and how they break the schema
// (empty when none does). It stops at the end of its input.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"prereq/internal/checklisttest"
)

// answer is the reply to one folder.
type answer struct {
	Files int    `json:"files"`
	Err   string `json:"err"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		n, err := checklisttest.ValidateTree(in.Text())
		a := answer{Files: n}
		if err != nil {
			a.Err = err.Error()
		}
		if err := out.Encode(a); err != nil {
			fmt.Fprintln(os.Stderr, "checktrees:", err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "checktrees:", err)
		os.Exit(1)
	}
}

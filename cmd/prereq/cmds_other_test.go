//go:build !unix

package main

import "github.com/rogpeppe/go-internal/testscript"

func mkfifo(ts *testscript.TestScript, _ string) { ts.Skip("no named pipes on this system") }

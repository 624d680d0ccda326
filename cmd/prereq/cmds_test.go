package main

import (
	"os"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the commands scripts have besides testscript's own:
//
//	grow FILE SIZE   makes FILE SIZE bytes long (new bytes are zeros)
//	mkfifo FILE      makes a named pipe (skips the script where there are none)
func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"grow": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 2 {
				ts.Fatalf("usage: grow FILE SIZE")
			}
			size, err := strconv.ParseInt(args[1], 10, 64)
			ts.Check(err)
			ts.Check(os.Truncate(ts.MkAbs(args[0]), size))
		},
		"mkfifo": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 1 {
				ts.Fatalf("usage: mkfifo FILE")
			}
			mkfifo(ts, ts.MkAbs(args[0]))
		},
	}
}

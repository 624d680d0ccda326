package main

import (
	"flag"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected files of testdata/script/*.txtar from the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"prereq": main,
	})
}

// TestScript runs the command-line scripts in testdata/script: each builds a
// small site written inline and asserts on exit status, messages and files.
func TestScript(t *testing.T) {
	schema := &treeChecker{}
	t.Cleanup(func() {
		if err := schema.Close(); err != nil {
			t.Errorf("checktrees: %v", err)
		}
	})
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Cmds:                scriptCmds(),
		// Every checklist.json a script leaves is checked against
		// docs/checklist.schema.json when it ends.
		Setup: func(env *testscript.Env) error {
			env.Defer(func() {
				if _, err := schema.Check(env.WorkDir); err != nil {
					env.T().Fatal(err)
				}
			})
			return nil
		},
	})
}

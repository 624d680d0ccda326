package main

import (
	"flag"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"prereq/internal/checklisttest"
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
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Cmds:                scriptCmds(),
		// Every checklist.json a script leaves is checked against
		// docs/checklist.schema.json when it ends.
		Setup: func(env *testscript.Env) error {
			env.Defer(func() {
				if _, err := checklisttest.ValidateTree(env.WorkDir); err != nil {
					env.T().Fatal(err)
				}
			})
			return nil
		},
	})
}

package build_test

import (
	"testing"

	"prereq/internal/corpus"
)

// writeSite writes files (slash paths to contents) into a new temporary
// folder and returns it.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.WriteTree(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

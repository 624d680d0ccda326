package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
)

// ReadTree reads every file below dir, by slash-separated path relative to
// dir: what a build wrote, to compare with another.
func ReadTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	return files, err
}

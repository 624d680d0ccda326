package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"
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

// WriteTree writes files (slash-separated paths relative to dir, to their
// contents) below dir, making the folders they need: a small site written
// inline by a test.
func WriteTree(dir string, files map[string]string) error {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Txtar reads a txtar archive (`-- content/_index.md --` ...) as files by
// slash-separated path, for WriteTree or TxtarFS.
func Txtar(archive string) map[string]string {
	files := map[string]string{}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		files[f.Name] = string(f.Data)
	}
	return files
}

// TxtarFS is a txtar archive as an in-memory file system, for loading a
// small guide without touching the disk.
func TxtarFS(archive string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range Txtar(archive) {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"prereq/internal/parallel"
)

// MarkFile is the file prereq leaves in every output folder it writes, so
// that it never replaces a folder it did not make.
const MarkFile = ".prereq-output"

const markText = "This folder is written by prereq build and replaced whole by the next build.\n"

// WriteDir replaces dir with a folder holding exactly files (names may hold
// slashes for subfolders). The new folder is written beside dir and renamed
// into place, so a failure leaves dir as it was and a reader never sees half
// of it. A non-empty dir without prereq's mark is refused.
func WriteDir(dir string, files map[string][]byte) (err error) {
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeFiles(tmp, files); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, MarkFile), []byte(markText), 0o644); err != nil {
		return err
	}
	return swap(tmp, dir)
}

// checkReplaceable refuses a non-empty folder without the mark, and a file.
func checkReplaceable(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("output %s is a file, not a folder", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, MarkFile)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("refusing to replace %s: it is not empty and prereq did not create it (no %s file); choose another -o or empty it", dir, MarkFile)
	}
	return nil
}

// swap renames tmp to dir, moving an existing dir aside first.
func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			if rerr := os.Rename(old, dir); rerr != nil {
				return fmt.Errorf("%w (and restoring %s failed: %v)", err, dir, rerr)
			}
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// writeFiles writes files below dir: each folder made once, files written by
// a few goroutines (a many-partner build writes thousands).
func writeFiles(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	made := map[string]bool{dir: true}
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		sub := filepath.Dir(filepath.Join(dir, filepath.FromSlash(name)))
		if !made[sub] {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
			made[sub] = true
		}
	}
	errs := make([]error, len(names))
	parallel.Do(len(names), 4, func() func(int) {
		return func(i int) {
			errs[i] = os.WriteFile(filepath.Join(dir, filepath.FromSlash(names[i])), files[names[i]], 0o644)
		}
	})
	return errors.Join(errs...)
}

// Package ignore is prereq's one rule for the files it passes over: hidden
// files and folders, and the backup and swap files editors leave beside the
// file being edited. The guide loader, the live preview's watcher, the
// template reader and many-partner site patterns all ask Name, so a file
// one of them skips is skipped by all.
package ignore

import "strings"

// Name reports whether a file or folder named name (a base name, not a
// path) is ignored: it begins with "." (hidden: .git, .DS_Store, an
// editor's .x.md.swp or .#x.md) or "#" (an autosave such as #x.md#), or it
// ends in "~" (a backup such as x.md~) or ".swp" (a swap file).
func Name(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp")
}

package build

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"prereq/internal/facts"
)

// rootNames are the files a many-partner build writes beside the partners'
// folders; no partner's folder may take one of their names. The guide
// page has a file per language it may be translated into.
var rootNames = append([]string{"index.html", "guide.html", MarkFile}, guideFiles()...)

func guideFiles() []string {
	var out []string
	for _, l := range facts.Languages {
		out = append(out, "guide."+l+".html")
	}
	return out
}

// partnerFolder returns the output folder of the partner whose site file
// is named base ("acme.toml" -> "acme"), or why that name cannot be a
// folder of the output. The name is kept as it is (any letters, spaces and
// punctuation such as # ? % are fine; links to it are escaped), unless it
// would be a different folder, or none, on some system:
//   - it must not be empty or begin with a dot (".", "..", hidden),
//   - hold / or \ (folder separators), control characters or bytes that
//     are not UTF-8,
//   - end in a space or a dot (Windows drops them),
//   - be a device name of Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9,
//     with or without an extension),
//   - or be a name of the files beside the partners' folders (index.html,
//     guide.html, guide.ko.html, …).
//
// The same rules hold on every system, so a set of partners that builds on
// one builds on all. Two names that differ only in case are checked by the
// caller, which sees them all.
func partnerFolder(base string) (string, error) {
	name := strings.TrimSuffix(base, ".toml")
	switch {
	case name == "" || strings.HasPrefix(name, "."):
		return "", fmt.Errorf("the file name makes the partner's output folder, and %q begins with a dot: rename the file", name)
	case !utf8.ValidString(name):
		return "", fmt.Errorf("the file name makes the partner's output folder, and %q is not UTF-8: rename the file", name)
	case strings.ContainsAny(name, `/\`):
		return "", fmt.Errorf("the file name makes the partner's output folder, and %q holds a folder separator (/ or \\): rename the file", name)
	case strings.ContainsFunc(name, unicode.IsControl):
		return "", fmt.Errorf("the file name makes the partner's output folder, and %q holds a control character: rename the file", name)
	case strings.HasSuffix(name, " ") || strings.HasSuffix(name, "."):
		return "", fmt.Errorf("the file name makes the partner's output folder, and %q ends in a space or a dot, which Windows drops from folder names: rename the file", name)
	case windowsDevice(name):
		return "", fmt.Errorf("the file name makes the partner's output folder, and %q is a device name on Windows: rename the file", name)
	}
	for _, r := range rootNames {
		if strings.EqualFold(name, r) {
			return "", fmt.Errorf("the file name makes the partner's output folder, and %s/ would take the place of the partners index's %s: rename the file", name, r)
		}
	}
	return name, nil
}

// windowsDevice reports whether name, up to its first dot and without
// trailing spaces, is a device name on Windows.
func windowsDevice(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	return len(stem) == 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) &&
		stem[3] >= '0' && stem[3] <= '9'
}

// foldKey is the key under which two folder names are the same folder on a
// file system that ignores case (macOS's and Windows' by default).
func foldKey(name string) string {
	return strings.ToLower(strings.ToUpper(name))
}

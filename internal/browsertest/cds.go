package browsertest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A classArchive is the Java VM's archive of the Nu checker's classes
// (class data sharing): the classes as the VM loaded, parsed and verified
// them, which a later VM maps from the file instead of loading them from
// vnu.jar again. It takes a run of the checker from about 1.5 s to 1.0 s of
// CPU, and `go test ./...` runs the checker in several packages. The first
// run writes it (about 0.8 s more, once) into the user's cache folder
// (os.UserCacheDir, such as ~/.cache/prereq-browsertest), under a name made
// of the Java VM, vnu.jar and the VM's options, so that another of any of
// them writes an archive of its own. A VM that cannot use an archive, or
// cannot write one, runs without it.
type classArchive struct {
	path string // the archive; "" when there is no cache folder
	tmp  string // where this run writes the archive, when there is none yet
}

// newClassArchive returns the archive of the Java VM java running the jar.
func newClassArchive(java, jar string) *classArchive {
	cache, err := os.UserCacheDir()
	if err != nil {
		return &classArchive{}
	}
	h := sha256.New()
	for _, p := range []string{java, jar} {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		fi, err := os.Stat(p)
		if err != nil {
			return &classArchive{}
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00", p, fi.Size(), fi.ModTime().UnixNano())
	}
	fmt.Fprintf(h, "%s\x00%s", jar, strings.Join(javaOptions, "\x00"))
	dir := filepath.Join(cache, "prereq-browsertest")
	a := &classArchive{path: filepath.Join(dir, "vnu-"+hex.EncodeToString(h.Sum(nil))[:16]+".jsa")}
	if _, err := os.Stat(a.path); err == nil {
		return a
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &classArchive{}
	}
	// The VM writes the archive at its exit; a name of this run's own, renamed
	// when the run succeeded, keeps tests that run at once from reading a
	// half-written one.
	f, err := os.CreateTemp(dir, "vnu-*.jsa.tmp")
	if err != nil {
		return &classArchive{}
	}
	f.Close()
	os.Remove(f.Name()) // the VM creates it anew
	a.tmp = f.Name()
	return a
}

// options returns the Java VM's options that use the archive, or write it.
func (a *classArchive) options() []string {
	switch {
	case a.path == "":
		return nil
	case a.tmp != "":
		return []string{"-XX:ArchiveClassesAtExit=" + a.tmp}
	default:
		return []string{"-XX:SharedArchiveFile=" + a.path}
	}
}

// reused reports whether the run maps an archive that an earlier run wrote.
func (a *classArchive) reused() bool {
	return a.path != "" && a.tmp == ""
}

// remove removes the archive that an earlier run wrote, after a run that
// used it failed, so that no later run uses it.
func (a *classArchive) remove() {
	if a.reused() {
		os.Remove(a.path)
	}
}

// keep puts the archive that the run wrote in its place.
func (a *classArchive) keep() {
	if a.tmp == "" {
		return
	}
	if fi, err := os.Stat(a.tmp); err == nil && fi.Size() > 0 {
		if os.Rename(a.tmp, a.path) == nil {
			return
		}
	}
	os.Remove(a.tmp)
}

// discard removes the archive that a failed run wrote.
func (a *classArchive) discard() {
	if a.tmp != "" {
		os.Remove(a.tmp)
	}
}

package build_test

// Benchmarks of whole builds. They run only with -bench; scripts/bench.sh
// runs them with -count 5 and prints medians. The generated corpora are
// written once per test binary (corpus.Cache) and removed by TestMain.
//
//	go test ./internal/build -run '^$' -bench . -benchmem

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/dirfs"
	"prereq/internal/guide"
	"prereq/internal/render"
)

// repoRoot is the site folder of the repository's own guide (content/,
// templates/, site.toml), seen from this package.
const repoRoot = "../.."

var sites corpus.Cache

func TestMain(m *testing.M) { os.Exit(sites.Run(m)) }

// site returns the folder of a generated site of n steps, shared by the
// benchmarks of this binary.
func site(b *testing.B, n int) string {
	b.Helper()
	dir, err := sites.Site(corpus.Options{Steps: n, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// perStep reports the time per step of the guide, to compare sizes.
func perStep(b *testing.B, steps int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(steps), "ns/step")
}

// BenchmarkBuildKakao builds the repository's own guide for its site.toml:
// InMemory is build.Load and build.Render (minified), Build is build.Build
// writing the output folder.
func BenchmarkBuildKakao(b *testing.B) {
	b.Run("InMemory", func(b *testing.B) {
		b.ReportAllocs()
		defer corpus.ReportCPU(b)()
		for b.Loop() {
			in, errs := build.Load(build.Options{SiteDir: repoRoot})
			if errs != nil {
				b.Fatal(errs)
			}
			if _, err := build.Render(in, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Build", func(b *testing.B) {
		o := build.Options{SiteDir: repoRoot, OutDir: filepath.Join(b.TempDir(), "public"), Minify: true}
		b.ReportAllocs()
		defer corpus.ReportCPU(b)()
		for b.Loop() {
			if errs := build.Build(b.Context(), o); errs != nil {
				b.Fatal(errs)
			}
		}
	})
}

func benchBuild(b *testing.B, steps int) {
	o := build.Options{SiteDir: site(b, steps), OutDir: filepath.Join(b.TempDir(), "public"), Minify: true}
	b.ReportAllocs()
	b.ResetTimer()
	defer corpus.ReportCPU(b)()
	for b.Loop() {
		if errs := build.Build(b.Context(), o); errs != nil {
			b.Fatal(errs)
		}
	}
	perStep(b, steps)
}

// BenchmarkBuild1k and BenchmarkBuild10k run build.Build (load, plan, render
// minified, write) on generated guides of 1,000 and 10,000 steps. Their
// ns/step should match: a build grows linearly.
func BenchmarkBuild1k(b *testing.B)  { benchBuild(b, 1000) }
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10000) }

// BenchmarkRebuildOneStep10k is what the live preview does after one edit in
// a guide of 10,000 steps: a guide.Loader already loaded is told the file
// changed, loads again (re-reading that file alone), and the site is planned
// and the page rendered as serve renders it (not minified, reusing what it
// rendered before through a render.Cache; checklist.json and .md are
// rendered when asked for). The edit itself (writing the file) is not
// timed. Body edits the text of the step (what typing in a step does: the
// page around the steps is reused); Title edits its title, which changes
// the page's outline (numbers, links and summary are rendered again).
func BenchmarkRebuildOneStep10k(b *testing.B) {
	const steps = 10000
	// A site of its own (another seed): this benchmark edits it.
	o := corpus.Options{Steps: steps, Seed: 2}
	dir, err := sites.Site(o)
	if err != nil {
		b.Fatal(err)
	}
	for _, title := range []bool{false, true} {
		name := map[bool]string{false: "Body", true: "Title"}[title]
		b.Run(name, func(b *testing.B) {
			file, edit := corpus.EditMiddleStep(b, dir, o, title)
			in, errs := build.Load(build.Options{SiteDir: dir})
			if errs != nil {
				b.Fatal(errs)
			}
			loader := guide.NewLoader(dirfs.New(dir), "content")
			if in.Guide, errs = loader.Load(); errs != nil {
				b.Fatal(errs)
			}
			in.Cache = render.NewCache()
			if _, err := build.Render(in, false); err != nil { // fills the cache
				b.Fatal(err)
			}
			corpus.EditLoop(b, edit, func() {
				loader.Invalidate(file)
				g, errs := loader.Load()
				if errs != nil {
					b.Fatal(errs)
				}
				in.Guide = g
				if _, err := build.RenderOnly(in, false, "index.html"); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkPartners1000 builds the repository's Kakao guide for 1,000
// partner site files at once (-site 'partners/*.toml'). It skips while
// build.Build does not take a pattern.
func BenchmarkPartners1000(b *testing.B) {
	const n = 1000
	dir, err := sites.Partners(filepath.Join(repoRoot, "content"), n)
	if err != nil {
		b.Fatal(err)
	}
	o := build.Options{
		SiteDir:  dir,
		SiteFile: filepath.Join(dir, "partners", "*.toml"),
		OutDir:   filepath.Join(b.TempDir(), "public"),
		Minify:   true,
	}
	if errs := build.Build(b.Context(), o); errs != nil {
		// Before patterns were supported, the pattern was read as a file name.
		if e := errs[0]; strings.Contains(e.Path, "*") && strings.Contains(e.Msg, "site file") {
			b.Skipf("build.Build does not take a site file pattern yet: %v", e)
		}
		b.Fatal(errs)
	}
	// InMemory loads and renders every partner's files; Build also writes
	// the 3,001 files, replacing the last build's (most of its system time
	// and of its swings from one run to the next).
	b.Run("InMemory", func(b *testing.B) {
		b.ReportAllocs()
		defer corpus.ReportCPU(b)()
		for b.Loop() {
			in, errs := build.Load(o)
			if errs != nil {
				b.Fatal(errs)
			}
			if _, err := build.Render(in, true); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/partner")
	})
	b.Run("Build", func(b *testing.B) {
		b.ReportAllocs()
		defer corpus.ReportCPU(b)()
		for b.Loop() {
			if errs := build.Build(b.Context(), o); errs != nil {
				b.Fatal(errs)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/partner")
	})
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// prereqBinary builds cmd/prereq once per test binary.
func prereqBinary(b *testing.B) string {
	b.Helper()
	binOnce.Do(func() {
		binPath, binErr = sites.Dir("bin", func(dir string) error {
			gotool, err := exec.LookPath("go")
			if err != nil {
				return err
			}
			out, err := exec.Command(gotool, "build", "-o", filepath.Join(dir, "prereq"), "prereq/cmd/prereq").CombinedOutput()
			if err != nil {
				return fmt.Errorf("go build: %v\n%s", err, out)
			}
			return nil
		})
		binPath = filepath.Join(binPath, "prereq")
	})
	if binErr != nil {
		if errors.Is(binErr, exec.ErrNotFound) {
			b.Skip("no go command to build prereq with")
		}
		b.Fatal(binErr)
	}
	return binPath
}

// BenchmarkProcessBuild10k runs `prereq build -s DIR -o OUT` as a process on
// a guide of 10,000 steps: start-up, build and exit, as a user sees it.
// ns/op is the wall time; it also reports the process's CPU time (user +
// system, which exceeds wall time when it runs in parallel) and, where GNU
// time is installed (/usr/bin/time, Debian package time), its peak resident
// memory.
func BenchmarkProcessBuild10k(b *testing.B) { benchProcess(b, 10000) }

// gnuTime measures a process's peak memory. The child's own rusage cannot:
// Go starts processes with vfork, so a child's Maxrss counts the memory of
// this test process, which holds the benchmarks' corpora. GNU time forks the
// command from its own small process.
const gnuTime = "/usr/bin/time"

func benchProcess(b *testing.B, steps int) {
	bin := prereqBinary(b)
	dir := site(b, steps)
	tmp := b.TempDir()
	out, rssFile := filepath.Join(tmp, "public"), filepath.Join(tmp, "maxrss")
	args := []string{bin, "build", "-s", dir, "-o", out}
	_, err := os.Stat(gnuTime)
	measureRSS := err == nil
	if measureRSS {
		args = append([]string{gnuTime, "-f", "%M", "-o", rssFile}, args...)
	} else {
		b.Logf("no %s: peak memory not measured", gnuTime)
	}
	var cpu time.Duration
	var peak int64
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(args[0], args[1:]...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("prereq build: %v\n%s", err, msg)
		}
		// wait4 counts the children the command waited for: time's child.
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if measureRSS {
			kib, err := readMaxRSS(rssFile)
			if err != nil {
				b.Fatal(err)
			}
			peak = max(peak, kib)
		}
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	if peak > 0 {
		b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
	}
}

// readMaxRSS reads the KiB that GNU time's -f %M wrote on its last line.
func readMaxRSS(file string) (int64, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	lines := strings.Fields(string(data))
	if len(lines) == 0 {
		return 0, fmt.Errorf("%s: empty", file)
	}
	return strconv.ParseInt(lines[len(lines)-1], 10, 64)
}

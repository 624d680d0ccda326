// Command prereq turns a guide of prerequisite steps and one partner's
// site.toml into a personalised checklist.
//
// Usage:
//
//	prereq build   [-s DIR] [-site FILE] [-o DIR] [-minify=true] [-formats html,json,md] [-start YYYY-MM-DD]
//	               [-base-url URL] [-md-bodies]
//	prereq serve   [-s DIR] [-site FILE] [-addr 127.0.0.1:1313]
//	prereq check   [-s DIR] [-site FILE] [-matrix] [-lang LANG]
//	prereq explain [-s DIR] [-site FILE]
//	prereq schema  [-s DIR]
//	prereq version
//
// Exit status: 0 success, 1 the inputs have errors, 2 bad usage, 130
// interrupted (SIGINT or SIGTERM: nothing was written).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"prereq/internal/build"
	"prereq/internal/diag"
	"prereq/internal/facts"
	"prereq/internal/links"
	"prereq/internal/serve"
	"prereq/internal/wait"
)

const usage = `usage:
  prereq build   [-s DIR] [-site FILE] [-o DIR] [-minify=true] [-formats html,json,md] [-start YYYY-MM-DD]
                 [-base-url URL] [-md-bodies]
  prereq serve   [-s DIR] [-site FILE] [-addr 127.0.0.1:1313]
  prereq check   [-s DIR] [-site FILE] [-matrix] [-lang LANG]
  prereq explain [-s DIR] [-site FILE]
  prereq schema  [-s DIR]
  prereq version

build    writes the checklist (index.html, checklist.json, checklist.md) and
         the whole guide (guide.html) to -o; -formats chooses (csv adds
         checklist.csv, for a tracker); -start dates the steps from a day;
         -base-url: where -o will be hosted, so that checklist.md, .json and
         .csv link to each step there; -md-bodies: each step's instructions
         under its item in checklist.md
serve    previews the checklist with live reload
check    validates the content, templates and site file; writes nothing;
         warns of each file not yet translated (-lang LANG: an error for LANG);
         with -matrix, checks the guide for every combination of facts
explain  prints each section and step, included or skipped, and why
schema   prints a JSON Schema of the site file, for editors
version  prints prereq's version
`

// commands are the commands run knows, for suggestions.
var commands = []string{"build", "serve", "check", "explain", "schema", "help", "version"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet("prereq "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o build.Options
	fs.StringVar(&o.SiteDir, "s", ".", "site folder: holds content/, templates/ and site.toml")
	fs.StringVar(&o.SiteFile, "site", "", "site file (default DIR/site.toml)")
	var addr, lang, formats, start string
	var matrix bool
	switch cmd {
	case "build":
		fs.StringVar(&o.OutDir, "o", "", "output folder (default DIR/public)")
		fs.BoolVar(&o.Minify, "minify", true, "minify index.html")
		fs.StringVar(&formats, "formats", strings.Join(build.DefaultFormats, ","), "outputs to write, of "+strings.Join(build.Formats, ", "))
		fs.StringVar(&start, "start", "", "the day the steps start, YYYY-MM-DD: due dates in checklist.csv, dates in checklist.json")
		fs.StringVar(&o.BaseURL, "base-url", "", "where the output folder will be hosted (`URL`), for the links of checklist.md, .json and .csv (default site.toml's base_url)")
		fs.BoolVar(&o.MarkdownBodies, "md-bodies", false, "add each step's instructions under its item in checklist.md")
	case "serve":
		fs.StringVar(&addr, "addr", "127.0.0.1:1313", "address to listen on")
	case "check":
		fs.BoolVar(&matrix, "matrix", false, "check the guide for every combination of fact values its rules allow")
		fs.StringVar(&lang, "lang", "", "a language every file must be translated into (an error for each missing)")
	case "explain", "schema":
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "-version", "--version":
		if len(args) > 0 {
			fmt.Fprintf(stderr, "prereq version: unexpected argument %q\n", args[0])
			return 2
		}
		fmt.Fprintln(stdout, "prereq", version())
		return 0
	default:
		fmt.Fprintf(stderr, "prereq: unknown command %q%s\n%s", cmd, diag.DidYouMean(cmd, commands), usage)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "prereq %s: unexpected argument %q\n", cmd, fs.Arg(0))
		return 2
	}
	if lang != "" && !slices.Contains(facts.Languages, lang) {
		fmt.Fprintf(stderr, "prereq %s: -lang %s: not a language prereq has interface text for (%s)\n", cmd, lang, strings.Join(facts.Languages, ", "))
		return 2
	}
	if cmd == "build" {
		var err error
		if o.Formats, err = build.ParseFormats(formats); err != nil {
			fmt.Fprintf(stderr, "prereq build: -formats: %v\n", err)
			return 2
		}
		if start != "" {
			if o.Start, err = wait.ParseDate(start); err != nil {
				fmt.Fprintf(stderr, "prereq build: -start %s: not a date written YYYY-MM-DD (e.g. 2026-12-07)\n", start)
				return 2
			}
		}
		if o.BaseURL != "" {
			if _, err := links.Base(o.BaseURL); err != nil {
				fmt.Fprintf(stderr, "prereq build: -base-url %q %v\n", o.BaseURL, err)
				return 2
			}
		}
	}
	if cmd == "serve" {
		if err := checkServe(addr, o.SiteFile); err != nil {
			fmt.Fprintf(stderr, "prereq serve: %v\n", err)
			return 2
		}
	}
	if err := checkSiteDir(o.SiteDir); err != nil {
		diag.List{err}.Print(stderr)
		return 1
	}
	if cmd != "serve" && os.Getenv("GOGC") == "" {
		// A one-shot build allocates a lot and keeps little: collecting
		// garbage half as often saves a tenth of a large build's time
		// (10,000 steps: 0.68 -> 0.61 s) for a higher, still modest, peak
		// (150 -> 165 MB); collecting less often still buys no more time.
		debug.SetGCPercent(200)
	}
	var errs diag.List
	switch cmd {
	case "build":
		errs = build.Build(ctx, o)
		if errs == nil {
			fmt.Fprintf(stdout, "wrote %s\n", o.OutputDir())
		}
	case "check":
		if matrix {
			return checkMatrix(o, stdout, stderr)
		}
		var warnings diag.List
		errs, warnings = build.CheckLang(ctx, o, lang)
		warnings.Print(stderr)
		annotate(o, "warning", warnings, stdout)
		annotate(o, "error", errs, stdout)
	case "schema":
		var out []byte
		out, errs = build.Schema(o)
		stdout.Write(out)
	case "explain":
		var out []byte
		out, errs = build.Explain(ctx, o)
		stdout.Write(out)
	case "serve":
		err := serve.Run(ctx, serve.Options{Build: o, Addr: addr, Log: stderr, Stdout: stdout})
		if err != nil {
			fmt.Fprintf(stderr, "prereq serve: %v\n", err)
			return 1
		}
		return 0
	}
	if errors.Is(errs.Err(), context.Canceled) { // a signal stopped it
		fmt.Fprintf(stderr, "prereq %s: %s\n", cmd, errs[0].Msg)
		return exitInterrupted
	}
	if len(errs) > 0 {
		errs.Print(stderr)
		return 1
	}
	return 0
}

// exitInterrupted is the exit status of a command stopped by SIGINT
// (Ctrl-C) or SIGTERM: 128 + SIGINT's number, as shells report Ctrl-C.
const exitInterrupted = 130

// checkMatrix runs check -matrix: the findings, then the summary.
func checkMatrix(o build.Options, stdout, stderr io.Writer) int {
	rep, errs := build.Matrix(o)
	if errs != nil {
		errs.Print(stderr)
		annotate(o, "error", errs, stdout)
		return 1
	}
	rep.Diagnostics().Print(stderr)
	annotate(o, "error", rep.Diagnostics(), stdout)
	fmt.Fprintln(stderr, rep.Summary())
	if len(rep.Findings) > 0 {
		return 1
	}
	return 0
}

// annotate prints the errors (level "error") or warnings ("warning") as
// GitHub Actions annotations on stdout when running in GitHub Actions, so
// that they show on a pull request's lines. Their paths, relative to the
// site folder in messages, are given from the working directory (the
// repository's root, in a workflow).
func annotate(o build.Options, level string, errs diag.List, stdout io.Writer) {
	if os.Getenv("GITHUB_ACTIONS") != "true" || len(errs) == 0 {
		return
	}
	errs.PrintGitHub(stdout, level, func(p string) string {
		if o.SiteDir == "" || o.SiteDir == "." || filepath.IsAbs(p) {
			return p
		}
		if full := filepath.Join(o.SiteDir, filepath.FromSlash(p)); fileExists(full) {
			return filepath.ToSlash(full)
		}
		return p // a path given outside the site folder, as given
	})
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// checkServe reports what serve cannot start with: an address that is not
// HOST:PORT with a port number, or a -site that names many site files (a
// pattern or a folder: serve previews one).
func checkServe(addr, site string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q is not HOST:PORT (e.g. 127.0.0.1:1313)", addr)
	}
	if port == "" {
		return fmt.Errorf("-addr %q has no port (e.g. %s:1313)", addr, host)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("-addr %q: the port must be a number from 0 to 65535, not %q", addr, port)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Errorf("-addr %q: %q is not a host name or address", addr, host)
	}
	if strings.ContainsAny(site, "*?[") {
		return fmt.Errorf("-site %s: serve previews one site file, not a pattern (build and check take patterns)", site)
	}
	if site != "" {
		if info, err := os.Stat(site); err == nil && info.IsDir() {
			return fmt.Errorf("-site %s: serve previews one site file, not a folder (build and check take folders)", site)
		}
	}
	return nil
}

// checkSiteDir reports a site folder (-s) that is not there.
func checkSiteDir(dir string) *diag.Error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &diag.Error{Pos: diag.Pos{Path: dir}, Msg: "no such site folder (-s): it should hold content/, templates/ and site.toml", Err: err}
	case err != nil:
		return &diag.Error{Pos: diag.Pos{Path: dir}, Msg: "cannot read the site folder (-s): " + errText(err), Err: err}
	case !info.IsDir():
		return &diag.Error{Pos: diag.Pos{Path: dir}, Msg: "the site folder (-s) is not a folder"}
	}
	return nil
}

// errText is an I/O error's message without the Go operation and path.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// version is the module's version: its tag when built from a module
// (go install prereq@v1.2.0), or "devel" and the commit when built from
// a checkout.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v != "" && v != "(devel)" {
		return v + " " + info.GoVersion
	}
	var rev, at, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	v = "devel"
	if rev != "" {
		v += " " + rev[:min(12, len(rev))] + " (" + at + modified + ")"
	}
	return v + " " + info.GoVersion
}

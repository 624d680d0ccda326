package serve

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"prereq/internal/build"
	"prereq/internal/corpus"
)

// smallSite is a guide with one fact of each kind, two sections and four
// steps, and a site file.
var smallSite = map[string]string{
	"site.toml": `[service]
name = "Acme Shop"

[facts]
has_channel = true
consent_items = ["account_email"]
`,
	"content/_index.md": `+++
title = "Small guide"

[facts.existing_app]
type = "bool"
question = "Does your service already have an app?"
default = false

[facts.has_channel]
type = "bool"
question = "Does your service have a channel?"

[facts.plan]
type = "string"
question = "Which plan?"
values = ["basic", "pro"]
default = "basic"

[facts.seats]
type = "number"
question = "How many seats?"
default = 5

[facts.consent_items]
type = "list"
question = "Which consent items?"
values = ["profile_nickname", "account_email", "phone_number"]
default = []

[roles.owner]
label = "Owner"
description = "Owns the app."
+++
Intro for {{ service.name }}.
`,
	"content/01-app/_index.md": `+++
title = "Set up your app"
+++
Section intro.
`,
	"content/01-app/01-register-app.md": `+++
title = "Register an app"
when = "not existing_app"
role = "owner"
+++
Register the app: first version.
`,
	"content/01-app/02-platforms.md": `+++
title = "Register platforms"
after = ["register-app"]
+++
Add the Web platform.
`,
	"content/02-channel/_index.md": `+++
title = "Set up a channel"
+++
`,
	"content/02-channel/01-create-channel.md": `+++
title = "Create a channel"
when = "not has_channel"
+++
Create a Kakao Talk Channel.
`,
	"content/02-channel/02-connect.md": `+++
title = "Connect the channel"
+++
Connect it to the app.
`,
}

// writeFiles writes files (slash paths) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	if err := corpus.WriteTree(dir, files); err != nil {
		t.Fatal(err)
	}
}

// newSite writes files into a new temporary folder and returns it.
func newSite(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// copyTree copies the folder src into dst.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// repoRoot is the folder holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// kakaoSite copies the repository's guide and site file to a new folder.
func kakaoSite(t testing.TB) string {
	t.Helper()
	root := repoRoot(t)
	dir := t.TempDir()
	copyTree(t, filepath.Join(root, "content"), filepath.Join(dir, "content"))
	b, err := os.ReadFile(filepath.Join(root, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"site.toml": string(b)})
	return dir
}

// A recorder keeps every snapshot a server publishes.
type recorder struct {
	mu    sync.Mutex
	snaps []*snapshot
	wake  chan struct{}
}

func (r *recorder) add(s *snapshot) {
	r.mu.Lock()
	r.snaps = append(r.snaps, s)
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// since returns the snapshots published after the first n.
func (r *recorder) since(n int) []*snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*snapshot(nil), r.snaps[n:]...)
}

// version returns the snapshot with version v, or nil.
func (r *recorder) version(v int64) *snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.snaps {
		if s.version == v {
			return s
		}
	}
	return nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.snaps)
}

// testServer runs a server on the site in dir until the test ends.
type testServer struct {
	*Server
	rec  *recorder
	base string // http://127.0.0.1:PORT
}

func startServer(t testing.TB, dir string, log io.Writer) *testServer {
	t.Helper()
	return startServerWith(t, dir, log, hooks{})
}

// startServerWith is startServer with hooks; the recorder takes the
// published hook.
func startServerWith(t testing.TB, dir string, log io.Writer, h hooks) *testServer {
	t.Helper()
	if log == nil {
		log = io.Discard
	}
	ctx, cancel := context.WithCancel(context.Background())
	rec := &recorder{wake: make(chan struct{}, 1)}
	h.published = rec.add
	s, err := start(ctx, Options{Build: build.Options{SiteDir: dir}, Addr: "127.0.0.1:0", Log: log}, h)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := s.Wait(); err != nil {
			t.Errorf("Wait after cancel = %v, want nil", err)
		}
	})
	return &testServer{Server: s, rec: rec, base: strings.TrimSuffix(s.URL(), "/")}
}

// waitFor waits until a snapshot published after the first n satisfies ok
// and returns it. The time limit only keeps a broken test from hanging.
func (ts *testServer) waitFor(t testing.TB, n int, what string, ok func(*snapshot) bool) *snapshot {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		for _, s := range ts.rec.since(n) {
			if ok(s) {
				return s
			}
		}
		select {
		case <-ts.rec.wake:
		case <-deadline:
			t.Fatalf("no snapshot %s; published since: %s", what, describe(ts.rec.since(n)))
			return nil
		}
	}
}

// quiet waits until no snapshot has been published for d.
func (ts *testServer) quiet(d time.Duration) {
	for {
		n := ts.rec.count()
		time.Sleep(d)
		if ts.rec.count() == n {
			return
		}
	}
}

func describe(snaps []*snapshot) string {
	var b strings.Builder
	for _, s := range snaps {
		b.WriteString("\n  v")
		b.WriteString(strconv.FormatInt(s.version, 10))
		for _, e := range s.errs {
			b.WriteString("\n    " + e.Text)
		}
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// page is the snapshot's checklist page, without serve's additions.
func page(s *snapshot) string {
	if s.good == nil {
		return ""
	}
	return string(s.out["index.html"])
}

// stepPtrs maps step ids to the loaded steps, to tell re-parsed steps from
// reused ones.
func stepPtrs(s *snapshot) map[string]any {
	m := map[string]any{}
	for _, sec := range s.good.Guide.Sections {
		for _, st := range sec.Steps {
			m[st.ID] = st
		}
	}
	return m
}

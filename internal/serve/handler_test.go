package serve

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"prereq/internal/build"
	"prereq/internal/checklisttest"
)

// get requests target (a raw request target: it is not cleaned) from the
// server's handler, for the server's own host.
func get(t *testing.T, s server, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request(s, http.MethodGet, target, nil))
	return rec.Result()
}

// server is a *Server, or a *testServer.
type server interface {
	http.Handler
	Addr() net.Addr
}

// request is a request to the server s, with its host.
func request(s server, method, target string, body io.Reader) *http.Request {
	r := httptest.NewRequest(method, target, body)
	r.Host = s.Addr().String()
	return r
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHandlerPages(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	tests := []struct {
		target   string
		code     int
		ctype    string
		want     []string
		not      []string
		errsHead string // X-Prereq-Errors
	}{
		{target: "/", code: 200, ctype: "text/html; charset=utf-8", want: []string{
			`data-step="create-channel" data-status="skipped"`,
			`<link rel="stylesheet" href="/_prereq/live.css" data-prereq-live>`,
			`data-version="1">`,
			`<script src="/_prereq/live.js" data-prereq-live></script>`,
			// the facts panel, one control per fact
			`<input type="checkbox" role="switch" id="prereq-fact-has_channel" name="has_channel" value="true" checked`,
			`<input type="checkbox" role="switch" id="prereq-fact-existing_app" name="existing_app" value="true" aria-describedby`,
			`<select id="prereq-fact-plan" name="plan"`,
			`<option value="basic" selected>basic</option>`,
			`<input type="number" id="prereq-fact-seats" name="seats" value="5"`,
			`value="account_email" checked>`,
		}, not: []string{`id="prereq-errors"`}},
		{target: "/index.html", code: 200, want: []string{`data-step="register-app"`}},
		{target: "/?has_channel=false&existing_app=true", code: 200, want: []string{
			`data-step="create-channel" data-status="todo"`,
			`data-step="register-app" data-status="skipped"`,
			`<details id="prereq-facts" class="prereq-facts" open>`,
			`(2 changed)`,
			`data-fact="has_channel" data-type="switch" data-site="true" data-overridden="true"`,
		}, not: []string{`id="prereq-errors"`}},
		{target: "/?consent_items=account_email,phone_number", code: 200, want: []string{
			`value="phone_number" checked>`, `value="account_email" checked>`,
		}},
		{target: "/?consent_items=account_email&consent_items=phone_number", code: 200, want: []string{
			`value="phone_number" checked>`, `value="account_email" checked>`,
		}},
		{target: "/?consent_items=", code: 200, want: []string{`data-site="account_email" data-overridden="true"`},
			not: []string{`value="account_email" checked>`}},
		{target: "/?plan=pro&seats=12.5", code: 200, want: []string{`<option value="pro" selected>pro</option>`, `value="12.5"`}},
		{target: "/?has_chanel=true", code: 400, want: []string{
			`id="prereq-errors"`,
			`<pre class="prereq-error-text">?has_chanel: unknown fact has_chanel (did you mean has_channel?)</pre>`,
			`data-step="create-channel" data-status="skipped"`, // the site file's checklist under it
		}},
		{target: "/?seats=many&plan=gold", code: 400, want: []string{
			`<h2 id="prereq-errors-title">2 errors</h2>`,
			`Errors that start with ? are in this page&#39;s address`,
			`?seats: seats must be a number, not &#34;many&#34;`,
			`?plan: `,
		}},
		{target: "/?%zz", code: 400, want: []string{`?: malformed query string`}},
		// Numbers a fact cannot take: the page of the site file's facts,
		// the error, and where to fix it; never a server error.
		{target: "/?seats=NaN", code: 400, want: []string{
			`<h2 id="prereq-errors-title">1 error</h2>`, `?seats: `, `Errors that start with ? are in this page&#39;s address`,
			`data-step="create-channel" data-status="skipped"`,
		}, not: []string{`Fix the files`}},
		{target: "/?seats=Inf", code: 400, want: []string{`?seats: `}},
		{target: "/?seats=-Inf", code: 400, want: []string{`?seats: `}},
		{target: "/?seats=1e999", code: 400, want: []string{`?seats: `}},
		{target: "/?seats=nan&plan=gold", code: 400, want: []string{`<h2 id="prereq-errors-title">2 errors</h2>`}},
		{target: "/checklist.json?seats=NaN", code: 400, ctype: "text/plain; charset=utf-8", want: []string{`?seats: `}},
		{target: "/checklist.md?seats=Inf", code: 400, ctype: "text/plain; charset=utf-8", want: []string{`?seats: `}},
		{target: "/checklist.json", code: 200, ctype: "application/json; charset=utf-8", want: []string{`"has_channel": true`}},
		{target: "/checklist.json?has_channel=false", code: 200, want: []string{`"has_channel": false`}},
		{target: "/checklist.json?has_channel=maybe", code: 400, ctype: "text/plain; charset=utf-8", want: []string{`?has_channel: has_channel must be true or false, not "maybe"`}},
		{target: "/checklist.md", code: 200, ctype: "text/markdown; charset=utf-8", want: []string{`- [ ] `}},
		{target: "/_prereq/live.js", code: 200, ctype: "text/javascript; charset=utf-8", want: []string{`prereq:updated`}},
		{target: "/_prereq/live.css", code: 200, ctype: "text/css; charset=utf-8"},
		{target: "/foo", code: 404},
		{target: "/../etc/passwd", code: 404},
		{target: "/%2e%2e/", code: 404},
		{target: "/%2e%2e/etc/passwd", code: 404},
		{target: "/..%2fsite.toml", code: 404},
		{target: "/site.toml", code: 404},
		{target: "/content/01-app/_index.md", code: 404},
		{target: "/_prereq/", code: 404},
		{target: "/_prereq/live.html", code: 404},
		{target: "/_prereq/../site.toml", code: 404},
		{target: "/index.html/", code: 404},
		{target: "//etc/passwd", code: 404},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			r := get(t, ts.Server, tt.target)
			b := body(t, r)
			if r.StatusCode != tt.code {
				t.Fatalf("status %d, want %d\n%s", r.StatusCode, tt.code, b)
			}
			if tt.ctype != "" && r.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", r.Header.Get("Content-Type"), tt.ctype)
			}
			for _, w := range tt.want {
				if !strings.Contains(b, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(b, w) {
					t.Errorf("body has %q", w)
				}
			}
			if got := r.Header.Get("X-Prereq-Errors"); got != tt.errsHead {
				t.Errorf("X-Prereq-Errors = %q, want %q", got, tt.errsHead)
			}
		})
	}
}

// TestHandlerRawPaths sends request targets over TCP exactly as written, so
// that no client cleans them.
func TestHandlerRawPaths(t *testing.T) {
	t.Parallel()
	ts := startServer(t, newSite(t, smallSite), nil)
	for _, target := range []string{"/../etc/passwd", "/%2e%2e/", "/%2e%2e/%2e%2e/etc/passwd", "/./site.toml", "/content/", "/..", "/public/index.html"} {
		conn, err := net.Dial("tcp", ts.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, ts.Addr())
		r, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		conn.Close()
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, r.StatusCode)
		}
	}
}

func TestHandlerMethods(t *testing.T) {
	t.Parallel()
	ts := startServer(t, newSite(t, smallSite), nil)
	rec := httptest.NewRecorder()
	ts.ServeHTTP(rec, request(ts.Server, http.MethodPost, "/", strings.NewReader("x")))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	rec = httptest.NewRecorder()
	ts.ServeHTTP(rec, request(ts.Server, http.MethodHead, "/", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("HEAD /: %d", rec.Code)
	}
}

const badPlatforms = "+++\ntitle = \"Register platforms\"\nwen = \"x\"\nafter = [\"register-app\"]\n+++\nBody.\n"

// TestHandlerBuildErrors checks the overlay over the last good checklist
// and the error page when nothing has built, against what prereq check
// prints.
func TestHandlerBuildErrors(t *testing.T) {
	t.Parallel()
	wantErr := "content/01-app/02-platforms.md:3:1: unknown front matter key wen (did you mean when?)"
	wantSource := []string{
		`<span class="prereq-line"><span class="prereq-ln">1</span> &#43;&#43;&#43;</span>`,
		`<span class="prereq-line"><span class="prereq-ln">2</span> title = &#34;Register platforms&#34;</span>`,
		`<span class="prereq-line prereq-line-error"><span class="prereq-ln">3</span> <mark>w</mark>en = &#34;x&#34;</span>`,
		`<span class="prereq-caret" aria-hidden="true"><span class="prereq-ln"></span> ^</span>`,
		`<span class="prereq-line"><span class="prereq-ln">4</span> after = [&#34;register-app&#34;]</span>`,
		`<span class="prereq-line"><span class="prereq-ln">5</span> &#43;&#43;&#43;</span>`,
	}
	t.Run("after a good build", func(t *testing.T) {
		dir := newSite(t, smallSite)
		var log syncBuffer
		ts := startServer(t, dir, &log)
		n := ts.rec.count()
		write("content/01-app/02-platforms.md", badPlatforms)(t, dir)
		ts.waitFor(t, n, "with errors", func(s *snapshot) bool { return len(s.errs) > 0 })
		checkCLI(t, dir, wantErr)
		b := body(t, get(t, ts.Server, "/"))
		for _, w := range append([]string{`<pre class="prereq-error-text">` + wantErr + `</pre>`, `data-step="platforms"`, `Add the Web platform.`, `data-prereq-hide`,
			`<h2 id="prereq-errors-title">1 error</h2>`, `The page below is the last checklist that built. Fix the files`}, wantSource...) {
			if !strings.Contains(b, w) {
				t.Errorf("page lacks %q", w)
			}
		}
		// One line of source a row: nothing between the lines' blocks.
		if !strings.Contains(b, strings.Join(wantSource, "")) {
			t.Errorf("the source lines are not one after the other:\n%s", b)
		}
		if strings.Contains(b, "Errors that start with ?") {
			t.Error("an error in a file is said to be in the address")
		}
		if !strings.Contains(log.String(), wantErr+"\n") {
			t.Errorf("log lacks the error:\n%s", log.String())
		}
		r := get(t, ts.Server, "/checklist.json")
		if r.StatusCode != 200 || r.Header.Get("X-Prereq-Errors") != "1" {
			t.Errorf("checklist.json during errors: %d, X-Prereq-Errors %q", r.StatusCode, r.Header.Get("X-Prereq-Errors"))
		}
		// Overrides still apply to the last good checklist, errors shown.
		b = body(t, get(t, ts.Server, "/?has_channel=false"))
		if !strings.Contains(b, wantErr) || !strings.Contains(b, `data-step="create-channel" data-status="todo"`) {
			t.Error("an override during errors does not show both")
		}
		// Fixing the file clears the errors.
		n = ts.rec.count()
		write("content/01-app/02-platforms.md", smallSite["content/01-app/02-platforms.md"])(t, dir)
		ts.waitFor(t, n, "fixed", func(s *snapshot) bool { return len(s.errs) == 0 })
		if b := body(t, get(t, ts.Server, "/")); strings.Contains(b, `id="prereq-errors"`) {
			t.Error("the overlay stays after the fix")
		}
	})
	t.Run("first build fails", func(t *testing.T) {
		files := map[string]string{"content/01-app/02-platforms.md": badPlatforms}
		for k, v := range smallSite {
			if _, ok := files[k]; !ok {
				files[k] = v
			}
		}
		dir := newSite(t, files)
		ts := startServer(t, dir, nil)
		r := get(t, ts.Server, "/")
		b := body(t, r)
		if r.StatusCode != 200 {
			t.Errorf("status %d", r.StatusCode)
		}
		for _, w := range append([]string{"The checklist does not build yet", wantErr, `/_prereq/live.js`}, wantSource...) {
			if !strings.Contains(b, w) {
				t.Errorf("error page lacks %q", w)
			}
		}
		if strings.Contains(b, `id="prereq-facts"`) {
			t.Error("error page has a facts panel")
		}
		if r := get(t, ts.Server, "/checklist.json"); r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body(t, r), wantErr) {
			t.Errorf("checklist.json before any build: %d", r.StatusCode)
		}
		n := ts.rec.count()
		write("content/01-app/02-platforms.md", smallSite["content/01-app/02-platforms.md"])(t, dir)
		ts.waitFor(t, n, "fixed", func(s *snapshot) bool { return s.good != nil && len(s.errs) == 0 })
		if b := body(t, get(t, ts.Server, "/")); !strings.Contains(b, `data-step="platforms"`) {
			t.Error("no checklist after the fix")
		}
	})
	t.Run("site file errors", func(t *testing.T) {
		dir := newSite(t, smallSite)
		ts := startServer(t, dir, nil)
		n := ts.rec.count()
		write("site.toml", "[service]\nname = \"Acme\"\n\n[facts]\nhas_chanel = true\n")(t, dir)
		s := ts.waitFor(t, n, "with errors", func(s *snapshot) bool { return len(s.errs) > 0 })
		checkCLI(t, dir, s.errs[0].Text)
		b := body(t, get(t, ts.Server, "/"))
		for _, w := range []string{"site.toml:5:1: unknown fact has_chanel", `<span class="prereq-ln">5</span> <mark>h</mark>as_chanel = true</span>`} {
			if !strings.Contains(b, w) {
				t.Errorf("page lacks %q", w)
			}
		}
	})
}

// TestOverlayLanguage checks that the overlay and the error page speak the
// page's language: the site file's, else the guide's.
func TestOverlayLanguage(t *testing.T) {
	t.Parallel()
	withLang := func(files map[string]string, name, lang string) map[string]string {
		out := map[string]string{}
		for k, v := range files {
			out[k] = v
		}
		if name == "site.toml" {
			out[name] = "language = \"" + lang + "\"\n" + out[name]
		} else {
			out[name] = strings.Replace(out[name], "title = \"Small guide\"\n", "title = \"Small guide\"\nlanguage = \""+lang+"\"\n", 1)
		}
		return out
	}
	t.Run("site file's language", func(t *testing.T) {
		dir := newSite(t, withLang(smallSite, "site.toml", "ko"))
		ts := startServer(t, dir, nil)
		n := ts.rec.count()
		write("content/01-app/02-platforms.md", badPlatforms)(t, dir)
		ts.waitFor(t, n, "with errors", func(s *snapshot) bool { return len(s.errs) > 0 })
		b := body(t, get(t, ts.Server, "/?seats=NaN"))
		for _, w := range []string{`<h2 id="prereq-errors-title">오류 2개</h2>`, "아래는 마지막으로 빌드에 성공한 체크리스트입니다.", "?로 시작하는 오류는", "다음 변경까지 숨기기", `data-updated="체크리스트가 바뀌었습니다"`, "<summary>다른 답변으로 미리 보기", ">적용</button>"} {
			if !strings.Contains(b, w) {
				t.Errorf("page lacks %q", w)
			}
		}
		overlay := b[strings.Index(b, `id="prereq-errors"`):]
		overlay = overlay[:strings.Index(overlay, `</ol>`)]
		for _, w := range []string{"2 errors", "Fix the files", "Errors that start", "Hide until"} {
			if strings.Contains(overlay, w) {
				t.Errorf("the Korean overlay has %q:\n%s", w, overlay)
			}
		}
	})
	t.Run("guide's language, nothing built", func(t *testing.T) {
		files := withLang(smallSite, "content/_index.md", "ko")
		files["content/01-app/02-platforms.md"] = badPlatforms
		ts := startServer(t, newSite(t, files), nil)
		b := body(t, get(t, ts.Server, "/"))
		for _, w := range []string{`<html lang="ko">`, "<title>prereq serve: 체크리스트를 빌드할 수 없습니다</title>", "오류 1개", "파일을 고치면"} {
			if !strings.Contains(b, w) {
				t.Errorf("error page lacks %q:\n%s", w, b)
			}
		}
	})
}

// checkCLI checks that prereq check prints want for the site in dir.
func checkCLI(t *testing.T, dir, want string) {
	t.Helper()
	errs := build.Check(t.Context(), build.Options{SiteDir: dir})
	for _, e := range errs {
		if e.Error() == want {
			return
		}
	}
	t.Errorf("prereq check does not print %q; it prints:\n%s", want, errs.Error())
}

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestHandlerEvents(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	resp, err := http.Get(ts.base + "/_prereq/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	events := make(chan sseEvent, 8)
	go readEvents(resp.Body, events)
	// next returns the next event of another build than the last one's:
	// the findings of a build, which come when the guide's check is done,
	// send its version again.
	var last int64
	next := func() sseEvent {
		for e := range events {
			if e.Version != last {
				last = e.Version
				return e
			}
		}
		t.Fatal("the event stream ended")
		return sseEvent{}
	}
	if e := next(); e.Version != 1 || e.Errors != 0 {
		t.Errorf("first event %+v, want version 1", e)
	}
	write("content/01-app/02-platforms.md", platformsV2)(t, dir)
	if e := next(); e.Version != 2 {
		t.Errorf("event after an edit %+v, want version 2", e)
	}
	write("content/01-app/02-platforms.md", badPlatforms)(t, dir)
	if e := next(); e.Version != 3 || e.Errors != 1 {
		t.Errorf("event after a bad edit %+v, want version 3 with 1 error", e)
	}
}

// TestServeWritesNothing checks that serve leaves no output folder.
func TestServeWritesNothing(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	get(t, ts.Server, "/")
	write("content/01-app/02-platforms.md", platformsV2)(t, dir)
	ts.waitFor(t, 0, "with the edit", func(s *snapshot) bool { return strings.Contains(page(s), "iOS") })
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve made public/: %v", err)
	}
	// And build output carries none of serve's additions.
	in, errs := build.Load(build.Options{SiteDir: dir})
	if errs != nil {
		t.Fatal(errs)
	}
	for _, minify := range []bool{false, true} {
		out, err := build.Render(in, minify)
		if err != nil {
			t.Fatal(err)
		}
		checklisttest.Check(t, "checklist.json", out["checklist.json"])
		for name, b := range out {
			if strings.Contains(string(b), "_prereq") || strings.Contains(string(b), "prereq-live") {
				t.Errorf("build output %s (minify=%v) has serve's additions", name, minify)
			}
		}
	}
}

type sseEvent struct {
	Version int64 `json:"version"`
	Errors  int   `json:"errors"`
	at      time.Time
}

// readEvents sends the "build" events of a stream until it ends.
func readEvents(r io.Reader, out chan<- sseEvent) {
	defer close(out)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			e := sseEvent{at: time.Now()}
			if json.Unmarshal([]byte(data), &e) == nil {
				out <- e
			}
		}
	}
}

// TestConcurrentRequests serves pages with other facts while the guide
// changes under them (run with -race).
func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	targets := []string{"/", "/?has_channel=false", "/?existing_app=true&consent_items=phone_number", "/checklist.json?plan=pro", "/checklist.md", "/?has_chanel=1"}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, target := range targets {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(ts.base + target)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	for i := range 20 {
		n := ts.rec.count()
		text := strings.Replace(platformsV2, "FINAL", fmt.Sprint(i), 1)
		write("content/01-app/02-platforms.md", text)(t, dir)
		ts.waitFor(t, n, "with the edit", func(s *snapshot) bool { return strings.Contains(page(s), "iOS platform: "+fmt.Sprint(i)+".") })
	}
	close(stop)
	wg.Wait()
}

// TestHandlerPatches checks that a page showing an earlier build is sent
// only the elements that changed, when it can be.
func TestHandlerPatches(t *testing.T) {
	t.Parallel()
	dir := newSite(t, smallSite)
	ts := startServer(t, dir, nil)
	n := ts.rec.count()
	write("content/01-app/02-platforms.md", platformsV2)(t, dir)
	ts.waitFor(t, n, "with the edit", func(s *snapshot) bool { return strings.Contains(page(s), "iOS") })
	n = ts.rec.count()
	write("content/01-app/02-platforms.md", badPlatforms)(t, dir)
	ts.waitFor(t, n, "with errors", func(s *snapshot) bool { return len(s.errs) > 0 })

	ask := func(target, from string) *http.Response {
		req := request(ts.Server, http.MethodGet, target, nil)
		req.Header.Set("X-Prereq-From", from)
		rec := httptest.NewRecorder()
		ts.ServeHTTP(rec, req)
		return rec.Result()
	}
	tests := []struct {
		name, target, from string
		patches            []string // ids; nil: the whole page
		live               string   // in the new #prereq-live
	}{
		{name: "edit of a step", target: "/", from: ts.id + ".1", patches: []string{"step-platforms"}, live: "unknown front matter key wen"},
		{name: "errors only", target: "/", from: ts.id + ".2", patches: []string{}, live: `data-version="3"`},
		{name: "same build", target: "/", from: ts.id + ".3", patches: []string{}},
		{name: "with facts", target: "/?has_channel=false", from: ts.id + ".1", patches: []string{"step-platforms"}, live: `data-overridden="true"`},
		{name: "another server run", target: "/", from: "x.1"},
		{name: "forgotten build", target: "/", from: ts.id + ".99"},
		{name: "malformed", target: "/", from: "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(tt.target, tt.from)
			b := body(t, r)
			if tt.patches == nil {
				if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("Content-Type %q, want the whole page", ct)
				}
				return
			}
			var pr patchResponse
			if err := json.Unmarshal([]byte(b), &pr); err != nil {
				t.Fatalf("%v:\n%s", err, b)
			}
			var ids []string
			for _, p := range pr.Patches {
				ids = append(ids, p.ID)
				if !strings.HasPrefix(p.HTML, `<li class="step" id="`+p.ID+`"`) || !strings.HasSuffix(p.HTML, "</li>") {
					t.Errorf("patch of %s:\n%s", p.ID, p.HTML)
				}
			}
			if strings.Join(ids, ",") != strings.Join(tt.patches, ",") {
				t.Errorf("patches of %v, want %v", ids, tt.patches)
			}
			if pr.Version != 3 || pr.Server != ts.id || !strings.HasPrefix(pr.Live, `<div id="prereq-live"`) || !strings.Contains(pr.Live, tt.live) {
				t.Errorf("response %+v", pr)
			}
		})
	}
}

package serve

import (
	"maps"
	"net/http"
	"strings"
	"testing"
)

// TestTranslations checks the live preview of a guide with a Korean
// translation: ?language=ko previews it in Korean, the facts panel
// switches languages, and the files left to translate are printed once and
// listed on the page, as prereq check prints them.
func TestTranslations(t *testing.T) {
	t.Parallel()
	files := maps.Clone(smallSite)
	files["content/_index.ko.md"] = "+++\ntitle = \"작은 가이드\"\n+++\n"
	files["content/01-app/_index.ko.md"] = "+++\ntitle = \"앱 설정\"\n+++\n"
	files["content/01-app/02-platforms.ko.md"] = "+++\ntitle = \"플랫폼 등록\"\n+++\n웹 플랫폼을 추가합니다.\n"
	dir := newSite(t, files)
	var log syncBuffer
	ts := startServer(t, dir, &log)
	warning := "content/01-app/01-register-app.md: warning: no ko translation (01-register-app.ko.md)"
	if got := strings.Count(log.String(), warning); got != 1 {
		t.Errorf("the log has the warning %d times, want once:\n%s", got, log.String())
	}
	for _, tt := range []struct {
		target    string
		want, not []string
	}{
		{"/", []string{
			`<html lang="en">`, `Register platforms`,
			`data-fact="language" data-type="select" data-site="en"`, `<option value="en" selected>en</option>`,
			`Not yet translated (4)`, `<li><code>` + warning + `</code></li>`,
		}, []string{`플랫폼 등록`}},
		{"/?language=ko", []string{
			`<html lang="ko">`, `<h1>작은 가이드</h1>`, `플랫폼 등록`, `웹 플랫폼을 추가합니다.`,
			`data-step="register-app" data-status="todo" data-role="owner" lang="en"`,
			`<option value="ko" selected>ko</option>`,
		}, []string{`id="prereq-errors"`}},
		{"/?language=ko&has_channel=false", []string{`<html lang="ko">`, `data-step="create-channel" data-status="todo"`}, nil},
		{"/?language=fr", []string{`?language: language must be one of en, ko`, `<html lang="en">`}, nil},
		{"/checklist.json?language=ko", []string{`"language": "ko"`, `"title": "플랫폼 등록"`}, nil},
		{"/checklist.md?language=ko", []string{`# 작은 가이드: Acme Shop`}, nil},
		// The guide page in each language, live.
		{"/guide.html", []string{`<html lang="en">`, `Register platforms`, `<a href="guide.ko.html" hreflang="ko" lang="ko" data-lang-link>한국어</a>`,
			`<script src="/_prereq/live.js" data-prereq-live></script>`}, []string{`플랫폼 등록`}},
		{"/guide.ko.html", []string{`<html lang="ko">`, `<h1>작은 가이드</h1>`, `플랫폼 등록`, `웹 플랫폼을 추가합니다.`,
			`data-lang-link aria-current="page">한국어</a>`, `<label for="check-register-app">Register an app</label>`,
			`<script src="/_prereq/live.js" data-prereq-live></script>`}, []string{`id="prereq-errors"`}},
	} {
		t.Run(tt.target, func(t *testing.T) {
			b := body(t, get(t, ts.Server, tt.target))
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
		})
	}
	// No guide page in the guide's own language under another name, nor
	// in a language it is not translated into.
	for _, target := range []string{"/guide.en.html", "/guide.fr.html", "/guide.ko.html/x"} {
		if r := get(t, ts.Server, target); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", target, r.StatusCode)
		}
	}
	// A rebuild with the same files left to translate prints nothing new;
	// translating one lists it no more.
	n := ts.rec.count()
	write("content/01-app/01-register-app.ko.md", "+++\ntitle = \"앱 등록\"\n+++\n")(t, dir)
	ts.waitFor(t, n, "translated", func(s *snapshot) bool { return len(s.warnings) == 3 })
	if b := body(t, get(t, ts.Server, "/")); strings.Contains(b, warning) || !strings.Contains(b, "Not yet translated (3)") {
		t.Error("the page still lists the step translated since")
	}
	if got := strings.Count(log.String(), warning); got != 1 {
		t.Errorf("after the translation, the log has the old warning %d times, want once", got)
	}
}

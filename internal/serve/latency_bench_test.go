package serve

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"prereq/internal/build"
	"prereq/internal/corpus"
	"prereq/internal/livepatch"
	"prereq/internal/rebuild"
	"prereq/internal/watch"
)

// genGuide writes a guide of n steps, 50 to a section, with the kinds of
// front matter and Markdown the Kakao guide uses, and a site file.
func genGuide(t testing.TB, dir string, n int) {
	t.Helper()
	files := map[string]string{
		"site.toml": "[service]\nname = \"Generated Shop\"\n\n[facts]\nhas_channel = false\nconsent_items = [\"account_email\"]\n\n[team]\nowner = \"Kim\"\n",
		"content/_index.md": `+++
title = "Generated guide"

[facts.has_channel]
type = "bool"
question = "Does the service have a channel?"

[facts.existing_app]
type = "bool"
question = "Does the service have an app?"
default = false

[facts.consent_items]
type = "list"
question = "Which consent items?"
values = ["profile_nickname", "account_email", "phone_number"]
default = []

[roles.owner]
label = "Owner"
description = "Owns the app."
+++
A generated guide for {{ service.name }}, to measure the live preview.
`,
	}
	const perSection = 50
	for sec := range (n + perSection - 1) / perSection {
		sd := fmt.Sprintf("content/%02d-section-%d", sec+1, sec+1)
		files[sd+"/_index.md"] = fmt.Sprintf("+++\ntitle = \"Section %d\"\nweight = %d\n+++\nWhat section %d is for.\n", sec+1, sec+1, sec+1)
		for i := range min(perSection, n-sec*perSection) {
			id := sec*perSection + i + 1
			var fm strings.Builder
			fmt.Fprintf(&fm, "title = \"Step %d\"\n", id)
			if id%3 == 0 {
				fm.WriteString("required = true\n")
			}
			if id%7 == 0 {
				fm.WriteString("when = \"not has_channel\"\n")
			} else if id%11 == 0 {
				fm.WriteString("when = \"existing_app\"\nskip_reason = \"Only with an app.\"\n")
			}
			if id%13 == 0 {
				fm.WriteString("role = \"owner\"\n")
			}
			if id%5 == 0 && id > 1 {
				fmt.Fprintf(&fm, "after = [\"step-%d\"]\n", id-1)
			}
			if id%17 == 0 {
				fm.WriteString("wait = \"3-5 business days\"\n")
			}
			files[fmt.Sprintf("%s/%03d-step-%d.md", sd, i+1, id)] = fmt.Sprintf(`+++
%s+++
Do step %d in the **console** for {{ service.name }}. See [the docs](https://example.com/docs/%d).

1. Open the settings.
2. Choose *Platform* and enter the address.
3. Save.

::: when not has_channel
Create a channel first: %d.
:::

::: note
Keep the key `+"`key-%d`"+` secret.
:::

| Item | Value |
|---|---|
| Step | %d |
`, fm.String(), id, id, id, id, id)
		}
	}
	writeFiles(t, dir, files)
}

// saveMode is how an edit is saved.
type saveMode struct {
	name string
	save func(path string, b []byte) error
}

var saveModes = []saveMode{
	{"write", func(p string, b []byte) error { return os.WriteFile(p, b, 0o644) }},
	{"rename", func(p string, b []byte) error {
		tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, p)
	}},
}

// latencyCase is a guide to measure and the step file to edit in it.
type latencyCase struct {
	name  string
	setup func(t testing.TB) string // returns the site folder
	file  string
}

var latencyCases = []latencyCase{
	{"kakao", kakaoSite, "content/01-app/02-register-platforms.md"},
	{"generated-1000", func(t testing.TB) string {
		dir := t.TempDir()
		genGuide(t, dir, 1000)
		return dir
	}, "content/10-section-10/025-step-475.md"},
}

// largeCase returns a generated 10,000-step guide (internal/corpus), for
// the save→event figure only: its 27 MB page is not loaded into a browser.
// It is a function, called by the benchmark: finding the step to edit
// generates the guide, which as a package variable cost every run of the
// package's tests 0.8 s of CPU (3 s of wall time on a busy machine) before
// the first test.
func largeCase() latencyCase {
	return latencyCase{"generated-10000", func(t testing.TB) string {
		dir := t.TempDir()
		if err := corpus.Write(dir, largeGuide); err != nil {
			t.Fatal(err)
		}
		return dir
	}, corpus.MiddleStep(largeGuide)}
}

var largeGuide = corpus.Options{Steps: 10000, Seed: 4}

// saveToEvent saves file in the site edits times, each time with a new
// line of text, and returns how long each took from the start of the save
// to the SSE event of the snapshot with that text reaching a client, and
// the build times.
func saveToEvent(t testing.TB, dir, file string, mode saveMode, edits int) (lat, builds []time.Duration) {
	ts := startServer(t, dir, nil)
	if first := ts.snap.Load(); len(first.errs) > 0 {
		t.Fatalf("the guide does not build:%s", describe([]*snapshot{first}))
	}
	resp, err := http.Get(ts.base + "/_prereq/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan sseEvent, 64)
	go readEvents(resp.Body, events)
	<-events // the stream's first event: the current version
	p := filepath.Join(dir, filepath.FromSlash(file))
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range edits {
		token := fmt.Sprintf("Edited text number %d.", i)
		text := append(slices.Clip(orig), "\n"+token+"\n"...)
		start := time.Now()
		if err := mode.save(p, text); err != nil {
			t.Fatal(err)
		}
		for e := range events {
			s := ts.rec.version(e.Version)
			if s != nil && strings.Contains(page(s), token) {
				lat = append(lat, e.at.Sub(start))
				builds = append(builds, s.took)
				break
			}
		}
		time.Sleep(10 * time.Millisecond) // let the editor's last events pass
		drain(events)
	}
	for _, s := range ts.rec.since(0) {
		if len(s.errs) > 0 {
			t.Errorf("a snapshot with errors was published:%s", describe([]*snapshot{s}))
		}
	}
	t.Logf("%d saves: %d snapshots published, %d builds run", edits, ts.rec.count()-1, ts.builds.Load()-1)
	return lat, builds
}

func drain(c chan sseEvent) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkSaveToEvent reports the median time from saving a step file to
// the live reload event reaching a client, as ms-median/save, over at least
// 20 saves, for the Kakao guide and generated guides of 1,000 and 10,000
// steps, and the rebuild's; ns/op includes a 10 ms pause after each save.
func BenchmarkSaveToEvent(b *testing.B) {
	for _, c := range append(slices.Clone(latencyCases), largeCase()) {
		for _, mode := range saveModes {
			b.Run(c.name+"/"+mode.name, func(b *testing.B) {
				dir := c.setup(b)
				b.ResetTimer()
				lat, builds := saveToEvent(b, dir, c.file, mode, max(b.N, 20))
				b.ReportMetric(ms(median(lat)), "ms-median/save")
				b.ReportMetric(ms(median(builds)), "ms-median-rebuild/save")
			})
		}
	}
}

// BenchmarkRebuildOneStep times the builder alone after one step file of
// the generated 1,000-step guide changed: re-read and re-parse that file,
// plan, render.
func BenchmarkRebuildOneStep(b *testing.B) {
	dir := b.TempDir()
	genGuide(b, dir, 1000)
	layout, err := siteLayout(build.Options{SiteDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	bl := rebuild.New(layout)
	if o, _ := bl.Build(watch.Changes{All: true}); len(o.Errs) > 0 {
		b.Fatal(o.Errs)
	}
	const key = "content/10-section-10/025-step-475.md"
	p := filepath.Join(dir, key)
	orig, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		if err := os.WriteFile(p, fmt.Appendf(slices.Clip(orig), "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		var c watch.Changes
		c.Add(key)
		if o, changed := bl.Build(c); !changed || len(o.Errs) > 0 {
			b.Fatal("no build or errors:", o.Errs)
		}
	}
}

// BenchmarkDiffPages times finding the patch for an edit of one step's
// body in the generated 1,000-step guide's page.
func BenchmarkDiffPages(b *testing.B) {
	dir := b.TempDir()
	genGuide(b, dir, 1000)
	ts := startServer(b, dir, nil)
	old := ts.snap.Load().out["index.html"]
	edited := []byte(strings.Replace(string(old), "Do step 475 in", "Do step 475, edited, in", 1))
	b.ResetTimer()
	for range b.N {
		if ps, ok := livepatch.Diff(old, edited); !ok || len(ps) != 1 || ps[0].ID != "step-step-475" {
			b.Fatal(ps, ok)
		}
	}
}

// BenchmarkBrowserSaveToVisible reports the median time from saving a step
// file to its new text being on screen in Chromium (the animation frame
// after the DOM change) as ms-median/save, and to the DOM change as
// ms-median-dom/save, over at least 25 saves, for the Kakao guide and a
// generated 1,000-step guide; ns/op includes a 20 ms pause after each save.
func BenchmarkBrowserSaveToVisible(b *testing.B) {
	for _, c := range latencyCases {
		b.Run(c.name, func(b *testing.B) {
			t := b
			dir := c.setup(t)
			ts := startServer(t, dir, nil)
			tab := browser.Tab(t)
			openLive(t, tab, ts.base+"/")
			id := "step-" + stepID(c.file)
			js[bool](t, tab, `window.__marker = 1;
				window.__probe = {want: "", id: `+fmt.Sprintf("%q", id)+`, dom: 0, frame: 0};
				new MutationObserver(function () {
					var p = window.__probe, el;
					if (!p.want || p.dom) return;
					el = document.getElementById(p.id);
					if (el && el.textContent.indexOf(p.want) >= 0) {
						p.dom = performance.timeOrigin + performance.now();
						requestAnimationFrame(function () { p.frame = performance.timeOrigin + performance.now(); });
					}
				}).observe(document.body, {subtree: true, childList: true, characterData: true});
				true`)
			p := filepath.Join(dir, filepath.FromSlash(c.file))
			orig, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var dom, frame []time.Duration
			b.ResetTimer()
			for i := range max(b.N, 25) {
				token := fmt.Sprintf("Edited text number %d.", i)
				js[bool](t, tab, `window.__probe.want = `+fmt.Sprintf("%q", token)+`; window.__probe.dom = 0; window.__probe.frame = 0; true`)
				start := time.Now()
				if err := os.WriteFile(p, append(slices.Clip(orig), "\n"+token+"\n"...), 0o644); err != nil {
					t.Fatal(err)
				}
				waitJS(t, tab, "the new text", `window.__probe.frame > 0`)
				got := js[[]float64](t, tab, `[window.__probe.dom, window.__probe.frame]`)
				at := func(ms float64) time.Duration {
					return time.UnixMicro(int64(ms * 1000)).Sub(start)
				}
				dom = append(dom, at(got[0]))
				frame = append(frame, at(got[1]))
				time.Sleep(20 * time.Millisecond)
			}
			if !js[bool](t, tab, `window.__marker === 1`) {
				t.Error("the page was reloaded")
			}
			b.ReportMetric(ms(median(frame)), "ms-median/save")
			b.ReportMetric(ms(median(dom)), "ms-median-dom/save")
		})
	}
}

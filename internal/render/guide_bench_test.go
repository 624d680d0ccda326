package render_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"prereq/internal/browsertest"
	"prereq/internal/corpus"
)

// BenchmarkGuideRedecide answers one question of guide.html in headless
// Chromium, as a reader does (a radio button's change event), and reports
// the time until the page is re-decided and laid out again, in ms/answer:
// for the Kakao guide (the aim: under a frame, 16 ms) and a generated
// guide of 1,000 steps (the aim: under 100 ms).
//
//	go test ./internal/render -run '^$' -bench GuideRedecide -benchtime 50x
func BenchmarkGuideRedecide(b *testing.B) {
	for _, bc := range []struct {
		name, fact string
		steps      int // 0: the Kakao guide
	}{
		{"kakao", "existing_app", 0},
		{"steps=1000", "has_app", 1000},
	} {
		b.Run(bc.name, func(b *testing.B) {
			dir := "../.."
			if bc.steps > 0 {
				dir = b.TempDir()
				if err := corpus.Write(dir, corpus.Options{Steps: bc.steps, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			file, _ := writeGuide(b, dir, true)
			ctx := browser.Tab(b)
			browsertest.Open(b, ctx, browsertest.FileURL(file))
			js := fmt.Sprintf(`(function (n) {
				var yes = document.querySelector('input[name="%[1]s"][value="true"]');
				var no = document.querySelector('input[name="%[1]s"][value="false"]');
				var t0 = performance.now();
				for (var i = 0; i < n; i++) {
					var r = i %% 2 ? no : yes;
					r.checked = true;
					r.dispatchEvent(new Event("change", {bubbles: true}));
					void document.body.offsetHeight; // style and layout, as the next frame would
				}
				return performance.now() - t0;
			})(%[2]d)`, bc.fact, b.N)
			b.ResetTimer()
			ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(ms/float64(b.N), "ms/answer")
		})
	}
}

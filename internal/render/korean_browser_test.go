package render_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/chromedp"

	"prereq/internal/browsertest"
)

// TestBrowserKorean opens the Kakao guide's Korean checklist, and a Korean
// page with an untranslated (English) section and step, in Chromium with a
// Korean font installed, at a desktop width, at a phone's and as printed:
// Korean text is set in a Korean font, breaks between words, with line
// height for Hangul; English inside it is set as English; nothing is wider
// than the window; and the mixed page is Nu checker and axe-core clean
// (TestBrowserValid checks the Kakao one). With PREREQ_SCREENSHOTS=1 it
// writes docs/screenshot-ko-{desktop,phone,print}.png, to review after a
// change to the templates. (TestBrowserValid runs the Nu checker on the
// mixed page.)
func TestBrowserKorean(t *testing.T) {
	t.Parallel()
	kakao, p := writePage(t, kakaoPages[1], true)
	mixed := writeMixed(t)
	kakaoURL, mixedURL := served(t, kakao), served(t, mixed)
	ids := todoIDs(p)
	ctx := browser.Tab(t)
	for _, s := range screenshots {
		t.Run(s.name, func(t *testing.T) {
			opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(s.scale)}
			if s.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			run(t, ctx, "sizing the window", chromedp.EmulateViewport(s.width, s.height, opts...))
			if s.print {
				emulatePrint(t, ctx)
			} else {
				emulateMedia(t, ctx, "")
			}
			leading := 1.7
			if s.print {
				leading = 1.55
			}

			browsertest.Open(t, ctx, kakaoURL)
			checkType(t, ctx, ".step-body p", "ko", leading)
			checkType(t, ctx, ".step-title label", "ko", 1.3)
			checkHangulFont(t, ctx, ".step-body p")
			if !s.print {
				checkFits(t, ctx)
			}

			browsertest.Open(t, ctx, mixedURL)
			checkType(t, ctx, `li.step:not([lang]) .step-body`, "ko", leading)
			checkType(t, ctx, `li.step[lang="en"] .step-body`, "en", 1.4)
			checkType(t, ctx, `section[lang="en"] h2`, "en", 1.2)
			if !s.print {
				checkFits(t, ctx)
				report(t, "the mixed page", browsertest.Axe(t, ctx))
			}

			if os.Getenv("PREREQ_SCREENSHOTS") == "1" {
				screenshot(t, browser.Tab(t), s, kakaoURL, ids[:2], filepath.Join("..", "..", "docs", "screenshot-ko-"+s.name+".png"))
			}
		})
	}
}

// writeMixed writes the Korean checklist of a guide with an untranslated
// section and step into a new folder as index.html, and returns the file.
func writeMixed(t *testing.T) string {
	t.Helper()
	_, _, out := renderBilingual(t, "language = \"ko\"\n[service]\nname = \"가나다\"\n")
	file := filepath.Join(t.TempDir(), "index.html")
	if err := os.WriteFile(file, []byte(out["html"]), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// checkType checks the type of the first element matching sel: for lang
// "ko", a Korean font first, breaks only between words and at least
// leading times the font size between lines; for "en", a Latin font first
// and ordinary breaks.
func checkType(t *testing.T, ctx context.Context, sel, lang string, leading float64) {
	t.Helper()
	type style struct {
		Found                bool
		Family, Break        string
		LineHeight, FontSize float64
	}
	got := eval[style](t, ctx, fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return {Found: false};
		const cs = getComputedStyle(el);
		return {Found: true, Family: cs.fontFamily, Break: cs.wordBreak,
			LineHeight: parseFloat(cs.lineHeight), FontSize: parseFloat(cs.fontSize)};
	})()`, sel))
	if !got.Found {
		t.Fatalf("no element %s", sel)
	}
	first, wantBreak := `"Apple SD Gothic Neo"`, "keep-all"
	if lang == "en" {
		first, wantBreak = "system-ui", "normal"
	}
	if !strings.HasPrefix(got.Family, first) {
		t.Errorf("%s: font-family %s, want %s first", sel, got.Family, first)
	}
	if got.Break != wantBreak {
		t.Errorf("%s: word-break %s, want %s", sel, got.Break, wantBreak)
	}
	if got.LineHeight < leading*got.FontSize-0.01 {
		t.Errorf("%s: line height %.1fpx for a %.1fpx font, want at least %.2f times", sel, got.LineHeight, got.FontSize, leading)
	}
}

// checkHangulFont checks that the Hangul of the element matching sel is
// drawn with a Korean font, not a fallback that lacks it.
func checkHangulFont(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	ids := run(t, ctx, "finding "+sel, chromedp.QueryNodeIDs(chromedp.CSS(sel)))
	fonts := run(t, ctx, "asking which fonts drew "+sel, chromedp.Action[[]*css.PlatformFontUsage](
		func(ctx context.Context, tg *chromedp.Target) ([]*css.PlatformFontUsage, error) {
			if _, err := cdp.Call(ctx, tg, css.Enable, cdp.Empty{}); err != nil {
				return nil, err
			}
			res, err := cdp.Call(ctx, tg, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: ids[0]})
			if err != nil {
				return nil, err
			}
			return res.Fonts, nil
		}))
	var names []string
	for _, f := range fonts {
		names = append(names, fmt.Sprintf("%s (%v glyphs)", f.FamilyName, f.GlyphCount))
		if strings.Contains(f.FamilyName, "CJK KR") || strings.Contains(f.FamilyName, "Noto Sans KR") ||
			strings.Contains(f.FamilyName, "Apple SD Gothic Neo") || strings.Contains(f.FamilyName, "Malgun Gothic") {
			return
		}
	}
	t.Errorf("%s is drawn with %v: no Korean font (install fonts-noto-cjk)", sel, names)
}

// checkFits checks that nothing is wider than the window.
func checkFits(t *testing.T, ctx context.Context) {
	t.Helper()
	if wide := eval[int](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); wide > 0 {
		t.Errorf("the page is %dpx wider than the window", wide)
	}
}

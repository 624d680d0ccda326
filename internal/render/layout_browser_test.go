package render_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"prereq/internal/browsertest"
	"prereq/internal/plan"
)

// The layout tests measure the Kakao checklist as a reader meets it: on a
// phone, where the first step must come soon, and on paper, where the
// whole checklist must fit a few pages in black and white.

// phone is the window of a common phone, in CSS pixels.
const phoneWidth, phoneHeight = 390, 844

// TestBrowserPhoneFirst opens the Kakao checklist, in both languages, on a
// 390 × 844 phone: the first checkbox is at most one and a half screens
// down, nothing is wider than the window, and no table cell is so narrow
// that its words wrap one by one.
func TestBrowserPhoneFirst(t *testing.T) {
	t.Parallel()
	ctx := browser.Tab(t)
	run(t, ctx, "sizing the window", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
	for _, tp := range kakaoPages {
		t.Run(tp.name, func(t *testing.T) {
			file, _ := writePage(t, tp, true)
			browsertest.Open(t, ctx, served(t, file))
			top := eval[float64](t, ctx, `document.querySelector("input[data-check]").getBoundingClientRect().top + window.scrollY`)
			t.Logf("the first checkbox is %.0f px down", top)
			if limit := 1.5 * phoneHeight; top > limit {
				t.Errorf("the first checkbox is %.0f px down, %.1f screens; want at most %.0f (1.5 screens)", top, top/phoneHeight, limit)
			}
			checkFits(t, ctx)
			// A cell narrower than 8em of its own font wraps word by word.
			narrow := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("td, th"))
				.filter(c => c.getClientRects().length > 0 && c.getBoundingClientRect().width < 8 * parseFloat(getComputedStyle(c).fontSize) && c.textContent.trim().includes(" "))
				.map(c => c.textContent.trim().slice(0, 40))`)
			for _, c := range narrow {
				t.Errorf("a table cell is too narrow to read on a phone: %q", c)
			}
		})
	}
}

// pdfPage matches a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// printPDF prints the page in ctx as Chromium prints it to a PDF on A4
// paper, with its default margins and no backgrounds: the pages ranges
// gives, such as "2-3", or all of them for "".
func printPDF(t *testing.T, ctx context.Context, pages string) ([]byte, error) {
	t.Helper()
	return chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPageRanges(pages)))
}

// printsOnAtMost reports whether the page in ctx prints on at most n A4
// pages, as printPDF prints it. Chromium refuses to print a page past the
// last, so it asks for page n+1 alone: that costs the browser the layout,
// not a PDF (a page of Korean costs seconds, for its font). Every page
// prints on at least one.
func printsOnAtMost(t *testing.T, ctx context.Context, n int) bool {
	t.Helper()
	_, err := printPDF(t, ctx, fmt.Sprint(n+1))
	switch {
	case err == nil:
		return false
	case strings.Contains(err.Error(), "exceeds page count"):
		return true
	}
	t.Fatalf("printing page %d to PDF: %v", n+1, err)
	return false
}

// emulatePrint makes the page in ctx lay out as printed.
func emulatePrint(t *testing.T, ctx context.Context) {
	t.Helper()
	emulateMedia(t, ctx, "print")
}

// emulateMedia makes the page in ctx lay out for the CSS media type media,
// or as usual for "".
func emulateMedia(t *testing.T, ctx context.Context, media string) {
	t.Helper()
	run(t, ctx, "emulating media "+media, chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return chromedp.Void{}, err
	}))
}

// TestBrowserPrint prints the Kakao checklist, in both languages, to A4:
// at most five pages (with PREREQ_PDF=DIR it writes the PDFs there and
// logs their page counts); every step to do there with its box, title and
// instructions, and every step not needed with its reason; nothing in
// colour; and the footer worded for paper.
func TestBrowserPrint(t *testing.T) {
	t.Parallel()
	ctx := browser.Tab(t)
	for _, tp := range kakaoPages {
		t.Run(tp.name, func(t *testing.T) {
			file, p := writePage(t, tp, true)
			emulateMedia(t, ctx, "")
			browsertest.Open(t, ctx, served(t, file))
			const most = 5
			if !printsOnAtMost(t, ctx, most) {
				t.Errorf("printed on more than %d A4 pages", most)
			}
			if dir := os.Getenv("PREREQ_PDF"); dir != "" {
				pdf, err := printPDF(t, ctx, "")
				if err != nil {
					t.Fatalf("printing to PDF: %v", err)
				}
				t.Logf("%d A4 pages", len(pdfPage.FindAll(pdf, -1)))
				if err := os.WriteFile(filepath.Join(dir, tp.name+".pdf"), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			emulatePrint(t, ctx)
			for _, s := range p.Sections {
				for _, st := range s.Steps {
					checkPrinted(t, ctx, st)
				}
			}
			colours := eval[[]string](t, ctx, `(() => {
				const out = [];
				const grey = c => { const m = c.match(/[\d.]+/g); return !m || m.length < 3 || (m.length > 3 && +m[3] === 0) || (m[0] === m[1] && m[1] === m[2]); };
				for (const el of document.body.querySelectorAll("*")) {
					if (el.getClientRects().length === 0) continue;
					for (const pseudo of [null, "::before", "::after"]) {
						const cs = getComputedStyle(el, pseudo);
						if (pseudo && (cs.content === "none" || cs.content === "normal")) continue;
						for (const prop of ["color", "background-color", "border-top-color", "border-left-color", "outline-color"]) {
							if (prop.startsWith("border") && parseFloat(cs[prop.replace("color", "width")]) === 0) continue;
							if (prop === "outline-color" && cs.outlineStyle === "none") continue;
							if (!grey(cs[prop])) out.push(el.tagName.toLowerCase() + "." + el.className + (pseudo || "") + " " + prop + ": " + cs[prop]);
						}
					}
				}
				return out.slice(0, 10);
			})()`)
			for _, c := range colours {
				t.Errorf("printed in colour: %s", c)
			}
			foot := eval[string](t, ctx, `document.querySelector(".page-foot").innerText`)
			if bytes.Contains([]byte(foot), []byte("browser")) || bytes.Contains([]byte(foot), []byte("브라우저")) {
				t.Errorf("the printed footer speaks of the browser: %q", foot)
			}
		})
	}
}

// checkPrinted checks a step as printed: a step to do shows its box (the
// title's ::before), its title and its instructions; a step not needed
// shows its title and its reason.
func checkPrinted(t *testing.T, ctx context.Context, st *plan.Step) {
	t.Helper()
	sel := "#step-" + st.ID
	parts := []string{sel + " .step-title"}
	if st.Status == plan.Todo {
		if st.Body != nil && !st.Body.Empty() {
			parts = append(parts, sel+" .step-body")
		}
		box := eval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.querySelector(%q), "::before").content`, sel+" .step-title"))
		if box != `"☐"` {
			t.Errorf("printed step %s has no empty box before its title: content %s", st.ID, box)
		}
	} else {
		parts = append(parts, sel+" .reason")
	}
	for _, part := range parts {
		if !visible(t, ctx, part) {
			t.Errorf("printed step %s: %s is not printed", st.ID, part)
		}
	}
}

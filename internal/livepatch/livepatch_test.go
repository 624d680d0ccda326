package livepatch

import (
	"strings"
	"testing"
)

const patchPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>T</title>
<style>p > a { color: red }</style>
</head>
<body>
<main id="checklist">
<ol class="steps">
<li class="step" id="step-a" data-step="a"><input type="checkbox" id="check-a"><label for="check-a">A</label>
<div class="body"><p>Body of a.</p><img src="x.png" alt="x"><br/></div>
</li>
<li class="step" id="step-b" data-step="b"><div class="body"><p>Body of <em>b</em>.</p>
<table>
<thead><tr><th>k</th></tr></thead>
<tbody><tr><td>v</td></tr></tbody>
</table>
</div>
</li>
</ol>
<section id="other" data-section="s"><p>Other.</p></section>
</main>
<script>if (1 < 2 && "</p>") {}</script>
</body>
</html>
`

func TestDiffPages(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // replace old with new in patchPage
		id       string // the element patched; "" for the whole page
		same     bool   // no change at all
	}{
		{name: "no change", same: true},
		{name: "text in a step", old: "Body of a.", new: "Body of a, edited.", id: "step-a"},
		{name: "markup in a step", old: "<p>Body of a.</p>", new: "<p>Body</p><ul><li>one</li></ul>", id: "step-a"},
		{name: "table cell", old: "<td>v</td>", new: "<td>w</td>", id: "step-b"},
		// The element around it is <main>, most of the page: send the page.
		{name: "attribute of the step", old: `id="step-a" data-step="a"`, new: `id="step-a" data-step="a" data-status="todo"`, id: ""},
		{name: "two steps", old: "Body of a.", new: "Body of a!", id: ""},
		{name: "head", old: "<title>T</title>", new: "<title>U</title>"},
		{name: "style", old: "color: red", new: "color: blue"},
		{name: "script", old: "1 < 2", new: "1 < 3"},
		{name: "unpaired tag in the new page", old: "<p>Body of a.</p>", new: "<p>Body of a.", id: ""},
		{name: "unpaired tag in the old page", old: "Other.", new: "Other. <b>", id: ""},
		{name: "section with an id", old: "<p>Other.</p>", new: "<p>Another.</p>", id: "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := patchPage
			if tt.old != "" {
				if !strings.Contains(page, tt.old) {
					t.Fatalf("no %q in the page", tt.old)
				}
				page = strings.Replace(page, tt.old, tt.new, 1)
			}
			if tt.name == "two steps" {
				page = strings.Replace(page, "Body of <em>b</em>.", "Body of <em>b</em>!", 1)
			}
			if tt.name == "unpaired tag in the old page" {
				// the old page is the broken one
				ps, ok := Diff([]byte(page), []byte(patchPage))
				if ok {
					t.Errorf("patched a page whose old markup does not pair up: %v", ps)
				}
				return
			}
			ps, ok := Diff([]byte(patchPage), []byte(page))
			switch {
			case tt.same:
				if !ok || len(ps) != 0 {
					t.Errorf("got %v, %v; want no patches", ps, ok)
				}
			case tt.id == "":
				if ok {
					t.Errorf("got patches %v; want the whole page", ps)
				}
			default:
				if !ok || len(ps) != 1 || ps[0].ID != tt.id {
					t.Fatalf("got %v, %v; want a patch of #%s", ps, ok, tt.id)
				}
				// Applying the patch to the old page's text gives the new page.
				start := strings.Index(patchPage, `id="`+tt.id+`"`)
				start = strings.LastIndex(patchPage[:start], "<")
				oldLen := len(patchPage) - len(page) + len(ps[0].HTML)
				got := patchPage[:start] + ps[0].HTML + patchPage[start+oldLen:]
				if got != page {
					t.Errorf("patched page differs:\n%s", got)
				}
			}
		})
	}
}

func TestScanFindsTags(t *testing.T) {
	var names []string
	scan([]byte(patchPage), func(tk token) bool {
		if tk.kind == startTag {
			names = append(names, string(tk.name))
		} else {
			names = append(names, "/"+string(tk.name))
		}
		return true
	})
	got := strings.Join(names, " ")
	want := "html head /head body main ol li label /label div p /p /div /li li div p em /em /p table thead tr th /th /tr /thead tbody tr td /td /tr /tbody /table /div /li /ol section p /p /section /main /body /html"
	if got != want {
		t.Errorf("tags:\n got %s\nwant %s", got, want)
	}
}

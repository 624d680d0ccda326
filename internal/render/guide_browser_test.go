package render_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"prereq/internal/browsertest"
	"prereq/internal/build"
	"prereq/internal/checklisttest"
	"prereq/internal/corpus"
	"prereq/internal/facts"
	"prereq/internal/guide"
	"prereq/internal/markdown"
	"prereq/internal/plan"
	"prereq/internal/render"
	"prereq/internal/verify"
)

// The guide page's browser tests open guide.html in headless Chromium and
// compare what its script decides with what prereq build decides for a
// site file with the same answers. They skip without a browser, unless
// CI=true (see package browsertest). As the checklist's browser tests do,
// they run in parallel, each serving its pages from an origin of its own.

// writeGuide renders a site's guide.html into a new folder and returns the
// file and the guide.
func writeGuide(t testing.TB, dir string, minify bool) (string, *guide.Guide) {
	t.Helper()
	return writeGuideIn(t, dir, "", minify)
}

// writeGuideIn is writeGuide for the guide page in lang ("": the guide's
// own language).
func writeGuideIn(t testing.TB, dir, lang string, minify bool) (string, *guide.Guide) {
	t.Helper()
	page, g := renderGuideIn(t, dir, lang, minify)
	file := filepath.Join(t.TempDir(), render.GuideFile(g, cmp.Or(lang, g.Language)))
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	return file, g
}

// pageState is what the tests read of the page after it decided.
type pageState struct {
	Steps    map[string]string `json:"steps"`    // id -> data-status
	Reasons  map[string]string `json:"reasons"`  // id of a skipped step or section -> its reason
	Sections map[string]string `json:"sections"` // id -> data-status
	Numbers  []string          `json:"numbers"`  // the step numbers shown, in order
	Todo     string            `json:"todo"`
	Skipped  string            `json:"skipped"`
	Roles    map[string]string `json:"roles"`    // role id -> its count
	RoleRefs map[string]string `json:"roleRefs"` // role id -> the steps its list shows, comma-separated
	Waits    string            `json:"waits"`    // the steps "Start these early" shows
	Blocks   []bool            `json:"blocks"`   // each ::: when block, in order: shown
	Values   map[string]string `json:"values"`   // each {{ }} name -> what the first shows
	Rules    []bool            `json:"rules"`    // each rule: its message shown
	Pending  string            `json:"pending"`
	Holders  map[string]string `json:"holders"` // role id -> who holds it, as its hand-off list shows ("": none shown)
}

// readState is JavaScript that returns a pageState.
const readState = `(function () {
	var all = function (sel) { return Array.from(document.querySelectorAll(sel)); };
	var text = function (el) { return el ? el.textContent : ""; };
	var st = {steps: {}, reasons: {}, sections: {}, numbers: [], roles: {}, roleRefs: {}, values: {}};
	all("[data-section]").forEach(function (s) {
		st.sections[s.dataset.section] = s.dataset.status;
		if (s.dataset.status === "skipped") {
			st.reasons[s.dataset.section] = text(s.querySelector(":scope > [data-reason] [data-reason-text]"));
		}
	});
	all("[data-step]").forEach(function (s) {
		st.steps[s.dataset.step] = s.dataset.status;
		if (s.dataset.status === "skipped") {
			st.reasons[s.dataset.step] = text(s.querySelector(":scope > [data-reason] [data-reason-text]"));
		}
		st.numbers.push(text(s.querySelector(".step-num")));
	});
	st.todo = text(document.querySelector(".summary .stat-todo .stat-n"));
	st.skipped = text(document.querySelector(".summary .stat-skipped .stat-n"));
	st.pending = document.querySelector(".summary .stat-pending").hidden ? "" : text(document.querySelector(".summary .stat-pending .stat-n"));
	all("[data-role-count]").forEach(function (r) { st.roles[r.dataset.roleCount] = text(r.querySelector(".stat-n")); });
	all("[data-role-steps]").forEach(function (r) {
		st.roleRefs[r.dataset.roleSteps] = r.hidden ? "" : Array.from(r.querySelectorAll("li[data-ref]:not([hidden])"), function (li) { return li.dataset.ref; }).join(",");
	});
	var waits = document.getElementById("waits");
	st.waits = !waits || waits.hidden ? "" : Array.from(waits.querySelectorAll("li[data-ref]:not([hidden])"), function (li) { return li.dataset.ref; }).join(",");
	st.blocks = all(".when[data-when]").map(function (b) { return !b.hidden; });
	all("var[data-value]").forEach(function (v) {
		if (!(v.dataset.value in st.values)) { st.values[v.dataset.value] = v.textContent; }
	});
	st.rules = all("[data-rule]").map(function (r) { return !r.hidden; });
	st.holders = {};
	all("[data-role-steps] [data-holder]").forEach(function (h) { st.holders[h.dataset.holder] = h.hidden ? "" : h.textContent; });
	return st;
})()`

// wantState is what prereq build decides for the facts: the page's state
// a site file with them gives, each status and reason as checklist.json
// gives it.
func wantState(t testing.TB, g *guide.Guide, service string, v facts.Values) pageState {
	t.Helper()
	return wantStateIn(t, g, "", service, v)
}

// wantStateIn is wantState for a checklist in lang ("": the guide's own
// language), as the guide page in lang shows it.
func wantStateIn(t testing.TB, g *guide.Guide, lang, service string, v facts.Values) pageState {
	t.Helper()
	p := planFor(t, g, lang, service, v)
	want := planState(g, lang, service, v, p)
	checkJSONState(t, p, want)
	return want
}

// planFor is prereq build's plan for a site file in lang with the facts.
func planFor(t testing.TB, g *guide.Guide, lang, service string, v facts.Values) *plan.Plan {
	t.Helper()
	site := &facts.Site{Language: lang, Service: service, Facts: v, Team: map[string]string{}}
	p, errs := plan.Make(g, site)
	if errs != nil {
		t.Fatalf("planning %v: %v", v, errs)
	}
	return p
}

// planState is the page's state for p, the plan of the facts v, its
// reasons worded as checklist.json words them (render.Reasons), without
// rendering the checklist: checkJSONState checks that checklist.json
// says the same.
func planState(g *guide.Guide, lang, service string, v facts.Values, p *plan.Plan) pageState {
	want := pageState{
		Steps: map[string]string{}, Reasons: map[string]string{}, Sections: map[string]string{},
		Todo: fmt.Sprint(p.Counts.Todo), Skipped: fmt.Sprint(p.Counts.Skipped),
		Roles: map[string]string{}, RoleRefs: map[string]string{}, Values: map[string]string{},
	}
	reason := render.Reasons(p)
	for _, s := range p.Sections {
		want.Sections[s.ID] = string(s.Status)
		if s.Status == plan.Skipped {
			want.Reasons[s.ID] = reason(s.Reason, s.Why)
		}
		for _, st := range s.Steps {
			want.Steps[st.ID] = string(st.Status)
			if st.Status == plan.Skipped {
				want.Reasons[st.ID] = reason(st.Reason, st.Why)
			}
			n := ""
			if st.Number > 0 {
				n = fmt.Sprintf("%d. ", st.Number)
			}
			want.Numbers = append(want.Numbers, n)
		}
	}
	for _, r := range p.Roles {
		want.Roles[r.ID] = fmt.Sprint(len(r.Steps))
		var ids []string
		for _, st := range r.Steps {
			ids = append(ids, st.ID)
		}
		want.RoleRefs[r.ID] = strings.Join(ids, ",")
	}
	var waits []string
	for _, st := range p.Waits {
		waits = append(waits, st.ID)
	}
	want.Waits = strings.Join(waits, ",")
	// Blocks in the order the page holds them: intro, then each section's
	// body and its steps' bodies.
	addBlocks := func(d *markdown.Doc) {
		for _, c := range d.Whens() {
			ok, err := c.Run(v)
			want.Blocks = append(want.Blocks, ok || err != nil)
		}
	}
	addBlocks(g.In(lang).Intro)
	for _, s := range g.Sections {
		addBlocks(g.SectionText(s, lang).Body)
		for _, st := range s.Steps {
			addBlocks(g.StepText(st, lang).Body)
		}
	}
	for _, r := range g.Schema.Rules {
		ok, err := r.Cond.Run(v)
		want.Rules = append(want.Rules, !ok || err != nil)
	}
	want.Values["service.name"] = service
	for _, d := range g.Schema.Facts {
		want.Values[d.Name] = facts.Format(v[d.Name])
	}
	return want
}

// checkJSONState renders the checklist of p and checks its checklist.json:
// valid by its schema, and each status and reason the one want, the page's
// state planState made of p, holds.
func checkJSONState(t testing.TB, p *plan.Plan, want pageState) {
	t.Helper()
	_, js := renderJSON(t, p, embeddedTemplates())
	var checklist struct {
		Sections []struct {
			ID, Status, Reason string
			Steps              []struct{ ID, Status, Reason string }
		}
	}
	if err := json.Unmarshal(js, &checklist); err != nil {
		t.Fatal(err)
	}
	got := want
	got.Steps, got.Sections, got.Reasons = map[string]string{}, map[string]string{}, map[string]string{}
	for _, s := range checklist.Sections {
		got.Sections[s.ID] = s.Status
		if s.Status == "skipped" {
			got.Reasons[s.ID] = s.Reason
		}
		for _, st := range s.Steps {
			got.Steps[st.ID] = st.Status
			if st.Status == "skipped" {
				got.Reasons[st.ID] = st.Reason
			}
		}
	}
	compareStates(t, "checklist.json against the plan", got, want)
}

// answersOf writes facts as the page's answer function takes them: text,
// as the fragment and serve's query string give them.
func answersOf(service string, v facts.Values) map[string]string {
	out := map[string]string{"service.name": service}
	for name, val := range v {
		out[name] = facts.QueryText(val)
	}
	return out
}

// compareStates reports the differences of got from want, a line each;
// values are compared only for the names the page shows.
func compareStates(t testing.TB, what string, got, want pageState) {
	t.Helper()
	var diffs []string
	maps := func(name string, g, w map[string]string, only bool) {
		for k, wv := range w {
			if gv, ok := g[k]; (ok || !only) && gv != wv {
				diffs = append(diffs, fmt.Sprintf("%s[%s] = %q, want %q", name, k, gv, wv))
			}
		}
		for k, gv := range g {
			if _, ok := w[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s[%s] = %q, want none", name, k, gv))
			}
		}
	}
	maps("status", got.Steps, want.Steps, false)
	maps("section", got.Sections, want.Sections, false)
	maps("reason", got.Reasons, want.Reasons, false)
	maps("role count", got.Roles, want.Roles, false)
	maps("role list", got.RoleRefs, want.RoleRefs, false)
	maps("{{ }}", got.Values, want.Values, true)
	if want.Holders != nil { // compared only where the test names the holders
		maps("holder", got.Holders, want.Holders, false)
	}
	scalars := [][3]string{{"steps to do", got.Todo, want.Todo}, {"skipped", got.Skipped, want.Skipped},
		{"pending", got.Pending, want.Pending}, {"waits", got.Waits, want.Waits},
		{"numbers", fmt.Sprint(got.Numbers), fmt.Sprint(want.Numbers)},
		{"blocks shown", fmt.Sprint(got.Blocks), fmt.Sprint(want.Blocks)},
		{"rules broken", fmt.Sprint(got.Rules), fmt.Sprint(want.Rules)}}
	for _, sc := range scalars {
		if sc[1] != sc[2] {
			diffs = append(diffs, fmt.Sprintf("%s = %s, want %s", sc[0], sc[1], sc[2]))
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Errorf("%s:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}

// checkCombinations answers each combination in the page and compares it
// with prereq build's plan for it. The page answers them all in one
// evaluation, while the test works out prereq build's plans: the first
// also rendered, its checklist.json checked against the plan
// (checkJSONState); the others only planned, their reasons worded as
// checklist.json words them. Each answer
// puts the answers in the address with history.replaceState, which costs
// the browser milliseconds (and which it throttles after a few hundred in
// a row): the address is not what this test compares
// (TestGuideBrowserForm checks it), so while the page answers,
// replaceState does nothing.
func checkCombinations(t *testing.T, ctx context.Context, g *guide.Guide, lang string, combos []facts.Values) {
	t.Helper()
	const service = "Test <Shop> & Co"
	batch := make([]map[string]string, len(combos))
	for i, v := range combos {
		batch[i] = answersOf(service, v)
	}
	in, err := json.Marshal(batch)
	if err != nil {
		t.Fatal(err)
	}
	type answered struct {
		states []pageState
		err    error
	}
	page := make(chan answered, 1)
	go func() {
		states, err := chromedp.Run(ctx, chromedp.Evaluate[[]pageState](`(function (batch) {
			history.replaceState = function () {};
			try {
				return batch.map(function (answers) {
					window.prereqGuide.answer(answers);
					return `+readState+`;
				});
			} finally {
				delete history.replaceState;
			}
		})(`+string(in)+`)`))
		page <- answered{states, err}
	}()
	want := make([]pageState, len(combos))
	for i, v := range combos {
		p := planFor(t, g, lang, service, v)
		want[i] = planState(g, lang, service, v, p)
		if i == 0 {
			checkJSONState(t, p, want[i])
		}
	}
	got := <-page
	if got.err != nil {
		t.Fatalf("answering %d combinations in the page: %v", len(combos), got.err)
	}
	if len(got.states) != len(combos) {
		t.Fatalf("the page gave %d states for %d combinations", len(got.states), len(combos))
	}
	for i, v := range combos {
		compareStates(t, literalsOf(g, v), got.states[i], want[i])
	}
}

func literalsOf(g *guide.Guide, v facts.Values) string {
	var parts []string
	for _, d := range g.Schema.Facts {
		parts = append(parts, d.Name+"="+facts.Literal(v[d.Name]))
	}
	return strings.Join(parts, " ")
}

// TestGuideBrowserMatchesGo runs every combination of fact values that
// `check -matrix` enumerates for the Kakao guide (and every combination of
// its booleans with a few consent items, the rules broken too), and a
// seeded sample of a generated guide's, through guide.html in Chromium:
// each section's and step's status and reason, the counts, the role and
// wait lists, every `::: when` block, every {{ }} value and each rule's
// message are what prereq build gives for a site file with those facts.
func TestGuideBrowserMatchesGo(t *testing.T) {
	t.Parallel()
	ctx := browser.Tab(t) // for every guide: a tab costs a renderer process
	t.Run("kakao", func(t *testing.T) {
		file, g := writeGuide(t, "../..", true)
		browsertest.Open(t, ctx, served(t, file))
		combos := verify.Combinations(g, verify.Options{})
		// Every combination of the booleans, the rules broken too.
		var bools []string
		for _, d := range g.Schema.Facts {
			if d.Type == facts.Bool {
				bools = append(bools, d.Name)
			}
		}
		for bits := range 1 << len(bools) {
			for _, items := range [][]string{{}, {"shipping_address"}, {"account_email", "profile_nickname"}} {
				v := maps.Clone(combos[0])
				for i, name := range bools {
					v[name] = bits&(1<<i) != 0
				}
				v["consent_items"] = items
				combos = append(combos, v)
			}
		}
		checkCombinations(t, ctx, g, "", combos)
		t.Logf("%d combinations compared", len(combos))
	})
	t.Run("kakao-ko", func(t *testing.T) {
		// guide.ko.html against Korean checklists: reasons, questions
		// and skip reasons in Korean. A seeded sample.
		file, g := writeGuideIn(t, "../..", "ko", true)
		browsertest.Open(t, ctx, served(t, file))
		combos := verify.Combinations(g, verify.Options{})
		r := rand.New(rand.NewPCG(12, 4))
		r.Shuffle(len(combos), func(i, j int) { combos[i], combos[j] = combos[j], combos[i] })
		combos = combos[:min(len(combos), 40)]
		checkCombinations(t, ctx, g, "ko", combos)
		t.Logf("%d combinations compared", len(combos))
	})
	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		if err := corpus.Write(dir, corpus.Options{Steps: 300, Seed: 7, MoreFacts: true}); err != nil {
			t.Fatal(err)
		}
		file, g := writeGuide(t, dir, false)
		browsertest.Open(t, ctx, served(t, file))
		combos := verify.Combinations(g, verify.Options{})
		r := rand.New(rand.NewPCG(7, 11))
		r.Shuffle(len(combos), func(i, j int) { combos[i], combos[j] = combos[j], combos[i] })
		combos = combos[:min(len(combos), 120)]
		checkCombinations(t, ctx, g, "", combos)
		t.Logf("%d combinations compared", len(combos))
	})
}

// TestGuideBrowserForm answers the questionnaire as a reader does, reloads,
// shares the link, downloads the site file and checks it, in Chromium.
func TestGuideBrowserForm(t *testing.T) {
	t.Parallel()
	dir := writeArchive(t, formsArchive)
	file, g := writeGuide(t, dir, true)
	base := browsertest.Serve(t, filepath.Dir(file))
	url := base + "/" + filepath.Base(file)
	ctx := browser.Tab(t)
	browsertest.Open(t, ctx, url)

	// Unanswered: plan, nick and tags have no default.
	if got := eval[string](t, ctx, `document.querySelector(".stat-pending .stat-n").textContent`); got == "0" || got == "" {
		t.Errorf("pending count before answering = %q, want the steps that depend on the unanswered facts", got)
	}
	if got := eval[string](t, ctx, `(document.querySelector('[data-step="pay"] .pending-note') || {}).textContent || ""`); got != "Depends on your answer to “Which features do you use?”." {
		t.Errorf("the step that reads tags says %q, want it to depend on the tags question", got)
	}

	// Answer as site.toml does: plan, nick, tags and the name.
	run(t, ctx, "typing the name", chromedp.SendKeys(chromedp.ID("q-service-name"), "Forms Shop"))
	run(t, ctx, "choosing the plan", chromedp.SetValue(chromedp.ID("q-plan"), "team"))
	eval[bool](t, ctx, `(document.getElementById("q-plan").dispatchEvent(new Event("change", {bubbles: true})), true)`)
	run(t, ctx, "typing the nickname", chromedp.SendKeys(chromedp.ID("q-nick"), "shop"))
	run(t, ctx, "ticking login", chromedp.Click(chromedp.CSS(`input[name="tags"][value="login"]`)))
	run(t, ctx, "ticking pay", chromedp.Click(chromedp.CSS(`input[name="tags"][value="pay"]`)))
	run(t, ctx, "naming the owner", chromedp.SendKeys(chromedp.ID("q-team-owner"), "Kim & <Lee>"))
	wantHash := "#plan=team&nick=shop&tags=login,pay&service.name=Forms%20Shop&team.owner=Kim%20%26%20%3CLee%3E"
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.hash === "`+wantHash+`"`)); err != nil {
		t.Errorf("fragment = %q, want %q", eval[string](t, ctx, `location.hash`), wantHash)
	}
	site, errs := build.LoadSite(filepath.Join(dir, "site.toml"), "site.toml", g.Schema)
	if errs != nil {
		t.Fatal(errs)
	}
	want := wantState(t, g, site.Service, site.Facts)
	want.Holders = map[string]string{"owner": site.Team["owner"]}
	compareStates(t, "answered", eval[pageState](t, ctx, readState), want)
	if got := eval[string](t, ctx, `document.querySelector('[data-step="create"] .badge-holder').textContent`); got != site.Team["owner"] {
		t.Errorf("the owner's step names its holder %q, want %q", got, site.Team["owner"])
	}
	// The counts are announced a moment after the last answer: an
	// announcement of an earlier answer may come first.
	announced := want.Todo + " steps to do, " + want.Skipped + " not needed"
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("guide-status").textContent.startsWith(%q)`, announced))); err != nil {
		t.Errorf("announced %q, want %q first: %v", eval[string](t, ctx, `document.getElementById("guide-status").textContent`), announced, err)
	}

	// Reload: the answers come back from the fragment.
	run(t, ctx, "reloading", chromedp.Reload())
	compareStates(t, "reloaded", eval[pageState](t, ctx, readState), want)
	if got := eval[string](t, ctx, `document.getElementById("q-nick").value + "|" + document.getElementById("q-service-name").value + "|" + document.getElementById("q-team-owner").value`); got != "shop|Forms Shop|Kim & <Lee>" {
		t.Errorf("form after reload = %q", got)
	}

	// Tick a step and share: the link carries the answers and the tick.
	// A script's click: the browser lays out a step only once it is on
	// the screen (content-visibility), after chromedp.Click measured it.
	eval[bool](t, ctx, `(document.getElementById("check-always").click(), true)`)
	run(t, ctx, "copying the link", chromedp.Click(chromedp.ID("copy-link")))
	waitFor(t, ctx, `document.getElementById("share-link").value !== ""`)
	link := eval[string](t, ctx, `document.getElementById("share-link").value`)
	if wantLink := url + wantHash + "&done=always"; link != wantLink {
		t.Errorf("shared link = %q, want %q", link, wantLink)
	}
	// Download site.toml: prereq check accepts it and builds the same plan.
	toml := eval[string](t, ctx, `window.prereqGuide.siteTOML()`)
	for _, d := range g.Schema.Facts {
		if !strings.Contains(toml, "# "+d.Question+"\n") {
			t.Errorf("site.toml does not give the question of %s:\n%s", d.Name, toml)
		}
	}
	if !strings.Contains(toml, "\n[team]\n# Who holds the role Owner?\nowner = \"Kim & <Lee>\"\n") {
		t.Errorf("site.toml does not name the owner under [team]:\n%s", toml)
	}
	if err := os.WriteFile(filepath.Join(dir, "downloaded.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	o := build.Options{SiteDir: dir, SiteFile: filepath.Join(dir, "downloaded.toml")}
	if errs := build.Check(context.Background(), o); errs != nil {
		t.Fatalf("prereq check on the downloaded site.toml:\n%s\n%s", errs, toml)
	}
	got, errs := build.LoadSite(o.SiteFile, "downloaded.toml", g.Schema)
	if errs != nil {
		t.Fatal(errs)
	}
	if got.Team["owner"] != "Kim & <Lee>" {
		t.Errorf("the downloaded site.toml's [team] gives the owner %q", got.Team["owner"])
	}
	fromFile := wantState(t, g, got.Service, got.Facts)
	fromFile.Holders = map[string]string{"owner": got.Team["owner"]}
	compareStates(t, "built from the downloaded site.toml", eval[pageState](t, ctx, readState), fromFile)
	// The checklist it builds names the holder as the page does.
	in, errs := build.Load(o)
	if errs != nil {
		t.Fatal(errs)
	}
	out, err := build.RenderOnly(in, false, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out["index.html"]), `<span class="badge-holder">Kim &amp; &lt;Lee&gt;</span>`) {
		t.Error("index.html built from the downloaded site.toml does not name the owner")
	}

	// The button downloads that text.
	checkDownload(t, ctx, toml)

	// A rule the answers break shows its message.
	eval[bool](t, ctx, `(window.prereqGuide.answer({"has_app": "true", "seats": "0", "plan": "team", "nick": "x", "tags": ""}), true)`)
	if !eval[bool](t, ctx, `!document.getElementById("guide-rules").hidden && !document.querySelector('[data-rule="0"]').hidden`) {
		t.Error("breaking the rule shows no message")
	}

	// Clear: back to the defaults, nothing in the address.
	run(t, ctx, "clearing the answers", chromedp.Click(chromedp.ID("clear-answers")))
	if got := eval[string](t, ctx, `location.hash`); got != "" {
		t.Errorf("fragment after clearing = %q", got)
	}

	// Another reader opens the shared link, as on another computer: the
	// page from another origin, where none of the first reader's ticks
	// are, in the same tab (a tab costs a renderer process).
	browsertest.Open(t, ctx, browsertest.Serve(t, filepath.Dir(file))+strings.TrimPrefix(link, base))
	compareStates(t, "opened from the shared link", eval[pageState](t, ctx, readState), want)
	if got := ticked(t, ctx); !slices.Equal(got, []string{"always"}) {
		t.Errorf("ticked from the shared link = %q", got)
	}
	if got := eval[string](t, ctx, `location.hash`); got != wantHash {
		t.Errorf("fragment after merging the ticks = %q, want %q", got, wantHash)
	}
}

// checkDownload clicks "Download site.toml" and wants the file to hold
// want. It allows downloads in the browser of ctx until the test ends; no
// other test downloads.
func checkDownload(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatalf("allowing downloads: %v", err)
	}
	t.Cleanup(func() {
		if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorDefault}); err != nil {
			t.Errorf("resetting downloads: %v", err)
		}
	})
	run(t, ctx, "downloading", chromedp.Click(chromedp.ID("download-site")))
	file := filepath.Join(dir, "site.toml")
	var got []byte
	for range 100 {
		if b, err := os.ReadFile(file); err == nil && len(b) > 0 {
			got = b
			break
		}
		waitFor(t, ctx, `new Promise(function (ok) { setTimeout(function () { ok(true); }, 50); })`)
	}
	if string(got) != want {
		t.Errorf("downloaded site.toml = %q, want %q", got, want)
	}
}

// TestGuideBrowserKorean: guide.ko.html links to guide.html with the
// reader's answers, and the site file it downloads asks for a Korean
// checklist, each fact under its Korean question: prereq check accepts it
// and builds the checklist the page shows.
func TestGuideBrowserKorean(t *testing.T) {
	t.Parallel()
	file, g := writeGuideIn(t, "../..", "ko", true)
	ctx := browser.Tab(t)
	answers := "#existing_app=true&consent_items=account_email,shipping_address&service.name=%EC%B9%B4%EC%B9%B4%EC%98%A4%20%EC%83%B5"
	browsertest.Open(t, ctx, served(t, file)+answers)
	if got := eval[string](t, ctx, `document.querySelector('a[data-lang-link][hreflang="en"]').getAttribute("href")`); got != "guide.html"+answers {
		t.Errorf("the link to the English page = %q, want guide.html with the answers", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('a[data-lang-link][aria-current="page"]').getAttribute("hreflang")`); got != "ko" {
		t.Errorf("the language switch marks %q as this page, want ko", got)
	}
	toml := eval[string](t, ctx, `window.prereqGuide.siteTOML()`)
	for _, want := range []string{"language = \"ko\"\n", "name = \"카카오 샵\"\n", "# " + g.Question("existing_app", "ko") + "\n"} {
		if !strings.Contains(toml, want) {
			t.Errorf("site.toml lacks %q:\n%s", want, toml)
		}
	}
	site := filepath.Join(t.TempDir(), "site.toml")
	if err := os.WriteFile(site, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	o := build.Options{SiteDir: "../..", SiteFile: site}
	if errs := build.Check(context.Background(), o); errs != nil {
		t.Fatalf("prereq check on the downloaded site.toml:\n%s\n%s", errs, toml)
	}
	got, errs := build.LoadSite(site, "site.toml", g.Schema)
	if errs != nil {
		t.Fatal(errs)
	}
	if got.Language != "ko" {
		t.Errorf("the downloaded site.toml asks for a checklist in %q, want ko", got.Language)
	}
	compareStates(t, "built from the downloaded site.toml", eval[pageState](t, ctx, readState), wantStateIn(t, g, got.Language, got.Service, got.Facts))
}

// TestGuideBrowserNoScript: without JavaScript the page is the whole guide,
// flagged: every step to do and shown, every block shown, the form hidden.
func TestGuideBrowserNoScript(t *testing.T) {
	t.Parallel()
	file, g := writeGuide(t, writeArchive(t, formsArchive), false)
	ctx := noScriptTab(t)
	browsertest.Open(t, ctx, served(t, file))
	got := eval[struct {
		Hidden  int  `json:"hidden"`
		Steps   int  `json:"steps"`
		Form    bool `json:"form"`
		Flags   int  `json:"flags"`
		Unticks int  `json:"boxes"`
	}](t, ctx, `({
		hidden: Array.from(document.querySelectorAll("[data-step], .when, [data-section]")).filter(function (e) { return e.offsetParent === null; }).length,
		steps: document.querySelectorAll('[data-step][data-status="todo"]').length,
		form: document.getElementById("questions").offsetParent !== null,
		flags: Array.from(document.querySelectorAll(".flag")).filter(function (e) { return e.offsetParent !== null; }).length,
		boxes: document.querySelectorAll("input[data-check]").length
	})`)
	steps, flags := 0, 0
	for _, s := range g.Sections {
		steps += len(s.Steps)
		if s.When != nil {
			flags++
		}
		flags += len(s.Body.Whens())
		for _, st := range s.Steps {
			if st.When != nil {
				flags++
			}
			flags += len(st.Body.Whens())
		}
	}
	flags += len(g.Intro.Whens())
	if got.Hidden != 0 || got.Steps != steps || got.Form || got.Flags != flags || got.Unticks != steps {
		t.Errorf("without JavaScript: %+v; want nothing hidden, %d steps to do with their boxes, no form, %d flags shown", got, steps, flags)
	}
}

// TestGuideBrowserValid checks the Kakao guide's guide.html and
// guide.ko.html with axe-core, the form included, in the states of
// guideStates: not answered, answered, and guide.html with JavaScript off.
// axe-core checks the minified page; the page as written is shown to be the
// same document in each state (checkStates). TestBrowserValid checks them,
// and every guide page of guideSites, with the Nu HTML checker.
func TestGuideBrowserValid(t *testing.T) {
	t.Parallel()
	ctx := browser.Tab(t) // for both pages: a tab costs a renderer process
	for _, gs := range guideSites {
		if !strings.HasPrefix(gs.name, "kakao") {
			continue
		}
		t.Run(gs.name, func(t *testing.T) {
			var urls []string // as written and minified
			for _, minify := range []bool{false, true} {
				file, _ := writeGuideIn(t, gs.dir(t), gs.lang, minify)
				urls = append(urls, served(t, file))
			}
			states := guideStates
			if gs.lang != "" {
				states = states[:2] // without JavaScript, the page in English
			}
			checkStates(t, ctx, urls[0], urls[1], states)
		})
	}
}

// guideStates are the states in which axe-core checks a guide page, each
// reached from the one before it.
var guideStates = []state{
	{"not answered", nil},
	{"answered", func(t *testing.T, ctx context.Context, url string) {
		eval[bool](t, ctx, `(window.prereqGuide.answer({"existing_app": "true", "has_channel": "true", "consent_items": "account_email", "plan": "team", "nick": "n", "tags": "pay", "service.name": "Acme"}), true)`)
	}},
	{"without JavaScript", func(t *testing.T, ctx context.Context, url string) {
		run(t, ctx, "switching JavaScript off", browsertest.DisableScripts())
		browsertest.Open(t, ctx, url)
	}},
}

// TestGuideBrowserScreenshot writes docs/screenshot-guide.png and
// docs/screenshot-guide-ko.png: the Kakao guide page, in English and in
// Korean, answered for a partner, at its first section (a flagged
// section, a skipped step with its reason, a flagged ::: when block).
func TestGuideBrowserScreenshot(t *testing.T) {
	if os.Getenv("PREREQ_SCREENSHOTS") != "1" {
		t.Skip("set PREREQ_SCREENSHOTS=1 to write docs/screenshot-guide.png and docs/screenshot-guide-ko.png")
	}
	for _, tt := range []struct{ lang, png, service string }{
		{"", "screenshot-guide.png", "Acme%20Shop"},
		{"ko", "screenshot-guide-ko.png", "%EC%B9%B4%EC%B9%B4%EC%98%A4%20%EC%83%B5"}, // 카카오 샵
	} {
		file, _ := writeGuideIn(t, "../..", tt.lang, true)
		ctx := browser.Tab(t)
		run(t, ctx, "sizing the window", chromedp.EmulateViewport(1280, 900))
		browsertest.Open(t, ctx, served(t, file)+"#existing_app=true&has_channel=true&consent_items=account_email,shipping_address&service.name="+tt.service)
		eval[bool](t, ctx, `(document.getElementById("section-app").scrollIntoView(), window.scrollBy(0, -60), true)`)
		waitFor(t, ctx, `new Promise(function (ok) { requestAnimationFrame(function () { requestAnimationFrame(function () { ok(true); }); }); })`)
		png := run(t, ctx, "taking the screenshot", chromedp.CaptureScreenshot())
		out := filepath.Join("..", "..", "docs", tt.png)
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", out)
	}
}

// renderJSON renders the checklist of p with tmpl and its checklist.json,
// and checks checklist.json against its schema.
func renderJSON(t testing.TB, p *plan.Plan, tmpl *render.Templates) (*render.Checklist, []byte) {
	t.Helper()
	c, err := render.RenderChecklist(context.Background(), p, tmpl, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	js, err := render.JSON(c, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checklisttest.Check(t, "checklist.json", js)
	return c, js
}

// embeddedTemplates are the default templates, loaded once.
var embeddedTemplates = sync.OnceValue(func() *render.Templates {
	tmpl, errs := render.LoadTemplates(nil, "templates")
	if errs != nil {
		panic(errs)
	}
	return tmpl
})

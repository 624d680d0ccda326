package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeJS is the path of axe-core inside tools/browser/node_modules.
const axeJS = "axe-core/axe.min.js"

// axeTimeout bounds one run of axe-core on a page.
const axeTimeout = time.Minute

// axeRun runs axe on the document and keeps what the report needs. %s is the
// JSON options object of axe.run. A target is a list of selectors, one for
// each frame; a selector inside a shadow root is itself a list.
const axeRun = `axe.run(document, %s).then(r => r.violations.map(v => ({
	id: v.id,
	help: v.help,
	nodes: v.nodes.map(n => n.target.map(s => Array.isArray(s) ? s.join(" >>> ") : s).join(" | ")),
})))`

type axeViolation struct {
	ID    string   `json:"id"`
	Help  string   `json:"help"`
	Nodes []string `json:"nodes"`
}

// Axe runs the axe-core accessibility checker on the page that is open in the
// tab of ctx, and returns its violations, each as
// "rule-id: help (N nodes: selector, …)", in the order of the rule ids. A page
// without problems gives none. Give the ids of rules to leave out as disable,
// such as "color-contrast".
//
// In a tab of [NoScript], Axe switches JavaScript on while it runs, and off
// again after it; the page scripts that were skipped stay skipped, so axe
// checks the page as a reader without JavaScript gets it.
//
// Without axe-core or Chromium the test is skipped, or fails when CI is
// "true".
func Axe(t testing.TB, ctx context.Context, disable ...string) []string {
	t.Helper()
	axePath := toolPath(t, axeJS) // skips the test without axe-core

	opts := map[string]any{"resultTypes": []string{"violations"}}
	if len(disable) > 0 {
		rules := map[string]any{}
		for _, id := range disable {
			rules[id] = map[string]bool{"enabled": false}
		}
		opts["rules"] = rules
	}
	optsJSON, err := json.Marshal(opts)
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}

	// axe-core waits on timers, which do not run while JavaScript is off.
	// Switching it on again does not run the page scripts that were skipped.
	if scriptsDisabled(ctx) {
		if err := chromedp.Do(ctx, EnableScripts()); err != nil {
			t.Fatalf("browsertest: %v", err)
		}
		defer func() {
			if err := chromedp.Do(ctx, DisableScripts()); err != nil {
				t.Errorf("browsertest: %v", err)
			}
		}()
	}

	actx, cancel := context.WithTimeout(ctx, axeTimeout)
	defer cancel()
	// A page keeps axe until it navigates, so inject it only once. Asking
	// first costs less than sending its source again: a run on a small page
	// took 90-95 ms of CPU when the source came with it, and 23 ms after a
	// question.
	injected, err := chromedp.Run(actx, chromedp.Evaluate[bool](`typeof window.axe?.run === "function"`))
	if err != nil {
		t.Fatalf("browsertest: looking for axe-core in the page: %v", err)
	}
	if !injected {
		src, err := os.ReadFile(axePath)
		if err != nil {
			t.Fatalf("browsertest: %v", err)
		}
		if err := chromedp.Do(actx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
			t.Fatalf("browsertest: injecting axe-core: %v", err)
		}
	}
	vs, err := chromedp.Run(actx, chromedp.Evaluate[[]axeViolation](fmt.Sprintf(axeRun, optsJSON), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: running axe-core: %v", err)
	}

	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%s: %s (%d nodes: %s)", v.ID, v.Help, len(v.Nodes), strings.Join(v.Nodes, ", ")))
	}
	sort.Strings(out)
	return out
}

package render

import (
	"bytes"
	"context"
	"html/template"
	"time"

	"github.com/tdewolff/minify/v2"

	"prereq/internal/diag"
	"prereq/internal/parallel"
	"prereq/internal/plan"
)

// Options says how a page is rendered.
type Options struct {
	Minify bool
	// Cache, when set, keeps each step's rendered HTML between renders, so
	// that a rebuild renders only the steps whose inputs changed (the live
	// preview keeps one). Nil renders every step.
	Cache *Cache
	// Conditions shows, as the tooltip (title) of each skipped item's
	// reason, the condition that skipped it and the facts that made it
	// false: for the docs team in the live preview, never for partners.
	Conditions bool
	// URL is the address of the folder the output is hosted in, ending in
	// a slash (see links.Base): each page's canonical link, and the links
	// checklist.md and checklist.json give to each step (links.Step). ""
	// when not known: no canonical link, links relative to the folder.
	URL string
	// MarkdownBodies adds each step's instructions, as Markdown, under its
	// item in checklist.md (-md-bodies).
	MarkdownBodies bool
	// Start, when not zero, is the day the steps start (-start):
	// checklist.json then dates each step to do (see schedule).
	Start time.Time
	// Bodies, when set, is shared by the pages of one build, so that what
	// checklist.json makes of a step's body is made once for all partners
	// who share it (a many-partner build sets one).
	Bodies *BodyCache
}

// HTML renders the checklist page with the templates.
func HTML(p *plan.Plan, t *Templates, minified bool) ([]byte, error) {
	return Render(p, t, Options{Minify: minified})
}

// Render renders the checklist page. Each step is rendered on its own, on
// every core, by the "step" template (or its compiled twin, writeStep) with
// its body spliced in after (see renderStep); the page template then
// places the finished steps, and the style sheet and script are spliced in
// last (see splice). With a Cache, what did not change since the last
// render is reused. Output does not depend on the number of cores or on
// the cache.
func Render(p *plan.Plan, t *Templates, o Options) ([]byte, error) {
	return RenderContext(context.Background(), p, t, o)
}

// RenderContext is Render that stops between steps when ctx is done, and
// then returns ctx's error.
func RenderContext(ctx context.Context, p *plan.Plan, t *Templates, o Options) ([]byte, error) {
	c, err := RenderChecklist(ctx, p, t, o)
	if err != nil {
		return nil, err
	}
	return c.HTML, nil
}

// RenderChecklist is RenderContext, keeping what the other outputs show
// again of the page: each step's body as the page holds it (see
// Checklist).
func RenderChecklist(ctx context.Context, p *plan.Plan, t *Templates, o Options) (*Checklist, error) {
	c, page, err := RenderChecklistSpliced(ctx, p, t, o)
	if err != nil {
		return nil, err
	}
	c.HTML = page.Bytes()
	return c, nil
}

// RenderChecklistSpliced is RenderChecklist with the page left in its
// pieces (Checklist.HTML is nil): a build writes it to its file without
// ever holding it whole.
func RenderChecklistSpliced(ctx context.Context, p *plan.Plan, t *Templates, o Options) (*Checklist, *Spliced, error) {
	partition := ""
	if o.Cache != nil {
		partition = cachePartition(p, t, o)
	}
	pg, err := newPage(p, o, partition)
	errs := diag.From(err, "") // every body's and step's, not only the first
	views := pg.stepViews()
	if o.Cache != nil {
		defer o.Cache.sweep(len(views), len(pg.Sections))
	}
	if err := renderSteps(ctx, pg, views, p, t, o, partition); err != nil {
		if ctx.Err() != nil {
			return nil, nil, err
		}
		errs = append(errs, diag.From(err, "")...)
	}
	if len(errs) > 0 {
		return nil, nil, errs.Sort()
	}
	assets := t.assets
	if o.Minify {
		assets = t.minified()
	}
	// The page around the steps depends on the guide's outline, not on the
	// text of step bodies: after an edit to a body, the last one serves.
	key := skeletonKey{version: p.Guide.Version, partition: partition}
	cacheable := o.Cache != nil && p.Guide.Version != nil
	var out []byte
	var sk *skeleton
	if cacheable {
		sk, _ = lookup(o.Cache, o.Cache.skeletons, key)
	}
	if sk != nil {
		out, pg.groups = sk.html, sk.groupsOf(views)
	} else {
		if out, err = t.execute(pg); err != nil {
			return nil, nil, err
		}
		if o.Minify {
			// Steps and assets are minified already: the rest is plain HTML.
			if out, err = htmlMinifier().Bytes("text/html", out); err != nil {
				return nil, nil, err
			}
		}
		if cacheable {
			store(o.Cache, o.Cache.skeletons, key, newSkeleton(out, pg.groups, views))
		}
	}
	page, err := splice(out, pg.groups, assets)
	if err != nil {
		return nil, nil, err
	}
	c, _ := newChecklist(p, views, o.Bodies)(nil, nil)
	return c, page, nil
}

// joinSteps stands for steps' HTML, one after the other, in the page the
// template writes: a placeholder that splice replaces. Thousands of steps'
// HTML then never pass through the template engine, its escaper, or the
// page's minifier.
func (pg *Page) joinSteps(steps []*StepView) template.HTML {
	pg.groups = append(pg.groups, steps)
	return template.HTML(placeholder(len(pg.groups) - 1))
}

// stepViews lists every step of the page once, in guide order.
func (pg *Page) stepViews() []*StepView {
	var views []*StepView
	for _, s := range pg.Sections {
		views = append(views, s.Steps...)
	}
	return views
}

// renderSteps renders every step's body and HTML in parallel, minified
// when the page will be: the page's minifier then leaves them alone (see
// joinSteps and splice).
func renderSteps(ctx context.Context, pg *Page, views []*StepView, p *plan.Plan, t *Templates, o Options, partition string) error {
	errs := make([]error, len(views))
	var m *minify.M
	if o.Minify {
		m = htmlMinifier()
	}
	stopped := parallel.DoContext(ctx, len(views), 0, func() func(int) {
		b := newBodies(pg, p, nil, "")
		b.shared = o.Bodies
		var buf bytes.Buffer
		return func(i int) {
			v := views[i]
			if o.Cache == nil {
				v.frag, v.body, errs[i] = renderStep(pg, v, t, b, m, &buf)
				return
			}
			key := fragKey{step: v.Step.Step, partition: partition, ctx: stepContext(v)}
			if f, ok := lookup(o.Cache, o.Cache.steps, key); ok {
				o.Cache.hits.Add(1)
				v.frag, v.body = f.html, f.body
				return
			}
			if v.frag, v.body, errs[i] = renderStep(pg, v, t, b, m, &buf); errs[i] == nil {
				store(o.Cache, o.Cache.steps, key, stepFrag{v.frag, v.body})
			}
		}
	})
	if stopped != nil {
		return stopped
	}
	var all diag.List // every step's, not only the first
	for _, err := range errs {
		if err != nil {
			all = append(all, diag.From(err, "")...)
		}
	}
	return all.Err()
}

// renderStep renders one step with the "step" template, and returns it in
// pieces with its body's HTML (one of them, when the template shows the
// body). The template places a marker where the body goes (see bodyMark):
// the body never passes through the template engine or the minifier,
// which then handle a few hundred bytes of markup per step instead of the
// whole step, and it is not copied into the step either: the pieces are
// the markup around it and the body as rendered (as loaded, when
// Prerender froze it).
func renderStep(pg *Page, v *StepView, t *Templates, b *bodies, m *minify.M, buf *bytes.Buffer) (frag [][]byte, body []byte, err error) {
	if v.Status == plan.Todo {
		var kept bool
		if body, kept, err = b.renderKept(v.Step.Body, stepOffset, v.Lang); err != nil {
			return nil, nil, err
		}
		if len(body) > 0 {
			v.Body = bodyMark
			if !kept {
				body = bytes.Clone(body)
			}
			body = body[:len(body):len(body)]
		}
	}
	buf.Reset()
	if t.fastStep {
		writeStep(buf, pg.In(v.Lang), v)
		if m != nil && stepCompactSafe(pg.In(v.Lang), v) {
			// Written compact: the minifier would only drop the
			// newlines between its elements.
			dropNewlines(buf, 0)
			m = nil
		}
	} else if err := t.page.ExecuteTemplate(buf, "step", stepArgs{pg.In(v.Lang), v}); err != nil {
		return nil, nil, templateErrorIn(t.origin, t.src, "templates/step.html", err)
	}
	var markup []byte
	if m != nil {
		if markup, err = m.Bytes("text/html", buf.Bytes()); err != nil {
			return nil, nil, err
		}
	} else {
		markup = bytes.Clone(buf.Bytes())
	}
	frag, _ = fillBody(markup, body)
	return frag, body, nil
}

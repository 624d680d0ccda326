package render

import (
	"html"
	"sync"

	"prereq/internal/cond"
	"prereq/internal/guide"
)

// flagger words the flags of guide.html: for each condition, in plain
// words built from the facts' questions (see wording), when the section,
// step or block it guards applies ("Only if: your answer to “Does your
// service already use Kakao Login?” is no"). A condition it cannot word
// (arithmetic, a predicate over a list, …) is quoted as written, with the
// questions of the facts it reads. It is also the markdown.Variants of the
// guide page's bodies. It words in one language: the interface text t, the
// facts' questions in lang where the guide translates them. It is safe for
// concurrent use.
type flagger struct {
	wording
	flags sync.Map // condition source -> flag HTML
}

func newFlagger(t func(string) string, g *guide.Guide, lang string) *flagger {
	return &flagger{wording: newWording(g, lang, t)}
}

// Flag returns the flag of a condition as HTML: <p class="flag">…</p>.
func (f *flagger) Flag(c *cond.Cond) string {
	if v, ok := f.flags.Load(c.Source); ok {
		return v.(string)
	}
	words := f.words(c)
	flag := `<p class="flag"><strong>` + html.EscapeString(f.t("flagOnlyIf")) + "</strong> " + words + "</p>"
	f.flags.Store(c.Source, flag)
	return flag
}

// Placeholder is what a {{ }} value shows before the script fills it.
func (f *flagger) Placeholder(name string) string {
	if name == "service.name" {
		return f.t("yourService")
	}
	return name
}

package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"prereq/internal/links"
	"prereq/internal/plan"
)

// Markdown renders the plan's included steps as a GitHub task list, for a
// tracker or wiki, followed by the skipped steps and their reasons. Every
// step links to its place in the page (links.Step with o.URL). Text from
// the inputs stays on its line and literal (see mdText). With
// o.MarkdownBodies each step's instructions follow its item, as Markdown
// written from the page c rendered (see bodyMarkdown); c may be nil
// without.
func Markdown(p *plan.Plan, c *Checklist, o Options) []byte {
	tr := stringsFor(p.Language)
	why := reasonsFor(p, p.Language)
	why.url = o.URL
	var b bytes.Buffer
	b.WriteString(mdHeading("#", mdText(p.Title)+": "+mdText(p.Service)))
	fmt.Fprintf(&b, "\n%s: %d · %s: %d\n", tr["stepsToDo"], p.Counts.Todo, tr["stepsSkipped"], p.Counts.Skipped)
	for _, r := range p.Roles {
		if len(r.Steps) == 0 {
			continue
		}
		holder := ""
		if r.Holder != "" {
			holder = " (" + mdText(r.Holder) + ")"
		}
		fmt.Fprintf(&b, "\n- %s%s: %s", mdLineStart(r.Label), holder, stepList(r.Steps, o.URL))
	}
	if len(p.Waits) > 0 {
		fmt.Fprintf(&b, "\n\n**%s**: ", tr["waitsHeading"])
		for i, st := range p.Waits {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s (%s)", mdLink(mdText(st.Title), links.Step(o.URL, st.ID)), mdText(waitText(st)))
		}
	}
	b.WriteString("\n")
	for _, s := range p.Sections {
		if s.Status != plan.Todo {
			continue
		}
		b.WriteString("\n" + mdHeading("##", mdText(s.Title)) + "\n")
		first := true
		for _, st := range s.Steps {
			if st.Status != plan.Todo {
				continue
			}
			if o.MarkdownBodies && !first {
				b.WriteByte('\n') // items with blocks under them stand apart
			}
			first = false
			fmt.Fprintf(&b, "- [ ] %s%s\n", mdLink(mdWrap("**", st.Title), links.Step(o.URL, st.ID)), stepDetails(st, tr))
			if o.MarkdownBodies && c != nil {
				if body := bodyMarkdown(c.BodyHTML(st), o.URL); body != "" {
					// Indented under the item's text: its blocks.
					b.WriteString("\n  " + indentLines(body, "  ") + "\n")
				}
			}
		}
	}
	if p.Counts.Skipped > 0 {
		b.WriteString("\n" + mdHeading("##", fmt.Sprintf(tr["notNeeded"], mdText(p.Service))) + "\n")
		for _, s := range p.Sections {
			for _, st := range s.Steps {
				if st.Status == plan.Skipped {
					fmt.Fprintf(&b, "- %s: %s\n", "~~"+mdLink(mdText(strings.TrimSpace(mdOneLine(st.Title))), links.Step(o.URL, st.ID))+"~~", why.markdown(st.Reason, st.Why))
				}
			}
		}
	}
	return b.Bytes()
}

func stepList(steps []*plan.Step, page string) string {
	titles := make([]string, len(steps))
	for i, st := range steps {
		titles[i] = mdLink(mdText(st.Title), links.Step(page, st.ID))
	}
	return strings.Join(titles, ", ")
}

// mdURL writes a place's address (http or https, checked as the guide
// loaded) as a link destination: between < and > when it holds what would
// end one, a space or a parenthesis.
func mdURL(url string) string {
	if strings.ContainsAny(url, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(url) + ">"
	}
	return url
}

// mdLink links Markdown text (escaped already, by mdText or mdWrap) to
// url, an address from package links, which needs no escaping. A ] in the
// text, which would end the link's text, is escaped; an empty text links
// the address itself.
func mdLink(text, url string) string {
	if text == "" {
		text = url
	}
	return "[" + strings.ReplaceAll(text, "]", `\]`) + "](" + url + ")"
}

// roleText words a step's role as plain text, "Admin only (Jane)": its
// label in tr's words, and its holder when the partner names one.
func roleText(r *plan.Role, tr map[string]string) string {
	role := fmt.Sprintf(tr["roleOnly"], r.Label)
	if r.Holder != "" {
		role += " (" + r.Holder + ")"
	}
	return role
}

// stepDetails lists a step's badges and facts after its title.
func stepDetails(st *plan.Step, tr map[string]string) string {
	var parts []string
	if st.Required {
		parts = append(parts, tr["required"])
	}
	if st.Role != nil {
		parts = append(parts, mdText(roleText(st.Role, tr)))
	}
	if st.Where != "" {
		where := mdText(st.Where)
		if st.WhereURL != "" {
			where = mdLink(where, mdURL(st.WhereURL))
		}
		parts = append(parts, tr["where"]+": "+where)
	}
	if st.Wait != "" {
		parts = append(parts, tr["wait"]+": "+mdText(waitText(st)))
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, " · ")
}

// mdText makes text from the inputs literal Markdown on one line, escaping
// only what could start markup where it stands inside a line: emphasis and
// strikethrough delimiters (a _ inside a word or a * between spaces is
// left alone), code spans, links and images, autolinks and HTML, entity
// references, and a backslash that would escape what follows. Line breaks
// and tabs become spaces, and other control characters U+FFFD, so that no
// text adds a line (a heading, a list item) or reaches a reader's terminal
// raw. Text that starts a line goes through mdLineStart, a heading line
// through mdHeading.
func mdText(s string) string {
	s = mdOneLine(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '*', '_', '~':
			// A delimiter run can open or close emphasis unless it stands
			// between spaces, or (for _) inside a word.
			j := i
			for j < len(s) && s[j] == byte(r) {
				j++
			}
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[j:])
			if i == 0 {
				before = -1
			}
			if j == len(s) {
				after = -1
			}
			literal := isSpace(before) && isSpace(after) || r == '_' && isWordChar(before) && isWordChar(after)
			for ; i < j; i++ {
				if !literal {
					b.WriteByte('\\')
				}
				b.WriteByte(byte(r))
			}
			continue
		case '`', '[':
			b.WriteByte('\\')
		case '\\':
			if i+1 == len(s) || isASCIIPunct(s[i+1]) {
				b.WriteByte('\\')
			}
		case '<':
			if i+1 == len(s) || !isSpace(rune(s[i+1])) {
				b.WriteByte('\\')
			}
		case '&':
			if entityRef.MatchString(s[i:]) {
				b.WriteByte('\\')
			}
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

// entityRef matches the start of an HTML entity or character reference.
var entityRef = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});`)

// mdLineStart is mdText for text that starts a line (a list item's text):
// what would make it a heading, a quote, a list item or a rule is escaped
// as well, and leading spaces (an indented code block) are dropped.
func mdLineStart(s string) string {
	return mdBlockStart(mdText(strings.TrimLeft(mdOneLine(s), " ")))
}

// mdBlockStart escapes what would make a line of escaped text (mdText) the
// start of a block: a heading, a quote, a list item, a rule, or the
// underline of a heading above.
func mdBlockStart(t string) string {
	blockEnd := func(rest string) bool { return rest == "" || rest[0] == ' ' }
	switch {
	case t == "":
	case t[0] == '>':
		return `\` + t
	case t[0] == '#':
		n := len(t) - len(strings.TrimLeft(t, "#"))
		if n <= 6 && blockEnd(t[n:]) {
			return `\` + t
		}
	case t[0] == '-' || t[0] == '+':
		if blockEnd(t[1:]) || strings.Trim(t, "- ") == "" {
			return `\` + t
		}
	case t[0] == '=':
		if strings.Trim(t, "= ") == "" {
			return `\` + t
		}
	case t[0] >= '0' && t[0] <= '9':
		n := len(t) - len(strings.TrimLeft(t, "0123456789"))
		if n <= 9 && n < len(t) && (t[n] == '.' || t[n] == ')') && blockEnd(t[n+1:]) {
			return t[:n] + `\` + t[n:]
		}
	}
	return t
}

// mdHeading writes an ATX heading line of escaped text: a run of # at its
// end, which Markdown would take for the closing sequence, is escaped.
func mdHeading(marks, text string) string {
	text = strings.TrimRight(text, " ")
	body := strings.TrimRight(text, "#")
	if body != text && (body == "" || strings.HasSuffix(body, " ")) {
		text = body + `\` + text[len(body):]
	}
	return marks + " " + text + "\n"
}

// mdWrap writes text between a pair of delimiters (** for strong, ~~ for
// strikethrough), trimmed so that the delimiters hold. A ~ at the end is
// written as a character reference: escaped, parsers still count it into
// the closing ~~ (goldmark reads ~~a\~~~ as no strikethrough).
func mdWrap(delim, s string) string {
	s = strings.TrimSpace(mdOneLine(s))
	if s == "" {
		return ""
	}
	t := mdText(s)
	if strings.HasSuffix(t, `\~`) {
		t = strings.TrimSuffix(t, `\~`) + "&#126;"
	}
	return delim + t + delim
}

// mdOneLine replaces line breaks (CR, LF, CRLF, U+0085, U+2028, U+2029)
// and tabs by a space, and every other control character, and any byte
// that is not UTF-8, by U+FFFD.
func mdOneLine(s string) string {
	clean := true
	for _, r := range s {
		if r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029:
			return ' '
		case r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f:
			return utf8.RuneError
		}
		return r
	}, s)
}

// isSpace reports white space; -1 (the edge of the text, next to markup
// of ours) is not.
func isSpace(r rune) bool { return r >= 0 && unicode.IsSpace(r) }

func isWordChar(r rune) bool { return r >= 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

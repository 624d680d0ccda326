package diag

import (
	"fmt"
	"io"
	"strings"
)

// PrintGitHub writes the errors as GitHub Actions workflow commands,
//
//	::LEVEL file=PATH,line=LINE,col=COL::MESSAGE
//
// one a line, so that a workflow shows each on its line of the pull
// request; level is "error", "warning" or "notice". file maps an error's
// path to the file's path from the repository's root (nil: as it is).
func (l List) PrintGitHub(w io.Writer, level string, file func(path string) string) {
	for _, e := range l {
		var props []string
		if e.Path != "" {
			p := e.Path
			if file != nil {
				p = file(p)
			}
			props = append(props, "file="+escapeProperty(p))
			if e.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", e.Line))
			}
			if e.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", e.Col))
			}
		}
		cmd := "::" + level
		if len(props) > 0 {
			cmd += " " + strings.Join(props, ",")
		}
		fmt.Fprintf(w, "%s::%s\n", cmd, escapeData(e.Msg))
	}
}

// escapeData escapes a workflow command's message: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value: as a
// message, and : and , too.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

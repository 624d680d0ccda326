package diag

import (
	"strings"
	"testing"
)

func TestPrintGitHub(t *testing.T) {
	l := List{
		{Pos: Pos{Path: "content/01-a/x.md", Line: 3, Col: 9}, Msg: "when: unknown fact x"},
		{Pos: Pos{Path: "site.toml", Line: 4}, Msg: "100% wrong,\r\nsecond line: here"},
		{Pos: Pos{Path: "a,b:c.md"}, Msg: "m"},
		{Msg: "no place"},
	}
	var b strings.Builder
	l.PrintGitHub(&b, "error", func(p string) string { return "site/" + p })
	want := "::error file=site/content/01-a/x.md,line=3,col=9::when: unknown fact x\n" +
		"::error file=site/site.toml,line=4::100%25 wrong,%0D%0Asecond line: here\n" +
		"::error file=site/a%2Cb%3Ac.md::m\n" +
		"::error::no place\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

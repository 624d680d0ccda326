package guide

import (
	"strings"
	"testing"

	"prereq/internal/corpus"
)

// placesGuide is a small guide whose _index.md holds index, with a step
// whose front matter holds where and a Korean translation holding koWhere
// (and _index.ko.md holding koIndex).
func placesGuide(index, where, koIndex, koWhere string) string {
	return `
-- content/_index.md --
+++
title = "G"
` + index + `
+++
-- content/_index.ko.md --
+++
title = "지"
` + koIndex + `
+++
-- content/01-s/_index.md --
+++
title = "S"
+++
-- content/01-s/01-x.md --
+++
title = "X"
` + where + `
+++
-- content/01-s/01-x.ko.md --
+++
title = "엑스"
` + koWhere + `
+++
`
}

const twoPlaces = `[places.developers]
label = "Kakao Developers"
url = "https://developers.kakao.com/console/app"
[places.channel-admin]
label = "Kakao Talk Channel Admin Center"
url = "https://business.kakao.com/"`

func TestPlaces(t *testing.T) {
	tests := []struct {
		name                           string
		index, where, koIndex, koWhere string
		want                           string // "en label url | ko label url", or the errors
	}{{
		name:  "no places: where is text, and a translation may word it",
		where: `where = "the console"`, koWhere: `where = "콘솔"`,
		want: "the console  | 콘솔 ",
	}, {
		name:  "a place, its label translated",
		index: twoPlaces, where: `where = "developers"`, koIndex: "[places.developers]\nlabel = \"카카오디벨로퍼스\"",
		want: "Kakao Developers https://developers.kakao.com/console/app | 카카오디벨로퍼스 https://developers.kakao.com/console/app",
	}, {
		name:  "a place whose label is not translated",
		index: twoPlaces, where: `where = "channel-admin"`,
		want: "Kakao Talk Channel Admin Center https://business.kakao.com/ | Kakao Talk Channel Admin Center https://business.kakao.com/",
	}, {
		name:  "an unknown place, with a did-you-mean",
		index: twoPlaces, where: `where = "developer"`,
		want: `content/01-s/01-x.md:3:1: unknown place "developer" (did you mean developers?); declared places: channel-admin, developers`,
	}, {
		name:  "the label, not the id",
		index: twoPlaces, where: `where = "Kakao Developers"`,
		want: `content/01-s/01-x.md:3:1: unknown place "Kakao Developers"; declared places: channel-admin, developers`,
	}, {
		name:  "a translation cannot set where when the guide declares places",
		index: twoPlaces, where: `where = "developers"`, koWhere: `where = "카카오디벨로퍼스"`,
		want: "content/01-s/01-x.ko.md:3:1: where cannot be set in a translation when the guide declares places: the place is 01-x.md's; translate its label under [places.developers] in _index.ko.md",
	}, {
		name:  "a place needs a label and an http(s) url; unknown keys",
		index: "[places.a]\nurl = \"javascript:alert(1)\"\n[places.b]\nlabel = \"B\"\nurl = \"https://b.example/\"\nlink = \"x\"\n[places.c]\nlabel = \"C\"",
		where: `where = "b"`,
		want: "content/_index.md:3:1: places.a needs a label: the name shown, e.g. label = \"Kakao Developers\"\n" +
			"content/_index.md:4:1: places.a needs a url: the address of the website, starting https://\n" +
			"content/_index.md:8:1: unknown key places.b.link; a place has a label and a url\n" +
			"content/_index.md:9:1: places.c needs a url: the address of the website, starting https://",
	}, {
		name:  "a translation translates labels only, of declared places",
		index: twoPlaces, where: `where = "developers"`,
		koIndex: "[places.developer]\nlabel = \"카\"\n[places.channel-admin]\nurl = \"https://example.com/\"",
		want: "content/_index.ko.md:3:1: unknown place developer (did you mean developers?); declared places: channel-admin, developers\n" +
			"content/_index.ko.md:6:1: places.channel-admin.url cannot be set in a translation: a place has one address, set in _index.md",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, errs := Load(corpus.TxtarFS(placesGuide(tt.index, tt.where, tt.koIndex, tt.koWhere)), "content")
			var got string
			if errs != nil {
				var lines []string
				for _, e := range errs {
					lines = append(lines, e.Error())
				}
				got = strings.Join(lines, "\n")
			} else {
				st := g.Step("x")
				en, ko := g.StepText(st, "en"), g.StepText(st, "ko")
				got = en.Where + " " + en.WhereURL + " | " + ko.Where + " " + ko.WhereURL
			}
			if got != tt.want {
				t.Errorf("got\n  %s\nwant\n  %s", strings.ReplaceAll(got, "\n", "\n  "), strings.ReplaceAll(tt.want, "\n", "\n  "))
			}
		})
	}
}

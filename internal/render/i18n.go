package render

import "fmt"

// Interface text, one table per language. Every table has the same keys (a
// test checks) and the same verbs in each string. Templates read a string
// with {{ .T "key" }}, format one with {{ .Tf "key" args... }} and count with
// {{ .N "key" n }}, which takes "key.one" when n is 1 and the language has
// it. Strings whose arguments change order between languages use explicit
// argument indexes (%[2]d); checklist.js fills those the same way.
var messages = map[string]map[string]string{
	"en": {
		// Page frame.
		"skipLink":     "Skip to the checklist",
		"checklistFor": "Checklist for %s",
		"navLabel":     "Sections",
		"about":        "About this guide",
		"footerFacts":  "What this checklist is based on",
		"footerIntro":  "The answers in site.toml that decided which steps %s must do:",
		"madeWith":     "Made with prereq. Ticks are saved in this browser only.",
		// madeWithPrint replaces madeWith on paper.
		"madeWithPrint": "Printed from a checklist made with prereq. Tick each box by hand when its step is done.",
		"yes":           "yes",
		"no":            "no",
		"none":          "none",

		// Summary (stepsToDo and stepsSkipped also head checklist.md).
		"summary":           "Summary",
		"stepsToDo":         "Steps to do",
		"stepsSkipped":      "Skipped",
		"partnersHeading":   "Partner checklists",
		"partnersIntro":     "One checklist for each of %d partner services.",
		"partnerService":    "Service",
		"partnersGuide":     "The whole guide, with questions that tailor it to a new partner",
		"statSkipped":       "Not needed",
		"statRole":          "%s only",
		"skippedLink":       "See the %d steps not needed and why",
		"skippedLink.one":   "See the %d step not needed and why",
		"rolesHeading":      "Hand these steps to the right account",
		"rolesIntro":        "Only the account named on the badge can do these steps. Send each person the links to their steps.",
		"noHolder":          "Holder not named: add them under [team] in site.toml.",
		"roleStepCount":     "%d steps",
		"roleStepCount.one": "%d step",
		"waitsHeading":      "Start these early",
		"waitsIntro":        "These steps start a review or another wait. Start each one as soon as the steps before it are done.",
		"noSteps":           "Nothing to do: every step is covered already.",
		"noScript":          "Turn on JavaScript to save your ticks and see your progress.",

		// Progress and controls (checklist.js).
		"progress":   "%[1]d of %[2]d done",
		"allDone":    "All %d steps done.",
		"copyLink":   "Copy link with my progress",
		"copied":     "Link copied. Whoever opens it sees your ticks added to theirs.",
		"copyFailed": "Copy this link to share your ticks:",
		"shareLabel": "Link with your progress",
		"reset":      "Clear my ticks",
		"resetDone":  "Your ticks are cleared.",
		"merged":     "Ticks from the shared link were added: %d.",

		// Steps.
		"required": "Required",
		"roleOnly": "%s only",
		"where":    "Where",
		"after":    "Do first",
		"wait":     "Wait",
		"waitNote": "This step starts a wait of %s. Start it early.",
		// A wait's numbers in words (see waitWords), and the dates it
		// ends on if started today (checklist.js fills them in).
		"waitDays":              "%d days",
		"waitDays.one":          "%d day",
		"waitDaysRange":         "%d–%d days",
		"waitBusinessDays":      "%d business days",
		"waitBusinessDays.one":  "%d business day",
		"waitBusinessDaysRange": "%d–%d business days",
		"waitWeeks":             "%d weeks",
		"waitWeeks.one":         "%d week",
		"waitWeeksRange":        "%d–%d weeks",
		"waitEndsOn":            "If started today, it ends on %[1]s.",
		"waitEndsBetween":       "If started today, it ends between %[1]s and %[2]s.",
		"reason":                "Why",
		"moreSkipped":           "%d more steps in this section are not needed for %s.",
		"moreSkipped.one":       "%d more step in this section is not needed for %s.",
		"noneHere":              "No step of this section is needed for %s: see why.",

		// Skipped group.
		"notNeeded":      "Not needed for %s",
		"skippedIntro":   "These steps do not apply to %s, given the answers in site.toml. Each says why.",
		"sectionSkipped": "The whole section is not needed.",
		"refSkipped":     "(not needed for you)", // after a link to a skipped step or section

		// Generated reasons: the facts that decided, by their questions and
		// the answers. reasonGenerated takes the clauses joined by
		// reasonAnd; each clause takes the question, then the answer or the
		// list member.
		"reasonGenerated": "Not needed: %s",
		"reasonAnd":       " and ",
		"reasonAnswer":    "you answered %[2]s to '%[1]s'",
		"reasonLacks":     "your answer to '%[1]s' does not include %[2]s",
		"reasonHas":       "your answer to '%[1]s' includes %[2]s",
		"reasonNoFact":    "Not needed for any service.",
		"answerYes":       "Yes",
		"answerNo":        "No",
		"answerNone":      "none",

		// Callouts and task lists in Markdown bodies.
		"note":      "Note",
		"important": "Important",
		"caution":   "Caution",
		"tip":       "Tip",
		"taskTodo":  "Not done:",
		"taskDone":  "Done:",

		// The live preview's overlay (prereq serve adds it to served
		// pages; never in build output).
		"liveErrors":       "%d errors",
		"liveErrors.one":   "%d error",
		"liveLastGood":     "The page below is the last checklist that built.",
		"liveFixFiles":     "Fix the files and this page updates by itself.",
		"liveFixQuery":     "Errors that start with ? are in this page's address (the query string after ?), not in the files: change the facts in the panel, edit the address, or go back to site.toml's facts.",
		"liveSiteFacts":    "Back to site.toml's facts",
		"liveLines":        "%s, lines %d to %d",
		"liveHide":         "Hide until the next change",
		"liveUpdated":      "Checklist updated",
		"liveNoBuildTitle": "prereq serve: the checklist does not build",
		"liveNoBuild":      "The checklist does not build yet",
		"liveNoBuildNote":  "prereq serve keeps watching: fix the errors and this page shows the checklist by itself.",

		// The live preview's facts panel and its findings.
		"liveFacts":            "Preview facts",
		"liveFactsChanged":     "%d changed",
		"liveFactsNote":        "Preview the checklist with other facts. site.toml is not changed.",
		"liveLanguage":         "Language",
		"liveApply":            "Apply",
		"liveSiteValue":        "site.toml: %s",
		"liveUntranslated":     "Not yet translated (%d)",
		"liveFindingsFor":      "Findings for other partners",
		"liveFindings":         "%d findings for other partners",
		"liveFindings.one":     "%d finding for other partners",
		"liveFindingsNote":     "prereq check -matrix planned this guide for every partner: %s. A link shows the checklist for the facts that show the finding.",
		"liveCombinations":     "%d combinations checked",
		"liveCombinations.one": "%d combination checked",
		"liveFindingCount":     "%d findings",
		"liveFindingCount.one": "%d finding",
		"livePairwise":         "more than %d combinations of fact values: checked a set that covers every pair of values of two facts",
	},
	"ko": {
		// Page frame.
		"skipLink":      "체크리스트로 바로가기",
		"checklistFor":  "%s 맞춤 체크리스트",
		"navLabel":      "목차",
		"about":         "가이드 소개",
		"footerFacts":   "이 체크리스트의 기준",
		"footerIntro":   "%s의 site.toml 답변에 따라 필요한 단계를 골랐습니다.",
		"madeWith":      "prereq로 만들었습니다. 체크 표시는 이 브라우저에만 저장됩니다.",
		"madeWithPrint": "prereq로 만든 체크리스트를 인쇄한 것입니다. 단계를 마치면 상자에 직접 체크하세요.",
		"yes":           "예",
		"no":            "아니요",
		"none":          "없음",

		// Summary (stepsToDo and stepsSkipped also head checklist.md).
		"summary":           "요약",
		"stepsToDo":         "해야 할 단계",
		"stepsSkipped":      "건너뛴 단계",
		"partnersHeading":   "파트너별 체크리스트",
		"partnersIntro":     "파트너 서비스 %d곳의 체크리스트입니다.",
		"partnerService":    "서비스",
		"partnersGuide":     "가이드 전체 보기(질문에 답하면 새 파트너에 맞춰집니다)",
		"statSkipped":       "필요 없는 단계",
		"statRole":          "%s 계정 필요",
		"skippedLink":       "필요 없는 단계 %d개와 이유 보기",
		"skippedLink.one":   "필요 없는 단계 %d개와 이유 보기",
		"rolesHeading":      "담당 계정에 맡길 단계",
		"rolesIntro":        "다음 단계는 배지에 표시된 계정으로만 진행할 수 있습니다. 담당자에게 해당 단계 링크를 전달하세요.",
		"noHolder":          "담당자 미지정: site.toml의 [team]에 추가하세요.",
		"roleStepCount":     "%d개 단계",
		"roleStepCount.one": "%d개 단계",
		"waitsHeading":      "미리 시작하세요",
		"waitsIntro":        "다음 단계는 심사 등으로 기다리는 시간이 있습니다. 먼저 할 단계를 마치는 대로 바로 시작하세요.",
		"noSteps":           "할 일이 없습니다. 모든 단계가 이미 준비되어 있습니다.",
		"noScript":          "체크 표시를 저장하고 진행률을 보려면 JavaScript를 켜세요.",

		// Progress and controls (checklist.js).
		"progress":   "%[2]d개 중 %[1]d개 완료",
		"allDone":    "%d개 단계를 모두 완료했습니다.",
		"copyLink":   "내 진행 상황 링크 복사",
		"copied":     "링크를 복사했습니다. 링크를 여는 사람의 체크리스트에 내 체크 표시가 더해집니다.",
		"copyFailed": "체크 표시를 공유하려면 이 링크를 복사하세요.",
		"shareLabel": "내 진행 상황 링크",
		"reset":      "체크 표시 지우기",
		"resetDone":  "체크 표시를 모두 지웠습니다.",
		"merged":     "공유 링크의 체크 표시 %d개를 더했습니다.",

		// Steps.
		"required": "필수",
		"roleOnly": "%s 계정만 가능",
		"where":    "작업 위치",
		"after":    "먼저 할 단계",
		"wait":     "소요 기간",
		"waitNote": "이 단계는 %s 정도 걸립니다. 미리 시작하세요.",
		// A wait's numbers in words, and the dates it ends on.
		"waitDays":              "%d일",
		"waitDays.one":          "%d일",
		"waitDaysRange":         "%d~%d일",
		"waitBusinessDays":      "영업일 기준 %d일",
		"waitBusinessDays.one":  "영업일 기준 %d일",
		"waitBusinessDaysRange": "영업일 기준 %d~%d일",
		"waitWeeks":             "%d주",
		"waitWeeks.one":         "%d주",
		"waitWeeksRange":        "%d~%d주",
		"waitEndsOn":            "오늘 시작하면 %[1]s에 끝납니다.",
		"waitEndsBetween":       "오늘 시작하면 %[1]s~%[2]s 사이에 끝납니다.",
		"reason":                "이유",
		"moreSkipped":           "이 섹션의 다른 %d개 단계는 %s에 필요 없습니다.",
		"moreSkipped.one":       "이 섹션의 다른 %d개 단계는 %s에 필요 없습니다.",
		"noneHere":              "이 섹션의 단계는 %s에 모두 필요 없습니다. 이유 보기",

		// Skipped group.
		"notNeeded":      "%s에 필요 없는 단계",
		"skippedIntro":   "site.toml의 답변에 따라 %s에는 필요 없는 단계입니다. 단계마다 이유를 적었습니다.",
		"sectionSkipped": "섹션 전체가 필요 없습니다.",
		"refSkipped":     "(해당 없음)",

		// Generated reasons. A clause is a sentence's stem ("…답했"): joined
		// by reasonAnd ("…답했고, …") and ended by reasonGenerated
		// ("…답했습니다.").
		"reasonGenerated": "필요 없음: %s습니다.",
		"reasonAnd":       "고, ",
		"reasonAnswer":    "‘%[1]s’ 질문에 ‘%[2]s’라고 답했",
		"reasonLacks":     "‘%[1]s’ 질문의 답에 %[2]s 항목이 없",
		"reasonHas":       "‘%[1]s’ 질문의 답에 %[2]s 항목이 있",
		"reasonNoFact":    "어느 서비스에도 필요 없습니다.",
		"answerYes":       "예",
		"answerNo":        "아니요",
		"answerNone":      "없음",

		// Callouts and task lists in Markdown bodies.
		"note":      "참고",
		"important": "중요",
		"caution":   "주의",
		"tip":       "팁",
		"taskTodo":  "미완료:",
		"taskDone":  "완료:",

		// The live preview's overlay.
		"liveErrors":       "오류 %d개",
		"liveErrors.one":   "오류 %d개",
		"liveLastGood":     "아래는 마지막으로 빌드에 성공한 체크리스트입니다.",
		"liveFixFiles":     "파일을 고치면 이 페이지가 저절로 바뀝니다.",
		"liveFixQuery":     "?로 시작하는 오류는 파일이 아니라 이 페이지 주소(? 뒤의 쿼리 문자열)에 있습니다. 패널에서 답변을 바꾸거나, 주소를 고치거나, site.toml의 답변으로 돌아가세요.",
		"liveSiteFacts":    "site.toml의 답변으로 돌아가기",
		"liveLines":        "%s, %d–%d행",
		"liveHide":         "다음 변경까지 숨기기",
		"liveUpdated":      "체크리스트가 바뀌었습니다",
		"liveNoBuildTitle": "prereq serve: 체크리스트를 빌드할 수 없습니다",
		"liveNoBuild":      "체크리스트를 아직 빌드할 수 없습니다",
		"liveNoBuildNote":  "prereq serve가 파일을 계속 지켜봅니다. 오류를 고치면 이 페이지에 체크리스트가 저절로 나타납니다.",

		// The live preview's facts panel and its findings.
		"liveFacts":            "다른 답변으로 미리 보기",
		"liveFactsChanged":     "%d개 바꿈",
		"liveFactsNote":        "다른 답변을 넣어 체크리스트를 미리 봅니다. site.toml은 바뀌지 않습니다.",
		"liveLanguage":         "언어",
		"liveApply":            "적용",
		"liveSiteValue":        "site.toml: %s",
		"liveUntranslated":     "아직 번역하지 않은 파일 (%d개)",
		"liveFindingsFor":      "다른 파트너에게서 찾은 문제",
		"liveFindings":         "다른 파트너에게서 찾은 문제 %d개",
		"liveFindings.one":     "다른 파트너에게서 찾은 문제 %d개",
		"liveFindingsNote":     "prereq check -matrix로 모든 파트너의 체크리스트를 만들어 보았습니다(%s). 링크를 열면 그 문제가 나타나는 답변으로 체크리스트를 봅니다.",
		"liveCombinations":     "답변 조합 %d개 확인",
		"liveCombinations.one": "답변 조합 %d개 확인",
		"liveFindingCount":     "문제 %d개",
		"liveFindingCount.one": "문제 %d개",
		"livePairwise":         "답변 조합이 %d개가 넘어 두 답변의 모든 값 쌍을 포함하는 조합만 확인했습니다",
	},
}

// Text returns the interface text for key in the language lang (English
// when lang has no table), and whether there is one. The live preview's
// additions to a page speak the page's language from these tables.
func Text(lang, key string) (string, bool) {
	s, ok := stringsFor(lang)[key]
	return s, ok
}

// stringsFor returns the interface text of a language, English when unknown.
func stringsFor(lang string) map[string]string {
	if m, ok := messages[lang]; ok {
		return m
	}
	return messages["en"]
}

// uiText is the interface text of a page in one language: maps looked up
// in order, the first that has a key giving it, English's checklist text
// when none has. Page, PartnersPage and the guide page speak through it.
type uiText []map[string]string

func (u uiText) lookup(key string) (string, bool) {
	for _, m := range u {
		if s, ok := m[key]; ok {
			return s, true
		}
	}
	return "", false
}

// T returns the interface text for key.
func (u uiText) T(key string) string {
	if s, ok := u.lookup(key); ok {
		return s
	}
	return messages["en"][key]
}

// Tf formats the interface text for key with args.
func (u uiText) Tf(key string, args ...any) string { return fmt.Sprintf(u.T(key), args...) }

// N formats the interface text for key with a count n and args: the
// singular form "key.one" when n is 1 and the language has one.
func (u uiText) N(key string, n int, args ...any) string {
	if n == 1 {
		if _, ok := u.lookup(key + ".one"); ok {
			key += ".one"
		}
	}
	return fmt.Sprintf(u.T(key), append([]any{n}, args...)...)
}

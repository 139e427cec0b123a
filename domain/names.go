package domain

import (
	"slices"
	"strings"
	"unicode"
)

// PersonNameKey is the comparison key of a person's name: folded, with
// spacing and punctuation ignored, and order-insensitive (the words are
// sorted), so "Zofia Górska", "gorska zofia" and " ZOFIA  GORSKA " are equal
// and swapped first and last names still match. Chinese characters count as
// words each, so "张三" (one cell) equals first "三", last "张" and Zoho's
// "三 张".
func PersonNameKey(first, last string) string {
	var toks []string
	for _, t := range nameTokens(Fold(first + " " + last)) {
		if hasHan(t) {
			for _, r := range t {
				toks = append(toks, string(r))
			}
			continue
		}
		toks = append(toks, t)
	}
	slices.Sort(toks)
	return strings.Join(toks, " ")
}

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

func allHan(s string) bool {
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return s != ""
}

// honorifics are dropped from the front of a full name (folded, without dots).
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "sir": true, "dame": true,
	"pan": true, "pani": true, "mgr": true, "inz": true, "hab": true, "herr": true, "frau": true,
	"先生": true, "女士": true, "小姐": true,
}

// nameParticles belong to the surname that follows them.
var nameParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true, "del": true, "la": true, "le": true, "du": true, "dos": true, "das": true, "ter": true}

// chineseCompoundSurnames are two-character surnames.
var chineseCompoundSurnames = []string{
	"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯",
	"轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离", "闻人", "赫连",
}

// SplitFullName splits a name written in one cell into first and last
// name: "Jan Maria Kowalski" → "Jan Maria", "Kowalski"; "Kowalski, Jan" →
// "Jan", "Kowalski"; "Ludwig van Beethoven" → "Ludwig", "van Beethoven";
// "张三" → "三", "张" (surname first, compound surnames such as 欧阳 known);
// "敏 朱" (Chinese written given-name first, as Zoho exports it) → "敏", "朱".
// Honorifics (Mr, Dr, Pan, Pani, 先生...) are dropped. A single word is a
// first name.
func SplitFullName(s string) (first, last string) {
	s = strings.Join(strings.Fields(s), " ")
	if before, after, ok := strings.Cut(s, ","); ok {
		if l, f := strings.TrimSpace(before), strings.TrimSpace(after); l != "" && f != "" {
			return f, l
		}
		s = strings.TrimSpace(before + " " + after)
	}
	words := strings.Fields(s)
	for len(words) > 1 && honorifics[strings.Trim(Fold(words[0]), ".")] {
		words = words[1:]
	}
	// Chinese honorifics follow the name: "王先生".
	if len(words) == 1 && allHan(words[0]) {
		w := words[0]
		for h := range honorifics {
			if allHan(h) && strings.HasSuffix(w, h) && len(w) > len(h) {
				w = strings.TrimSuffix(w, h)
			}
		}
		return splitChinese(w)
	}
	switch len(words) {
	case 0:
		return "", ""
	case 1:
		return words[0], ""
	}
	cut := len(words) - 1
	for cut > 1 && nameParticles[strings.ToLower(words[cut-1])] && unicode.IsLower([]rune(words[cut-1])[0]) {
		cut--
	}
	return strings.Join(words[:cut], " "), strings.Join(words[cut:], " ")
}

func splitChinese(w string) (first, last string) {
	r := []rune(w)
	if len(r) == 1 {
		return "", w // a lone character is a surname ("王先生" → 王)
	}
	for _, c := range chineseCompoundSurnames {
		if strings.HasPrefix(w, c) && len(r) > 2 {
			return strings.TrimPrefix(w, c), c
		}
	}
	return string(r[1:]), string(r[0])
}

package domain

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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

func hasHangul(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) })
}

func allHan(s string) bool {
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return s != ""
}

// honorifics are dropped from the front of a full name (folded, without
// dots).
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "sir": true, "dame": true,
	"pan": true, "pani": true, "mgr": true, "inz": true, "hab": true, "lek": true, "herr": true, "frau": true,
}

// nameSuffixes are dropped from the end of a full name (folded, without
// dots): "Jan Kowalski, PhD", "John Smith Jr.".
var nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true, "phd": true, "md": true, "mba": true, "esq": true}

// chineseHonorifics follow a Chinese surname: 王先生 (Mr Wang), 李总 (boss
// Li), 张经理 (manager Zhang).
var chineseHonorifics = []string{"先生", "女士", "小姐", "经理", "經理", "老师", "老師", "教授", "博士", "总", "總"}

// nameParticles belong to the surname that follows them.
var nameParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true, "del": true, "la": true, "le": true, "du": true, "dos": true, "das": true, "ter": true}

// chineseCompoundSurnames are two-character surnames.
var chineseCompoundSurnames = []string{
	"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯",
	"轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离", "闻人", "赫连",
	"歐陽", "司馬", "諸葛", "長孫", "東方", "軒轅", "鍾離", "聞人", "南宮",
}

// commonChineseSurnames holds the hundred most frequent single-character
// Chinese surnames (carried by most of the population), in simplified and
// traditional forms.
const commonChineseSurnames = "王李张刘陈杨黄赵吴周徐孙马胡朱郭何罗高林郑梁谢唐许冯宋韩邓彭曹曾田于肖潘袁董叶杜丁蒋程余吕魏蔡苏任卢沈姜姚钟崔陆谭汪石付贾范金方韦夏廖侯白孟邹秦尹江熊薛邱阎闫段雷季史陶毛贺龙万顾关郝孔向龚邵钱武戴严欧殷莫覃" +
	"陳張劉楊黃趙吳孫馬鄭許韓馮鄧謝蕭葉蘇呂盧鍾譚陸賈韋鄒龔錢嚴羅"

// nameDots separate the parts of a transliterated name written in Chinese
// characters: "迈克尔·乔丹" (given name, then family name).
const nameDots = "·•・‧"

// SplitFullName splits a name written in one cell into first and last
// name: "Jan Maria Kowalski" → "Jan Maria", "Kowalski"; "Kowalski, Jan" →
// "Jan", "Kowalski"; "Ludwig van Beethoven" → "Ludwig", "van Beethoven";
// "张三" → "三", "张" (surname first, compound surnames such as 欧阳 known);
// "敏 朱" (Chinese written given-name first, as Zoho exports it) → "敏", "朱";
// "迈克尔·乔丹" → "迈克尔", "乔丹". Honorifics (Mr, Dr, Pan, Pani, prof.,
// 先生, 经理...) and suffixes (Jr., PhD) are dropped. A single word is a first
// name, except after an honorific ("Mr. Smith", "Pan Kowalski") and a lone
// Chinese surname ("王先生" → 王), which are last names.
func SplitFullName(s string) (first, last string) {
	parts, titled := nameParts(s)
	if len(parts) == 2 {
		return strings.Join(parts[1], " "), strings.Join(parts[0], " ")
	}
	var words []string
	for _, p := range parts {
		words = append(words, p...)
	}
	if len(words) == 1 && strings.ContainsAny(words[0], nameDots) {
		if f, l, ok := splitDotted(words[0]); ok {
			return f, l
		}
	}
	switch {
	case len(words) == 0:
		return "", ""
	case len(words) == 1 && allHan(words[0]) && !hasHangul(words[0]):
		// Hangul is not split: its syllables fold into jamo, which
		// PersonNameKey keeps as one word, so "김민준" split into 김 and
		// 민준 would no longer match itself unsplit.
		return splitChinese(words[0])
	case len(words) == 1 && titled:
		return "", words[0] // "Mr. Smith", "Pan Kowalski"
	case len(words) == 1:
		return words[0], ""
	case len(words) == 2 && allHan(words[0]) && allHan(words[1]):
		return orderChinese(words[0], words[1])
	}
	cut := len(words) - 1
	for cut > 1 && isParticle(words[cut-1]) {
		cut--
	}
	return strings.Join(words[:cut], " "), strings.Join(words[cut:], " ")
}

// nameParts splits a full name at commas into lists of words, without
// honorifics and suffixes; parts left empty are dropped. Two parts mean
// "Last, First". titled reports whether an honorific was dropped.
func nameParts(s string) (parts [][]string, titled bool) {
	for _, p := range strings.Split(s, ",") {
		words := strings.Fields(p)
		for len(words) > 1 && isHonorific(words[0]) {
			words, titled = words[1:], true
		}
		if len(parts) > 0 && len(words) == 1 && isHonorific(words[0]) {
			words, titled = nil, true // "Kowalska, Pani"
		}
		for len(words) > 0 && isSuffix(words[len(words)-1]) && (len(words) > 1 || len(parts) > 0) {
			words = words[:len(words)-1]
		}
		if len(words) > 0 {
			parts = append(parts, words)
		}
	}
	if len(parts) > 2 {
		return [][]string{slices.Concat(parts...)}, titled
	}
	return parts, titled
}

func foldedWord(w string) string { return strings.Trim(Fold(w), ".") }

func isHonorific(w string) bool { return honorifics[foldedWord(w)] }

// isSuffix reports whether w is a name suffix ("Jr.", "PhD") or a Chinese
// honorific written apart ("王 先生").
func isSuffix(w string) bool {
	return nameSuffixes[foldedWord(w)] || slices.Contains(chineseHonorifics, w)
}

// orderChinese decides which of two space-separated Chinese words is the
// surname. Exports write Chinese names both ways ("朱 敏", and Zoho's
// given-name-first "敏 朱"), so a word that is a common surname while the
// other is not is the surname; when both or neither are, the Western order
// (given name first) of a space-separated name is assumed.
func orderChinese(a, b string) (first, last string) {
	if isChineseSurname(a) && !isChineseSurname(b) {
		return b, a
	}
	return a, b
}

func isChineseSurname(w string) bool {
	return strings.Contains(commonChineseSurnames, w) && utf8.RuneCountInString(w) == 1 ||
		slices.Contains(chineseCompoundSurnames, w)
}

// isParticle reports whether w is a lower-case surname particle ("van").
func isParticle(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return nameParticles[w] && unicode.IsLower(r)
}

// splitDotted splits "迈克尔·乔丹" at its last dot.
func splitDotted(w string) (first, last string, ok bool) {
	i := strings.LastIndexAny(w, nameDots)
	_, size := utf8.DecodeRuneInString(w[i:])
	first, last = strings.Trim(w[:i], nameDots), w[i+size:]
	return first, last, first != "" && last != ""
}

// splitChinese splits a Chinese name written surname first, dropping a
// trailing honorific.
func splitChinese(w string) (first, last string) {
	for _, h := range chineseHonorifics {
		if rest, ok := strings.CutSuffix(w, h); ok && rest != "" {
			w = rest
			break
		}
	}
	if utf8.RuneCountInString(w) == 1 || slices.Contains(chineseCompoundSurnames, w) {
		return "", w // a lone surname ("王先生" → 王, "欧阳" → 欧阳)
	}
	for _, c := range chineseCompoundSurnames {
		if rest, ok := strings.CutPrefix(w, c); ok && rest != "" {
			return rest, c
		}
	}
	_, size := utf8.DecodeRuneInString(w)
	return w[size:], w[:size]
}

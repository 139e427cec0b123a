package domain

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// specialFolds maps letters that Unicode does not decompose into a base
// letter plus a combining mark (stroked and ligature letters) to ASCII.
var specialFolds = map[rune]string{
	'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'þ': "th", 'Þ': "th",
	'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŧ': "t", 'Ŧ': "t", 'ƒ': "f", 'ŀ': "l", 'Ŀ': "l",
}

// FoldRunes lower-cases s, strips diacritics (ł→l, ó→o, ß→ss), turns
// full-width forms into their ASCII counterparts (Ａ→a, ０→0) and
// drops combining marks and format characters (zero-width spaces, bidi
// controls). Letters of scripts without case or accents (Chinese) are kept.
func FoldRunes(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range norm.NFD.String(width.Fold.String(s)) {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Cf, r):
			continue
		}
		if f, ok := specialFolds[r]; ok {
			out = append(out, []rune(f)...)
			continue
		}
		out = append(out, unicode.ToLower(r))
	}
	return out
}

// Fold returns FoldRunes(s) as a string. It is the comparison form used for
// search, sorting and matching keys: Fold("Łódź") == Fold("LODZ") == "lodz".
func Fold(s string) string { return string(FoldRunes(s)) }

// isHan reports whether r is a CJK ideograph (or another character of a
// script written without spaces between words).
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// SearchTokens splits text into folded search tokens: runs of letters and
// digits, with each CJK ideograph a token of its own so that "三" finds
// "张三". Used both to build the search index text and to read a query.
func SearchTokens(s string) []string {
	var toks []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range FoldRunes(s) {
		switch {
		case isHan(r):
			flush()
			toks = append(toks, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return toks
}

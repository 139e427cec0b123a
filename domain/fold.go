package domain

import (
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
// full-width forms into their ASCII counterparts (Ａ→a, ０→0), turns every
// kind of white space (tab, newline, no-break space, ideographic space) into
// a plain space and drops control characters, combining marks and format
// characters (zero-width spaces, bidi controls, soft hyphens). Letters of
// scripts without case or accents (Chinese) are kept. Folding is idempotent:
// Fold(Fold(s)) == Fold(s).
func FoldRunes(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			out = append(out, r)
		case r < 0x80:
			out = foldControl(out, r)
		case r < latinFoldEnd:
			out = append(out, latinFolds[r-0x80]...)
		case isUnifiedIdeograph(r):
			out = append(out, r) // no case, accents or width: kept as is
		default:
			out = foldRune(out, r)
		}
	}
	return out
}

// latinFoldEnd bounds the precomputed folds: Latin-1 Supplement and Latin
// Extended-A and -B, which hold the letters of Polish and most European
// languages. The table is built once and never changed.
const latinFoldEnd = 0x250

var latinFolds = func() [][]rune {
	t := make([][]rune, latinFoldEnd-0x80)
	for r := rune(0x80); r < latinFoldEnd; r++ {
		t[r-0x80] = foldRune(nil, r)
	}
	return t
}()

// isUnifiedIdeograph reports whether r is a CJK unified ideograph (the
// basic block or extension A), which folding leaves unchanged.
func isUnifiedIdeograph(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF
}

// foldControl appends a space for a white-space control (tab, newline)
// and nothing for any other control character.
func foldControl(out []rune, r rune) []rune {
	if unicode.IsSpace(r) {
		return append(out, ' ')
	}
	return out
}

// foldRune appends the folded form of one rune.
func foldRune(out []rune, r rune) []rune {
	for _, d := range norm.NFD.String(width.Fold.String(string(r))) {
		switch {
		case unicode.IsSpace(d), unicode.Is(unicode.Cc, d):
			out = foldControl(out, d)
			continue
		case unicode.Is(unicode.Mn, d), unicode.Is(unicode.Cf, d):
			continue
		}
		d = unicode.ToLower(d)
		if f, ok := specialFolds[d]; ok {
			out = append(out, []rune(f)...)
			continue
		}
		out = append(out, d)
	}
	return out
}

// Fold returns FoldRunes(s) as a string. It is the comparison form used for
// search, sorting and matching keys: Fold("Łódź") == Fold("LODZ") == "lodz".
func Fold(s string) string { return string(FoldRunes(s)) }

// isHan reports whether r is a CJK ideograph (or another character of a
// script written without spaces between words).
func isHan(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// SearchTokens splits text into folded search tokens: runs of letters and
// digits, with each CJK ideograph a token of its own so that "三" finds
// "张三". Used both to build the search index text and to read a query.
func SearchTokens(s string) []string {
	folded := FoldRunes(s)
	var toks []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			toks = append(toks, string(folded[start:end]))
			start = -1
		}
	}
	for i, r := range folded {
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			if start < 0 {
				start = i
			}
		case r < 0x80:
			flush(i)
		case isHan(r):
			flush(i)
			toks = append(toks, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(folded))
	return toks
}

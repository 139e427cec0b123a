// Package termsafe makes untrusted text (anything read from the data file or
// an imported file) safe to print on a terminal.
//
// A terminal interprets control characters: ESC starts escape sequences that
// can clear the screen, set the window title or write the clipboard (OSC 52);
// C1 controls such as CSI (U+009B) do the same on terminals that honour them;
// BEL rings; bidi overrides reorder what follows. Text passed through this
// package contains none of them, so a hostile record can never drive the
// user's terminal. The rules:
//
//   - C0 controls (U+0000–U+001F) other than tab and line breaks, and DEL
//     (U+007F), are shown as their Unicode control pictures: ESC as "␛",
//     BEL as "␇", NUL as "␀", DEL as "␡". The attack stays visible
//     ("Escape␛[2J") but inert.
//   - C1 controls (U+0080–U+009F) and bytes that are not valid UTF-8 are shown
//     as "�" (U+FFFD). A line break written as NEL (U+0085) counts as a line
//     break.
//   - Format characters (Unicode category Cf) are dropped: the bidi
//     embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
//     marks U+200E, U+200F and U+061C, zero-width spaces and joiners, the
//     byte-order mark, soft hyphens, tag characters. They are invisible, so
//     dropping them changes nothing a reader could see except the reordering
//     or hiding they were there to cause.
//   - Line breaks (CR LF, LF, CR, NEL, U+2028, U+2029): [Clean] shows each as
//     "↵" so a table cell stays one line; [Text] turns each into "\n".
//   - Tab: [Clean] shows it as one space; [Text] as four spaces.
//
// Everything else (letters of every script, combining marks, emoji, private
// use characters) is kept. The output is always valid UTF-8.
package termsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Marks used in place of characters that cannot be shown.
const (
	// Replacement stands for a C1 control or an invalid UTF-8 byte.
	Replacement = "\uFFFD"
	// LineBreak stands for a line break inside a single-line cell.
	LineBreak = "↵"
)

// Clean returns s made safe to print as a single line (a table cell, a
// title, a status message): no control characters, no format characters,
// line breaks shown as "↵" and tabs as spaces.
func Clean(s string) string {
	if plainASCII(s) {
		return s
	}
	return clean(s, false)
}

// Text returns s made safe to print as multi-line text (notes): like
// [Clean], but line breaks become "\n" and tabs four spaces.
func Text(s string) string {
	if plainASCII(s) {
		return s
	}
	return clean(s, true)
}

// plainASCII reports whether s holds only printable ASCII, which needs no
// change (the common case, checked without allocating).
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func clean(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s))
	lineBreak := func() {
		if multiline {
			b.WriteByte('\n')
		} else {
			b.WriteString(LineBreak)
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(Replacement)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++ // CR LF is one break
			}
			lineBreak()
		case r == '\n', r == 0x85, r == '\u2028', r == '\u2029':
			lineBreak()
		case r == '\t':
			if multiline {
				b.WriteString("    ")
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20:
			b.WriteRune(0x2400 + r) // control pictures: ␀ … ␟
		case r == 0x7f:
			b.WriteRune('\u2421') // ␡
		case r >= 0x80 && r <= 0x9f:
			b.WriteString(Replacement)
		case unicode.Is(unicode.Cf, r):
			// format characters (bidi controls, zero-width characters): dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsUnsafe reports whether r must never be written to a terminal as is: a
// C0 or C1 control, DEL, or a format character (bidi controls included).
// Line breaks and tab count as unsafe too; only [Text] output may contain
// "\n".
func IsUnsafe(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r)
}

package termsafe

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// visible reports whether r is text a reader sees, which Clean and Text
// must keep: graphic, not a format character, and none of the marks the
// sanitiser writes in place of what it removes.
func visible(r rune) bool {
	switch {
	case r == utf8.RuneError, r == '↵', r == ' ', r >= 0x2400 && r <= 0x2421:
		return false
	}
	return unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r)
}

func visibleRunes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && size == 1) && visible(r) {
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// FuzzSanitizeKeepsText: what Clean and Text remove is exactly what a
// terminal would act on; every visible character of the input comes out,
// in order, and printable ASCII comes out unchanged. (FuzzSanitize checks
// that nothing unsafe comes out.)
func FuzzSanitizeKeepsText(f *testing.F) {
	for _, c := range hostileCells(f) {
		f.Add(c)
	}
	f.Add("Zofia Górska 张三 👩‍💻 e\u0301 \u00a0x")
	f.Add("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \u009b31m \xc2\x9b \xe2\x80\xae")
	f.Fuzz(func(t *testing.T, s string) {
		want := visibleRunes(s)
		for name, fn := range map[string]func(string) string{"Clean": Clean, "Text": Text} {
			out := fn(s)
			if got := visibleRunes(out); got != want {
				t.Fatalf("%s(%q) = %q: visible text %q, want %q", name, s, out, got, want)
			}
			if strings.ContainsAny(out, "\x1b\x07\x00\x7f\u009b\u009d") {
				t.Fatalf("%s(%q) = %q holds a control character", name, s, out)
			}
		}
		if plainASCII(s) && Clean(s) != s {
			t.Fatalf("Clean changed printable ASCII %q to %q", s, Clean(s))
		}
	})
}

package termsafe

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII unchanged", "Anna Kowalska", "Anna Kowalska"},
		{"Polish and CJK unchanged", "Łódź 张三 Zoë", "Łódź 张三 Zoë"},
		{"emoji unchanged", "deal 🚀", "deal 🚀"},
		{"ESC shown as picture", "Escape\x1b[2J\x1b[H", "Escape␛[2J␛[H"},
		{"OSC 52 with BEL terminator", "Clip\x1b]52;c;Y3Vy\x07board", "Clip␛]52;c;Y3Vy␇board"},
		{"NUL and other C0", "a\x00b\x01c\x1fd", "a␀b␁c␟d"},
		{"DEL", "a\x7fb", "a␡b"},
		{"C1 CSI", "a\u009b2Jb", "a\uFFFD2Jb"},
		{"NEL is a line break", "a\u0085b", "a↵b"},
		{"invalid UTF-8 byte", "a\x9b2J", "a\uFFFD2J"},
		{"truncated UTF-8", "a\xe2\x80", "a\uFFFD\uFFFD"},
		{"LF", "one\ntwo", "one↵two"},
		{"CR LF is one break", "one\r\ntwo", "one↵two"},
		{"lone CR", "\r=cmd", "↵=cmd"},
		{"line and paragraph separators", "a\u2028b\u2029c", "a↵b↵c"},
		{"tab becomes a space", "\t=1+1", " =1+1"},
		{"bidi override dropped", "abc\u202edcba\u202c", "abcdcba"},
		{"bidi isolates and marks dropped", "\u2066x\u2069\u200e\u200f\u061cy", "xy"},
		{"zero-width characters dropped", "wid\u200bth\u200d\ufeff", "width"},
		{"soft hyphen dropped", "co\u00adop", "coop"},
		{"tag characters dropped", "a\U000E0041b", "ab"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"line breaks kept as LF", "one\r\ntwo\rthree\nfour\u2028five", "one\ntwo\nthree\nfour\nfive"},
		{"tab becomes four spaces", "a\tb", "a    b"},
		{"escapes still shown", "x\x1b[31mred", "x␛[31mred"},
		{"bidi dropped", "\u202eevil", "evil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// hostileCells reads every cell of the hostile fixture.
func hostileCells(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("testdata/terminal-and-formula.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("read testdata/terminal-and-formula.csv: %v", err)
	}
	var cells []string
	for _, r := range recs {
		cells = append(cells, r...)
	}
	return cells
}

// checkSafe fails when out holds anything a terminal would interpret.
func checkSafe(tb testing.TB, fn, in, out string, multiline bool) {
	tb.Helper()
	if !utf8.ValidString(out) {
		tb.Fatalf("%s(%q) = %q is not valid UTF-8", fn, in, out)
	}
	for i := 0; i < len(out); i++ {
		if c := out[i]; (c < 0x20 && !(multiline && c == '\n')) || c == 0x7f {
			tb.Fatalf("%s(%q) = %q holds control byte %#x", fn, in, out, c)
		}
	}
	for _, r := range out {
		if r == '\n' && multiline {
			continue
		}
		if IsUnsafe(r) {
			tb.Fatalf("%s(%q) = %q holds unsafe rune %U", fn, in, out, r)
		}
	}
}

func TestHostileFixture(t *testing.T) {
	cells := hostileCells(t)
	var sawEsc, sawBidi bool
	for _, c := range cells {
		sawEsc = sawEsc || strings.Contains(c, "\x1b")
		sawBidi = sawBidi || strings.Contains(c, "\u202e")
		checkSafe(t, "Clean", c, Clean(c), false)
		checkSafe(t, "Text", c, Text(c), true)
	}
	if !sawEsc || !sawBidi {
		t.Fatal("the fixture lost its escape sequences or bidi override; the test would prove nothing")
	}
	// The attacks stay visible, inert.
	joined := Clean(strings.Join(cells, "|"))
	for _, want := range []string{"Escape␛[2J␛[H", "Clip␛]52;c;", "Title␛]0;pwned␇", "ring␇␇", "abcdcba", "width"} {
		if !strings.Contains(joined, want) {
			t.Errorf("cleaned fixture lacks %q:\n%s", want, joined)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, c := range hostileCells(f) {
		f.Add(c)
	}
	f.Add("\x9b\xc2\x9b\u202e\u2066\u061c\r\n\t\x00\x7f")
	f.Fuzz(func(t *testing.T, s string) {
		clean := Clean(s)
		checkSafe(t, "Clean", s, clean, false)
		text := Text(s)
		checkSafe(t, "Text", s, text, true)
		if again := Clean(clean); again != clean {
			t.Fatalf("Clean is not idempotent: %q -> %q -> %q", s, clean, again)
		}
	})
}

package domain

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// realisticNames seeds the fuzz targets with names as they come in exports.
var realisticNames = []string{
	"Zakład Mięsny Żabka Sp. z o.o. sp.k.", "ACME  Sp.z o.o.", "Techmal S.A.", "Pomorska Energia sp. j.",
	"P.P.H.U. Max-Bud Jan Nowak", "Budrem Sp. z o.o. S.K.A.", "Polfarm S.A. w likwidacji", "S.A.",
	"The Acme Company Inc.", "Johnson & Johnson", "Bosch GmbH & Co. KG", "Qantas Pty. Ltd.", "Ｇｌｏｂｅｘ Ｌｔｄ",
	"上海华夏科技有限公司", "广州恒信实业（北京）有限公司", "华为技术有限公司北京分公司", "有限公司", "ABC公司",
	"Zofia Górska", "Kowalski, Jan", "prof. dr hab. inż. Józef Stępień", "张三", "欧阳娜娜", "敏 朱", "迈克尔·乔丹",
	"\x1b[31mEvil\x1b[0m Corp", "A\u202eB\u200bC", "\xff\xfe", "", " ", "&", "i i i", "the the the", "s a s a",
}

func noControls(t *testing.T, what, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s(%q) = %q is not valid UTF-8", what, in, out)
	}
	for _, r := range out {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Fatalf("%s(%q) = %q holds %U", what, in, out, r)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range realisticNames {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Fold(s)
		noControls(t, "Fold", s, out)
		if again := Fold(out); again != out {
			t.Fatalf("Fold is not idempotent: Fold(%q) = %q, Fold(that) = %q", s, out, again)
		}
		for _, tok := range SearchTokens(s) {
			if tok == "" || strings.ContainsFunc(tok, unicode.IsSpace) {
				t.Fatalf("SearchTokens(%q) holds %q", s, tok)
			}
		}
	})
}

func FuzzCompanyKey(f *testing.F) {
	for _, s := range realisticNames {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := ParseCompanyName(s)
		noControls(t, "CompanyKey", s, k.Base)
		if again := CompanyKey(k.Base); again != k.Base {
			t.Fatalf("CompanyKey is not idempotent: CompanyKey(%q) = %q, CompanyKey(that) = %q", s, k.Base, again)
		}
		if strings.HasPrefix(k.Base, " ") || strings.HasSuffix(k.Base, " ") || strings.Contains(k.Base, "  ") {
			t.Fatalf("CompanyKey(%q) = %q has stray spaces", s, k.Base)
		}
		for _, r := range k.Base {
			if r != ' ' && !isKeyRune(r) {
				t.Fatalf("CompanyKey(%q) = %q holds %q", s, k.Base, r)
			}
		}
		if k.Base == "" && strings.ContainsFunc(Fold(s), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) &&
			len(nameTokens(Fold(s))) > 0 && !allConnectives(nameTokens(Fold(s))) {
			t.Fatalf("CompanyKey(%q) lost the whole name (%+v)", s, k)
		}
		if k.Base != "" && !k.Matches(k) {
			t.Fatalf("%+v does not match itself", k)
		}
	})
}

// allConnectives reports whether every word is a word for "and"; such a
// "name" has nothing else to keep.
func allConnectives(words []string) bool {
	for _, w := range words {
		if !connectives[w] {
			return false
		}
	}
	return true
}

func FuzzPersonNameKey(f *testing.F) {
	for _, s := range realisticNames {
		f.Add(s, "Kowalski")
	}
	f.Fuzz(func(t *testing.T, first, last string) {
		k := PersonNameKey(first, last)
		noControls(t, "PersonNameKey", first+"|"+last, k)
		if again := PersonNameKey(k, ""); again != k {
			t.Fatalf("PersonNameKey is not idempotent: %q, then %q", k, again)
		}
		if swapped := PersonNameKey(last, first); swapped != k {
			t.Fatalf("PersonNameKey(%q, %q) = %q but swapped %q", first, last, k, swapped)
		}
		f, l := SplitFullName(first)
		if f != strings.TrimSpace(f) || l != strings.TrimSpace(l) {
			t.Fatalf("SplitFullName(%q) = %q, %q not trimmed", first, f, l)
		}
		// Splitting only drops words (honorifics), never invents any.
		have := map[string]int{}
		for _, w := range strings.Fields(PersonNameKey(first, "")) {
			have[w]++
		}
		for _, w := range strings.Fields(PersonNameKey(f, l)) {
			if have[w]--; have[w] < 0 {
				t.Fatalf("SplitFullName(%q) = %q, %q invents %q", first, f, l, w)
			}
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"  Jan.Kowalski@Firma.PL ", "jan＠firma．pl", `"a b"@x.pl`, "Jan <jan@ŻABKA.pl>", "a@b@c.pl", "zhang@例子.中国", "mailto:x@y.pl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := NormalizeEmail(s)
		if err != nil {
			if out != "" {
				t.Fatalf("NormalizeEmail(%q) = %q with error %v", s, out, err)
			}
			return
		}
		noControls(t, "NormalizeEmail", s, out)
		again, err := NormalizeEmail(out)
		if err != nil || again != out {
			t.Fatalf("NormalizeEmail(%q) = %q, again %q, %v", s, out, again, err)
		}
		if EmailKey(out) != strings.ToLower(out) {
			t.Fatalf("EmailKey(%q) = %q", out, EmailKey(out))
		}
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"(+48) 924746655", "0048 600 100 200", "(191) 915-6833", "138 0013 8000", "+48 600 100 200 ext. 12", "tel. 22 100 20 30", "１３８"} {
		f.Add(s, "PL")
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		ph, err := ParsePhone(raw, region)
		if err != nil {
			if ph.E164 != "" {
				t.Fatalf("ParsePhone(%q, %q) = %+v with error %v", raw, region, ph, err)
			}
			return
		}
		if len(ph.E164) < 2 || ph.E164[0] != '+' || !allDigits(ph.E164[1:]) {
			t.Fatalf("ParsePhone(%q, %q) = %+v: not E.164", raw, region, ph)
		}
		if again, err := ParsePhone(ph.E164, ""); err != nil || again.E164 != ph.E164 {
			t.Fatalf("ParsePhone(%q) = %+v, %v; want it unchanged", ph.E164, again, err)
		}
	})
}

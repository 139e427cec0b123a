package domain

import (
	"strings"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"trim and lower-case the domain", "  Jan.Kowalski@Firma.PL ", "Jan.Kowalski@firma.pl"},
		{"plus tag", "anna+crm@example.com", "anna+crm@example.com"},
		{"mailto prefix", "mailto:x@y.pl", "x@y.pl"},
		{"MAILTO prefix", "MAILTO:x@y.pl", "x@y.pl"},
		{"angle brackets", "<x@y.pl>", "x@y.pl"},
		{"display name", "Jan Kowalski <jan.kowalski@firma.pl>", "jan.kowalski@firma.pl"},
		{"Polish IDN domain", "zofia@żabka.pl", "zofia@żabka.pl"},
		{"upper-case IDN domain", "zofia@ŻABKA.PL", "zofia@żabka.pl"},
		{"Chinese IDN domain", "zhang@例子.中国", "zhang@例子.中国"},
		{"Unicode local part", "张三@例子.中国", "张三@例子.中国"},
		{"Zoho Chinese row", "user194@ZH023.CN", "user194@zh023.cn"},
		{"full-width at sign and dot", "jan＠firma．pl", "jan@firma.pl"},
		{"ideographic full stop", "wang@qq。com", "wang@qq.com"},
		{"byte-order mark", "\ufeffjan@firma.pl", "jan@firma.pl"},
		{"zero-width space at the end", "jan@firma.pl\u200b", "jan@firma.pl"},
		{"no-break spaces", "\u00a0jan@firma.pl\u00a0", "jan@firma.pl"},
		{"trailing root dot", "jan@firma.pl.", "jan@firma.pl"},
		{"subdomains and dashes", "biuro@mail.zaklad-miesny.com.pl", "biuro@mail.zaklad-miesny.com.pl"},
		{"quoted local part with space", `"jan kowalski"@firma.pl`, `"jan kowalski"@firma.pl`},
		{"quoted local part with @", `"a@b"@firma.pl`, `"a@b"@firma.pl`},
		{"special characters allowed", "o'brien_&-x!#$%*/=?^`{|}~@example.ie", "o'brien_&-x!#$%*/=?^`{|}~@example.ie"},
		{"64-character local part", strings.Repeat("a", 64) + "@x.pl", strings.Repeat("a", 64) + "@x.pl"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizeEmail(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestNormalizeEmailRejects(t *testing.T) {
	tests := []struct {
		name, in, err string
	}{
		{"empty", "", "empty"},
		{"blank", "   ", "empty"},
		{"empty angle brackets", "<>", "empty"},
		{"no @", "jan.kowalski.firma.pl", "no @"},
		{"two @", "a@b@c.pl", "more than one @"},
		{"double @", "jan@@example.com", "more than one @"},
		{"space in local part", "jan kowalski@firma.pl", "not allowed"},
		{"space in domain", "jan@firma .pl", "contains"},
		{"no dot in domain", "jan@firma", "no dot"},
		{"leading dot", ".jan@firma.pl", "starts or ends with a dot"},
		{"trailing dot before @", "jan.@firma.pl", "starts or ends with a dot"},
		{"two dots", "jan..k@firma.pl", "two dots"},
		{"empty domain label", "jan@firma..pl", "empty part"},
		{"domain starts with a dot", "jan@.firma.pl", "empty part"},
		{"dash at label start", "jan@-firma.pl", "dash"},
		{"dash at label end", "jan@firma-.pl", "dash"},
		{"nothing before @", "@firma.pl", "nothing before"},
		{"nothing after @", "jan@", "nothing after"},
		{"numeric top-level domain", "jan@firma.123", "ends in a number"},
		{"IP address", "jan@192.168.0.1", "ends in a number"},
		{"underscore in domain", "jan@fir_ma.pl", "contains"},
		{"comma", "jan,kowalski@firma.pl", "not allowed"},
		{"two addresses", "jan@firma.pl; anna@firma.pl", "more than one @"},
		{"zero-width space inside", "ja\u200bn@firma.pl", "not allowed"},
		{"control character", "ja\x1bn@firma.pl", "not allowed"},
		{"long local part", strings.Repeat("a", 65) + "@x.pl", "longer than 64"},
		{"long label", "a@" + strings.Repeat("b", 64) + ".pl", "longer than 63"},
		{"long address", strings.Repeat("a", 60) + "@" + strings.Repeat(strings.Repeat("b", 60)+".", 4) + "pl", "longer than 254"},
		{"unescaped quote in quoted part", `"a"b"@firma.pl`, "unescaped quote"},
		{"unbalanced quote", `"jan@firma.pl`, "not allowed"},
		{"not an address", "not-an-email", "no @"},
		{"phone number", "+48 600 100 200", "no @"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizeEmail(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want an error mentioning %q", tc.in, got, err, tc.err)
			}
			if got != "" {
				t.Errorf("NormalizeEmail(%q) returned %q with its error", tc.in, got)
			}
		})
	}
}

func TestNormalizeEmailQuotedLocalPart(t *testing.T) {
	for in, ok := range map[string]bool{
		`"jan\"k"@firma.pl`: true,
		`"jan\\"@firma.pl`:  true,
		`"a"b"@firma.pl`:    false,
		`"ab\"@firma.pl`:    false,
		`""@firma.pl`:       false,
	} {
		if _, err := NormalizeEmail(in); (err == nil) != ok {
			t.Errorf("NormalizeEmail(%s) error = %v, want ok=%v", in, err, ok)
		}
	}
}

func TestNormalizeEmailIsIdempotent(t *testing.T) {
	for _, in := range []string{"  Jan.Kowalski@Firma.PL ", "jan＠firma．pl", "Jan <jan@ŻABKA.pl>", `"x y"@Z.pl`} {
		once, err := NormalizeEmail(in)
		if err != nil {
			t.Fatal(err)
		}
		if twice, err := NormalizeEmail(once); err != nil || twice != once {
			t.Errorf("NormalizeEmail(%q) = %q, again %q, %v", in, once, twice, err)
		}
	}
}

func TestEmailKey(t *testing.T) {
	same := [][2]string{
		{" TOMASZ.PAWLOWSKI68@POLFARM.PL", "tomasz.pawlowski68@polfarm.pl"},
		{"Jan.Kowalski@firma.pl", "jan.kowalski@FIRMA.PL"},
		{"\ufeffanna@x.pl\u200b", "ANNA@X.PL"},
		{"Zofia@ŻABKA.pl", "zofia@żabka.pl"},
	}
	for _, p := range same {
		if EmailKey(p[0]) != EmailKey(p[1]) {
			t.Errorf("EmailKey(%q) = %q != EmailKey(%q) = %q", p[0], EmailKey(p[0]), p[1], EmailKey(p[1]))
		}
	}
	if EmailKey("jan@firma.pl") == EmailKey("jan@firma.com") {
		t.Error("different addresses share a key")
	}
	if got := EmailKey("  Jan@Firma.PL "); got != "jan@firma.pl" {
		t.Errorf("EmailKey = %q", got)
	}
}

package domain

import (
	"testing"
	"unicode"
)

// isKeyRune reports whether r may appear in a key besides the space: a
// letter or digit already in lower case (or without one, like "ϒ").
func isKeyRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && unicode.ToLower(r) == r
}

func TestCompanyKeyEqual(t *testing.T) {
	// Each group names one company; every spelling must give the same key
	// and match the first one.
	groups := [][]string{
		{"ACME sp. z o. o.", "Acme Sp. z o.o.", "ACME  Sp.z o.o.", "acme", "Acme spółka z ograniczoną odpowiedzialnością",
			"ACME SPÓŁKA Z O.O.", "Acme Sp.z.o.o.", "Acme Sp. zo.o.", "Acme sp z oo", "Acme Spzoo", "  acme\t", "Ａｃｍｅ Sp. z o.o."},
		{"Zakład Mięsny Żabka Sp. z o.o. sp.k.", "ZAKŁAD MIĘSNY ŻABKA sp. z o. o. SP.K.", "Zaklad Miesny Zabka",
			"Zakład Mięsny Żabka spółka z ograniczoną odpowiedzialnością spółka komandytowa", "Zakład Mięsny „Żabka” Sp. z o.o. Sp. K."},
		{"Pomorska Energia sp. j.", "Pomorska Energia", "POMORSKA ENERGIA SPÓŁKA JAWNA", "Pomorska Energia Sp.J.", "Pomorska-Energia spj"},
		{"Techmal S.A.", "Techmal SA", "Techmal", "Techmal Spółka Akcyjna", "TECHMAL S. A."},
		{"Kancelaria Nowak sp. p.", "Kancelaria Nowak Spółka Partnerska", "Kancelaria Nowak"},
		{"Budrem S.K.A.", "Budrem SKA", "Budrem spółka komandytowo-akcyjna", "Budrem"},
		{"Jan Kowalski i Wspólnicy s.c.", "Jan Kowalski & Wspólnicy Spółka Cywilna", "JAN KOWALSKI I WSPÓLNICY"},
		{"Kowalski i Syn", "Kowalski & Syn", "Kowalski and Syn"},
		{"Polfarm S.A. w likwidacji", "Polfarm S.A.", "Polfarm SA w upadłości"},
		{"P.P.H.U. Max-Bud Jan Nowak", "PPHU Max Bud Jan Nowak", "P.P.H.U. MAX BUD JAN NOWAK"},
		{"上海华夏科技有限公司", "上海华夏科技", "上海华夏科技有限责任公司", "上海 华夏 科技 有限公司", "上海华夏科技公司"},
		{"上海东方贸易（北京）有限公司", "上海东方贸易（北京）", "上海东方贸易(北京)有限公司", "上海东方贸易 (北京) 有限公司", "上海东方贸易北京有限公司"},
		{"成都长城电子股份有限公司", "成都长城电子", "成都长城电子股份公司"},
		{"台灣積體電路製造股份有限公司", "台灣積體電路製造"},
		{"ABC公司", "ABC", "ABC 公司", "abc有限公司", "ABC Ltd."},
		{"华为技术有限公司", "华为技术"},
		{"Cyberdyne Systems LLC", "CYBERDYNE SYSTEMS LLC", "Cyberdyne Systems", "Cyberdyne Systems, L.L.C.", "Cyberdyne Systems Limited Liability Company"},
		{"The Acme Company Inc.", "Acme Company, Inc", "acme company", "Acme Co.", "ACME CO INC"},
		{"Johnson & Johnson", "Johnson and Johnson", "JOHNSON  &  JOHNSON Inc.", "Johnson+Johnson"},
		{"Ｇｌｏｂｅｘ Ｌｔｄ", "Globex Limited", "globex", "GLOBEX LTD."},
		{"Stark Industries Labs Ltd", "Stark Industries Labs Limited", "stark industries labs"},
		{"Siemens AG", "SIEMENS AG", "Siemens"},
		{"Soylent GmbH", "Soylent G.m.b.H.", "soylent"},
		{"Bosch GmbH & Co. KG", "Bosch GmbH & Co KG", "Bosch"},
		{"Maersk A/S", "Maersk AS", "Maersk"},
		{"Nokia Oyj", "Nokia"},
		{"Volvo AB", "Volvo"},
		{"Philips N.V.", "Philips NV"},
		{"Heineken B.V.", "Heineken BV"},
		{"Fiat S.p.A.", "Fiat SpA", "Fiat"},
		{"Pasta S.r.l.", "Pasta SRL"},
		{"Renault SAS", "Renault"},
		{"Café de Flore SARL", "Cafe de Flore"},
		{"Telefónica S.L.", "Telefonica SL"},
		{"Qantas Pty Ltd", "Qantas Pty. Ltd.", "Qantas"},
		{"Tesco PLC", "Tesco p.l.c.", "Tesco"},
		{"Deloitte LLP", "Deloitte"},
		{"Blackstone LP", "Blackstone L.P."},
		{"Intel Corporation", "Intel Corp.", "Intel"},
		{"Apple Incorporated", "Apple Inc."},
		{"Acme Co., Ltd.", "Acme Ltd"},
		{"Škoda Auto a.s.", "Skoda Auto A/S"},
	}
	for _, g := range groups {
		first := ParseCompanyName(g[0])
		for _, name := range g[1:] {
			k := ParseCompanyName(name)
			if CompanyKey(name) != first.Base {
				t.Errorf("CompanyKey(%q) = %q, want %q (as %q)", name, CompanyKey(name), first.Base, g[0])
			}
			if !k.Matches(first) || !first.Matches(k) {
				t.Errorf("%q (%+v) and %q (%+v) should denote the same company", g[0], first, name, k)
			}
		}
	}
}

func TestCompanyKeyValues(t *testing.T) {
	tests := []struct{ in, base, form string }{
		{"ACME sp. z o. o.", "acme", "sp. z o.o."},
		{"Zakład Mięsny Żabka Sp. z o.o. sp.k.", "zaklad miesny zabka", "sp. z o.o. sp.k."},
		{"Drutex Logistyka Sp. z o.o. sp.k.", "drutex logistyka", "sp. z o.o. sp.k."},
		{"Pomorska Energia sp. j.", "pomorska energia", "sp.j."},
		{"Techmal S.A.", "techmal", "S.A."},
		{"Bosch GmbH & Co. KG", "bosch", "GmbH & Co. KG"},
		{"Acme Co., Ltd.", "acme", "Ltd"},
		{"The Acme Company Inc.", "acme", "Inc."},
		{"上海华夏科技有限公司", "上海华夏科技", "有限公司"},
		{"上海华夏科技有限责任公司", "上海华夏科技", "有限公司"},
		{"成都长城电子股份有限公司", "成都长城电子", "股份有限公司"},
		{"广州恒信实业（北京）有限公司", "广州恒信实业北京", "有限公司"},
		{"海尔集团有限公司", "海尔集团", "有限公司"},
		{"上海华夏科技公司", "上海华夏科技", ""},
		{"华为技术有限公司北京分公司", "华为技术有限公司北京分公司", ""},
		{"P.P.H.U. Max-Bud Jan Nowak", "pphu max bud jan nowak", ""},
		{"Budrem Sp. z o.o. S.K.A.", "budrem", "sp. z o.o. S.K.A."},
		{"A.B.C. Sp. z o.o.", "abc", "sp. z o.o."},
		{"Sklep X i Y", "sklep xy", ""},
		{"3M Poland Sp. z o.o.", "3m poland", "sp. z o.o."},
		{"Kraków Airport", "krakow airport", ""},
		{"Ørsted A/S", "orsted", "A/S"},
		{"Straße & Bau GmbH", "strasse bau", "GmbH"},
		{"  ", "", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		if got := ParseCompanyName(tc.in); got.Base != tc.base || got.Form != tc.form {
			t.Errorf("ParseCompanyName(%q) = %+v, want base %q form %q", tc.in, got, tc.base, tc.form)
		}
	}
}

func TestCompanyKeyDistinct(t *testing.T) {
	// Pairs from real-shaped exports that must stay different companies:
	// the same words with another legal form (Matches) or another name
	// (CompanyKey).
	pairs := [][2]string{
		{"Agrobex S.A.", "Agrobex Sp. z o.o."},
		{"Agrobex Sp. z o.o.", "Agrobex Sp. z o.o. sp.k."},
		{"Gdańskie Stocznie Jachtowe sp. j.", "Gdańskie Stocznie Jachtowe S.A."},
		{"Wayne Enterprises Labs GmbH", "Wayne Enterprises Labs Inc."},
		{"Wonka Industries Labs Inc.", "Wonka Industries Labs LLC"},
		{"成都长城电子有限公司", "成都长城电子股份有限公司"},
		{"上海东方贸易（北京）有限公司", "上海东方贸易有限公司"},
		{"广州恒信实业（北京）有限公司", "广州恒信实业有限公司"},
		{"Siemens (Polska) Sp. z o.o.", "Siemens Sp. z o.o."},
		{"海尔集团", "海尔"},
		{"华为技术有限公司北京分公司", "华为技术有限公司"},
		{"Tyrell Systems Corp.", "Tyrell LLC"},
		{"Acme Corp.", "Acme Global Corp."},
		{"Pied Piper Global Corp.", "Pied Piper Systems Corp."},
		{"Kowalski i Syn", "Kowalski Syn Wnuk"},
		{"Łódź Trans", "Lodz Trans Serwis"},
		{"A.B.C. Sp. z o.o.", "ABD Sp. z o.o."},
	}
	for _, p := range pairs {
		if ParseCompanyName(p[0]).Matches(ParseCompanyName(p[1])) {
			t.Errorf("%q and %q must stay different companies (%+v, %+v)", p[0], p[1], ParseCompanyName(p[0]), ParseCompanyName(p[1]))
		}
	}
}

func TestCompanyKeyKeepsName(t *testing.T) {
	// A name made only of legal-form words keeps them: never an empty key.
	tests := map[string]string{
		"S.A.":             "sa",
		"Sp. z o.o.":       "sp zoo",
		"Sp. z o.o. sp.k.": "sp zoo",
		"LLC":              "llc",
		"Co":               "co",
		"Company Inc.":     "company",
		"The":              "the",
		"The Inc":          "the",
		"有限公司":             "有限公司",
		"公司":               "公司",
		"股份有限公司":           "股份有限公司",
		"&":                "",
	}
	for in, want := range tests {
		if got := CompanyKey(in); got != want {
			t.Errorf("CompanyKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompanyKeyOutput(t *testing.T) {
	// Keys hold only lower-case letters, digits and single spaces.
	for _, name := range []string{"Zakład „Żabka” Sp. z o.o.", "\x1b[31mEvil\x1b[0m Corp", "A\u202eB\u200bC Ltd", "上海（北京）！有限公司", "Ｇｌｏｂｅｘ\u3000Ｌｔｄ"} {
		k := CompanyKey(name)
		for i, r := range k {
			if r == ' ' && (i == 0 || i == len(k)-1 || k[i-1] == ' ') || r != ' ' && !isKeyRune(r) {
				t.Errorf("CompanyKey(%q) = %q has %q at %d", name, k, r, i)
			}
		}
	}
}

package domain

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"  Jan.Kowalski@Firma.PL ", "Jan.Kowalski@firma.pl", ""},
		{"anna+crm@example.com", "anna+crm@example.com", ""},
		{"mailto:x@y.pl", "x@y.pl", ""},
		{"<x@y.pl>", "x@y.pl", ""},
		{"zofia@żabka.pl", "zofia@żabka.pl", ""},
		{"user194@ZH023.CN", "user194@zh023.cn", ""},
		{"", "", "empty"},
		{"jan.kowalski.firma.pl", "", "no @"},
		{"a@b@c.pl", "", "more than one @"},
		{"jan kowalski@firma.pl", "", "not allowed"},
		{"jan@firma", "", "no dot"},
		{".jan@firma.pl", "", "starts or ends with a dot"},
		{"jan..k@firma.pl", "", "two dots"},
		{"jan@firma..pl", "", "empty part"},
		{"jan@-firma.pl", "", "dash"},
		{"@firma.pl", "", "nothing before"},
		{"jan@", "", "nothing after"},
		{"jan@firma.123", "", "ends in a number"},
		{strings.Repeat("a", 65) + "@x.pl", "", "longer than 64"},
	}
	for _, tc := range tests {
		got, err := NormalizeEmail(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("NormalizeEmail(%q) error = %v, want one mentioning %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if EmailKey(" TOMASZ.PAWLOWSKI68@POLFARM.PL") != EmailKey("tomasz.pawlowski68@polfarm.pl") {
		t.Error("EmailKey is not case-insensitive")
	}
}

func TestParsePhone(t *testing.T) {
	tests := []struct {
		raw, region, want string
		ok                bool
	}{
		{"(+48) 924746655", "PL", "+48924746655", true},
		{"+48 416 635 111", "PL", "+48416635111", true},
		{"498805657", "PL", "+48498805657", true},
		{"0048 600 100 200", "PL", "+48600100200", true},
		{"(191) 915-6833", "US", "+11919156833", true},
		{"+1-607-192-0236", "PL", "+16071920236", true},
		{"19155062969", "PL", "+19155062969", true},
		{"138 0013 8000", "CN", "+8613800138000", true},
		{"180-7406-6738", "CN", "+8618074066738", true},
		{"+44 20 3227 0703", "PL", "+442032270703", true},
		{"+48 600 100 200 ext. 12", "PL", "+48600100200", true},
		{"123", "PL", "", false},
		{"call me", "PL", "", false},
		{"600 abc 200", "PL", "", false},
		{"600100200", "", "", false},
		{"", "PL", "", false},
	}
	for _, tc := range tests {
		got, err := ParsePhone(tc.raw, tc.region)
		if tc.ok != (err == nil) || got.E164 != tc.want {
			t.Errorf("ParsePhone(%q, %q) = %+v, %v; want %q ok=%v", tc.raw, tc.region, got, err, tc.want, tc.ok)
		}
		if got.Raw != strings.TrimSpace(tc.raw) {
			t.Errorf("ParsePhone(%q) lost the raw text: %q", tc.raw, got.Raw)
		}
	}
	if d := PhoneDigits("+48 (600) 100-２００"); d != "48600100200" {
		t.Errorf("PhoneDigits = %q", d)
	}
}

func TestCompanyKeyEqual(t *testing.T) {
	groups := [][]string{
		{"ACME sp. z o. o.", "Acme Sp. z o.o.", "ACME  Sp.z o.o.", "acme", "Acme spółka z ograniczoną odpowiedzialnością"},
		{"Zakład Mięsny Żabka Sp. z o.o. sp.k.", "ZAKŁAD MIĘSNY ŻABKA sp. z o. o. SP.K.", "Zaklad Miesny Zabka"},
		{"Pomorska Energia sp. j.", "Pomorska Energia", "POMORSKA ENERGIA SPÓŁKA JAWNA"},
		{"Techmal S.A.", "Techmal SA", "Techmal", "Techmal Spółka Akcyjna"},
		{"上海华夏科技有限公司", "上海华夏科技", "上海华夏科技有限责任公司"},
		{"上海东方贸易（北京）有限公司", "上海东方贸易（北京）", "上海东方贸易(北京)有限公司"},
		{"Cyberdyne Systems LLC", "CYBERDYNE SYSTEMS LLC", "Cyberdyne Systems"},
		{"The Acme Company Inc.", "Acme Company, Inc", "acme company"},
		{"Johnson & Johnson", "Johnson and Johnson", "JOHNSON  &  JOHNSON Inc."},
		{"Ｇｌｏｂｅｘ Ｌｔｄ", "Globex Limited", "globex"},
	}
	for _, g := range groups {
		first := ParseCompanyName(g[0])
		for _, name := range g[1:] {
			if k := ParseCompanyName(name); !k.Matches(first) || !first.Matches(k) {
				t.Errorf("%q (%+v) and %q (%+v) should denote the same company", g[0], first, name, k)
			}
			if CompanyKey(name) != first.Base {
				t.Errorf("CompanyKey(%q) = %q, want %q", name, CompanyKey(name), first.Base)
			}
		}
	}
}

func TestCompanyKeyDistinct(t *testing.T) {
	// Pairs from a real-shaped Zoho Accounts export: same words, different
	// legal forms or branches, different companies.
	pairs := [][2]string{
		{"Agrobex S.A.", "Agrobex Sp. z o.o."},
		{"Agrobex Sp. z o.o.", "Agrobex Sp. z o.o. sp.k."},
		{"Gdańskie Stocznie Jachtowe sp. j.", "Gdańskie Stocznie Jachtowe S.A."},
		{"Wayne Enterprises Labs GmbH", "Wayne Enterprises Labs Inc."},
		{"Wonka Industries Labs Inc.", "Wonka Industries Labs LLC"},
		{"成都长城电子有限公司", "成都长城电子股份有限公司"},
		{"上海东方贸易（北京）有限公司", "上海东方贸易有限公司"},
		{"Tyrell Systems Corp.", "Tyrell LLC"},
		{"Acme Corp.", "Acme Global Corp."},
	}
	for _, p := range pairs {
		if ParseCompanyName(p[0]).Matches(ParseCompanyName(p[1])) {
			t.Errorf("%q and %q must stay different companies", p[0], p[1])
		}
	}
}

func TestCompanyKeyKeepsName(t *testing.T) {
	for _, name := range []string{"S.A.", "Sp. z o.o.", "LLC", "Co", "有限公司"} {
		if ParseCompanyName(name).Base == "" {
			t.Errorf("%q lost its whole name", name)
		}
	}
	if k := ParseCompanyName("Drutex Logistyka Sp. z o.o. sp.k."); k.Form != "sp. z o.o. sp.k." || k.Base != "drutex logistyka" {
		t.Errorf("forms in order: %+v", k)
	}
}

func TestPersonNameKey(t *testing.T) {
	same := [][2][2]string{
		{{"Zofia", "Górska"}, {"gorska", "zofia"}},
		{{" ZOFIA ", " GORSKA "}, {"Zofia", "Górska"}},
		{{"karen", " Davis "}, {"Karen", "Davis"}},
		{{"张三", ""}, {"三", "张"}},
		{{"敏 朱", ""}, {"敏", "朱"}},
		{{"Jan-Maria", "Kowalski"}, {"Jan Maria", "KOWALSKI"}},
	}
	for _, s := range same {
		a, b := PersonNameKey(s[0][0], s[0][1]), PersonNameKey(s[1][0], s[1][1])
		if a != b {
			t.Errorf("PersonNameKey(%v)=%q != PersonNameKey(%v)=%q", s[0], a, s[1], b)
		}
	}
	if PersonNameKey("Jan", "Kowalski") == PersonNameKey("Jan", "Kowalska") {
		t.Error("different names share a key")
	}
}

func TestSplitFullName(t *testing.T) {
	tests := []struct{ in, first, last string }{
		{"Jan Kowalski", "Jan", "Kowalski"},
		{"Jan Maria Kowalski", "Jan Maria", "Kowalski"},
		{"Kowalski, Jan", "Jan", "Kowalski"},
		{"Dr. Anna Nowak", "Anna", "Nowak"},
		{"Pani Zofia Górska", "Zofia", "Górska"},
		{"Ludwig van Beethoven", "Ludwig", "van Beethoven"},
		{"张三", "三", "张"},
		{"李四", "四", "李"},
		{"欧阳娜娜", "娜娜", "欧阳"},
		{"王先生", "", "王"},
		{"王", "", "王"},
		{"敏 朱", "敏", "朱"},
		{"Madonna", "Madonna", ""},
		{"  ", "", ""},
	}
	for _, tc := range tests {
		f, l := SplitFullName(tc.in)
		if f != tc.first || l != tc.last {
			t.Errorf("SplitFullName(%q) = %q, %q; want %q, %q", tc.in, f, l, tc.first, tc.last)
		}
	}
}

func TestNormalizeTaxID(t *testing.T) {
	tests := []struct {
		kind, in, want, err string
	}{
		{"NIP", "526-000-12-46", "5260001246", ""},
		{"nip", "PL 526 000 12 46", "5260001246", ""},
		{"NIP", "5260001247", "5260001247", "checksum"},
		{"NIP", "12345", "12345", "10 digits"},
		{"REGON", "012100784", "012100784", ""},
		{"REGON", "012100785", "012100785", "checksum"},
		{"KRS", "0000012345", "0000012345", ""},
		{"VAT", "pl 5260001246", "PL5260001246", ""},
		{"VAT", "DE123456789", "DE123456789", ""},
		{"VAT", "123", "123", "country code"},
		{"USCC", "91350100M000100Y43", "91350100M000100Y43", ""},
		{"USCC", "91350100M000100Y44", "91350100M000100Y44", "check character"},
		{"eori", "pl-123.45", "PL12345", ""},
	}
	for _, tc := range tests {
		got, err := NormalizeTaxID(tc.kind, tc.in)
		if got.Value != tc.want {
			t.Errorf("NormalizeTaxID(%s, %q) value = %q, want %q", tc.kind, tc.in, got.Value, tc.want)
		}
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("NormalizeTaxID(%s, %q) error = %v, want %q", tc.kind, tc.in, err, tc.err)
		}
	}
}

func TestDomainFromWebsite(t *testing.T) {
	tests := map[string]string{
		"https://www.Zaklad.pl/kontakt": "zaklad.pl",
		"www.acme.com":                  "acme.com",
		"acme.co.uk":                    "acme.co.uk",
		"http://sklep.żabka.pl":         "sklep.żabka.pl",
		"not a site":                    "",
		"":                              "",
		"https://localhost":             "",
	}
	for in, want := range tests {
		if got := DomainFromWebsite(in); got != want {
			t.Errorf("DomainFromWebsite(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRulesPerson(t *testing.T) {
	r := Rules{Region: "PL", Today: Date{2026, time.November, 22}}
	p := Person{
		FirstName: "  Jan  ", LastName: "Kowalski ",
		Emails: []Email{{Address: " Jan@Firma.PL"}, {Address: "jan@firma.pl"}, {Address: "  "}},
		Phones: []Phone{{Raw: "600 100 200", Label: "Mobile"}, {Raw: "+48600100200"}},
	}
	if err := r.Person(&p); err != nil {
		t.Fatal(err)
	}
	if p.FirstName != "Jan" || len(p.Emails) != 1 || p.Emails[0].Address != "Jan@firma.pl" || len(p.Phones) != 1 || p.Phones[0].E164 != "+48600100200" || p.Phones[0].Label != "mobile" {
		t.Errorf("normalised person = %+v", p)
	}

	bad := Person{Emails: []Email{{Address: "nope"}}, Phones: []Phone{{Raw: "12"}}, Birthday: Date{2030, 1, 1}}
	err := r.Person(&bad)
	ve, ok := err.(*ValidationError)
	if !ok {
		t.Fatalf("want *ValidationError, got %v", err)
	}
	for _, f := range []string{"emails[0]", "phones[0]", "birthday"} {
		if ve.For(f) == "" {
			t.Errorf("no error for %s in %v", f, ve)
		}
	}
	if bad.Phones[0].Raw != "12" {
		t.Error("unparseable phone lost its text")
	}
	empty := Person{}
	if err := r.Person(&empty); err == nil || err.(*ValidationError).For("first_name") == "" {
		t.Errorf("person without name or e-mail accepted: %v", err)
	}
	onlyEmail := Person{Emails: []Email{{Address: "a@b.pl"}}}
	if err := r.Person(&onlyEmail); err != nil {
		t.Errorf("person with only an e-mail rejected: %v", err)
	}
}

func TestRulesCompanyAndDeal(t *testing.T) {
	r := Rules{Region: "PL"}
	emp := -3
	c := Company{Name: " Acme  Sp. z o.o.", Website: "https://www.acme.pl/", Email: "Biuro@ACME.pl", Employees: &emp,
		TaxIDs: []TaxID{{Kind: "nip", Value: "526-000-12-46"}}, Phone: Phone{Raw: "22 100 20 30"}}
	err := r.Company(&c)
	if c.Domain != "acme.pl" || c.Name != "Acme Sp. z o.o." || c.Email != "Biuro@acme.pl" || c.TaxIDs[0].Value != "5260001246" || c.Phone.E164 != "+48221002030" {
		t.Errorf("normalised company = %+v", c)
	}
	if err == nil || err.(*ValidationError).For("employees") == "" {
		t.Errorf("negative employees accepted: %v", err)
	}
	if err := r.Company(&Company{}); err == nil || err.(*ValidationError).For("name") == "" {
		t.Errorf("company without a name accepted: %v", err)
	}

	prob := 120
	d := Deal{Title: " ", Amount: &Money{Minor: -5, Currency: "zł"}, Probability: &prob}
	err = r.Deal(&d)
	ve, _ := err.(*ValidationError)
	for _, f := range []string{"title", "amount", "probability"} {
		if ve.For(f) == "" {
			t.Errorf("no error for %s: %v", f, err)
		}
	}
	if d.Amount.Currency != "PLN" {
		t.Errorf("currency not normalised: %q", d.Amount.Currency)
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Łódź": "lodz", "ŻÓŁĆ": "zolc", "Straße": "strasse", "Ørsted": "orsted", "ＡＢＣ１": "abc1",
		"a\u200bb": "ab", "x\u202ey": "xy", "Đorđe": "dorde", "张三": "张三",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	got := SearchTokens("张三 Kowalski-Nowak")
	want := []string{"张", "三", "kowalski", "nowak"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("SearchTokens = %v, want %v", got, want)
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		in, cur, decimal, str string
		err                   bool
	}{
		{"12500", "PLN", "12500.00", "12 500.00 PLN", false},
		{"12500.5", "pln", "12500.50", "12 500.50 PLN", false},
		{"-3.25", "EUR", "-3.25", "-3.25 EUR", false},
		{"500", "JPY", "500", "500 JPY", false},
		{"1.234", "KWD", "1.234", "1.234 KWD", false},
		{"1.234", "PLN", "", "", true},
		{"12a", "PLN", "", "", true},
		{"99999999999999999999", "PLN", "", "", true},
		{"1", "PLNX", "", "", true},
	}
	for _, tc := range tests {
		m, err := ParseDecimalMoney(tc.in, tc.cur)
		if tc.err {
			if err == nil {
				t.Errorf("ParseDecimalMoney(%q,%q) accepted", tc.in, tc.cur)
			}
			continue
		}
		if err != nil || m.Decimal() != tc.decimal || m.String() != tc.str {
			t.Errorf("ParseDecimalMoney(%q,%q) = %v %q %q", tc.in, tc.cur, err, m.Decimal(), m.String())
		}
		back, err := ParseDecimalMoney(m.Decimal(), m.Currency)
		if err != nil || back != m {
			t.Errorf("round trip of %v failed: %v %v", m, back, err)
		}
	}
}

func TestDate(t *testing.T) {
	if _, err := NewDate(2024, 2, 29); err != nil {
		t.Error("2024-02-29 rejected")
	}
	if _, err := NewDate(2023, 2, 29); err == nil {
		t.Error("2023-02-29 accepted")
	}
	if _, err := NewDate(2024, 13, 1); err == nil {
		t.Error("month 13 accepted")
	}
	d, err := ParseISODate("2024-03-04")
	if err != nil || d.String() != "2024-03-04" {
		t.Errorf("ParseISODate = %v %v", d, err)
	}
	for _, bad := range []string{"2024-3-4", "04.03.2024", "2024-02-31"} {
		if _, err := ParseISODate(bad); err == nil {
			t.Errorf("ParseISODate(%q) accepted", bad)
		}
	}
}

func TestCustomFields(t *testing.T) {
	keys := map[string]string{"Lead Source": "lead_source", "Źródło": "zrodlo", "2nd phone": "f_2nd_phone", "Probability (%)": "probability"}
	for in, want := range keys {
		if got := CustomFieldKey(in); got != want || !ValidCustomFieldKey(got) {
			t.Errorf("CustomFieldKey(%q) = %q, want %q", in, got, want)
		}
	}
	if k := CustomFieldKey("客户等级"); !ValidCustomFieldKey(k) {
		t.Errorf("CustomFieldKey(客户等级) = %q is not valid", k)
	}
	for _, tc := range []struct {
		t    FieldType
		in   string
		want any
		err  bool
	}{
		{FieldBool, "tak", true, false}, {FieldBool, "否", false, false}, {FieldBool, "maybe", nil, true},
		{FieldDate, "2024-03-04", "2024-03-04", false}, {FieldDate, "2024-02-30", nil, true},
		{FieldText, " x ", "x", false}, {FieldNumber, "12a", nil, true},
	} {
		got, err := CoerceCustom(tc.t, tc.in)
		if (err != nil) != tc.err || !tc.err && got != tc.want {
			t.Errorf("CoerceCustom(%s,%q) = %v, %v", tc.t, tc.in, got, err)
		}
	}
}

package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var testToday = Date{2026, time.November, 22}

// fieldErrors returns the ValidationError inside err, failing the test when
// err is something else.
func fieldErrors(t *testing.T, err error) *ValidationError {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %T: %v", err, err)
	}
	return ve
}

// checkFields fails unless err names exactly the wanted fields.
func checkFields(t *testing.T, err error, want ...string) {
	t.Helper()
	ve := fieldErrors(t, err)
	var got []string
	if ve != nil {
		for _, f := range ve.Fields {
			got = append(got, f.Field)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("errors on %v, want %v (%v)", got, want, err)
	}
}

func TestRulesPersonNormalises(t *testing.T) {
	r := Rules{Region: "PL", Today: testToday}
	p := Person{
		FirstName: "  Jan  Maria ", LastName: "Kowalski\t", Title: " Prezes   zarządu ", Notes: "  notatka \n",
		Emails:  []Email{{Address: " Jan@Firma.PL", Label: "Work"}, {Address: "jan@firma.pl"}, {Address: "  "}, {Address: "JAN@FIRMA.PL", Label: "home"}, {Address: "jan.k@gmail.com", Label: " HOME "}},
		Phones:  []Phone{{Raw: "600 100 200", Label: "Mobile"}, {Raw: "+48600100200"}, {Raw: " "}, {Raw: "0048 600-100-200"}, {Raw: "(22) 100 20 30", Label: "work"}},
		Address: Address{Street: " ul.  Długa 5 ", City: " Gdańsk ", PostalCode: " 80-001 "},
	}
	if err := r.Person(&p); err != nil {
		t.Fatal(err)
	}
	if p.FirstName != "Jan Maria" || p.LastName != "Kowalski" || p.Title != "Prezes zarządu" || p.Notes != "notatka" {
		t.Errorf("names and text = %q %q %q %q", p.FirstName, p.LastName, p.Title, p.Notes)
	}
	wantEmails := []Email{{Address: "Jan@firma.pl", Label: "work"}, {Address: "jan.k@gmail.com", Label: "home"}}
	if len(p.Emails) != len(wantEmails) || p.Emails[0] != wantEmails[0] || p.Emails[1] != wantEmails[1] {
		t.Errorf("emails = %+v, want %+v", p.Emails, wantEmails)
	}
	wantPhones := []Phone{{Raw: "600 100 200", E164: "+48600100200", Label: "mobile"}, {Raw: "(22) 100 20 30", E164: "+48221002030", Label: "work"}}
	if len(p.Phones) != len(wantPhones) || p.Phones[0] != wantPhones[0] || p.Phones[1] != wantPhones[1] {
		t.Errorf("phones = %+v, want %+v", p.Phones, wantPhones)
	}
	if p.Address.Street != "ul. Długa 5" || p.Address.City != "Gdańsk" || p.Address.PostalCode != "80-001" {
		t.Errorf("address = %+v", p.Address)
	}
}

func TestRulesPersonValidates(t *testing.T) {
	r := Rules{Region: "PL", Today: testToday}
	tests := []struct {
		name   string
		person Person
		fields []string
	}{
		{"name only", Person{FirstName: "Zofia", LastName: "Górska"}, nil},
		{"last name only", Person{LastName: "Górska"}, nil},
		{"Chinese name", Person{FirstName: "三", LastName: "张", Phones: []Phone{{Raw: "+86 138 0013 8000"}}}, nil},
		{"e-mail only", Person{Emails: []Email{{Address: "a@b.pl"}}}, nil},
		{"nothing", Person{}, []string{"first_name"}},
		{"blank names and e-mails", Person{FirstName: "  ", Emails: []Email{{Address: " "}}}, []string{"first_name"}},
		{"bad e-mail", Person{FirstName: "Anna", Emails: []Email{{Address: "a@b.pl"}, {Address: "not-an-email"}}}, []string{"emails[1]"}},
		{"unknown e-mail label", Person{FirstName: "Anna", Emails: []Email{{Address: "a@b.pl", Label: "private"}}}, []string{"emails[0]"}},
		{"unparseable phone", Person{FirstName: "Anna", Phones: []Phone{{Raw: "+48 600 100 200"}, {Raw: "12"}}}, []string{"phones[1]"}},
		{"phone with letters", Person{FirstName: "Anna", Phones: []Phone{{Raw: "call me"}}}, []string{"phones[0]"}},
		{"unknown phone label", Person{FirstName: "Anna", Phones: []Phone{{Raw: "600100200", Label: "pager"}}}, []string{"phones[0]"}},
		{"birthday in the future", Person{FirstName: "Anna", Birthday: Date{2030, 1, 1}}, []string{"birthday"}},
		{"birthday tomorrow", Person{FirstName: "Anna", Birthday: Date{2026, time.November, 23}}, []string{"birthday"}},
		{"birthday today", Person{FirstName: "Anna", Birthday: testToday}, nil},
		{"birthday before 1900", Person{FirstName: "Anna", Birthday: Date{1899, 12, 31}}, []string{"birthday"}},
		{"birthday in 1900", Person{FirstName: "Anna", Birthday: Date{1900, 1, 1}}, nil},
		{"birthday that does not exist", Person{FirstName: "Anna", Birthday: Date{1990, 2, 30}}, []string{"birthday"}},
		{"negative company id", Person{FirstName: "Anna", CompanyID: -1}, []string{"company_id"}},
		{"bad custom key", Person{FirstName: "Anna", Custom: CustomValues{"Lead Source": "x"}}, []string{"custom.Lead Source"}},
		{"bad custom value", Person{FirstName: "Anna", Custom: CustomValues{"tags": []string{"a"}}}, []string{"custom.tags"}},
		{"everything wrong", Person{Emails: []Email{{Address: "x"}}, Phones: []Phone{{Raw: "12"}}, Birthday: Date{2030, 1, 1}},
			[]string{"emails[0]", "phones[0]", "birthday"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.person
			checkFields(t, r.Person(&p), tc.fields...)
		})
	}
}

func TestRulesPersonKeepsBadValues(t *testing.T) {
	r := Rules{Region: "PL", Today: testToday}
	p := Person{FirstName: "Anna", Emails: []Email{{Address: " nope "}}, Phones: []Phone{{Raw: " 12 ", Label: "Mobile"}}}
	err := r.Person(&p)
	ve := fieldErrors(t, err)
	if ve.For("emails[0]") == "" || ve.For("phones[0]") == "" {
		t.Fatalf("errors = %v", err)
	}
	if len(p.Emails) != 1 || p.Emails[0].Address != " nope " {
		t.Errorf("bad e-mail not kept as written: %+v", p.Emails)
	}
	if len(p.Phones) != 1 || p.Phones[0].Raw != "12" || p.Phones[0].E164 != "" || p.Phones[0].Label != "mobile" {
		t.Errorf("bad phone not kept: %+v", p.Phones)
	}
	if !strings.Contains(ve.For("phones[0]"), "too short") {
		t.Errorf("phone message = %q", ve.For("phones[0]"))
	}
}

func TestRulesPersonPhoneRegion(t *testing.T) {
	// Without a default region only international numbers are accepted.
	p := Person{FirstName: "Anna", Phones: []Phone{{Raw: "600 100 200"}, {Raw: "+48 600 100 201"}}}
	err := Rules{Today: testToday}.Person(&p)
	checkFields(t, err, "phones[0]")
	if msg := fieldErrors(t, err).For("phones[0]"); !strings.Contains(msg, "no country code") {
		t.Errorf("message = %q", msg)
	}
	us := Person{FirstName: "David", Phones: []Phone{{Raw: "(191) 915-6833"}}}
	if err := (Rules{Region: "US", Today: testToday}).Person(&us); err != nil || us.Phones[0].E164 != "+11919156833" {
		t.Errorf("US number: %+v %v", us.Phones, err)
	}
	cn := Person{FirstName: "娜", LastName: "郭", Phones: []Phone{{Raw: "138 0013 8000"}, {Raw: "+86 13800138000"}}}
	if err := (Rules{Region: "cn", Today: testToday}).Person(&cn); err != nil || len(cn.Phones) != 1 || cn.Phones[0].E164 != "+8613800138000" {
		t.Errorf("CN number: %+v %v", cn.Phones, err)
	}
}

func TestRulesKeepStoredE164(t *testing.T) {
	// A person saved with region PL, edited later with no region or
	// another one, keeps its numbers.
	for _, region := range []string{"", "US", "PL"} {
		p := Person{FirstName: "Jan", Phones: []Phone{{Raw: "600 100 200", E164: "+48600100200"}, {Raw: "22 100 20 30 wew. 12", E164: "+48221002030"}}}
		if err := (Rules{Region: region, Today: testToday}).Person(&p); err != nil {
			t.Fatalf("region %q: %v", region, err)
		}
		if p.Phones[0].E164 != "+48600100200" || p.Phones[1].E164 != "+48221002030" || p.Phones[1].Raw != "22 100 20 30 wew. 12" {
			t.Errorf("region %q: phones = %+v", region, p.Phones)
		}
	}
	// When the text no longer agrees with the stored number (the user edited
	// it), the text wins.
	p := Person{FirstName: "Jan", Phones: []Phone{{Raw: "600 100 999", E164: "+48600100200"}}}
	if err := (Rules{Region: "PL", Today: testToday}).Person(&p); err != nil || p.Phones[0].E164 != "+48600100999" {
		t.Errorf("edited phone = %+v, %v", p.Phones, err)
	}
	// A stored E.164 that is not one is parsed again.
	p = Person{FirstName: "Jan", Phones: []Phone{{Raw: "600 100 200", E164: "600100200"}}}
	if err := (Rules{Region: "PL", Today: testToday}).Person(&p); err != nil || p.Phones[0].E164 != "+48600100200" {
		t.Errorf("bad stored E.164 = %+v, %v", p.Phones, err)
	}
	// Only an E.164 form, no text: kept, and the text filled in.
	p = Person{FirstName: "Jan", Phones: []Phone{{E164: "+442032270703"}}}
	if err := (Rules{Today: testToday}).Person(&p); err != nil || p.Phones[0] != (Phone{Raw: "+442032270703", E164: "+442032270703"}) {
		t.Errorf("E.164 only = %+v, %v", p.Phones, err)
	}
}

func TestRulesCompany(t *testing.T) {
	r := Rules{Region: "PL"}
	emp := 120
	c := Company{Name: " Zakład  Mięsny Żabka Sp. z o.o. sp.k. ", Website: " https://www.Zaklad.pl/kontakt ", Email: " Biuro@ZAKLAD.pl",
		Employees: &emp, Industry: " Food ", Phone: Phone{Raw: "(+48) 924746655"},
		TaxIDs: []TaxID{{Kind: "nip", Value: "526-000-12-46"}, {Kind: "NIP", Value: "PL5260001246"}, {Kind: "regon", Value: " "}, {Kind: "KRS", Value: "12345"}}}
	if err := r.Company(&c); err != nil {
		t.Fatal(err)
	}
	if c.Name != "Zakład Mięsny Żabka Sp. z o.o. sp.k." || c.Website != "https://www.Zaklad.pl/kontakt" || c.Domain != "zaklad.pl" ||
		c.Email != "Biuro@zaklad.pl" || c.Industry != "Food" || c.Phone.E164 != "+48924746655" || c.Phone.Raw != "(+48) 924746655" {
		t.Errorf("normalised company = %+v", c)
	}
	wantIDs := []TaxID{{"NIP", "5260001246"}, {"KRS", "0000012345"}}
	if len(c.TaxIDs) != 2 || c.TaxIDs[0] != wantIDs[0] || c.TaxIDs[1] != wantIDs[1] {
		t.Errorf("tax ids = %+v, want %+v", c.TaxIDs, wantIDs)
	}
	if c.TaxID("KRS") != "0000012345" {
		t.Errorf("TaxID(KRS) = %q", c.TaxID("KRS"))
	}
}

func TestRulesCompanyValidates(t *testing.T) {
	neg, zero := -3, 0
	tests := []struct {
		name    string
		company Company
		fields  []string
	}{
		{"name only", Company{Name: "Acme"}, nil},
		{"Chinese", Company{Name: "上海华夏科技有限公司", Phone: Phone{Raw: "+86 21 6888 8888"}, TaxIDs: []TaxID{{"USCC", "91310000MA1FL4T5X6"}}}, nil},
		{"no name", Company{Website: "acme.pl"}, []string{"name"}},
		{"blank name", Company{Name: "  "}, []string{"name"}},
		{"website that is no address", Company{Name: "Acme", Website: "n/a"}, []string{"website"}},
		{"bad domain", Company{Name: "Acme", Domain: "acme"}, []string{"domain"}},
		{"bad phone", Company{Name: "Acme", Phone: Phone{Raw: "12"}}, []string{"phone"}},
		{"bad e-mail", Company{Name: "Acme", Email: "biuro(at)acme.pl"}, []string{"email"}},
		{"negative employees", Company{Name: "Acme", Employees: &neg}, []string{"employees"}},
		{"zero employees", Company{Name: "Acme", Employees: &zero}, nil},
		{"bad NIP", Company{Name: "Acme", TaxIDs: []TaxID{{"NIP", "526-000-12-46"}, {"NIP", "1234567891"}}}, []string{"tax_ids[1]"}},
		{"bad custom key", Company{Name: "Acme", Custom: CustomValues{"1x": "y"}}, []string{"custom.1x"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.company
			checkFields(t, Rules{Region: "PL"}.Company(&c), tc.fields...)
		})
	}
}

func TestRulesCompanyDomain(t *testing.T) {
	tests := []struct{ website, domain, want string }{
		{"https://www.acme.pl/", "", "acme.pl"},
		{"", "WWW.Acme.PL", "acme.pl"},
		{"https://acme.com", "acme.pl", "acme.pl"}, // an explicit domain wins
		{"", "https://sklep.acme.pl/x", "sklep.acme.pl"},
		{"", "", ""},
	}
	for _, tc := range tests {
		c := Company{Name: "Acme", Website: tc.website, Domain: tc.domain}
		if err := (Rules{}).Company(&c); err != nil || c.Domain != tc.want {
			t.Errorf("website %q domain %q: got %q, %v; want %q", tc.website, tc.domain, c.Domain, err, tc.want)
		}
	}
}

func TestRulesCompanyKeepsBadValues(t *testing.T) {
	c := Company{Name: "Acme", Phone: Phone{Raw: " 12 "}, TaxIDs: []TaxID{{Kind: "nip", Value: "123-456-78-91"}}}
	err := Rules{Region: "PL"}.Company(&c)
	checkFields(t, err, "phone", "tax_ids[0]")
	if c.Phone.Raw != "12" || len(c.TaxIDs) != 1 || c.TaxIDs[0] != (TaxID{"NIP", "1234567891"}) {
		t.Errorf("company = %+v", c)
	}
	if msg := fieldErrors(t, err).For("tax_ids[0]"); msg != "NIP 1234567891: checksum does not match" {
		t.Errorf("tax id message = %q", msg)
	}
}

func TestRulesDeal(t *testing.T) {
	r := Rules{Region: "PL"}
	prob := 60
	d := Deal{Title: "  Pomorska –  Serwis 2026 ", Amount: &Money{Minor: 1264000, Currency: " zł "}, Probability: &prob, CloseDate: Date{2027, 3, 11}, Notes: " x "}
	if err := r.Deal(&d); err != nil {
		t.Fatal(err)
	}
	if d.Title != "Pomorska – Serwis 2026" || d.Amount.Currency != "PLN" || d.Notes != "x" {
		t.Errorf("normalised deal = %+v", d)
	}
	bad, over, zero := -1, 101, 0
	tests := []struct {
		name   string
		deal   Deal
		fields []string
	}{
		{"title only", Deal{Title: "广州恒信实业 – 软件许可 2025"}, nil},
		{"no title", Deal{Title: " "}, []string{"title"}},
		{"negative amount", Deal{Title: "x", Amount: &Money{Minor: -5, Currency: "PLN"}}, []string{"amount"}},
		{"zero amount", Deal{Title: "x", Amount: &Money{Currency: "EUR"}}, nil},
		{"no currency", Deal{Title: "x", Amount: &Money{Minor: 5}}, []string{"currency"}},
		{"made-up currency", Deal{Title: "x", Amount: &Money{Minor: 5, Currency: "XYZ"}}, []string{"currency"}},
		{"yuan sign", Deal{Title: "x", Amount: &Money{Minor: 5, Currency: "¥"}}, nil},
		{"probability below 0", Deal{Title: "x", Probability: &bad}, []string{"probability"}},
		{"probability above 100", Deal{Title: "x", Probability: &over}, []string{"probability"}},
		{"probability 0", Deal{Title: "x", Probability: &zero}, nil},
		{"close date in the past", Deal{Title: "x", CloseDate: Date{2001, 1, 1}}, nil},
		{"close date that does not exist", Deal{Title: "x", CloseDate: Date{2025, 2, 29}}, []string{"close_date"}},
		{"negative stage", Deal{Title: "x", StageID: -2}, []string{"stage_id"}},
		{"all wrong", Deal{Amount: &Money{Minor: -5, Currency: "zł"}, Probability: &over}, []string{"title", "amount", "probability"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.deal
			checkFields(t, r.Deal(&d), tc.fields...)
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	p := Person{Emails: []Email{{Address: "jan@@example.com"}}}
	err := Rules{Region: "PL", Today: testToday}.Person(&p)
	want := `invalid emails[0]: e-mail address "jan@@example.com" has more than one @`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

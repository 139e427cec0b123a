package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"kontor/domain"
)

// The views' values are checked here against the records as the store
// reads them (the same conversions records_json.go makes); the test in
// cmd/kontor (export_views_test.go) compares them with `list --json`
// itself.

// viewFixture fills a store with records that exercise every conversion
// the views make: extra e-mails and phones, unparsed phones, Chinese and
// one-part names, tax ids of several kinds (two of one kind), amounts in
// currencies with 0, 2 and 3 decimals, missing links and custom values.
func viewFixture(t *testing.T) *Store {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	for _, f := range []domain.CustomField{
		{RecordType: domain.TypePerson, Label: "Lead Source"},
		{RecordType: domain.TypePerson, Label: "Score", Type: domain.FieldNumber},
		{RecordType: domain.TypeCompany, Label: "VIP", Type: domain.FieldBool},
		{RecordType: domain.TypeDeal, Label: "Signed", Type: domain.FieldDate},
	} {
		if err := s.CreateCustomField(ctx, &f); err != nil {
			t.Fatal(err)
		}
	}
	emp := 120
	acme := mustCompany(t, s, domain.Company{Name: "Acme Sp. z o.o.", Website: "https://www.acme.pl/", Phone: domain.Phone{Raw: "22 100 20 30"},
		Email: "biuro@acme.pl", Address: domain.Address{City: "Kraków", Country: "Polska"}, Industry: "IT", Employees: &emp,
		TaxIDs: []domain.TaxID{{Kind: "NIP", Value: "5260001246"}, {Kind: "VAT", Value: "PL5260001246"}, {Kind: "TAX", Value: "B2"}, {Kind: "TAX", Value: "A1"}},
		Custom: domain.CustomValues{"vip": true}, Meta: domain.Meta{SourceID: "zoho-1"}})
	hua := mustCompany(t, s, domain.Company{Name: "华为技术有限公司"})
	people := []domain.Person{
		{FirstName: "Zofia", LastName: "Górska", CompanyID: acme.ID, Title: "CEO",
			Emails: []domain.Email{{Address: "zofia@acme.pl"}, {Address: "z.gorska@gmail.com", Label: "home"}, {Address: "zg@acme.pl"}},
			Phones: []domain.Phone{{Raw: "600 100 200", Label: "mobile"}, {Raw: "+44 20 7946 0958"}},
			Custom: domain.CustomValues{"lead_source": "Targi", "score": json.Number("12.50")}, Birthday: mustDate(t, "1980-02-29")},
		{FirstName: "杰", LastName: "林", CompanyID: hua.ID},
		{LastName: "Madonna"},
		{FirstName: "Cher"},
		{FirstName: "Jan", LastName: "林"},
		{Emails: []domain.Email{{Address: "only@mail.pl"}}},
		{FirstName: "花子", LastName: "山田"},
	}
	for i := range people {
		people[i] = mustPerson(t, s, people[i])
	}
	// Phones Kontor could not read are kept as written (the importer does
	// so); the store's own rules refuse them, so they are written here.
	if _, err := s.w.Exec(`UPDATE companies SET phone = 'call me maybe' WHERE id = ?;
		INSERT INTO person_phones (person_id, position, phone) VALUES (?, 9, '12 34 not a number')`, hua.ID, people[0].ID); err != nil {
		t.Fatal(err)
	}
	stages, err := s.ListStages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prob := 40
	deals := []domain.Deal{
		{Title: "Wdrożenie CRM", CompanyID: acme.ID, PersonID: people[0].ID, StageID: stages[2].ID, Amount: &domain.Money{Minor: 1250000, Currency: "PLN"},
			CloseDate: mustDate(t, "2025-06-30"), Probability: &prob, Custom: domain.CustomValues{"signed": "2025-01-02"}},
		{Title: "华为 – 试点", CompanyID: hua.ID, PersonID: people[1].ID, Amount: &domain.Money{Minor: 5, Currency: "CNY"}},
		{Title: "Tokyo", PersonID: people[6].ID, Amount: &domain.Money{Minor: 150000, Currency: "JPY"}},
		{Title: "Kuwait", PersonID: people[2].ID, Amount: &domain.Money{Minor: 1250, Currency: "KWD"}},
		{Title: "No amount", PersonID: people[4].ID},
		{Title: "Nothing linked", Amount: &domain.Money{Minor: 0, Currency: "EUR"}},
	}
	for i := range deals {
		if err := s.CreateDeal(ctx, &deals[i]); err != nil {
			t.Fatalf("create deal %q: %v", deals[i].Title, err)
		}
	}
	return s
}

// viewRows reads a view as one map per row, JSON columns decoded.
func viewRows(t *testing.T, s *Store, view string, jsonCols ...string) []map[string]any {
	t.Helper()
	rows, err := s.r.Query("SELECT * FROM " + view + " ORDER BY id")
	if err != nil {
		t.Fatalf("read %s: %v", view, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		for _, c := range jsonCols {
			text, ok := m[c].(string)
			if !ok {
				t.Fatalf("%s.%s is %T, want JSON text", view, c, m[c])
			}
			var v any
			dec := json.NewDecoder(strings.NewReader(text))
			dec.UseNumber()
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%s.%s = %q: %v", view, c, text, err)
			}
			m[c] = v
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustDate(t *testing.T, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseISODate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func optIDValue(id domain.ID) any {
	if id == 0 {
		return nil
	}
	return int64(id)
}

func optDateValue(d domain.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func optIntValue(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func customValue(c domain.CustomValues) any {
	out := map[string]any{}
	for k, v := range c {
		out[k] = v
	}
	return out
}

func strings2any(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestViewsMatchRecords(t *testing.T) {
	s := viewFixture(t)
	ctx := context.Background()

	people, err := s.ListPeople(ctx, domain.ListQuery{Limit: 100, Sort: domain.SortCreated})
	if err != nil {
		t.Fatal(err)
	}
	got := viewRows(t, s, "people_view", "emails", "phones", "custom")
	if len(got) != len(people.Items) || len(got) == 0 {
		t.Fatalf("people_view has %d rows, store %d", len(got), len(people.Items))
	}
	for i, p := range people.Items {
		var emails, phones []string
		for _, e := range p.Emails {
			emails = append(emails, e.Address)
		}
		for _, ph := range p.Phones {
			phones = append(phones, ph.Display())
		}
		want := map[string]any{
			"id": int64(p.ID), "first_name": p.FirstName, "last_name": p.LastName, "emails": strings2any(emails), "phones": strings2any(phones),
			"title": p.Title, "company_id": optIDValue(p.CompanyID), "company": p.Company, "street": p.Address.Street, "city": p.Address.City,
			"postal_code": p.Address.PostalCode, "region": p.Address.Region, "country": p.Address.Country, "birthday": optDateValue(p.Birthday),
			"notes": p.Notes, "source_id": p.SourceID, "import_id": optIDValue(p.ImportID), "created_at": timestamp(p.CreatedAt),
			"updated_at": timestamp(p.UpdatedAt), "custom": customValue(p.Custom),
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("people_view row %d:\n got %v\nwant %v", i, got[i], want)
		}
	}

	companies, err := s.ListCompanies(ctx, domain.ListQuery{Limit: 100, Sort: domain.SortCreated})
	if err != nil {
		t.Fatal(err)
	}
	got = viewRows(t, s, "companies_view", "tax_ids", "custom")
	if len(got) != len(companies.Items) {
		t.Fatalf("companies_view has %d rows, store %d", len(got), len(companies.Items))
	}
	for i, c := range companies.Items {
		taxIDs := map[string]any{}
		for _, tx := range c.TaxIDs {
			if _, seen := taxIDs[tx.Kind]; !seen {
				taxIDs[tx.Kind] = tx.Value
			}
		}
		want := map[string]any{
			"id": int64(c.ID), "name": c.Name, "domain": c.Domain, "website": c.Website, "tax_ids": taxIDs, "phone": c.Phone.Display(),
			"email": c.Email, "street": c.Address.Street, "city": c.Address.City, "postal_code": c.Address.PostalCode, "region": c.Address.Region,
			"country": c.Address.Country, "industry": c.Industry, "employees": optIntValue(c.Employees), "notes": c.Notes, "source_id": c.SourceID,
			"import_id": optIDValue(c.ImportID), "created_at": timestamp(c.CreatedAt), "updated_at": timestamp(c.UpdatedAt), "custom": customValue(c.Custom),
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("companies_view row %d:\n got %v\nwant %v", i, got[i], want)
		}
	}
	if tax := got[0]["tax_ids"].(map[string]any); tax["TAX"] != "A1" || len(tax) != 3 {
		t.Errorf("tax_ids keep the first id of each kind: %v", tax)
	}

	deals, err := s.ListDeals(ctx, domain.ListQuery{Limit: 100, Sort: domain.SortCreated})
	if err != nil {
		t.Fatal(err)
	}
	got = viewRows(t, s, "deals_view", "custom")
	if len(got) != len(deals.Items) {
		t.Fatalf("deals_view has %d rows, store %d", len(got), len(deals.Items))
	}
	for i, d := range deals.Items {
		var amount any
		currency := ""
		if d.Amount != nil {
			amount, currency = d.Amount.Decimal(), d.Amount.Currency
		}
		want := map[string]any{
			"id": int64(d.ID), "title": d.Title, "company_id": optIDValue(d.CompanyID), "company": d.Company, "person_id": optIDValue(d.PersonID),
			"person": d.Person, "stage": d.Stage, "amount": amount, "currency": currency, "close_date": optDateValue(d.CloseDate),
			"probability": optIntValue(d.Probability), "notes": d.Notes, "source_id": d.SourceID, "import_id": optIDValue(d.ImportID),
			"created_at": timestamp(d.CreatedAt), "updated_at": timestamp(d.UpdatedAt), "custom": customValue(d.Custom),
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("deals_view row %d:\n got %v\nwant %v", i, got[i], want)
		}
	}
	// The conversions that matter, spelled out so the test cannot pass by
	// comparing two empty things.
	byTitle := map[string]map[string]any{}
	for _, r := range got {
		byTitle[r["title"].(string)] = r
	}
	for title, want := range map[string][2]any{
		"Wdrożenie CRM": {"12500.00", "Zofia Górska"}, "华为 – 试点": {"0.05", "林杰"}, "Tokyo": {"150000", "山田花子"},
		"Kuwait": {"1.250", "Madonna"}, "No amount": {nil, "Jan 林"}, "Nothing linked": {"0.00", ""},
	} {
		r := byTitle[title]
		if r["amount"] != want[0] || r["person"] != want[1] {
			t.Errorf("deal %q: amount %v person %q, want %v %q", title, r["amount"], r["person"], want[0], want[1])
		}
	}
}

// TestViewAmountDigits checks the view's amount for every currency whose
// minor unit is not 1/100, and for negative amounts written by others.
func TestViewAmountDigits(t *testing.T) {
	s := openTest(t)
	var odd []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				if code := string([]rune{a, b, c}); domain.CurrencyDigits(code) != 2 {
					odd = append(odd, code)
				}
			}
		}
	}
	if len(odd) < 20 {
		t.Fatalf("only %d currencies without 2 decimals found", len(odd))
	}
	var want []string
	for i, code := range append(odd, "PLN", "EUR") {
		for _, minor := range []int64{0, 7, 1234567, -1234567, -5} {
			if _, err := s.w.Exec("INSERT INTO deals (title, stage_id, amount_minor, currency) VALUES (?, 1, ?, ?)", fmt.Sprint(i), minor, code); err != nil {
				t.Fatal(err)
			}
			want = append(want, domain.Money{Minor: minor, Currency: code}.Decimal())
		}
	}
	rows, err := s.r.Query("SELECT amount FROM deals_view ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		got = append(got, a)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range want {
			if i >= len(got) || got[i] != want[i] {
				t.Fatalf("amount %d: view %q, Money.Decimal %q", i, got[min(i, len(got)-1)], want[i])
			}
		}
		t.Fatalf("view has %d amounts, want %d", len(got), len(want))
	}
}

// TestViewHanClass checks that the GLOB class deals_view uses to spot
// Chinese, Japanese and Korean names is exactly the set of characters
// domain.JoinName treats so, as Go's Unicode tables define it.
func TestViewHanClass(t *testing.T) {
	isHan := func(r rune) bool {
		return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r))
	}
	var class strings.Builder
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !isHan(r) {
			continue
		}
		lo := r
		for r < unicode.MaxRune && isHan(r+1) {
			r++
		}
		class.WriteRune(lo)
		if r > lo {
			class.WriteString("-" + string(r))
		}
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var viewSQL string
	for _, m := range ms {
		if strings.Contains(m.sql, "CREATE VIEW deals_view") {
			viewSQL = m.sql
		}
	}
	glob := "NOT GLOB '*[^" + class.String() + "]*'"
	if n := strings.Count(viewSQL, glob); n != 2 {
		t.Errorf("deals_view should test first and last name with the class of Go's Unicode tables (found %d times):\n%s", n, glob)
	}
	// And a check of the behaviour on a live file, against JoinName.
	s := openTest(t)
	for _, name := range [][2]string{{"杰", "林"}, {"花子", "山田"}, {"민준", "김"}, {"Jan", "林"}, {"杰", "Lin"}, {"ｶﾅ", "林"}, {"A", "B"}} {
		p := mustPerson(t, s, domain.Person{FirstName: name[0], LastName: name[1]})
		d := domain.Deal{Title: "t", PersonID: p.ID}
		if err := s.CreateDeal(context.Background(), &d); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := s.r.QueryRow("SELECT person FROM deals_view WHERE id = ?", d.ID).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := domain.JoinName(name[0], name[1]); got != want {
			t.Errorf("person %q %q: view %q, JoinName %q", name[0], name[1], got, want)
		}
	}
}

func TestViewsAreReadOnly(t *testing.T) {
	s := openTest(t)
	for _, stmt := range []string{
		"INSERT INTO people_view (first_name) VALUES ('x')",
		"UPDATE companies_view SET name = 'x'",
		"DELETE FROM deals_view",
	} {
		if _, err := s.w.Exec(stmt); err == nil || !strings.Contains(err.Error(), "view") {
			t.Errorf("%s: %v, want an error about the view", stmt, err)
		}
	}
}

package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"kontor/domain"
	"kontor/domain/demo"
	"kontor/domain/importing"
)

// PeopleByKeys gives the same people for each key as the three lookups it
// stands for (each once: the name lookup repeats a person for a key asked
// in two chunks), on a file where people have several e-mails and phones
// (found through either), share names at a company, and keys are asked
// for in more than one chunk, some of them matching nobody.
func TestPeopleByKeysAgreesWithTheThreeLookups(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := loadDemo(ctx, s, demo.Config{People: 1500, Companies: 20, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	c := mustCompany(t, s, domain.Company{Name: "Twins Sp. z o.o."})
	for i := range 3 { // the same name at the same company, and shared e-mails
		p := domain.Person{FirstName: "Anna", LastName: "Nowak", CompanyID: c.ID,
			Emails: []domain.Email{{Address: fmt.Sprintf("anna%d@twins.pl", i)}, {Address: "biuro@twins.pl"}},
			Phones: []domain.Phone{{Raw: fmt.Sprintf("+48 600 100 20%d", i)}, {Raw: "+48 22 100 20 00"}}}
		if err := s.rules.Person(&p); err != nil {
			t.Fatal(err)
		}
		mustPerson(t, s, p)
	}
	var emails, phones []string
	var names []importing.NameAtCompany
	rows, err := s.r.Query("SELECT email_key, phone_e164, name_key, coalesce(company_id, 0) FROM people WHERE id % 2 = 0 OR first_name = 'Anna'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e, ph, n string
		var company domain.ID
		if err := rows.Scan(&e, &ph, &n, &company); err != nil {
			t.Fatal(err)
		}
		emails, phones = append(emails, e), append(phones, ph)
		names = append(names, importing.NameAtCompany{NameKey: n, CompanyID: company})
	}
	rows.Close()
	emails = append(emails, "biuro@twins.pl", "nobody@example.com")
	phones = append(phones, "+48221002000", "+48999999999")
	names = append(names, importing.NameAtCompany{NameKey: "nobody", CompanyID: c.ID})
	if len(emails) <= lookupChunk {
		t.Fatalf("only %d keys: the test needs more than one chunk", len(emails))
	}

	got, err := s.PeopleByKeys(ctx, emails, phones, names)
	if err != nil {
		t.Fatal(err)
	}
	byEmail, err1 := s.PeopleByEmailKey(ctx, emails)
	byPhone, err2 := s.PeopleByPhone(ctx, phones)
	byName, err3 := s.PeopleByNameAndCompany(ctx, names)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	compare(t, "e-mail", got.ByEmail, byEmail)
	compare(t, "phone", got.ByPhone, byPhone)
	compare(t, "name", got.ByName, byName)
	if n := len(got.ByEmail["biuro@twins.pl"]); n != 3 {
		t.Errorf("a shared second e-mail found %d people, want 3", n)
	}
	if n := len(got.ByPhone["+48221002000"]); n != 3 {
		t.Errorf("a shared second phone found %d people, want 3", n)
	}
}

func compare[K comparable](t *testing.T, kind string, got, want map[K][]importing.PersonRef) {
	t.Helper()
	if len(got) != len(want) || len(want) == 0 {
		t.Errorf("by %s: %d keys found, want %d (and some)", kind, len(got), len(want))
	}
	for k, w := range want {
		g := got[k]
		w = uniqueRefs(w)
		if !slices.EqualFunc(g, w, func(a, b importing.PersonRef) bool {
			return a.ID == b.ID && a.FirstName == b.FirstName && a.LastName == b.LastName && a.CompanyID == b.CompanyID &&
				slices.Equal(a.EmailKeys, b.EmailKeys) && slices.Equal(a.Phones, b.Phones)
		}) {
			t.Errorf("by %s %v:\n got %+v\nwant %+v", kind, k, g, w)
		}
	}
}

// uniqueRefs keeps the first of each person.
func uniqueRefs(refs []importing.PersonRef) []importing.PersonRef {
	var out []importing.PersonRef
	seen := map[domain.ID]bool{}
	for _, r := range refs {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

package main

import (
	"context"
	"testing"

	"kontor/domain"
	"kontor/domain/demo"
)

// The demo prepares people on several goroutines while the loader writes;
// the file must hold exactly the generator's people, in order, each linked
// to the company the generator gave it, whatever the chunking.
func TestDemoPeopleInGeneratorOrder(t *testing.T) {
	cfg := demo.Config{People: 3*demoChunk + 123, Companies: 97, Deals: 50, Seed: 7}
	db := demoFile(t, "--people", itoa(cfg.People), "--companies", itoa(cfg.Companies), "--deals", itoa(cfg.Deals), "--seed", itoa(int(cfg.Seed)))
	s := openDB(t, db)
	ctx := context.Background()
	counts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts.People != cfg.People || counts.Companies != cfg.Companies || counts.Deals != cfg.Deals {
		t.Fatalf("counts %+v, want %+v", counts, cfg)
	}
	g := demo.New(cfg)
	for _, i := range []int{0, 1, demoChunk - 1, demoChunk, 2*demoChunk + 5, cfg.People - 1} {
		want, ci := g.Person(i)
		got, err := s.GetPerson(ctx, domain.ID(i+1))
		if err != nil {
			t.Fatalf("person %d: %v", i, err)
		}
		if got.FirstName != want.FirstName || got.LastName != want.LastName || got.PrimaryEmail() != want.PrimaryEmail() {
			t.Errorf("person %d is %s %s <%s>, want %s %s <%s>", i, got.FirstName, got.LastName, got.PrimaryEmail(), want.FirstName, want.LastName, want.PrimaryEmail())
		}
		wantCompany := ""
		if ci >= 0 {
			wantCompany = g.Company(ci).Name
		}
		if got.Company != wantCompany {
			t.Errorf("person %d works at %q, want %q", i, got.Company, wantCompany)
		}
		// The search index found the person by the derived text.
		page, err := s.ListPeople(ctx, domain.ListQuery{Filter: want.PrimaryEmail(), Limit: 5})
		if err != nil || len(page.Items) == 0 {
			t.Errorf("person %d not found by e-mail %q: %v", i, want.PrimaryEmail(), err)
		}
	}
}

package sqlstore

import (
	"context"
	"testing"

	"kontor/domain"
	"kontor/domain/demo"
)

// A load whose children fill a batch before their parents do must still
// write parents first.
func TestLoaderParentsBeforeChildren(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	g := demo.New(demo.Config{People: 3 * batchRows, Companies: 5, Deals: 2 * batchRows, Seed: 1})
	stages, _ := s.ListStages(ctx)
	err := s.Load(ctx, func(l *Loader) error {
		var cids, pids []domain.ID
		for i := range 5 {
			c := g.Company(i)
			if err := l.AddCompany(&c); err != nil {
				return err
			}
			cids = append(cids, c.ID)
		}
		for i := range 3 * batchRows {
			p, ci := g.Person(i)
			if ci >= 0 {
				p.CompanyID = cids[ci]
			}
			if err := l.AddPerson(&p); err != nil {
				return err
			}
			pids = append(pids, p.ID)
		}
		for i := range 2 * batchRows {
			d, ci, pi := g.Deal(i)
			d.StageID = stages[0].ID
			if ci >= 0 {
				d.CompanyID = cids[ci]
			}
			if pi >= 0 {
				d.PersonID = pids[pi]
			}
			if err := l.AddDeal(&d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Counts(ctx)
	if c.People != 3*batchRows || c.Companies != 5 || c.Deals != 2*batchRows {
		t.Errorf("counts %+v", c)
	}
	page, _ := s.ListDeals(ctx, domain.ListQuery{Limit: 5})
	for _, d := range page.Items {
		if d.CompanyID != 0 && d.Company == "" {
			t.Errorf("deal %d lost its company name", d.ID)
		}
	}
}

// A bulk load rebuilds the search indexes with merging held back, then
// merged once: the index agrees with the records, later writes are indexed
// as usual, and FTS5's merge settings are back to their defaults.
func TestLoaderSearchIndexAfterBulkLoad(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := loadDemo(ctx, s, demo.Config{People: 3000, Companies: 50, Deals: 300, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	for _, fts := range []string{"people_fts", "companies_fts", "deals_fts"} {
		if _, err := s.w.Exec("INSERT INTO " + fts + " (" + fts + ", rank) VALUES ('integrity-check', 1)"); err != nil {
			t.Errorf("%s: %v", fts, err)
		}
		for key, want := range map[string]int{"automerge": 4, "crisismerge": 16} {
			var v int
			if err := s.r.QueryRow("SELECT v FROM "+fts+"_config WHERE k = ?", key).Scan(&v); err != nil || v != want {
				t.Errorf("%s %s = %d (%v), want %d", fts, key, v, err, want)
			}
		}
	}
	var segments int
	if err := s.r.QueryRow("SELECT count(DISTINCT segid) FROM people_fts_idx").Scan(&segments); err != nil || segments != 1 {
		t.Errorf("people_fts has %d segments (%v), want 1 after the merge", segments, err)
	}
	p := domain.Person{FirstName: "Quentin", LastName: "Zzyzx"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListPeople(ctx, domain.ListQuery{Filter: "zzyz"})
	if err != nil || len(page.Items) != 1 {
		t.Errorf("a person created after the load is not found: %v %v", page.Items, err)
	}
	all, err := s.CountPeople(ctx, domain.ListQuery{Filter: "a"})
	if err != nil || all.N == 0 {
		t.Errorf("count of a: %v %v", all, err)
	}
}

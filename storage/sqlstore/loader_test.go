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

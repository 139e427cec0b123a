package sqlstore

import (
	"context"
	"path/filepath"
	"testing"

	"kontor/domain"
	"kontor/domain/demo"
)

// loadDemo writes a demo data set through the Loader, the way `kontor demo`
// does.
func loadDemo(ctx context.Context, s *Store, cfg demo.Config) error {
	g := demo.New(cfg)
	stages, err := s.ListStages(ctx)
	if err != nil {
		return err
	}
	byName := map[string]domain.ID{}
	for _, st := range stages {
		byName[st.Name] = st.ID
	}
	return s.Load(ctx, func(l *Loader) error {
		cids := make([]domain.ID, cfg.Companies)
		for i := range cfg.Companies {
			c := g.Company(i)
			if err := l.AddCompany(&c); err != nil {
				return err
			}
			cids[i] = c.ID
		}
		pids := make([]domain.ID, cfg.People)
		for i := range cfg.People {
			p, ci := g.Person(i)
			if ci >= 0 {
				p.CompanyID = cids[ci]
			}
			if err := l.AddPerson(&p); err != nil {
				return err
			}
			pids[i] = p.ID
		}
		for i := range cfg.Deals {
			d, ci, pi := g.Deal(i)
			d.StageID = byName[d.Stage]
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
}

// BenchmarkLoad100k loads 100,000 demo people (with 5,000 companies and
// 20,000 deals) into an empty file per iteration.
func BenchmarkLoad100k(b *testing.B) {
	for range b.N {
		s, err := Open(context.Background(), filepath.Join(b.TempDir(), "k.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := loadDemo(context.Background(), s, demo.Config{People: 100_000, Companies: 5_000, Deals: 20_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

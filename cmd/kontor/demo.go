package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/domain/demo"
	"kontor/storage/sqlstore"
)

func (a *app) demoCmd() *cobra.Command {
	var cfg demo.Config
	var appendToFile bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fill the data file with realistic demo records",
		Long: `Fill the data file with realistic Polish, English and Chinese people, companies and
deals. The same options always produce the same records (the seed is fixed unless
you change it). A data file that already holds records is left alone unless you
pass --append.`,
		Example: `  kontor --db demo.db demo
  kontor --db big.db demo --people 1000000 --companies 50000 --deals 200000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.People < 0 || cfg.Companies < 0 || cfg.Deals < 0 {
				return usageErr("counts must not be negative")
			}
			if cfg.Deals > 0 && cfg.Companies == 0 && cfg.People == 0 {
				return usageErr("deals need companies or people to belong to")
			}
			store, err := a.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			counts, err := store.Counts(cmd.Context())
			if err != nil {
				return err
			}
			if total := counts.People + counts.Companies + counts.Deals; total > 0 && !appendToFile {
				return usageErr("%s already holds %d records; pass --append to add demo records anyway", store.Path(), total)
			}
			start := time.Now()
			if err := loadDemo(cmd.Context(), store, demo.New(cfg), a.progress); err != nil {
				return err
			}
			fmt.Fprintf(a.io.err, "added %d people, %d companies and %d deals to %s in %s\n",
				cfg.People, cfg.Companies, cfg.Deals, store.Path(), time.Since(start).Round(10*time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&cfg.People, "people", 1000, "number of people")
	cmd.Flags().IntVar(&cfg.Companies, "companies", 120, "number of companies")
	cmd.Flags().IntVar(&cfg.Deals, "deals", 400, "number of deals")
	cmd.Flags().Int64Var(&cfg.Seed, "seed", 1, "random seed")
	cmd.Flags().BoolVar(&appendToFile, "append", false, "add to a data file that already has records")
	return cmd
}

// progress prints a one-line progress report to stderr when it is a terminal.
func (a *app) progress(format string, args ...any) {
	if isTerminal(a.io.err) {
		fmt.Fprintf(a.io.err, "\r\033[K"+format, args...)
	}
}

// loadDemo writes the generator's records in one transaction.
func loadDemo(ctx context.Context, store *sqlstore.Store, g *demo.Generator, progress func(string, ...any)) error {
	cfg := g.Config()
	stages, err := store.ListStages(ctx)
	if err != nil {
		return err
	}
	if len(stages) == 0 {
		return fmt.Errorf("the data file has no pipeline stages")
	}
	stageByName := map[string]domain.ID{}
	for _, s := range stages {
		stageByName[s.Name] = s.ID
	}
	defer progress("")
	return store.Load(ctx, func(l *sqlstore.Loader) error {
		companyIDs := make([]domain.ID, cfg.Companies)
		for i := range cfg.Companies {
			c := g.Company(i)
			if err := l.AddCompany(&c); err != nil {
				return fmt.Errorf("demo company %d: %w", i, err)
			}
			companyIDs[i] = c.ID
		}
		personIDs := make([]domain.ID, cfg.People)
		for i := range cfg.People {
			p, ci := g.Person(i)
			if ci >= 0 {
				p.CompanyID = companyIDs[ci]
			}
			if err := l.AddPerson(&p); err != nil {
				return fmt.Errorf("demo person %d: %w", i, err)
			}
			personIDs[i] = p.ID
			if i%50000 == 0 {
				progress("people %d/%d", i, cfg.People)
			}
		}
		for i := range cfg.Deals {
			d, ci, pi := g.Deal(i)
			if ci >= 0 {
				d.CompanyID = companyIDs[ci]
			}
			if pi >= 0 {
				d.PersonID = personIDs[pi]
			}
			if id, ok := stageByName[d.Stage]; ok {
				d.StageID = id
			} else {
				d.StageID = stages[i%len(stages)].ID // the user renamed the default stages
			}
			if err := l.AddDeal(&d); err != nil {
				return fmt.Errorf("demo deal %d: %w", i, err)
			}
			if i%50000 == 0 {
				progress("deals %d/%d", i, cfg.Deals)
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		progress("committing")
		return nil
	})
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
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
			path, err := sqlstore.ResolvePath(a.dbFlag, a.getenv)
			if err != nil {
				return err
			}
			start := time.Now()
			added := func() {
				abs, _ := filepath.Abs(path)
				fmt.Fprintf(a.io.err, "added %d people, %d companies and %d deals to %s in %s\n",
					cfg.People, cfg.Companies, cfg.Deals, abs, time.Since(start).Round(10*time.Millisecond))
			}
			if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
				// A new file is built whole and put in place when complete.
				err := sqlstore.BuildNew(cmd.Context(), path, a.storeOptions(false), func(s *sqlstore.Store) error {
					return loadDemo(cmd.Context(), s, demo.New(cfg), a.progress)
				})
				if err == nil {
					added()
				}
				return err
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
			if err := loadDemo(cmd.Context(), store, demo.New(cfg), a.progress); err != nil {
				return err
			}
			added()
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
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops preparePeople's goroutines when the load fails
	return store.Load(ctx, func(l *sqlstore.Loader) error {
		companyIDs := make([]domain.ID, cfg.Companies)
		companyNames := make([]string, cfg.Companies)
		for i := range cfg.Companies {
			c := g.Company(i)
			if err := l.AddCompany(&c); err != nil {
				return fmt.Errorf("demo company %d: %w", i, err)
			}
			companyIDs[i], companyNames[i] = c.ID, c.Name
		}
		personIDs := make([]domain.ID, cfg.People)
		chunks := preparePeople(ctx, g, companyIDs, companyNames)
		for ch := range chunks {
			part := <-ch
			for j := range part.people {
				if err := l.AddPrepared(&part.people[j]); err != nil {
					return fmt.Errorf("demo person %d: %w", part.first+j, err)
				}
				personIDs[part.first+j] = part.people[j].Person.ID
			}
			if part.first/demoChunk%16 == 0 {
				progress("people %d/%d", part.first, cfg.People)
			}
		}
		if err := ctx.Err(); err != nil {
			return err
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

// demoChunk is how many people one goroutine of preparePeople prepares at
// a time.
const demoChunk = 4096

// preparedChunk is people first.. of the generator, prepared for the loader.
type preparedChunk struct {
	first  int
	people []sqlstore.PreparedPerson
}

// preparePeople generates and prepares the generator's people on every
// core while the loader writes: it returns, in order, one channel per chunk
// that delivers the chunk when it is ready. At most a few chunks per core
// are in flight; cancelling ctx stops it.
func preparePeople(ctx context.Context, g *demo.Generator, companyIDs []domain.ID, companyNames []string) <-chan chan preparedChunk {
	workers := max(1, runtime.GOMAXPROCS(0))
	out := make(chan chan preparedChunk, 2*workers)
	total := g.Config().People
	go func() {
		defer close(out)
		for first := 0; first < total; first += demoChunk {
			ch := make(chan preparedChunk, 1)
			select {
			case out <- ch:
			case <-ctx.Done():
				return
			}
			go func(first int) {
				n := min(demoChunk, total-first)
				part := preparedChunk{first: first, people: make([]sqlstore.PreparedPerson, n)}
				for j := range n {
					p, ci := g.Person(first + j)
					company := ""
					if ci >= 0 {
						p.CompanyID, company = companyIDs[ci], companyNames[ci]
					}
					part.people[j] = sqlstore.PreparePerson(p, company)
				}
				ch <- part
			}(first)
		}
	}()
	return out
}

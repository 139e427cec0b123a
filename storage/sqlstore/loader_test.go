package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"

	"kontor/domain"
	"kontor/domain/demo"
	"kontor/domain/importing"
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

// People are derived a chunk at a time on another goroutine: across
// several chunks, prepared and plain people mixed, a lookup in the middle
// of a chunk and a caller that changes its person after adding it, every
// row gets its own derived columns and its further e-mails and phones, in
// the order added.
func TestLoaderDerivesQueuedPeople(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	n := 3*deriveChunk + 17
	g := demo.New(demo.Config{People: n, Companies: 3, Seed: 7})
	var want []domain.Person
	err := s.Load(ctx, func(l *Loader) error {
		c := g.Company(0)
		if err := l.AddCompany(&c); err != nil {
			return err
		}
		for i := range n {
			p, _ := g.Person(i)
			p.Emails = append(p.Emails, domain.Email{Address: fmt.Sprintf("second%d@example.com", i), Label: "home"})
			p.Phones = append(p.Phones, domain.Phone{Raw: fmt.Sprintf("+48 600 100 %03d", i%1000), E164: fmt.Sprintf("+48600100%03d", i%1000)})
			if i%3 == 0 {
				p.CompanyID = c.ID
			}
			if i%5 == 0 {
				pp := PreparePerson(p, map[bool]string{true: c.Name}[p.CompanyID != 0])
				if err := l.AddPrepared(&pp); err != nil {
					return err
				}
				p = pp.Person
			} else if err := l.AddPerson(&p); err != nil {
				return err
			}
			want = append(want, p)
			p.FirstName, p.Emails[1].Address = "Changed", "changed@example.com" // the caller's copy, not the loader's
			if i == deriveChunk+deriveChunk/2 {
				if _, err := l.personName(want[i-1].ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range want {
		got, err := s.GetPerson(ctx, p.ID)
		if err != nil {
			t.Fatalf("person %d: %v", i, err)
		}
		if got.FirstName == "Changed" || len(got.Emails) != 2 || got.Emails[1].Address != fmt.Sprintf("second%d@example.com", i) || len(got.Phones) != len(p.Phones) {
			t.Fatalf("person %d read back as %+v", i, got)
		}
		company := ""
		if p.CompanyID != 0 {
			company = got.Company
		}
		d := derivePerson(&got, company)
		var name, sortKey, search string
		if err := s.r.QueryRowContext(ctx, "SELECT name_key, sort_key, search_text FROM people WHERE id = ?", p.ID).Scan(&name, &sortKey, &search); err != nil {
			t.Fatal(err)
		}
		if name != d.nameKey || sortKey != d.sortKey || search != d.search {
			t.Fatalf("person %d derived (%q, %q, %q), want (%q, %q, %q)", i, name, sortKey, search, d.nameKey, d.sortKey, d.search)
		}
		if i > 0 && p.ID != want[i-1].ID+1 {
			t.Fatalf("person %d has id %d after %d", i, p.ID, want[i-1].ID)
		}
	}
}

// The fast path loads with a small page cache (an index build's sort runs
// are as large as the cache) and gives the writer its usual cache back,
// also after a load that failed: SQLite does not undo cache_size with the
// rollback.
func TestLoaderPageCache(t *testing.T) {
	boom := errors.New("boom")
	for _, fail := range []error{nil, boom} {
		s := openTest(t)
		ctx := context.Background()
		cache := func(tx *sql.Tx) int {
			var n int
			if err := tx.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		g := demo.New(demo.Config{People: 10, Seed: 1})
		var during int
		err := s.Load(ctx, func(l *Loader) error {
			during = cache(l.w.tx)
			for i := range 10 {
				p, _ := g.Person(i)
				if err := l.AddPerson(&p); err != nil {
					return err
				}
			}
			return fail
		})
		if !errors.Is(err, fail) {
			t.Fatalf("load failing with %v: %v", fail, err)
		}
		if during != fastPathCache {
			t.Errorf("cache_size during the load = %d, want %d", during, fastPathCache)
		}
		var after int
		if err := s.write(ctx, func(tx *sql.Tx) error { after = cache(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		if after != writerCache {
			t.Errorf("cache_size after a load failing with %v = %d, want %d", fail, after, writerCache)
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

// An import that adds many records to a table holding some already writes
// them on the fast path (indexes and search index built after the rows, in
// the same transaction): afterwards the file is whole, every index is back,
// the search finds the records there before, the ones added and the ones
// updated (by their new name only), and undo takes it back.
func TestImportFastPathIntoFilledTable(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := loadDemo(ctx, s, demo.Config{People: 2000, Companies: 40, Deals: 100, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	s.fastPathMin = 10
	schema := func() []string {
		var names []string
		rows, err := s.r.Query("SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name IN ('people', 'person_emails', 'person_phones', 'companies', 'company_tax_ids') ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			rows.Scan(&n)
			names = append(names, n)
		}
		return names
	}
	before := schema()
	first, err := s.ListPeople(ctx, domain.ListQuery{Limit: 1})
	if err != nil || len(first.Items) == 0 {
		t.Fatal(err)
	}
	old, err := s.GetPerson(ctx, first.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	const added = 300
	meta := importing.ImportMeta{FileName: "more.csv", Type: domain.TypePerson, Planned: importing.Counts{Create: added, Update: 1}}
	id, _, err := s.RunImport(ctx, meta, func(w importing.Writer) (importing.Result, error) {
		if _, fast := w.(*importWriter).l.rebuild["people"]; !fast {
			t.Error("the import does not take the fast path")
		}
		for i := range added {
			p := domain.Person{FirstName: "Xavier", LastName: fmt.Sprintf("Quokka%d", i),
				Emails: []domain.Email{{Address: fmt.Sprintf("xq%d@example.com", i)}}}
			if err := s.rules.Person(&p); err != nil {
				return importing.Result{}, err
			}
			if err := w.CreatePerson(ctx, &p); err != nil {
				return importing.Result{}, err
			}
		}
		return importing.Result{}, renamePerson(s, w, old, "Wombatowska")
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(step string) {
		t.Helper()
		var ok string
		if err := s.r.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("%s: integrity_check %q %v", step, ok, err)
		}
		if _, err := s.w.Exec("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
			t.Errorf("%s: search index: %v", step, err)
		}
		if got := schema(); !slices.Equal(got, before) {
			t.Errorf("%s: indexes and triggers\n got %v\nwant %v", step, got, before)
		}
	}
	check("after the import")
	count := func(filter string) int { return countPeople(t, s, filter) }
	if n := count("quokka"); n != added {
		t.Errorf("added people found: %d, want %d", n, added)
	}
	if n := count("wombatowska"); n != 1 {
		t.Errorf("the updated person found by the new name: %d", n)
	}
	var total int
	s.r.QueryRow("SELECT count(*) FROM people").Scan(&total)
	if total != 2000+added {
		t.Errorf("%d people, want %d", total, 2000+added)
	}
	// Ordinary writes after it are indexed as usual.
	p := mustPerson(t, s, domain.Person{FirstName: "Ola", LastName: "Zzyzx"})
	if n := count("zzyzx"); n != 1 {
		t.Errorf("a person created after the import: found %d", n)
	}
	if _, err := s.UndoImport(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	check("after undo")
	if n := count("quokka"); n != 0 {
		t.Errorf("after undo %d added people remain", n)
	}
	back, err := s.GetPerson(ctx, old.ID)
	if err != nil || back.LastName != old.LastName {
		t.Errorf("after undo the updated person is %q (%v), want %q", back.LastName, err, old.LastName)
	}
	if _, err := s.GetPerson(ctx, p.ID); err != nil {
		t.Errorf("undo removed a person made after the import: %v", err)
	}
}

// The fast path is taken for adds of at least 1/16 of a table (and at
// least fastPathMin rows), not for a few rows into a large table.
func TestRebuildCheaper(t *testing.T) {
	s := &Store{}
	for _, tc := range []struct {
		adds  int
		maxID int64
		want  bool
	}{
		{500_000, 1_000_000, true},
		{62_500, 1_000_000, true},
		{62_499, 1_000_000, false},
		{100, 1_000_000, false},
		{10_000, 20_000, true},
		{9_999, 20_000, false}, // under fastPathMin
	} {
		if got := s.rebuildCheaper(tc.adds, tc.maxID); got != tc.want {
			t.Errorf("%d adds to %d: %v, want %v", tc.adds, tc.maxID, got, tc.want)
		}
	}
}

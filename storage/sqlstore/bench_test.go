package sqlstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"kontor/domain"
	"kontor/domain/demo"
)

// Browsing benchmarks on a 1,000,000-people demo file (50,000 companies,
// 200,000 deals), built once and cached in the temp directory:
//
//	go test ./storage/sqlstore -run '^$' -bench Browse -benchtime 200x
//
// The file is rebuilt when missing (about two minutes); delete
// $TMPDIR/kontor-bench-1m-v<schema>.db to force it.

func benchStore(b *testing.B) *Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), "kontor-bench-1m-v"+itoa(SchemaVersion)+".db")
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".building"
		os.Remove(tmp)
		s, err := Open(context.Background(), tmp, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := loadDemo(context.Background(), s, demo.Config{People: 1_000_000, Companies: 50_000, Deals: 200_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		s.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

const screenRows = 50

// BenchmarkBrowseOpen: open the data file and read the first page and the
// tab counts, as the UI does at start.
func BenchmarkBrowseOpen(b *testing.B) {
	s := benchStore(b)
	path := s.Path()
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		st, err := Open(ctx, path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Counts(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := st.ListPeople(ctx, domain.ListQuery{Limit: screenRows}); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
}

func BenchmarkBrowseNextPage(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	page, _ := s.ListPeople(ctx, domain.ListQuery{Limit: screenRows})
	cur := page.Cursors[len(page.Cursors)-1]
	b.ResetTimer()
	for range b.N {
		p, err := s.ListPeople(ctx, domain.ListQuery{Limit: screenRows, After: &cur})
		if err != nil {
			b.Fatal(err)
		}
		if !p.More { // wrap around at the end
			page, _ = s.ListPeople(ctx, domain.ListQuery{Limit: screenRows})
			cur = page.Cursors[len(page.Cursors)-1]
			continue
		}
		cur = p.Cursors[len(p.Cursors)-1]
	}
}

func BenchmarkBrowseEnd(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for _, sort := range domain.Sorts(domain.TypePerson) {
		b.Run(string(sort), func(b *testing.B) {
			for range b.N {
				if _, err := s.ListPeople(ctx, domain.ListQuery{Limit: screenRows, Last: true, Sort: sort}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBrowseSort: first page after a sort change, each sort field.
func BenchmarkBrowseSort(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for _, desc := range []bool{false, true} {
		for _, sort := range domain.Sorts(domain.TypePerson) {
			name := string(sort)
			if desc {
				name += "-desc"
			}
			b.Run(name, func(b *testing.B) {
				for range b.N {
					if _, err := s.ListPeople(ctx, domain.ListQuery{Limit: screenRows, Sort: sort, Desc: desc}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkBrowseFilter: one filter keystroke = the first page of the
// filtered list plus its (capped) count, as the UI asks.
func BenchmarkBrowseFilter(b *testing.B) { benchFilter(b, filterWarm) }

// BenchmarkBrowseFilterCold: the same with no positions of the list order
// (order.go) at hand, as in the first 0.1 s after the file is opened, while
// they are read: the filters whose matches cluster read their page with SQL.
func BenchmarkBrowseFilterCold(b *testing.B) { benchFilter(b, filterCold) }

// BenchmarkBrowseFilterAfterChange: the same right after a person was
// saved (a title changed, not timed), when the positions kept are patched
// with the changed row and read again in the background.
func BenchmarkBrowseFilterAfterChange(b *testing.B) { benchFilter(b, filterAfterChange) }

const (
	filterWarm = iota
	filterCold
	filterAfterChange
)

func benchFilter(b *testing.B, mode int) {
	s := benchStore(b)
	ctx := context.Background()
	if mode == filterAfterChange {
		// The positions of the list order, read once as the list shown
		// unfiltered at start reads them.
		pq := &pageQuery{spec: peopleSpec, segments: peopleSegments("", false)}
		if _, err := s.listOrderFor(ctx, pq, true); err != nil {
			b.Fatal(err)
		}
	}
	var saved domain.Person
	for _, q := range []string{"a", "k", "ko", "kow", "kowal", "kowalska", "anna now", "gdansk", "nowak.1234", "+48 60", "zz", "张", "wayne"} {
		b.Run(q, func(b *testing.B) {
			for i := range b.N {
				s.counts.reset() // each keystroke is a new query: no count kept from the last run
				switch mode {
				case filterCold:
					s.orders.reset()
				case filterAfterChange:
					b.StopTimer()
					if saved.ID == 0 {
						page, err := s.ListPeople(ctx, domain.ListQuery{Limit: 1, Filter: "kowalska"})
						if err != nil || len(page.Items) == 0 {
							b.Fatal(err)
						}
						p, err := s.GetPerson(ctx, page.Items[0].ID)
						if err != nil {
							b.Fatal(err)
						}
						saved = p
						title := p.Title
						b.Cleanup(func() { // the file as it was
							saved.Title = title
							if err := s.UpdatePerson(ctx, &saved); err != nil {
								b.Error(err)
							}
						})
					}
					saved.Title = fmt.Sprintf("Specjalista %d", i)
					if err := s.UpdatePerson(ctx, &saved); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if _, err := s.ListPeople(ctx, domain.ListQuery{Limit: screenRows, Filter: q}); err != nil {
					b.Fatal(err)
				}
				if _, err := s.CountPeople(ctx, domain.ListQuery{Filter: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBrowseReadOrder: reading the positions of the people's default
// list order (order.go), which the filters after it use; before they are
// read, clustered filters take the BrowseFilterCold times.
func BenchmarkBrowseReadOrder(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	pq := &pageQuery{spec: peopleSpec, segments: peopleSegments("", false)}
	for range b.N {
		if _, err := s.readListOrder(ctx, pq); err != nil {
			b.Fatal(err)
		}
	}
}

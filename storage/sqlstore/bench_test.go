package sqlstore

import (
	"context"
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
func BenchmarkBrowseFilter(b *testing.B) { benchFilter(b, false) }

// BenchmarkBrowseFilterCold: the same after each change to the file, when
// the positions of the list order (order.go) are read again by the filters
// whose matches cluster.
func BenchmarkBrowseFilterCold(b *testing.B) { benchFilter(b, true) }

func benchFilter(b *testing.B, cold bool) {
	s := benchStore(b)
	ctx := context.Background()
	for _, q := range []string{"a", "k", "ko", "kow", "kowal", "kowalska", "anna now", "gdansk", "nowak.1234", "+48 60", "zz", "张", "wayne"} {
		b.Run(q, func(b *testing.B) {
			for range b.N {
				s.counts.reset() // each keystroke is a new query: no count kept from the last run
				if cold {
					s.orders.reset()
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

package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"kontor/domain"
	"kontor/domain/demo"
	"kontor/domain/importing"
)

// An import that adds many people to a file without any builds their
// search index beside the load and copies it in. The index it leaves is
// the one a rebuild from the rows gives (FTS5's integrity-check compares
// it with the rows; every added person is found), later writes are
// indexed as usual, undo works, no scratch file is left — and when
// something else changed the people's search text during the load, the
// copy is refused and the index rebuilt from the rows instead. Into a file
// with people the index is rebuilt (it would need their rows read too).
func TestImportSearchIndexBuiltBeside(t *testing.T) {
	for _, tc := range []struct {
		name       string
		before     int  // people in the file before
		update     bool // the import also updates a person it created
		wantSide   bool
		wantCopied bool
	}{
		{"new file", 0, false, true, true},
		{"an update falls back to the rebuild", 0, true, true, false},
		{"file with people", 1500, false, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			ctx := context.Background()
			// One left by a killed import goes with the next.
			killed := filepath.Join(filepath.Dir(s.path), "."+filepath.Base(s.path)+".search-123")
			if err := os.WriteFile(killed, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			if tc.before > 0 {
				if err := loadDemo(ctx, s, demo.Config{People: tc.before, Companies: 30, Seed: 4}); err != nil {
					t.Fatal(err)
				}
				// A row another program wrote, without the derived columns.
				if _, err := s.w.Exec("UPDATE people SET search_text = NULL WHERE id = 5"); err != nil {
					t.Fatal(err)
				}
			}
			s.fastPathMin, s.sideSearchMin = 10, 10
			const added = 700 // several chunks and INSERT batches
			var l *Loader
			meta := importing.ImportMeta{FileName: "more.csv", Type: domain.TypePerson, Planned: importing.Counts{Create: added}}
			id, _, err := s.RunImport(ctx, meta, func(w importing.Writer) (importing.Result, error) {
				l = w.(*importWriter).l
				if got := l.side["people"] != nil; got != tc.wantSide {
					t.Errorf("search index built beside: %v, want %v", got, tc.wantSide)
				}
				var old domain.Person
				for i := range added {
					p := domain.Person{FirstName: "Xavier", LastName: fmt.Sprintf("Quokka%d", i), Title: "Żeglarz",
						Emails: []domain.Email{{Address: fmt.Sprintf("xq%d@example.com", i)}, {Address: fmt.Sprintf("alt%d@example.org", i)}}}
					if i%7 == 0 {
						p.FirstName, p.LastName, p.Title = "", "", "" // e-mails only
					}
					if err := s.rules.Person(&p); err != nil {
						return importing.Result{}, err
					}
					if err := w.CreatePerson(ctx, &p); err != nil {
						return importing.Result{}, err
					}
					if i == 1 {
						old = p
					}
				}
				if !tc.update {
					return importing.Result{}, nil
				}
				return importing.Result{}, renamePerson(s, w, old, "Wombatowska")
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(l.copied, "people"); got != tc.wantCopied {
				t.Errorf("search index copied in: %v, want %v", got, tc.wantCopied)
			}
			check := func(step string) {
				t.Helper()
				if _, err := s.w.Exec("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
					t.Errorf("%s: search index: %v", step, err)
				}
				var temp int
				if err := s.w.QueryRow("SELECT count(*) FROM temp.sqlite_master").Scan(&temp); err != nil || temp != 0 {
					t.Errorf("%s: %d temporary objects left (%v)", step, temp, err)
				}
			}
			check("after the import")
			count := func(filter string) int { return countPeople(t, s, filter) }
			want := added - (added+6)/7 // less the rows without a name
			if tc.update {
				want-- // renamed
			}
			if n := count("quokka"); n != want {
				t.Errorf("added people found: %d, want %d", n, want)
			}
			if n := count("alt123"); n != 1 { // a second e-mail
				t.Errorf("alt123 found %d times", n)
			}
			if tc.before > 0 {
				var name string
				s.r.QueryRow("SELECT last_name FROM people WHERE id = 2").Scan(&name)
				if n := count(strings.ToLower(name)); n == 0 {
					t.Errorf("a person there before (%q) is not found", name)
				}
			}
			if tc.update {
				if n := count("wombatowska"); n != 1 {
					t.Errorf("the updated person found by the new name: %d", n)
				}
			}
			var segments int
			if err := s.r.QueryRow("SELECT count(DISTINCT segid) FROM people_fts_idx").Scan(&segments); err != nil || segments != 1 {
				t.Errorf("people_fts has %d segments (%v), want 1", segments, err)
			}
			for key, want := range map[string]int{"automerge": 4, "crisismerge": 16} {
				var v int
				if err := s.r.QueryRow("SELECT v FROM people_fts_config WHERE k = ?", key).Scan(&v); err != nil || v != want {
					t.Errorf("people_fts %s = %d (%v), want %d", key, v, err, want)
				}
			}
			if scratch := scratchFiles(s); len(scratch) > 0 {
				t.Errorf("scratch files left: %v", scratch)
			}
			p := mustPerson(t, s, domain.Person{FirstName: "Ola", LastName: "Zzyzx"})
			if n := count("zzyzx"); n != 1 {
				t.Errorf("a person created after the import: found %d", n)
			}
			if err := s.DeletePerson(ctx, p.ID, domain.DeleteIfUnlinked); err != nil {
				t.Fatal(err)
			}
			if _, err := s.UndoImport(ctx, id, true); err != nil {
				t.Fatal(err)
			}
			check("after undo")
			if n := count("quokka"); n != 0 {
				t.Errorf("after undo %d added people remain", n)
			}
		})
	}
}

// A load that fails after its search index began beside leaves no scratch
// file and no temporary triggers, and the file as it was.
func TestSideSearchGoneAfterAFailedImport(t *testing.T) {
	s := openTest(t)
	s.fastPathMin, s.sideSearchMin = 10, 10
	l, err := importPeople(s, 400, "Fail", func(importing.Writer) error { return fmt.Errorf("row 401: broken") })
	if err == nil || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("err = %v", err)
	}
	// The failed import stopped its builder rather than wait for an index
	// nobody will use.
	if err := l.side["people"].wait(); !errors.Is(err, context.Canceled) {
		t.Errorf("the builder ended with %v, want it cancelled", err)
	}
	if scratch := scratchFiles(s); len(scratch) > 0 {
		t.Errorf("scratch files left: %v", scratch)
	}
	var n, temp int
	s.w.QueryRow("SELECT count(*) FROM people").Scan(&n)
	s.w.QueryRow("SELECT count(*) FROM temp.sqlite_master").Scan(&temp)
	if n != 0 || temp != 0 {
		t.Errorf("%d people and %d temporary objects after the failed import", n, temp)
	}
	if _, err := os.Stat(s.path); err != nil {
		t.Error(err)
	}
}

// The fast path drops and rebuilds every index of the tables it loads,
// those a user made with any name included.
func TestFastPathKeepsOddlyNamedIndexes(t *testing.T) {
	s := openTest(t)
	for _, q := range []string{`CREATE INDEX "people_a\b" ON people (title)`, `CREATE INDEX "deals ""quoted"" é" ON deals (title)`} {
		if _, err := s.w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.fastPathMin, s.sideSearchMin = 10, 10
	before := runtime.NumGoroutine()
	if _, err := importPeople(s, 100, "Odd", nil); err != nil {
		t.Fatal(err)
	}
	var n int
	s.r.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('people_a\b', 'deals "quoted" é')`).Scan(&n)
	if n != 2 {
		t.Errorf("%d of the 2 indexes back after the import", n)
	}
	for range 50 { // the builder's goroutine may take a moment to return
		if runtime.NumGoroutine() <= before {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("goroutines %d -> %d after the import", before, after)
	}
}

// When the scratch file cannot be made, the import rebuilds the index as
// before and leaves no temporary triggers on the writer connection, so the
// next import builds beside again.
func TestSideSearchScratchFileFails(t *testing.T) {
	s := openTest(t)
	s.fastPathMin, s.sideSearchMin = 10, 10
	run := func(prefix string) *Loader {
		t.Helper()
		l, err := importPeople(s, 100, prefix, nil)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	real := s.path
	s.path = filepath.Join(t.TempDir(), "gone", "k.db") // where no file can be made
	l := run("First")
	s.path = real
	if l.side["people"] != nil {
		t.Fatal("a side index without a scratch file")
	}
	var temp int
	if err := s.w.QueryRow("SELECT count(*) FROM temp.sqlite_master").Scan(&temp); err != nil || temp != 0 {
		t.Errorf("%d temporary objects left after the import (%v)", temp, err)
	}
	if _, err := s.w.Exec("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("search index: %v", err)
	}
	if l := run("Second"); !slices.Contains(l.copied, "people") {
		t.Error("the next import did not build its index beside")
	}
}

// importPeople runs an import of n people named prefix0, prefix1... then
// then (when not nil), and returns its loader.
func importPeople(s *Store, n int, prefix string, then func(w importing.Writer) error) (*Loader, error) {
	ctx := context.Background()
	var l *Loader
	meta := importing.ImportMeta{FileName: prefix + ".csv", Type: domain.TypePerson, Planned: importing.Counts{Create: n}}
	_, _, err := s.RunImport(ctx, meta, func(w importing.Writer) (importing.Result, error) {
		l = w.(*importWriter).l
		for i := range n {
			p := domain.Person{FirstName: "Xavier", LastName: fmt.Sprintf("%s%d", prefix, i)}
			if err := w.CreatePerson(ctx, &p); err != nil {
				return importing.Result{}, err
			}
		}
		if then != nil {
			return importing.Result{}, then(w)
		}
		return importing.Result{}, nil
	})
	return l, err
}

// scratchFiles lists the side indexes' scratch files beside the data file.
func scratchFiles(s *Store) []string {
	found, _ := filepath.Glob(filepath.Join(filepath.Dir(s.path), ".*.search-*"))
	return found
}

// renamePerson gives a person a new last name through an import's writer.
func renamePerson(s *Store, w importing.Writer, old domain.Person, last string) error {
	after := old
	after.LastName = last
	if err := s.rules.Person(&after); err != nil {
		return err
	}
	return w.UpdatePerson(context.Background(), old, after)
}

// countPeople counts the people a filter finds.
func countPeople(t *testing.T, s *Store, filter string) int {
	t.Helper()
	n, err := s.CountPeople(context.Background(), domain.ListQuery{Filter: filter})
	if err != nil {
		t.Fatal(err)
	}
	return n.N
}

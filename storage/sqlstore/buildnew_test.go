package sqlstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kontor/domain"
	"kontor/domain/demo"
)

func TestBuildNew(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "k.db")
	tmp := filepath.Join(dir, "sub", ".k.db.building")
	// A build killed earlier left its temporary file behind.
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmp, []byte("half a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := BuildNew(ctx, path, Options{}, func(s *Store) error {
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the data file exists before it is complete: %v", err)
		}
		return loadDemo(ctx, s, demo.Config{People: 500, Companies: 20, Deals: 50, Seed: 3})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file is still there: %v", err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("data file: %v %v", st, err)
	}
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mode, check string
	s.r.QueryRow("PRAGMA journal_mode").Scan(&mode)
	s.r.QueryRow("PRAGMA integrity_check").Scan(&check)
	if mode != "wal" || check != "ok" {
		t.Errorf("journal %q, integrity %q", mode, check)
	}
	if _, err := s.w.Exec("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("search index: %v", err)
	}
	c, _ := s.Counts(ctx)
	if c.People != 500 || c.Companies != 20 || c.Deals != 50 {
		t.Errorf("counts %+v", c)
	}
	page, err := s.ListPeople(ctx, domain.ListQuery{Filter: "a", Limit: 3})
	if err != nil || len(page.Items) == 0 {
		t.Errorf("search: %v %v", page.Items, err)
	}

	// An existing file is refused and left alone.
	before, _ := os.ReadFile(path)
	if err := BuildNew(ctx, path, Options{}, func(*Store) error { t.Error("filled an existing file"); return nil }); err == nil {
		t.Error("built over an existing file")
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the existing file changed")
	}
}

func TestBuildNewFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "k.db")
	boom := errors.New("interrupted")
	err := BuildNew(ctx, path, Options{}, func(s *Store) error {
		if err := loadDemo(ctx, s, demo.Config{People: 100, Companies: 5, Seed: 1}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}

// Two builds of the same new file: the second is refused while the first
// runs, and the first puts its own records in place.
func TestBuildNewOneAtATime(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	filling, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- BuildNew(ctx, path, Options{}, func(s *Store) error {
			if err := loadDemo(ctx, s, demo.Config{People: 300, Companies: 10, Seed: 4}); err != nil {
				return err
			}
			close(filling)
			<-release
			return nil
		})
	}()
	<-filling
	err := BuildNew(ctx, path, Options{}, func(s *Store) error {
		t.Error("a second build ran beside the first")
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "being built by another Kontor") {
		t.Errorf("second build: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c, _ := s.Counts(ctx); c.People != 300 {
		t.Errorf("the placed file holds %d people, want the first build's 300", c.People)
	}
	if err := BuildNew(ctx, path, Options{}, func(*Store) error { return nil }); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a build over the placed file: %v", err)
	}
}

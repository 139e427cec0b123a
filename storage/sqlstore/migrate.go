package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations are plain SQL files, numbered from 1, applied in order, each in
// its own transaction together with the bump of PRAGMA user_version. The
// version lives in SQLite's own header (no bookkeeping table), so any tool
// can read it and Open can refuse a newer file before touching it. A
// migration library would add a table and little else for a handful of
// forward-only files.

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = func() int {
	ms, err := migrations()
	if err != nil {
		panic(err) // the embedded files are part of the build
	}
	return len(ms)
}()

func (s *Store) userVersion(ctx context.Context) (int, error) {
	var v int
	db := s.r
	if s.w != nil {
		db = s.w
	}
	err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, SchemaVersion)
}

// migrateTo applies the migrations up to version target.
func (s *Store) migrateTo(ctx context.Context, target int) error {
	current, err := s.userVersion(ctx)
	if err != nil {
		return fmt.Errorf("open %s: %w", s.path, explain(err))
	}
	if current > SchemaVersion {
		return newerSchemaError(s.path, current)
	}
	if current >= target {
		return nil
	}
	if s.readOnly {
		return &olderSchemaError{path: s.path, have: current, need: SchemaVersion, readOnlyWhy: s.readOnlyWhy}
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	for _, m := range ms[current:target] {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("%s: migration %s: %w", s.path, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("%s: migration %s: %w", s.path, m.name, err)
		}
	}
	return nil
}

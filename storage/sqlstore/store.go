// Package sqlstore keeps Kontor's records in one SQLite file (WAL mode) and
// implements the domain ports over it. The schema is a public interface
// (SCHEMA.md): other programs may read it and write it; Kontor recomputes
// the derived columns they leave NULL.
package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"kontor/domain"
)

// Options configure Open.
type Options struct {
	// ReadOnly opens the file for reading only, even if it is writable.
	ReadOnly bool
	// Region is the default phone region for numbers without a country
	// code (ISO 3166-1 alpha-2).
	Region string
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Store is an open data file.
type Store struct {
	path     string
	readOnly bool
	rules    domain.Rules
	now      func() time.Time

	w *sql.DB // the single writer connection (BEGIN IMMEDIATE)
	r *sql.DB // readers
	// version is a reader connection kept open for PRAGMA data_version,
	// which reports commits made by other connections.
	version *sql.Conn
}

var _ domain.Store = (*Store)(nil)

// ResolvePath finds the data file: the --db flag, else $KONTOR_DB, else
// $XDG_DATA_HOME/kontor/kontor.db, else ~/.local/share/kontor/kontor.db.
func ResolvePath(flagValue string, getenv func(string) string) (string, error) {
	switch {
	case flagValue != "":
		return flagValue, nil
	case getenv("KONTOR_DB") != "":
		return getenv("KONTOR_DB"), nil
	case getenv("XDG_DATA_HOME") != "":
		return filepath.Join(getenv("XDG_DATA_HOME"), "kontor", "kontor.db"), nil
	}
	home := getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("find the data file: set --db or KONTOR_DB (%w)", err)
		}
	}
	return filepath.Join(home, ".local", "share", "kontor", "kontor.db"), nil
}

var sqliteMagic = []byte("SQLite format 3\x00")

// Open opens (creating if needed) the data file at path and brings its
// schema up to date. A file that is not SQLite, is damaged or was made by a
// newer Kontor is refused and left untouched.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	s := &Store{path: abs, readOnly: opts.ReadOnly, rules: domain.Rules{Region: opts.Region}, now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	exists, err := checkFile(abs)
	if err != nil {
		return nil, err
	}
	if !exists {
		if opts.ReadOnly {
			return nil, fmt.Errorf("%s does not exist", abs)
		}
		if err := createFile(abs); err != nil {
			return nil, err
		}
	} else if !s.readOnly && !writable(abs) {
		s.readOnly = true
	}
	if err := s.openPools(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if !s.readOnly {
		if err := s.backfill(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("%s: fill derived columns: %w", abs, err)
		}
	}
	if s.version, err = s.r.Conn(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", abs, err)
	}
	return s, nil
}

// checkFile reports whether path exists and, if so, that it is an SQLite
// file whose schema this build can read — before anything opens it.
func checkFile(path string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	if st.IsDir() {
		return false, fmt.Errorf("%s is a directory, not a data file", path)
	}
	if st.Size() == 0 {
		return true, nil // an empty file becomes a new data file
	}
	header := make([]byte, 100)
	if _, err := io.ReadFull(f, header); err != nil || !bytes.Equal(header[:16], sqliteMagic) {
		return false, fmt.Errorf("%s is not a Kontor data file (not an SQLite database); it was left untouched", path)
	}
	if v := int(binary.BigEndian.Uint32(header[60:64])); v > SchemaVersion {
		return false, newerSchemaError(path, v)
	}
	return true, nil
}

func newerSchemaError(path string, v int) error {
	return fmt.Errorf("%s was made by a newer Kontor (schema %d, this build knows %d): upgrade Kontor; the file was left untouched", path, v, SchemaVersion)
}

func createFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	return f.Close()
}

// writable reports whether the file and its directory (for the WAL and
// shared-memory files) can be written.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return syscall.Access(filepath.Dir(path), 0x2) == nil
}

func (s *Store) dsn(readOnly bool, immutable bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Set("mode", "ro")
		if immutable {
			q.Set("immutable", "1")
		}
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		// Large transactions (imports, demo data) spill less to the WAL
		// with a bigger page cache; index builds sort in memory.
		q.Add("_pragma", "cache_size(-65536)")
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: s.path}).EscapedPath() + "?" + q.Encode()
}

func (s *Store) openPools(ctx context.Context) error {
	var err error
	if !s.readOnly {
		if s.w, err = sql.Open("sqlite", s.dsn(false, false)); err != nil {
			return err
		}
		s.w.SetMaxOpenConns(1)
		s.w.SetConnMaxIdleTime(0)
		if err := s.w.PingContext(ctx); err != nil {
			return fmt.Errorf("open %s: %w", s.path, explain(err))
		}
	}
	if s.r, err = sql.Open("sqlite", s.dsn(true, false)); err != nil {
		return err
	}
	s.r.SetMaxOpenConns(4)
	if err := s.r.PingContext(ctx); err == nil {
		var n int
		if err = s.r.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err == nil {
			return nil
		}
		if !s.readOnly {
			return fmt.Errorf("open %s: %w", s.path, explain(err))
		}
	}
	// A read-only directory cannot hold the WAL index: read the file as
	// immutable (no other writer can exist there anyway).
	s.r.Close()
	if s.r, err = sql.Open("sqlite", s.dsn(true, true)); err != nil {
		return err
	}
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		return fmt.Errorf("open %s: %w", s.path, explain(err))
	}
	return nil
}

// explain turns SQLite's terse errors about damaged files into advice.
func explain(err error) error {
	msg := err.Error()
	for _, s := range []string{"file is not a database", "malformed", "corrupt"} {
		if bytes.Contains([]byte(msg), []byte(s)) {
			return fmt.Errorf("the data file is damaged (%v); it was left untouched — restore a backup", err)
		}
	}
	return err
}

// Close releases the file.
func (s *Store) Close() error {
	var errs []error
	if s.version != nil {
		errs = append(errs, s.version.Close())
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}

// Path returns the data file's location.
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether the file was opened for reading only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// DataVersion changes when another connection commits to the file.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.version.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// write runs fn in one write transaction (BEGIN IMMEDIATE).
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("%s: %w", s.path, domain.ErrReadOnly)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// timestamp formats a time the way the schema stores it.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func parseTimestamp(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05.000Z", time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

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
	"strings"
	"sync"
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

	// NoMap reads without mapping the file into memory. Mapped pages count
	// as the process's resident memory (they are the system's file cache,
	// shared and reclaimable, but tools and memory limits see them), so
	// commands that read much of a large file once, like imports checking
	// for duplicates, set it; browsing, which reads the same pages again
	// and again, gains a third from the mapping.
	NoMap bool

	// bulk writes without a journal and without syncs (BuildNew only).
	bulk bool
}

// Store is an open data file.
type Store struct {
	path     string
	readOnly bool
	bulk     bool // see Options.bulk
	noMap    bool // see Options.NoMap
	// readOnlyWhy says why the file is read-only, for the errors of writes.
	readOnlyWhy string
	rules       domain.Rules
	now         func() time.Time

	w *sql.DB // the single writer connection (BEGIN IMMEDIATE)
	r *sql.DB // readers
	// version is a reader connection kept open for PRAGMA data_version,
	// which reports commits made by other connections.
	version *sql.Conn

	// tune overrides defaultFilterTuning when set (tests).
	tune filterTuning
	// fastPathMin overrides the loader's fastPathMin when set (tests).
	fastPathMin int
	// sideSearchMin overrides the loader's sideSearchMin when set (tests).
	sideSearchMin int
	// counts keeps recent search match sets (see matchSet).
	counts countCache
	// orders keeps the positions of recent list orders (see order.go).
	orders orderCache
	// bgCtx is cancelled by Close, which waits for bg: reads started in
	// the background (prefetchOrder).
	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
	bgMu     sync.Mutex // guards bgClosed and bg.Add against Close
	bgClosed bool
}

func (s *Store) filterTuning() filterTuning {
	if s.tune == (filterTuning{}) {
		return defaultFilterTuning
	}
	return s.tune
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
// newer Kontor is refused and left untouched. A file opened for reading
// only that an older Kontor made is upgraded first when it is writable, so
// that commands that only read (lists, exports, dry runs) work on it too.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	s, err := open(ctx, path, opts)
	var older *olderSchemaError
	if !opts.ReadOnly || !errors.As(err, &older) || notWritable(older.path) != "" {
		return s, err
	}
	w, err := open(ctx, path, Options{Region: opts.Region, Now: opts.Now, NoMap: opts.NoMap})
	if err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return open(ctx, path, opts)
}

// olderSchemaError: the file needs upgrading and was opened read-only.
type olderSchemaError struct {
	path        string
	have, need  int
	readOnlyWhy string
}

func (e *olderSchemaError) Error() string {
	return fmt.Sprintf("%s has schema %d and needs upgrading to %d, but %s", e.path, e.have, e.need, e.readOnlyWhy)
}

func open(ctx context.Context, path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	s := &Store{path: abs, readOnly: opts.ReadOnly, bulk: opts.bulk, noMap: opts.NoMap, rules: domain.Rules{Region: opts.Region}, now: opts.Now}
	s.bgCtx, s.bgCancel = context.WithCancel(context.Background())
	if opts.ReadOnly {
		s.readOnlyWhy = "it was opened for reading only"
	}
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
	} else if why := notWritable(abs); !s.readOnly && why != "" {
		s.readOnly, s.readOnlyWhy = true, why
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
			return nil, explain(fmt.Errorf("%s: fill derived columns: %w", abs, err))
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

// notWritable says why the file or its directory (which holds the WAL and
// shared-memory files) cannot be written, or "" when both can. Permissions
// that allow nobody to write count even for root, who could write anyway:
// whoever made the file read-only meant it.
func notWritable(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "it cannot be examined: " + err.Error()
	}
	if st.Mode().Perm()&0o222 == 0 {
		return fmt.Sprintf("its permissions (%#o) allow nobody to write it", st.Mode().Perm())
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "it cannot be opened for writing: " + err.Error()
	}
	f.Close()
	why, _ := folderReadOnly(path)
	return why
}

// folderReadOnly says why the journal files (-wal, -shm) cannot be created
// beside path, or "" when they can.
func folderReadOnly(path string) (string, bool) {
	dir := filepath.Dir(path)
	if dst, err := os.Stat(dir); err == nil && dst.Mode().Perm()&0o222 == 0 {
		return fmt.Sprintf("its folder's permissions (%#o) allow nobody to create the journal files beside it", dst.Mode().Perm()), true
	}
	if err := syscall.Access(dir, 0x2); err != nil {
		return "its folder does not allow creating the journal files beside it: " + err.Error(), true
	}
	return "", false
}

func (s *Store) folderReadOnly() (string, bool) { return folderReadOnly(s.path) }

func (s *Store) dsn(readOnly bool, immutable bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Set("mode", "ro")
		// Readers map the file into memory (up to SQLite's 2 GB limit)
		// unless told not to (Options.NoMap): a page read is then a memory
		// access, not a read system call and a copy, which makes the row
		// lookups of browsing and filtering a third faster on a million
		// people.
		if !s.noMap {
			q.Add("_pragma", "mmap_size(2147418112)")
		}
		if immutable {
			q.Set("immutable", "1")
		}
	} else {
		if s.bulk {
			q.Add("_pragma", "journal_mode(OFF)")
			q.Add("_pragma", "synchronous(OFF)")
		} else {
			q.Add("_pragma", "journal_mode(WAL)")
			q.Add("_pragma", "synchronous(NORMAL)")
		}
		// Large transactions (imports, demo data) spill less to the WAL
		// with a bigger page cache. Index builds sort in temporary files:
		// in memory, building the indexes of 1,500,000 people after an
		// import took 230 MB more and no less time.
		q.Add("_pragma", fmt.Sprintf("cache_size(%d)", writerCache))
		q.Add("_pragma", "temp_store(FILE)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: s.path}).EscapedPath() + "?" + q.Encode()
}

// writerCache is the writer connection's page cache (cache_size: 64 MB).
const writerCache = -64 << 10

// readerConns is how many reader connections a Store keeps open: one
// watches PRAGMA data_version, two may read a list order's positions in the
// background (in halves), and a search reads its matches on up to
// maxParallelReads at once (idle ones are kept: opening one parses the
// schema again).
const readerConns = 1 + 2 + maxParallelReads

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
	// In a folder nobody may write, readers must not create the
	// shared-memory file there (root could): the file is read as
	// immutable at once.
	if _, noJournal := s.folderReadOnly(); !s.readOnly || !noJournal {
		if s.r, err = sql.Open("sqlite", s.dsn(true, false)); err != nil {
			return err
		}
		s.r.SetMaxOpenConns(readerConns)
		s.r.SetMaxIdleConns(readerConns)
		if err := s.r.PingContext(ctx); err == nil {
			var n int
			if err = s.r.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err == nil {
				return nil
			}
			if !s.readOnly {
				return fmt.Errorf("open %s: %w", s.path, explain(err))
			}
		}
		s.r.Close()
	}
	// A read-only directory cannot hold the WAL index: read the file as
	// immutable (no other writer can exist there anyway).
	if s.r, err = sql.Open("sqlite", s.dsn(true, true)); err != nil {
		return err
	}
	s.r.SetMaxOpenConns(readerConns)
	s.r.SetMaxIdleConns(readerConns)
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		return fmt.Errorf("open %s: %w", s.path, explain(err))
	}
	return nil
}

// explain turns SQLite's terse errors about damaged files and failed
// writes into advice; other errors pass unchanged.
func explain(err error) error { return Explain(err) }

// Explain turns SQLite's terse errors about damaged files ("database disk
// image is malformed") and failed writes ("database or disk is full",
// "disk I/O error") into advice that says what happened to the data file;
// other errors pass unchanged. The original error stays in the chain.
func Explain(err error) error {
	var done *adviceError
	if err == nil || errors.As(err, &done) {
		return err
	}
	msg := err.Error()
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(msg, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("file is not a database", "malformed", "corrupt"):
		return &adviceError{fmt.Sprintf("the data file is damaged (%v); it was left untouched — restore a backup", err), err}
	case has("database or disk is full"):
		return &adviceError{fmt.Sprintf("the disk is full (%v); nothing was changed — free some space and try again", err), err}
	case has("disk I/O error"):
		return &adviceError{fmt.Sprintf("the data file could not be written (%v): the disk may be full, failing, or the file larger than this system allows; nothing was changed", err), err}
	}
	return err
}

// adviceError is an error Explain has put into words.
type adviceError struct {
	msg string
	err error
}

func (e *adviceError) Error() string { return e.msg }
func (e *adviceError) Unwrap() error { return e.err }

// Close releases the file.
func (s *Store) Close() error {
	if s.bgCancel != nil {
		s.bgMu.Lock()
		s.bgClosed = true
		s.bgMu.Unlock()
		s.bgCancel()
		s.bg.Wait()
	}
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

// ReadOnlyReason says why the file is read-only ("" when it is not): "its
// permissions (0400) allow nobody to write it".
func (s *Store) ReadOnlyReason() string { return s.readOnlyWhy }

// DataVersion changes when another connection commits to the file.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.version.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// write runs fn in one write transaction (BEGIN IMMEDIATE).
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("%s: %w (%s); nothing was changed", s.path, domain.ErrReadOnly, s.readOnlyWhy)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return explain(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return explain(err)
	}
	return explain(tx.Commit())
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

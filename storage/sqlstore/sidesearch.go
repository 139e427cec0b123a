package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// A large load on the fast path ends with its search index (FTS5) rebuilt
// from the table's rows: for a million people 8 s on one core, after the
// rows and while nothing else runs. A sideSearch builds that index instead
// in a scratch file on another goroutine while the loader writes the rows
// and builds the other indexes, and the load copies the finished index's
// tables in (a third of a second). Everything stays in the load's
// transaction: the scratch file is only ever read, and is removed whatever
// happens.
//
// The copy is exact only if the index saw every row with its final search
// text. The loader feeds it each row it writes; rows already in the table
// are read from the data file as it was before the load (the writer holds
// the write lock, so nothing else changes it meanwhile). Anything else
// that touches the table's search text during the load (an import's
// update, a delete) is caught by temporary triggers and makes the load
// fall back to the rebuild, as does a row count that differs from the
// index's.
//
// Memory: the scratch connection keeps a 1 MB page cache, and the copy
// collects the pages it read every 8 MB. With the fast path's writer cache
// at 8 MB, 500,000 people imported into a file of a million peak at about
// 286 MB (BENCHMARKS.md).

// sideSearchMin is the fewest rows a load adds to a table before its
// search index is built on the side: below it the rebuild is quick.
const sideSearchMin = 50_000

// sideBatch is how many rows one INSERT into the side index carries.
const sideBatch = 4096

// sideSearchCache is the scratch connection's page cache (KiB).
const sideSearchCache = -1 << 10

type searchRow struct {
	id   int64
	text string
}

type sideSearch struct {
	table, fts string
	ddl        string // the data file's definition of the search index
	path       string // the scratch file
	db         *sql.DB
	rows       chan []searchRow
	done       chan error
	pending    []searchRow
	indexed    int64 // rows in the side index, set when done
	closed     bool
	cancel     context.CancelFunc
}

// sideSearchDDL turns the data file's definition of a search index over
// an external content table into a contentless one with the same
// tokenizer and options, whose index tables are laid out the same. It
// reports false for a definition it does not know.
func sideSearchDDL(ddl, table string) (string, bool) {
	content := fmt.Sprintf("content='%s', content_rowid='id'", table)
	if !strings.Contains(ddl, content) || !strings.HasPrefix(ddl, "CREATE VIRTUAL TABLE ") {
		return "", false
	}
	return strings.Replace(ddl, content, "content=''", 1), true
}

// sideSearchPrefix begins the names of the scratch files of the data file
// at path (os.CreateTemp ends them).
func sideSearchPrefix(path string) string { return "." + filepath.Base(path) + ".search-" }

// removeStaleSideSearch removes the scratch files of loads killed before
// they could remove theirs. A load calls it holding the data file's write
// lock, when no other load can be running.
func (s *Store) removeStaleSideSearch() {
	dir := filepath.Dir(s.path)
	entries, _ := os.ReadDir(dir)
	prefix := sideSearchPrefix(s.path)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// startSideSearch starts building table's search index in a scratch file
// beside the data file, or returns nil when it cannot (the load then
// rebuilds it as before). It needs the writer's transaction for the
// index's definition and the temporary triggers.
func (l *Loader) startSideSearch(table string, existing bool) *sideSearch {
	fts := table + "_fts"
	var ddl string
	if err := l.w.tx.QueryRowContext(l.ctx, "SELECT sql FROM sqlite_master WHERE name = ?", fts).Scan(&ddl); err != nil {
		return nil
	}
	side, ok := sideSearchDDL(ddl, table)
	if !ok {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(l.s.path), sideSearchPrefix(l.s.path)+"*")
	if err != nil {
		trace("side search for %s: %v", table, err)
		return nil
	}
	f.Close()
	q := url.Values{}
	for _, p := range []string{"journal_mode(OFF)", "synchronous(OFF)", fmt.Sprintf("cache_size(%d)", sideSearchCache), "temp_store(FILE)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: f.Name()}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		os.Remove(f.Name())
		return nil
	}
	db.SetMaxOpenConns(1)
	giveUp := func(err error) *sideSearch {
		trace("side search for %s: %v", table, err)
		l.dropSideTriggers(table)
		db.Close()
		os.Remove(f.Name())
		return nil
	}
	// Triggers that note any change to the search text the side index
	// would miss; temporary, so they exist in this connection only and
	// vanish with a rollback (and are dropped at the end of the load).
	// Whatever an earlier load left is dropped first.
	if err := l.dropSideTriggers(table); err != nil {
		return giveUp(err)
	}
	for _, q := range []string{
		"CREATE TEMP TABLE kontor_side_stale (tbl TEXT PRIMARY KEY)",
		fmt.Sprintf("CREATE TEMP TRIGGER kontor_%[1]s_side_update AFTER UPDATE OF search_text ON main.%[1]s WHEN old.search_text IS NOT new.search_text BEGIN INSERT OR IGNORE INTO kontor_side_stale VALUES ('%[1]s'); END", table),
		fmt.Sprintf("CREATE TEMP TRIGGER kontor_%[1]s_side_delete AFTER DELETE ON main.%[1]s BEGIN INSERT OR IGNORE INTO kontor_side_stale VALUES ('%[1]s'); END", table),
	} {
		if _, err := l.w.tx.ExecContext(l.ctx, q); err != nil {
			return giveUp(err)
		}
	}
	// The builder stops when the load ends without its index (close).
	ctx, cancel := context.WithCancel(l.ctx)
	s := &sideSearch{table: table, fts: fts, ddl: ddl, path: f.Name(), db: db, rows: make(chan []searchRow, 16), done: make(chan error, 1), cancel: cancel}
	var src string
	if existing {
		src = "file:" + (&url.URL{Path: l.s.path}).EscapedPath() + "?mode=ro"
	}
	go func() { s.done <- s.build(ctx, side, src) }()
	return s
}

// add queues a row for the side index.
func (s *sideSearch) add(id int64, text string) {
	s.pending = append(s.pending, searchRow{id, text})
	if len(s.pending) == deriveChunk {
		s.rows <- s.pending
		s.pending = make([]searchRow, 0, deriveChunk)
	}
}

// finish tells the builder that every row was fed; wait gets its result.
func (s *sideSearch) finish() {
	if s.closed {
		return
	}
	if len(s.pending) > 0 {
		s.rows <- s.pending
		s.pending = nil
	}
	close(s.rows)
	s.closed = true
}

func (s *sideSearch) wait() error {
	s.finish()
	err := <-s.done
	s.done <- err // wait may be called again (close after finish)
	return err
}

// close ends the builder, whatever state it is in (a load that failed
// does not wait for it to finish an index nobody will use), and removes
// the scratch file.
func (s *sideSearch) close() {
	s.cancel()
	s.wait()
	s.db.Close()
	os.Remove(s.path)
}

// build runs on its own goroutine: the fed rows into the side index,
// written unmerged and merged once at the end like rebuildFTS. It keeps
// reading the fed rows after a failure, so the loader never blocks on it.
func (s *sideSearch) build(ctx context.Context, ddl, src string) (err error) {
	defer func() {
		for range s.rows {
		}
	}()
	t0 := time.Now()
	if _, err := s.db.ExecContext(ctx, ddl); err != nil {
		return err
	}
	for _, q := range rebuildFTS(s.fts)[:2] { // automerge 0, crisismerge max
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if src != "" {
		if _, err := s.db.ExecContext(ctx, "ATTACH ? AS src", src); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA src.cache_size = %d", sideSearchCache)); err != nil {
			return err
		}
		res, err := s.db.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (rowid, search_text) SELECT id, search_text FROM src.%s ORDER BY id", s.fts, s.table))
		if err != nil {
			return fmt.Errorf("add the rows there before: %w", err)
		}
		n, _ := res.RowsAffected()
		s.indexed += n
		if _, err := s.db.ExecContext(ctx, "DETACH src"); err != nil {
			return err
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// FTS5 writes what it holds as a new segment at the end of every
	// statement, and fails with "database or disk is full" at 2,000
	// segments: rows go in sideBatch at a time (a million people make
	// about 250 segments, merged once at the end).
	full, err := tx.PrepareContext(ctx, insertSQL(s.fts, []string{"rowid", "search_text"}, sideBatch))
	if err != nil {
		return err
	}
	batch := make([]any, 0, 2*sideBatch)
	insert := func() error {
		var err error
		switch {
		case len(batch) == 0:
			return nil
		case len(batch) == cap(batch):
			_, err = full.ExecContext(ctx, batch...)
		default:
			_, err = tx.ExecContext(ctx, insertSQL(s.fts, []string{"rowid", "search_text"}, len(batch)/2), batch...)
		}
		if err != nil {
			return fmt.Errorf("add rows after %d: %w", s.indexed, err)
		}
		s.indexed += int64(len(batch) / 2)
		batch = batch[:0]
		return nil
	}
	for rows := range s.rows {
		for _, r := range rows {
			batch = append(batch, r.id, r.text)
			if len(batch) == 2*sideBatch {
				if err := insert(); err != nil {
					return err
				}
			}
		}
	}
	if err := insert(); err != nil {
		return err
	}
	for _, q := range rebuildFTS(s.fts)[3:] { // optimize, default merge settings
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	trace("%v side search index %s: %d rows", time.Since(t0), s.fts, s.indexed)
	return nil
}

// errSideStale says the side index missed a change; the load rebuilds.
var errSideStale = errors.New("the table changed beside the load")

// copySideSearch replaces the data file's search index tables of the table with
// the side index's, in the load's transaction. It returns errSideStale,
// and changes nothing, when the side index does not hold exactly the
// table's rows.
func (l *Loader) copySideSearch(s *sideSearch) error {
	if err := s.wait(); err != nil {
		return fmt.Errorf("%w: %v", errSideStale, err)
	}
	var stale bool
	var count int64
	if err := l.w.tx.QueryRowContext(l.ctx, "SELECT EXISTS (SELECT 1 FROM temp.kontor_side_stale WHERE tbl = ?), (SELECT count(*) FROM "+s.table+")", s.table).Scan(&stale, &count); err != nil {
		return err
	}
	if stale || count != s.indexed {
		return fmt.Errorf("%w (changed: %v; %d rows, %d indexed)", errSideStale, stale, count, s.indexed)
	}
	// The search index is made anew before its tables are filled: FTS5
	// keeps the index's structure it read last in the connection (until
	// another connection commits), and would go on using the old one.
	for _, q := range []string{"DROP TABLE main." + s.fts, s.ddl,
		"DELETE FROM main." + s.fts + "_data", "DELETE FROM main." + s.fts + "_idx", "DELETE FROM main." + s.fts + "_config"} {
		if _, err := l.w.tx.ExecContext(l.ctx, q); err != nil {
			return err
		}
	}
	for _, t := range []struct {
		name string
		cols []string
	}{
		{"_data", []string{"id", "block"}},
		{"_idx", []string{"segid", "term", "pgno"}},
		{"_config", []string{"k", "v"}},
	} {
		if err := copyRows(l, s.db, s.fts+t.name, t.cols); err != nil {
			return err
		}
	}
	return nil
}

// copyRows copies a table from the side file into the writer's
// transaction a row at a time, through one prepared statement, the index's
// pages passed on as read.
func copyRows(l *Loader, from *sql.DB, table string, cols []string) error {
	rows, err := from.QueryContext(l.ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+table)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	ins, err := l.w.tx.PrepareContext(l.ctx, insertSQL("main."+table, cols, 1))
	if err != nil {
		return fmt.Errorf("write %s: %w", table, err)
	}
	defer ins.Close()
	// The index's pages and terms (BLOBs) are read in place; the other
	// columns (integers, and _config's values) as they are.
	blobs := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	args := make([]any, len(cols))
	isBlob := make([]bool, len(cols))
	for i, c := range cols {
		isBlob[i] = c == "block" || c == "term"
		if isBlob[i] {
			ptrs[i] = &blobs[i]
		} else {
			ptrs[i] = &args[i]
		}
	}
	copied := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
		for i, b := range blobs {
			if !isBlob[i] {
				continue
			}
			// An empty BLOB reads as nil (a segment's first term is the
			// empty one); it is not NULL.
			args[i] = []byte(b)
			if b == nil {
				args[i] = []byte{}
			}
			copied += len(b)
		}
		// The driver reads every value into a new slice: collect them
		// every 8 MB, or they raise the heap (and the import's peak
		// memory) by tens of megabytes.
		if copied > 8<<20 {
			runtime.GC()
			copied = 0
		}
		if _, err := ins.ExecContext(l.ctx, args...); err != nil {
			return fmt.Errorf("write %s: %w", table, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	return nil
}

// dropSideTriggers removes the temporary triggers of a side index and the
// table they write to, if there.
func (l *Loader) dropSideTriggers(table string) error {
	for _, q := range []string{
		fmt.Sprintf("DROP TRIGGER IF EXISTS temp.kontor_%s_side_update", table),
		fmt.Sprintf("DROP TRIGGER IF EXISTS temp.kontor_%s_side_delete", table),
		"DROP TABLE IF EXISTS temp.kontor_side_stale",
	} {
		if _, err := l.w.tx.ExecContext(l.ctx, q); err != nil {
			return err
		}
	}
	return nil
}

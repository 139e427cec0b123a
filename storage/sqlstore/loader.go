package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"kontor/domain"
)

// Loader writes many records in one transaction, fast: rows are batched
// into multi-row INSERTs with ids assigned here, and when a table was empty
// at the start, its secondary indexes and search triggers are dropped for
// the load and rebuilt at the end (in the same transaction, so a crash
// leaves all or nothing). Records must already be normalised (domain
// Rules); the loader computes the derived columns.
type Loader struct {
	ctx context.Context
	s   *Store
	w   *txWriter

	batches map[string]*batch
	nextID  map[string]int64
	// People wait in queue for their derived columns (sort and matching
	// keys, search text: a third of the CPU time of adding a person),
	// which are computed a chunk at a time on another goroutine while
	// this one writes the chunk before.
	queue    []queuedPerson
	derived  chan []queuedPerson // the chunk being derived, when deriving
	deriving bool
	// rebuild lists the tables loaded on the fast path, with the DDL of
	// the indexes and triggers dropped for the load.
	rebuild map[string][]string
	// side holds the search indexes being built beside the load
	// (sidesearch.go), by table.
	side map[string]*sideSearch
	// copied lists the tables whose side search index was copied in.
	copied []string
	t0     time.Time
}

func trace(format string, args ...any) {
	if os.Getenv("KONTOR_TRACE") != "" {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
	}
}

type batch struct {
	table string
	cols  []string
	rows  [][]any
}

// batchRows is how many rows one INSERT carries (kept under SQLite's
// 32766-parameter limit for the widest table).
const batchRows = 200

// Load runs fn with a Loader inside one write transaction; an error from fn
// rolls everything back.
func (s *Store) Load(ctx context.Context, fn func(l *Loader) error) error {
	defer s.restoreWriterCache(ctx)
	return s.write(ctx, func(tx *sql.Tx) error {
		l, err := s.newLoader(ctx, tx, true, nil)
		if err != nil {
			return err
		}
		defer l.close()
		if err := fn(l); err != nil {
			return err
		}
		return l.finish()
	})
}

// newLoader starts a load in tx. With allowFast, a table that is empty, or
// to which adds (the number of records the caller will add, by table) adds
// many records for its size, is written on the fast path: its secondary
// indexes and search triggers dropped for the load and rebuilt at the end.
func (s *Store) newLoader(ctx context.Context, tx *sql.Tx, allowFast bool, adds map[string]int) (*Loader, error) {
	l := &Loader{t0: time.Now(), ctx: ctx, s: s, w: s.newWriter(ctx, tx), batches: map[string]*batch{}, nextID: map[string]int64{}, rebuild: map[string][]string{},
		derived: make(chan []queuedPerson, 1), side: map[string]*sideSearch{}}
	s.removeStaleSideSearch()
	var fast []string
	empty := map[string]bool{}
	for _, t := range []string{"companies", "people", "deals"} {
		var maxID sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT max(id) FROM "+t).Scan(&maxID); err != nil {
			return nil, err
		}
		l.nextID[t] = maxID.Int64 + 1
		if allowFast && (!maxID.Valid || s.rebuildCheaper(adds[t], maxID.Int64)) {
			trace("fast path for %s: %d adds to ids up to %d", t, adds[t], maxID.Int64)
			fast = append(fast, t)
			empty[t] = !maxID.Valid
		}
	}
	if len(fast) == 0 {
		return l, nil
	}
	// The small cache first: dropping the indexes of a large table reads
	// their pages (70 MB more, for a moment, on a million people).
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", fastPathCache)); err != nil {
		return nil, err
	}
	for _, t := range fast {
		if err := l.dropForLoad(t); err != nil {
			return nil, err
		}
	}
	// People's search text is at hand as they are written (the loader
	// derives it), so their search index can grow beside (sidesearch.go).
	// Last: nothing here may fail after a builder started.
	if t := "people"; slices.Contains(fast, t) && adds[t] >= cmp.Or(s.sideSearchMin, sideSearchMin) {
		if side := l.startSideSearch(t, !empty[t]); side != nil {
			l.side[t] = side
		}
	}
	return l, nil
}

// close ends a load, committed or not: the statements it prepared and the
// search indexes it was building on the side (their scratch files
// removed).
func (l *Loader) close() {
	for _, s := range l.side {
		s.close()
	}
	l.w.close()
}

// restoreWriterCache gives the writer connection its usual page cache
// after a load (Load and RunImport defer it), whether the load committed,
// failed or was cancelled: SQLite keeps a cache_size set in a transaction
// that rolled back.
func (s *Store) restoreWriterCache(ctx context.Context) {
	// The store may be closed by now (a new file built whole), or have no
	// writer (read-only): nothing to restore then.
	if s.w == nil {
		return
	}
	_, _ = s.w.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", writerCache))
}

// fastPathCache is the writer's page cache (SQLite's cache_size, in KiB
// when negative) while tables are loaded on the fast path, instead of the
// usual 64 MB. Rows are appended there, which needs few pages, and an
// index build sorts in runs as large as the page cache: 8 MB runs build
// the indexes of a million people as fast as 64 MB ones, and leave room
// for the search index built beside (sidesearch.go) within a large
// import's 300 MB (BENCHMARKS.md).
const fastPathCache = -8 << 10

// fastPathShare is the share of a table's size from which adding records
// costs less with its indexes and search index built again after the
// rows than kept up row by row. Measured on a million people: rows go in
// at about 17 µs each with the indexes built after (rows, nine indexes and
// the search index of a new file), and at about 340 µs each into live
// indexes (500,000 people added to a million in 170 s), so the rebuild of
// the whole table pays from about 5% added; 1/16 leaves a margin.
const (
	fastPathShare = 16
	fastPathMin   = 10_000
)

// rebuildCheaper reports whether adding adds records to a table whose ids
// go up to maxID (about its size) costs less on the fast path.
func (s *Store) rebuildCheaper(adds int, maxID int64) bool {
	least := int64(fastPathMin)
	if s.fastPathMin > 0 {
		least = int64(s.fastPathMin)
	}
	return int64(adds) >= max(least, maxID/fastPathShare)
}

// loadTables lists a record table with its child tables.
var loadTables = map[string][]string{
	"companies": {"companies", "company_tax_ids"},
	"people":    {"people", "person_emails", "person_phones"},
	"deals":     {"deals"},
}

// dropForLoad drops the secondary indexes and triggers of a table and its
// child tables (the rebuild at the end builds the search index from all
// its rows: those there before the load included).
func (l *Loader) dropForLoad(table string) error {
	for _, t := range loadTables[table] {
		rows, err := l.w.tx.QueryContext(l.ctx, "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL", t)
		if err != nil {
			return err
		}
		var drops []string
		for rows.Next() {
			var typ, name, ddl string
			if err := rows.Scan(&typ, &name, &ddl); err != nil {
				rows.Close()
				return err
			}
			l.rebuild[table] = append(l.rebuild[table], ddl)
			// An SQL identifier: Go's %q would escape a backslash in a
			// name that a user's own index may have.
			drops = append(drops, fmt.Sprintf(`DROP %s "%s"`, typ, strings.ReplaceAll(name, `"`, `""`)))
		}
		rows.Close()
		for _, d := range drops {
			if _, err := l.w.tx.ExecContext(l.ctx, d); err != nil {
				return err
			}
		}
	}
	if _, ok := l.rebuild[table]; !ok {
		l.rebuild[table] = nil
	}
	return nil
}

func (l *Loader) add(table string, cols []string, vals []any) error {
	b := l.batches[table]
	if b == nil {
		b = &batch{table: table, cols: cols}
		l.batches[table] = b
	}
	b.rows = append(b.rows, vals)
	if len(b.rows) >= batchRows {
		// Parents first: a full batch of people may point at companies
		// still waiting in theirs.
		return l.writeBatches()
	}
	return nil
}

func (l *Loader) flushBatch(b *batch) error {
	if len(b.rows) == 0 {
		return nil
	}
	args := make([]any, 0, len(b.rows)*len(b.cols))
	for _, r := range b.rows {
		args = append(args, r...)
	}
	if _, err := l.w.exec(insertSQL(b.table, b.cols, len(b.rows)), args...); err != nil {
		return fmt.Errorf("load %s: %w", b.table, err)
	}
	b.rows = b.rows[:0]
	return nil
}

// flush writes every row added so far, the queued people included.
func (l *Loader) flush() error {
	if err := l.drain(); err != nil {
		return err
	}
	return l.writeBatches()
}

// writeBatches writes every batched row (parents before children).
func (l *Loader) writeBatches() error {
	for _, t := range []string{"companies", "company_tax_ids", "people", "person_emails", "person_phones", "deals"} {
		if b := l.batches[t]; b != nil {
			if err := l.flushBatch(b); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *Loader) finish() error {
	t0 := time.Now()
	if err := l.flush(); err != nil {
		return err
	}
	trace("adds done (since loader start) %v", time.Since(l.t0))
	for _, s := range l.side {
		s.finish() // it merges its index while the indexes are built
	}
	if len(l.rebuild) > 0 {
		// The index builds that follow allocate in SQLite, outside the Go
		// heap, and the Go side allocates little meanwhile: hand back the
		// heap the adds left free (on a million-row import about 100 MB
		// the process would otherwise keep while SQLite sorts).
		debug.FreeOSMemory()
	}
	for table, ddls := range l.rebuild {
		for _, ddl := range ddls {
			t0 = time.Now()
			if _, err := l.w.tx.ExecContext(l.ctx, ddl); err != nil {
				return fmt.Errorf("rebuild %s: %w", table, err)
			}
			trace("%v %.60s", time.Since(t0), ddl)
		}
		t0 = time.Now()
		fts := table + "_fts"
		if s := l.side[table]; s != nil {
			err := l.copySideSearch(s)
			if err == nil {
				trace("%v fts copied in %s", time.Since(t0), fts)
				l.copied = append(l.copied, table)
				continue
			}
			if !errors.Is(err, errSideStale) {
				return fmt.Errorf("copy in %s: %w", fts, err)
			}
			trace("side search index of %s not used: %v", table, err)
		}
		for _, q := range rebuildFTS(fts) {
			if _, err := l.w.tx.ExecContext(l.ctx, q); err != nil {
				return fmt.Errorf("rebuild %s: %w", fts, err)
			}
		}
		trace("%v fts rebuild %s", time.Since(t0), fts)
	}
	l.rebuild = map[string][]string{}
	for table := range l.side {
		if err := l.dropSideTriggers(table); err != nil {
			return err
		}
	}
	return nil
}

// rebuildFTS are the statements that rebuild a search index from its
// table in bulk. FTS5 normally merges its segments as it writes them
// (automerge, crisismerge); for a rebuild it is cheaper to write every
// segment unmerged and merge them all once at the end ('optimize'), which
// also leaves a single segment, the fastest to query: 9 s instead of 14 s
// for a million people. The merge settings go back to FTS5's defaults for
// the ordinary writes that follow. migrations/0004 does the same.
func rebuildFTS(fts string) []string {
	set := func(key string, v int) string {
		return fmt.Sprintf("INSERT INTO %s (%s, rank) VALUES ('%s', %d)", fts, fts, key, v)
	}
	return []string{
		set("automerge", 0),
		set("crisismerge", 1999), // FTS5's largest
		fmt.Sprintf("INSERT INTO %s (%s) VALUES ('rebuild')", fts, fts),
		fmt.Sprintf("INSERT INTO %s (%s) VALUES ('optimize')", fts, fts),
		set("automerge", 4),
		set("crisismerge", 16),
	}
}

func (l *Loader) id(table string) domain.ID {
	id := l.nextID[table]
	l.nextID[table]++
	return domain.ID(id)
}

// AddCompany adds a company and sets c.ID.
func (l *Loader) AddCompany(c *domain.Company) error {
	custom, err := l.w.checkCustom(domain.TypeCompany, c.Custom)
	if err != nil {
		return err
	}
	c.ID = l.id("companies")
	l.w.stamp(&c.Meta)
	l.w.companyNames[c.ID] = c.Name
	if err := l.add("companies", companyCols, companyValues(c, deriveCompany(c), custom)); err != nil {
		return err
	}
	seen := map[domain.TaxID]bool{}
	for _, t := range c.TaxIDs {
		if !seen[t] {
			seen[t] = true
			if err := l.add("company_tax_ids", []string{"company_id", "kind", "value"}, []any{int64(c.ID), t.Kind, t.Value}); err != nil {
				return err
			}
		}
	}
	return nil
}

// AddPerson adds a person and sets p.ID. A CompanyID must name a company
// already in the file or added earlier.
func (l *Loader) AddPerson(p *domain.Person) error {
	company, err := l.companyName(p.CompanyID)
	if err != nil {
		return err
	}
	return l.addPerson(p, company, nil)
}

// PreparedPerson is a person with the columns the data file derives from
// it (matching keys, sort keys, search text) already computed. Preparing
// is pure CPU work that is safe on any goroutine, so a bulk load can
// prepare the next people on other cores while the Loader writes.
type PreparedPerson struct {
	Person  domain.Person
	company string
	derived personDerived
}

// PreparePerson prepares p; company is the name of the company p.CompanyID
// names ("" for none).
func PreparePerson(p domain.Person, company string) PreparedPerson {
	return PreparedPerson{Person: p, company: company, derived: derivePerson(&p, company)}
}

// AddPrepared adds a prepared person and sets pp.Person.ID. When the
// company's name in the data file is not the one it was prepared with, the
// derived columns are computed again.
func (l *Loader) AddPrepared(pp *PreparedPerson) error {
	company, err := l.companyName(pp.Person.CompanyID)
	if err != nil {
		return err
	}
	if company != pp.company {
		return l.addPerson(&pp.Person, company, nil)
	}
	return l.addPerson(&pp.Person, company, &pp.derived)
}

// queuedPerson is a person's row waiting for its derived columns, with the
// rows of its further e-mails and phones, which follow it.
type queuedPerson struct {
	id      int64
	p       domain.Person // what derivePerson reads, copied
	company string
	vals    []any // personOwnValues

	children []queuedRow
	derived  personDerived
	ready    bool // derived is set
}

type queuedRow struct {
	table string
	cols  []string
	vals  []any
}

// deriveChunk is how many people are derived at a time on the other
// goroutine.
const deriveChunk = 256

// addPerson assigns the person's id and queues its rows; derived is nil
// when the derived columns are still to be computed.
func (l *Loader) addPerson(p *domain.Person, company string, derived *personDerived) error {
	custom, err := l.w.checkCustom(domain.TypePerson, p.Custom)
	if err != nil {
		return err
	}
	p.ID, p.Company = l.id("people"), company
	l.w.stamp(&p.Meta)
	q := queuedPerson{id: int64(p.ID), company: company, vals: personOwnValues(p, custom)}
	if derived != nil {
		q.derived, q.ready = *derived, true
	} else {
		q.p = domain.Person{FirstName: p.FirstName, LastName: p.LastName, Title: p.Title, Emails: slices.Clone(p.Emails), Phones: slices.Clone(p.Phones)}
	}
	for i := 1; i < len(p.Emails); i++ {
		e := p.Emails[i]
		q.children = append(q.children, queuedRow{"person_emails", []string{"person_id", "position", "email", "label", "email_key"},
			[]any{int64(p.ID), i, e.Address, e.Label, domain.EmailKey(e.Address)}})
	}
	for i := 1; i < len(p.Phones); i++ {
		ph := p.Phones[i]
		q.children = append(q.children, queuedRow{"person_phones", []string{"person_id", "position", "phone", "e164", "label"},
			[]any{int64(p.ID), i, ph.Raw, ph.E164, ph.Label}})
	}
	l.queue = append(l.queue, q)
	if len(l.queue) < deriveChunk {
		return nil
	}
	// Write the chunk derived meanwhile, and derive this one.
	if err := l.collect(); err != nil {
		return err
	}
	chunk := l.queue
	l.queue = make([]queuedPerson, 0, deriveChunk)
	l.deriving = true
	go func() {
		deriveQueued(chunk)
		l.derived <- chunk // buffered: never blocks, also after a failed load
	}()
	return nil
}

func deriveQueued(chunk []queuedPerson) {
	for i := range chunk {
		if q := &chunk[i]; !q.ready {
			q.derived, q.ready = derivePerson(&q.p, q.company), true
		}
	}
}

// collect waits for the chunk being derived, if any, and adds its rows.
func (l *Loader) collect() error {
	if !l.deriving {
		return nil
	}
	chunk := <-l.derived
	l.deriving = false
	return l.addQueued(chunk)
}

// drain adds every queued person's rows, in the order they were added.
func (l *Loader) drain() error {
	if err := l.collect(); err != nil {
		return err
	}
	deriveQueued(l.queue)
	err := l.addQueued(l.queue)
	l.queue = l.queue[:0]
	return err
}

func (l *Loader) addQueued(chunk []queuedPerson) error {
	for i := range chunk {
		q := &chunk[i]
		if err := l.add("people", personCols, append(q.vals, q.derived.values()...)); err != nil {
			return err
		}
		if s := l.side["people"]; s != nil {
			s.add(q.id, q.derived.search)
		}
		for _, c := range q.children {
			if err := l.add(c.table, c.cols, c.vals); err != nil {
				return err
			}
		}
	}
	return nil
}

// AddDeal adds a deal and sets d.ID; StageID must be set.
func (l *Loader) AddDeal(d *domain.Deal) error {
	custom, err := l.w.checkCustom(domain.TypeDeal, d.Custom)
	if err != nil {
		return err
	}
	if d.StageID == 0 {
		return fmt.Errorf("deal %q has no stage", d.Title)
	}
	company, err := l.companyName(d.CompanyID)
	if err != nil {
		return err
	}
	person, err := l.personName(d.PersonID)
	if err != nil {
		return err
	}
	d.ID, d.Company, d.Person = l.id("deals"), company, person
	l.w.stamp(&d.Meta)
	return l.add("deals", dealCols, dealValues(d, deriveDeal(d, company, person), custom))
}

// companyName finds a company's name among the rows added (cached) or in
// the file.
func (l *Loader) companyName(id domain.ID) (string, error) {
	if id == 0 {
		return "", nil
	}
	if n, ok := l.w.companyNames[id]; ok {
		return n, nil
	}
	if err := l.flush(); err != nil {
		return "", err
	}
	return l.w.companyName(id)
}

// personName reads a person's name; people added in this load are flushed
// first so the lookup sees them.
func (l *Loader) personName(id domain.ID) (string, error) {
	if id == 0 {
		return "", nil
	}
	if n, ok := l.w.personNames[id]; ok {
		return n, nil
	}
	if b := l.batches["people"]; len(l.queue) > 0 || l.deriving || b != nil && len(b.rows) > 0 {
		if err := l.flush(); err != nil {
			return "", err
		}
	}
	name, err := l.w.personName(id)
	if len(l.w.personNames) > 100_000 {
		clear(l.w.personNames)
	}
	return name, err
}

package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"kontor/domain"
)

// Keyset paging. A list's display order is a sequence of segments; each
// segment is a slice of the table (e.g. "rows with a title") ordered by one
// column and then id, or by id alone. Rows without a value get a segment of
// their own at the end, so they come last whatever the direction; deals by
// stage are one segment per stage, in pipeline order. A page is read by
// walking segments from a cursor, each with an index seek: no OFFSET, and no
// query reads more rows than the page needs (except the narrow-filter case,
// which sorts a small match set).

type segment struct {
	cond string // SQL condition selecting the segment's rows
	args []any
	col  string // ordering column; "" orders by id alone
	desc bool
}

// cursorKey is the opaque Key of a domain.Cursor made by this package.
type cursorKey struct {
	Seg int
	V   any
}

// maxPage caps a page.
const maxPage = 1000

// filterTuning says how a filtered list is read (BenchmarkBrowseFilter
// measures the choice on a million people).
type filterTuning struct {
	// narrowCap is the match count up to which a filtered list is read
	// by sorting the matches.
	narrowCap int
	// walkBudget is how many rows of a segment a broader filter examines
	// in display order, checking each row's search_text in Go, before it
	// reads the whole match set from the search index instead (matches
	// clustered far along the sort order: "kow" in a list sorted by name).
	walkBudget int
	// noPositions reads clustered matches with SQL even without relation
	// filters, never with the positions of the list order (tests).
	noPositions bool
	// waitPositions waits for the positions of the list order to be read
	// instead of reading the page with SQL meanwhile (tests).
	waitPositions bool
	// partRows is how many ids of a table one connection covers when the
	// matches of a prefix-indexed search are read on several at once
	// (matchIDs), and parallel how many connections at most (0: one per
	// core, up to maxParallelReads).
	partRows int64
	parallel int
	// splitOrder overrides splitOrderRows (tests).
	splitOrder int64
}

var defaultFilterTuning = filterTuning{narrowCap: 10_000, walkBudget: 500, partRows: 100_000}

// listSpec describes one table for the pager.
type listSpec struct {
	table   string // people
	alias   string // p
	fts     string // people_fts
	selects string // the select list, ending without a comma
	joins   string // LEFT JOINs for the names shown
}

// pageQuery is one list request prepared for a table.
type pageQuery struct {
	spec     listSpec
	segments []segment
	where    []string // relation filters
	args     []any
	match    string      // FTS query, "" for none
	words    []string    // the filter's folded words, each a prefix
	ids      []domain.ID // the matches' ids, if matchSet read them all (allIDs)
	allIDs   bool
	narrow   bool // few matches: sort the match set
	tune     filterTuning
	store    *Store // for the positions of list orders (order.go); nil: none
}

// ftsQuery turns a filter's words (domain.SearchTokens) into an FTS5 query:
// every word a prefix, all required. "" when there are no words.
func ftsQuery(toks []string) string {
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		parts = append(parts, `"`+strings.ReplaceAll(t, `"`, `""`)+`"*`)
	}
	return strings.Join(parts, " ")
}

// from gives the FROM clause: with few matches, the matches drive the
// query (their ids as read by matchSet, or the search index itself).
func (pq *pageQuery) from() (string, []any) {
	s := pq.spec
	switch {
	case pq.match != "" && pq.narrow && pq.allIDs:
		return fmt.Sprintf("json_each(?) AS matches CROSS JOIN %s %s ON %s.id = matches.value %s", s.table, s.alias, s.alias, s.joins), []any{idsJSON(pq.ids)}
	case pq.match != "" && pq.narrow:
		return fmt.Sprintf("%s CROSS JOIN %s %s ON %s.id = %s.rowid %s", s.fts, s.table, s.alias, s.alias, s.fts, s.joins), nil
	}
	return fmt.Sprintf("%s %s %s", s.table, s.alias, s.joins), nil
}

func (pq *pageQuery) baseWhere() ([]string, []any) {
	where := slices.Clone(pq.where)
	args := slices.Clone(pq.args)
	if pq.match != "" {
		if pq.narrow {
			if pq.allIDs {
				return where, args
			}
			where = append(where, pq.spec.fts+" MATCH ?")
		} else {
			// The matches, read from the index once into a temporary set
			// that each row in sort order is looked up in ("+" keeps the
			// set from driving the scan, which would sort every match). A
			// correlated EXISTS re-read the whole prefix's list per row:
			// seconds on a million people.
			where = append(where, fmt.Sprintf("+%s.id IN (SELECT rowid FROM %s WHERE %s MATCH ?)", pq.spec.alias, pq.spec.fts, pq.spec.fts))
		}
		args = append(args, pq.match)
	}
	return where, args
}

// segmentSQL builds the query for part of one segment: rows after (or,
// with back, before) a position, in display order (reversed with back).
func (pq *pageQuery) segmentSQL(seg segment, from *cursorKey, fromID domain.ID, back bool, limit int) (string, []any) {
	fromSQL, args := pq.from()
	where, whereArgs := pq.baseWhere()
	segWhere, segArgs, order, sortValue := pq.segmentOrder(seg, from, fromID, back)
	where, args = append(where, segWhere...), append(append(args, whereArgs...), segArgs...)
	q := "SELECT " + pq.spec.selects + ", " + sortValue + " FROM " + fromSQL
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY " + order + " LIMIT ?"
	return q, append(args, limit)
}

// walkSQL builds the query that walks part of one segment in display
// order, reading each row's id, sort value and search_text, without the
// filter: the walker checks the words itself.
func (pq *pageQuery) walkSQL(seg segment, from *cursorKey, fromID domain.ID, back bool, limit int) (string, []any) {
	where, args := slices.Clone(pq.where), slices.Clone(pq.args)
	segWhere, segArgs, order, sortValue := pq.segmentOrder(seg, from, fromID, back)
	where, args = append(where, segWhere...), append(args, segArgs...)
	a := pq.spec.alias
	q := fmt.Sprintf("SELECT %s.id, %s, %s.search_text FROM %s %s", a, sortValue, a, pq.spec.table, a)
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY " + order + " LIMIT ?"
	return q, append(args, limit)
}

// segmentOrder gives a segment's condition, the position condition and
// the order (reversed with back), and the expression of the sort value.
func (pq *pageQuery) segmentOrder(seg segment, from *cursorKey, fromID domain.ID, back bool) (where []string, args []any, order, sortValue string) {
	if seg.cond != "" {
		where = append(where, seg.cond)
		args = append(args, seg.args...)
	}
	desc := seg.desc != back
	op, dir := ">", "ASC"
	if desc {
		op, dir = "<", "DESC"
	}
	id := pq.spec.alias + ".id"
	if from != nil {
		if seg.col != "" {
			where = append(where, fmt.Sprintf("(%s, %s) %s (?, ?)", seg.col, id, op))
			args = append(args, from.V, int64(fromID))
		} else {
			where = append(where, fmt.Sprintf("%s %s ?", id, op))
			args = append(args, int64(fromID))
		}
	}
	order = id + " " + dir
	sortValue = "NULL"
	if seg.col != "" {
		order = seg.col + " " + dir + ", " + order
		sortValue = seg.col
	}
	return where, args, order, sortValue
}

// fetch reads up to limit rows in display order after a cursor (or from the
// start), or, with back, before a cursor (or from the end), and returns
// them in display order with their cursors, and whether more exist in
// the direction read.
func fetch[T any](ctx context.Context, db queryer, pq *pageQuery, q domain.ListQuery, scan func(sc scanner) (T, domain.ID, error)) (domain.Page[T], error) {
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = 50
	case limit > maxPage:
		limit = maxPage
	}
	back := q.Before != nil || q.Last
	var start *domain.Cursor
	switch {
	case q.After != nil:
		start = q.After
	case q.Before != nil:
		start = q.Before
	}
	segs := pq.segments
	order := make([]int, len(segs))
	for i := range order {
		order[i] = i
	}
	if back {
		slices.Reverse(order)
	}
	var page domain.Page[T]
	begun := start == nil
	want := limit + 1 // one more tells whether there is more
	for _, si := range order {
		var from *cursorKey
		var fromID domain.ID
		if !begun {
			ck, ok := start.Key.(cursorKey)
			if !ok {
				return page, fmt.Errorf("cursor from another list")
			}
			if ck.Seg != si {
				continue
			}
			begun = true
			from, fromID = &ck, start.ID
		}
		var err error
		need := want - len(page.Items)
		done := false
		if pq.match != "" && (pq.narrow || pq.allIDs) {
			done, err = fetchFromKeptOrder(ctx, db, pq, si, from, fromID, back, need, scan, &page)
		}
		switch {
		case err != nil || done:
		case pq.match != "" && !pq.narrow:
			err = fetchWide(ctx, db, pq, si, from, fromID, back, need, scan, &page)
		default:
			err = fetchSegment(ctx, db, pq, si, from, fromID, back, need, scan, &page)
		}
		if err != nil {
			return page, err
		}
		if len(page.Items) >= want {
			break
		}
	}
	if len(page.Items) > limit {
		page.Items, page.Cursors, page.More = page.Items[:limit], page.Cursors[:limit], true
	}
	if back {
		slices.Reverse(page.Items)
		slices.Reverse(page.Cursors)
	}
	return page, nil
}

// fetchSegment appends up to need rows of segment si after (before, with
// back) a position to page, with one query.
func fetchSegment[T any](ctx context.Context, db queryer, pq *pageQuery, si int, from *cursorKey, fromID domain.ID, back bool, need int,
	scan func(sc scanner) (T, domain.ID, error), page *domain.Page[T]) error {
	query, args := pq.segmentSQL(pq.segments[si], from, fromID, back, need)
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("list %s: %w", pq.spec.table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sv any
		item, id, err := scan(withExtra{sc: rows, extra: []any{&sv}})
		if err != nil {
			return err
		}
		page.Items = append(page.Items, item)
		page.Cursors = append(page.Cursors, domain.Cursor{Key: cursorKey{Seg: si, V: sv}, ID: id})
	}
	return rows.Err()
}

// fetchFromKeptOrder appends up to need matches of segment si to page when
// the positions of the list order are kept (they are not read for it) and
// no relation filter applies: the matches with the smallest positions after
// the cursor, read by id. It serves a narrow filter (50 rows read instead
// of every match sorted: "kowalska", 7,864 matches) and a wide one whose
// matches were all read already (no walk: "kowal", 31,166 matches). It
// reports false, having read nothing, when the positions are not kept or
// turn out stale: the page is read otherwise.
func fetchFromKeptOrder[T any](ctx context.Context, db queryer, pq *pageQuery, si int, from *cursorKey, fromID domain.ID, back bool, need int,
	scan func(sc scanner) (T, domain.ID, error), page *domain.Page[T]) (bool, error) {
	if pq.store == nil || len(pq.where) > 0 || pq.tune.noPositions {
		return false, nil
	}
	o := pq.store.keptOrder(ctx, pq)
	if o == nil {
		return false, nil
	}
	at := uint32(0)
	if from != nil {
		if int64(fromID) <= 0 || int64(fromID) >= int64(len(o.pos)) || o.pos[fromID] == 0 {
			return false, nil
		}
		at = o.pos[fromID]
		if at <= o.start[si] || at > o.start[si+1] {
			return false, nil
		}
		// The cursor's row may have changed since the cursor was made
		// (the UI reads the page around a record just saved): its
		// position now is then not where the cursor stands.
		if same, err := cursorStillHolds(ctx, db, pq, si, from, fromID); err != nil || !same {
			return false, err
		}
	}
	return fetchByOrder(ctx, db, pq, o, si, at, back, need, scan, page)
}

// cursorStillHolds reports whether the cursor's row is still in segment si
// with the sort value the cursor holds.
func cursorStillHolds(ctx context.Context, db queryer, pq *pageQuery, si int, from *cursorKey, fromID domain.ID) (bool, error) {
	seg := pq.segments[si]
	_, _, _, sortValue := pq.segmentOrder(seg, nil, 0, false)
	cond := "1"
	if seg.cond != "" {
		cond = seg.cond
	}
	a := pq.spec.alias
	var v any
	var in bool
	err := db.QueryRowContext(ctx, fmt.Sprintf("SELECT %s, %s FROM %s %s WHERE %s.id = ?", sortValue, cond, pq.spec.table, a, a),
		append(slices.Clone(seg.args), int64(fromID))...).Scan(&v, &in)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("list %s: %w", pq.spec.table, err)
	}
	return in && sameValue(v, from.V), nil
}

// sameValue compares two values scanned from SQLite.
func sameValue(a, b any) bool {
	ab, aBytes := a.([]byte)
	bb, bBytes := b.([]byte)
	if aBytes || bBytes {
		return aBytes && bBytes && bytes.Equal(ab, bb)
	}
	return a == b
}

// walkedRow is a row a wide filter's walk found.
type walkedRow struct {
	id domain.ID
	sv any
}

// fetchWide appends up to need rows of segment si matching a filter that
// matches many records. It walks the segment in display order and checks
// each row's search_text against the filter's words, which finds a page
// after a few rows when matches are common; when walkBudget rows pass
// with too few matches (they cluster further along), it reads the rest
// from the last row examined with the match set from the search index.
func fetchWide[T any](ctx context.Context, db queryer, pq *pageQuery, si int, from *cursorKey, fromID domain.ID, back bool, need int,
	scan func(sc scanner) (T, domain.ID, error), page *domain.Page[T]) error {
	query, args := pq.walkSQL(pq.segments[si], from, fromID, back, pq.tune.walkBudget)
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("list %s: %w", pq.spec.table, err)
	}
	var hits []walkedRow
	var last walkedRow
	examined := 0
	for rows.Next() {
		var id int64
		var sv any
		var text sql.NullString
		if err := rows.Scan(&id, &sv, &text); err != nil {
			rows.Close()
			return err
		}
		examined++
		last = walkedRow{id: domain.ID(id), sv: sv}
		if matchesWords(text.String, pq.words) {
			hits = append(hits, last)
			if len(hits) == need {
				break
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list %s: %w", pq.spec.table, err)
	}
	before := len(page.Items)
	if err := readWalked(ctx, db, pq, si, hits, scan, page); err != nil {
		return err
	}
	// A hit deleted between the walk and the read is not on the page:
	// what is still needed counts what was read.
	got := len(page.Items) - before
	if got == need || len(hits) < need && examined < pq.tune.walkBudget {
		return nil // enough, or the segment ended
	}
	// The matches are further along: with the positions of the list's
	// rows, the rest is the matches with the next positions (relation
	// filters, selective by nature, go on with SQL).
	if pq.store != nil && len(pq.where) == 0 && !pq.tune.noPositions {
		o, err := pq.store.listOrderFor(ctx, pq, pq.tune.waitPositions)
		if err != nil {
			return fmt.Errorf("list %s: %w", pq.spec.table, err)
		}
		if o != nil && int64(last.id) < int64(len(o.pos)) && o.pos[last.id] != 0 {
			done, err := fetchByOrder(ctx, db, pq, o, si, o.pos[last.id], back, need-got, scan, page)
			if err != nil || done {
				return err
			}
		}
	}
	return fetchSegment(ctx, db, pq, si, &cursorKey{Seg: si, V: last.sv}, last.id, back, need-got, scan, page)
}

// readWalked reads the rows a walk found, in full, and appends them to page
// in the walk's order (a hit deleted since the walk is left out).
func readWalked[T any](ctx context.Context, db queryer, pq *pageQuery, si int, hits []walkedRow,
	scan func(sc scanner) (T, domain.ID, error), page *domain.Page[T]) error {
	ids := make([]domain.ID, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	items, cursors, err := readByID(ctx, db, pq, si, ids, scan)
	page.Items, page.Cursors = append(page.Items, items...), append(page.Cursors, cursors...)
	return err
}

// readByID reads rows of segment si by id, in full and with their cursors,
// in the order of ids; ids no longer in the table are left out.
func readByID[T any](ctx context.Context, db queryer, pq *pageQuery, si int, ids []domain.ID,
	scan func(sc scanner) (T, domain.ID, error)) ([]T, []domain.Cursor, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = int64(id)
	}
	_, _, _, sortValue := pq.segmentOrder(pq.segments[si], nil, 0, false)
	q := fmt.Sprintf("SELECT %s, %s FROM %s %s %s WHERE %s.id IN (%s)", pq.spec.selects, sortValue, pq.spec.table, pq.spec.alias,
		pq.spec.joins, pq.spec.alias, strings.Repeat(",?", len(ids))[1:])
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list %s: %w", pq.spec.table, err)
	}
	defer rows.Close()
	type read struct {
		item T
		sv   any
	}
	byID := make(map[domain.ID]read, len(ids))
	for rows.Next() {
		var sv any
		item, id, err := scan(withExtra{sc: rows, extra: []any{&sv}})
		if err != nil {
			return nil, nil, err
		}
		byID[id] = read{item, sv}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	items := make([]T, 0, len(ids))
	cursors := make([]domain.Cursor, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			items = append(items, r.item)
			cursors = append(cursors, domain.Cursor{Key: cursorKey{Seg: si, V: r.sv}, ID: id})
		}
	}
	return items, cursors, nil
}

// matchesWords reports whether every word of a filter starts a word of
// text, as the search index's prefix query ("kow"* AND "jan"*) finds it:
// text is split as FTS5's ascii tokenizer splits it (at ASCII characters
// other than letters and digits, comparing ASCII letters in lower case;
// other characters belong to words). The words are folded search tokens.
func matchesWords(text string, words []string) bool {
	for _, w := range words {
		if !hasWordStartingWith(text, w) {
			return false
		}
	}
	return true
}

func hasWordStartingWith(text, prefix string) bool {
	atStart := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < 0x80 && !isASCIIAlnum(c) {
			atStart = true
			continue
		}
		if atStart && len(text)-i >= len(prefix) && equalFoldASCII(text[i:i+len(prefix)], prefix) {
			return true
		}
		atStart = false
	}
	return false
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// equalFoldASCII compares text with a lower-case prefix, folding only the
// ASCII letters of text.
func equalFoldASCII(text, lower string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// textSegments orders by a text column with empty values last.
func textSegments(col string, desc bool) []segment {
	return []segment{{cond: col + " > ''", col: col, desc: desc}, {cond: col + " = ''", desc: desc}}
}

// nullableSegments orders by a nullable column with NULLs last.
func nullableSegments(col string, desc bool) []segment {
	return []segment{{cond: col + " IS NOT NULL", col: col, desc: desc}, {cond: col + " IS NULL", desc: desc}}
}

// keySegments orders by a derived sort key (empty values already sort
// last through emptySortKey).
func keySegments(col string, desc bool) []segment {
	return []segment{{col: col, desc: desc}}
}

// prepareFilter sets the query's FTS match and decides how to read it.
func (s *Store) prepareFilter(ctx context.Context, pq *pageQuery, filter string) error {
	pq.tune, pq.store = s.filterTuning(), s
	pq.words = domain.SearchTokens(filter)
	pq.match = ftsQuery(pq.words)
	if pq.match == "" {
		// A list shown without a filter starts reading its order's
		// positions, so that a filter typed later finds them ready.
		if len(pq.where) == 0 && !pq.tune.noPositions {
			s.prefetchOrder(pq)
		}
		return nil
	}
	m, err := s.matchSet(ctx, pq.spec, pq.words, s.readsAll(ctx, pq, pq.words), pq.tune)
	if err != nil {
		return err
	}
	pq.narrow = m.n <= pq.tune.narrowCap
	pq.ids, pq.allIDs = m.ids, m.all
	if !pq.narrow && len(pq.where) == 0 && !pq.tune.noPositions {
		s.prefetchOrder(pq)
	}
	return nil
}

// matches is what matchSet read of a search: the number of matches, up to
// countCap+1 unless all, and with all, every match's id in rowid order.
type matches struct {
	n   int
	ids []domain.ID
	all bool
}

// matchSet reads the matches of a search: with all, every match's id (and
// so an exact count); otherwise their number up to countCap+1. The caller
// asks for all when the page will use them (readsAll). The UI asks for a
// filtered page and its count at once: one read answers both, and the last
// few are kept until the data file changes (PRAGMA data_version, which any
// other connection's commit changes, this process's writer included).
func (s *Store) matchSet(ctx context.Context, spec listSpec, words []string, all bool, tune filterTuning) (matches, error) {
	match := ftsQuery(words)
	version, err := s.DataVersion(ctx)
	if err != nil {
		return matches{}, fmt.Errorf("search: %w", err)
	}
	key := spec.fts + "\x00" + match
	for {
		if m, ok := s.counts.get(version, key); ok && (m.all || !all) {
			return m, nil
		}
		// The list and the count of a keystroke ask at once: one reads,
		// the other waits for it.
		done, mine := s.counts.claim(key, all)
		if mine {
			break
		}
		select {
		case <-done:
		case <-ctx.Done():
			return matches{}, fmt.Errorf("search: %w", ctx.Err())
		}
	}
	defer s.counts.release(key, all)
	var m matches
	if all {
		m.ids, err = s.matchIDs(ctx, spec, match, mergedQuery(words), tune)
		m.n, m.all = len(m.ids), true
	} else {
		err = s.r.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM (SELECT rowid FROM %s WHERE %s MATCH ? LIMIT ?)", spec.fts, spec.fts),
			match, countCap+1).Scan(&m.n)
	}
	if err != nil {
		return matches{}, fmt.Errorf("search: %w", err)
	}
	s.counts.put(version, key, m)
	return m, nil
}

// readsAll reports whether a search of pq's table reads every match's id:
// when FTS5 reads them all anyway (a word longer than the prefix indexes),
// and for several words when the positions of the list order are kept, to
// pick the page from them at once ("+48 60": instead of counting the
// matches, walking the list and reading them after all).
func (s *Store) readsAll(ctx context.Context, pq *pageQuery, words []string) bool {
	return mergedQuery(words) || len(words) > 1 && len(pq.where) == 0 && !pq.tune.noPositions && s.keptOrder(ctx, pq) != nil
}

// prefixIndexed is the longest prefix the search indexes keep (migration
// 0004: prefix='1 2 3').
const prefixIndexed = 3

// mergedQuery reports whether a filter has a word longer than the prefix
// indexes, which FTS5 reads by merging every matching word's list.
func mergedQuery(words []string) bool {
	for _, w := range words {
		if utf8.RuneCountInString(w) > prefixIndexed {
			return true
		}
	}
	return false
}

// countCache keeps recent match sets for one data version, and knows
// which are being read.
type countCache struct {
	mu       sync.Mutex
	version  int64
	sets     map[string]matches
	inflight flights // by key and kind (flightKey)
}

func flightKey(key string, all bool) string {
	if all {
		return key + "\x00all"
	}
	return key + "\x00count"
}

// claim returns a channel closed when a read that answers a search of key
// (all: its ids, not only a count) ends, or, if none is under way, claims
// one (mine): the caller reads and calls release.
func (c *countCache) claim(key string, all bool) (done <-chan struct{}, mine bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch := c.inflight.under(flightKey(key, true)); ch != nil {
		return ch, false
	}
	if ch := c.inflight.under(flightKey(key, false)); ch != nil && !all {
		return ch, false
	}
	return c.inflight.start(flightKey(key, all)), true
}

func (c *countCache) release(key string, all bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight.finish(flightKey(key, all))
}

func (c *countCache) get(version int64, key string) (matches, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return matches{}, false
	}
	m, ok := c.sets[key]
	return m, ok
}

func (c *countCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sets = nil
}

func (c *countCache) put(version int64, key string, m matches) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil || c.version != version || len(c.sets) >= 8 {
		c.version, c.sets = version, map[string]matches{}
	}
	c.sets[key] = m
}

// countCap is where counts of filtered lists stop being exact.
const countCap = 10_000

// count counts the rows a list query would show, exactly up to countCap
// (and beyond it when the search read every match anyway).
func (s *Store) count(ctx context.Context, pq *pageQuery, filter string) (domain.Count, error) {
	db := s.r
	words := domain.SearchTokens(filter)
	pq.match = ftsQuery(words)
	switch {
	case pq.match == "" && len(pq.where) == 0:
		var n int
		err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+pq.spec.table).Scan(&n)
		return domain.Count{N: n, Exact: true}, err
	case len(pq.where) == 0:
		pq.tune = s.filterTuning()
		m, err := s.matchSet(ctx, pq.spec, words, s.readsAll(ctx, pq, words), pq.tune)
		if m.all {
			return domain.Count{N: m.n, Exact: true}, err // every match was read
		}
		return domain.Count{N: min(m.n, countCap), Exact: m.n <= countCap}, err
	}
	// Relation filters are selective (one company's people): walk them
	// and check each against the search index.
	where, args := pq.baseWhere()
	q := fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s %s", pq.spec.table, pq.spec.alias)
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " LIMIT ?)"
	var n int
	if err := db.QueryRowContext(ctx, q, append(args, countCap+1)...).Scan(&n); err != nil {
		return domain.Count{}, err
	}
	if n > countCap {
		return domain.Count{N: countCap, Exact: false}, nil
	}
	return domain.Count{N: n, Exact: true}, nil
}

// relations adds the relation filters of q that the table has.
func (pq *pageQuery) relations(q domain.ListQuery, cols map[string]string) {
	add := func(key string, id domain.ID) {
		if id == 0 {
			return
		}
		if col, ok := cols[key]; ok {
			pq.where = append(pq.where, col+" = ?")
			pq.args = append(pq.args, int64(id))
		} else {
			pq.where = append(pq.where, "0") // the table has no such relation
		}
	}
	add("company", q.CompanyID)
	add("person", q.PersonID)
	add("import", q.ImportID)
}

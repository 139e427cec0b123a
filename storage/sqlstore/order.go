package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"kontor/domain"
)

// Positions in a list order, for filters whose many matches sit together
// far along it (the Kowalskis in people sorted by name). Walking the sort
// index to them passes every row before them, and sorting the matches reads
// each match's row for its sort value: 50-90 ms for 30,000-130,000 matches
// on a million people. With every row's position in the order at hand, the
// page is the matches with the smallest positions: a few milliseconds. The
// positions are read in the background (one pass over the sort index,
// about 0.1 s for a million rows, 4 bytes per row; not for tables with ids
// above 8 million), started when a list is shown unfiltered or with a
// filter that matches many records, and kept for the most recent orders.
// A change to the file makes them stale: when few rows changed (a record
// saved), they are patched with them at once (patchOrder) and read again
// later; otherwise the next such list starts reading them again, and until
// they are ready, pages are read with SQL.
// They are an index kept in memory, not a page of records: lists are still
// read a page at a time with keyset queries.

// listOrder is the position of every row in one list order, segment by
// segment: pos[id] grows with the row's rank in ascending order across the
// segments (0: no such row), gap apart as read, so that rows changed since
// can be placed between their neighbours (patchOrder); segment i holds the
// positions in (start[i], start[i+1]]. A listOrder without pos stands for a
// table whose ids are too sparse for one.
type listOrder struct {
	pos   []uint32
	start []uint32
	gap   uint32
	// mark is the latest updated_at and maxID the largest id when the
	// positions were read or patched: rows changed since have a later
	// updated_at or a larger id.
	mark  string
	maxID int64
	// atMark holds the rows whose updated_at is mark (up to
	// maxPatchedRows+1): any other with that updated_at later was
	// written in the same millisecond, after.
	atMark map[domain.ID]bool
	// undone tells the undone imports apart (their number and the last
	// time): an undo writes records back with their old updated_at, so
	// one since means the positions are read again, not patched.
	undone string
	// patched says rows were placed since the read at readAt: such
	// positions are read again in the background once they are older
	// than orderRecheck (a writer that did not set updated_at is missed
	// by a patch).
	patched bool
	readAt  time.Time
}

// orderRecheck is how old patched positions may grow before they are read
// again in the background: not at each change, which would make the
// filters typed after a save compete with the read for the processor.
const orderRecheck = 10 * time.Second

// keptOrder is a list order and the data version it is for.
type keptOrder struct {
	version int64
	o       *listOrder
}

// orderCache keeps recent list orders, each for the data version it was
// read or patched for, and knows which are being read.
type orderCache struct {
	mu       sync.Mutex
	orders   map[string]keptOrder
	order    []string // keys, oldest first
	inflight flights
}

// A list order's positions take 4 bytes per id, up to the largest id.
// The most recent are kept, up to maxOrders of them (every sort of one
// table, or the default sorts of the three tabs) and maxOrderBytes in all;
// none is read for a table with ids above maxOrderRows.
const (
	maxOrders     = 6
	maxOrderBytes = 64 << 20
	maxOrderRows  = 8_000_000
)

// begin returns the order kept for key and version, if any, and, if
// none is or it was patched more than orderRecheck after its read and no
// read of it is under way, claims that read (mine): the caller must start
// it and call end when it is done. done is closed when the read under way
// ends.
func (c *orderCache) begin(version int64, key string) (o *listOrder, done <-chan struct{}, mine bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.orders[key]; ok && k.version == version {
		o = k.o
		if !o.patched || time.Since(o.readAt) < orderRecheck {
			return o, nil, false
		}
	}
	if ch := c.inflight.under(key); ch != nil {
		return o, ch, false
	}
	return o, c.inflight.start(key), true
}

// end finishes a read claimed with begin; o is nil when it failed.
func (c *orderCache) end(version int64, key string, o *listOrder) {
	c.mu.Lock()
	c.inflight.finish(key)
	c.mu.Unlock()
	if o != nil {
		c.put(version, key, o)
	}
}

// put keeps o as key's order for version, unless one for a later version
// is kept.
func (c *orderCache) put(version int64, key string, o *listOrder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.orders[key]
	if ok && (k.version > version || k.version == version && !k.o.patched && o.patched) {
		return
	}
	if c.orders == nil {
		c.orders = map[string]keptOrder{}
	}
	if ok {
		c.order = slices.DeleteFunc(c.order, func(k string) bool { return k == key })
	}
	c.order = append(c.order, key) // the most recent last
	c.orders[key] = keptOrder{version, o}
	for len(c.order) > 1 && (len(c.order) > maxOrders || c.bytes() > maxOrderBytes) {
		delete(c.orders, c.order[0])
		c.order = c.order[1:]
	}
}

// bytes is the memory the kept positions take.
func (c *orderCache) bytes() int {
	n := 0
	for _, k := range c.orders {
		n += 4 * len(k.o.pos)
	}
	return n
}

// get returns the order kept for key and version (nil: none).
func (c *orderCache) get(version int64, key string) *listOrder {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.orders[key]; ok && k.version == version {
		return k.o
	}
	return nil
}

// latest returns the order kept for key, whatever its version.
func (c *orderCache) latest(key string) (*listOrder, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.orders[key]
	return k.o, k.version
}

func (c *orderCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.orders, c.order = nil, nil
}

// flights are the reads under way, by key, each with a channel closed when
// it ends: one goroutine reads, the others asking meanwhile wait for it.
// The owner guards them with its lock.
type flights map[string]chan struct{}

// under returns the channel of the read of key under way, or nil.
func (f flights) under(key string) <-chan struct{} { return f[key] }

// start records a read of key (the caller must finish it).
func (f *flights) start(key string) <-chan struct{} {
	if *f == nil {
		*f = flights{}
	}
	ch := make(chan struct{})
	(*f)[key] = ch
	return ch
}

// finish ends the read of key: its waiters go on.
func (f flights) finish(key string) {
	close(f[key])
	delete(f, key)
}

// orderKey names a table's list order (its segments, ascending).
func orderKey(table string, segs []segment) string {
	var b strings.Builder
	b.WriteString(table)
	for _, s := range segs {
		fmt.Fprintf(&b, "|%s|%s|%v", s.cond, s.col, s.args)
	}
	return b.String()
}

// listOrderFor returns the positions of the rows of pq's table in pq's
// order for the file as it is now: kept, or patched from those kept for an
// earlier version when few rows changed since (patchOrder). Otherwise it
// starts reading them in the background and, unless wait is set, returns
// nil at once: the page is read with SQL this time (40-75 ms for a
// clustered filter on a million rows, less than the 0.1 s the read takes),
// the keystrokes after it use them. nil also when they cannot be had (ids
// too sparse for a table of positions, or the read failed).
func (s *Store) listOrderFor(ctx context.Context, pq *pageQuery, wait bool) (*listOrder, error) {
	version, key, err := s.orderNow(ctx, pq)
	if err != nil {
		return nil, err
	}
	o, done, mine := s.orders.begin(version, key)
	if mine {
		// Without wait the page is read with SQL meanwhile: the read
		// leaves it a core.
		s.readOrderInBackground(version, key, pq, wait)
	}
	if o == nil {
		if !wait {
			return nil, nil
		}
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		o = s.orders.get(version, key)
	}
	if o == nil || o.pos == nil {
		return nil, nil
	}
	return o, nil
}

// orderNow returns the data version and the key of pq's list order, with
// the positions kept for an earlier version patched to this one when they
// can be (patchKeptOrder).
func (s *Store) orderNow(ctx context.Context, pq *pageQuery) (int64, string, error) {
	version, err := s.DataVersion(ctx)
	if err != nil {
		return 0, "", err
	}
	key := orderKey(pq.spec.table, pq.segments)
	s.patchKeptOrder(ctx, pq, version, key)
	return version, key, nil
}

// keptOrder returns the positions of pq's list order if they are kept for
// the file as it is now or can be patched to it, without reading them
// (with tune.waitPositions, for tests, it reads them).
func (s *Store) keptOrder(ctx context.Context, pq *pageQuery) *listOrder {
	if pq.tune.waitPositions {
		o, _ := s.listOrderFor(ctx, pq, true)
		return o
	}
	version, key, err := s.orderNow(ctx, pq)
	if err != nil {
		return nil
	}
	o := s.orders.get(version, key)
	if o == nil || o.pos == nil {
		return nil
	}
	if o.patched && time.Since(o.readAt) >= orderRecheck {
		// Patched long ago: read them again (begin claims the read).
		if _, _, mine := s.orders.begin(version, key); mine {
			s.readOrderInBackground(version, key, pq, false)
		}
	}
	return o
}

// prefetchOrder starts reading the positions of pq's list order in the
// background, unless they are kept or being read: a list shown unfiltered
// or with a filter that matches many records (the first letter typed)
// starts it, so that the filters that follow find it ready. Close stops it.
func (s *Store) prefetchOrder(pq *pageQuery) {
	if s.bgCtx == nil || s.bgCtx.Err() != nil {
		return
	}
	version, key, err := s.orderNow(s.bgCtx, pq)
	if err != nil {
		return
	}
	if _, _, mine := s.orders.begin(version, key); mine {
		// A list shown unfiltered reads no filtered page with SQL
		// meanwhile: the read may use every core.
		s.readOrderInBackground(version, key, pq, pq.match == "")
	}
}

// readOrderInBackground reads a list order claimed with begin (after Close
// it only ends the claim), in halves at once (readSegmentOrder) when split:
// on two cores, a clustered filter's page read with SQL meanwhile took
// 80-95 ms instead of 40-75 ms.
func (s *Store) readOrderInBackground(version int64, key string, pq *pageQuery, split bool) {
	q := *pq
	if !split {
		q.tune.splitOrder = math.MaxInt64
	}
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	if s.bgClosed || s.bgCtx == nil {
		s.orders.end(version, key, nil)
		return
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		o, _ := s.readListOrder(s.bgCtx, &q)
		s.orders.end(version, key, o)
	}()
}

// orderGap is the distance between the positions of neighbouring rows as
// read: room for rows changed later to be placed between them. A table of
// n rows gets the largest power of two with (n+1)*gap under 2^31.
func orderGap(n int) uint32 {
	gap := uint32(1 << 30)
	for gap > 1 && uint64(n+1)*uint64(gap) >= 1<<31 {
		gap >>= 1
	}
	return gap
}

// readListOrder reads the positions of the rows of pq's table in pq's
// order (a listOrder without positions when the ids are too sparse).
func (s *Store) readListOrder(ctx context.Context, pq *pageQuery) (*listOrder, error) {
	o := &listOrder{readAt: time.Now()}
	// The marks first: a row changed while the ids are read is patched
	// again, never missed.
	if err := s.readMarks(ctx, pq.spec.table, o); err != nil {
		return nil, err
	}
	if o.maxID > maxOrderRows {
		return &listOrder{}, nil // too large to keep positions for: pages come from SQL
	}
	segs := make([][]domain.ID, len(pq.segments))
	rows := 0
	for i, seg := range pq.segments {
		ids, err := s.readSegmentOrder(ctx, pq, seg)
		if err != nil {
			return nil, err
		}
		segs[i] = ids
		rows += len(ids)
	}
	if o.maxID > 4*int64(rows)+1<<20 {
		return &listOrder{}, nil // ids far apart: a table indexed by id would be mostly empty
	}
	o.gap = orderGap(rows)
	o.pos = make([]uint32, o.maxID+1)
	p := uint32(0)
	for _, ids := range segs {
		o.start = append(o.start, p+o.gap/2)
		for _, id := range ids {
			p += o.gap
			if id > 0 && int64(id) <= o.maxID {
				o.pos[id] = p
			}
		}
	}
	o.start[0] = 0
	o.start = append(o.start, p+o.gap/2)
	return o, nil
}

// readMarks reads what tells the rows of table changed since: the latest
// updated_at and how many rows have it, the largest id, and the undone
// imports. (A writer whose clock is behind, or that does not set
// updated_at, goes unseen: patched positions are read again after
// orderRecheck.)
func (s *Store) readMarks(ctx context.Context, table string, o *listOrder) error {
	err := s.r.QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT coalesce(max(updated_at), '') FROM %[1]s), (SELECT coalesce(max(id), 0) FROM %[1]s),
		(SELECT count(*) || ' ' || coalesce(max(undone_at), '') FROM imports WHERE undone_at IS NOT NULL)`, table)).Scan(&o.mark, &o.maxID, &o.undone)
	if err != nil {
		return err
	}
	ids, err := queryIDs(ctx, s.r, fmt.Sprintf("SELECT id FROM %s WHERE updated_at = ? LIMIT ?", table), o.mark, maxPatchedRows+1)
	o.atMark = map[domain.ID]bool{}
	for _, id := range ids {
		o.atMark[id] = true
	}
	return err
}

// maxPatchedRows is how many changed rows patchOrder places; more, and
// the positions are read again.
const maxPatchedRows = 64

// patchKeptOrder keeps, for version, the positions kept for an earlier
// version of key with the rows changed since placed between their
// neighbours, when there are few (a person saved in a form, or by another
// process): the filters that follow a change use them at once, while the
// positions are read again in the background.
func (s *Store) patchKeptOrder(ctx context.Context, pq *pageQuery, version int64, key string) {
	if s.orders.get(version, key) != nil {
		return
	}
	old, oldVersion := s.orders.latest(key)
	if old == nil || old.pos == nil || oldVersion > version {
		return
	}
	if o, err := s.patchOrder(ctx, pq, old); err == nil && o != nil {
		s.orders.put(version, key, o)
	}
}

// patchOrder returns old with the rows changed since it was read placed
// between their neighbours, or nil when too many changed or there is no
// room between them. Changed rows are those with a later updated_at or a
// larger id (SCHEMA.md asks writers to set updated_at); a deleted row keeps
// its position, which no match and no cursor can ask for again. After an
// import was undone (records written back with their old updated_at) it
// returns nil.
func (s *Store) patchOrder(ctx context.Context, pq *pageQuery, old *listOrder) (*listOrder, error) {
	t, a := pq.spec.table, pq.spec.alias
	o := &listOrder{start: old.start, gap: old.gap, patched: true, readAt: old.readAt}
	if err := s.readMarks(ctx, t, o); err != nil || o.maxID > maxOrderRows || o.undone != old.undone {
		return nil, err
	}
	if len(old.atMark) > maxPatchedRows {
		return nil, nil // too many rows at the mark to tell a later one written in the same millisecond
	}
	// The rows written at the mark or after it, and the rows added (an
	// OR, which SQLite answers with both indexes: a UNION with a LIMIT was
	// planned as a scan of the table), less those at the mark before.
	rows, err := s.r.QueryContext(ctx, fmt.Sprintf("SELECT id, updated_at > ? FROM %s WHERE updated_at >= ? OR id > ? LIMIT ?", t),
		old.mark, old.mark, old.maxID, len(old.atMark)+maxPatchedRows+1)
	if err != nil {
		return nil, err
	}
	changed := map[domain.ID]bool{}
	for rows.Next() {
		var id int64
		var later bool
		if err := rows.Scan(&id, &later); err != nil {
			rows.Close()
			return nil, err
		}
		if later || !old.atMark[domain.ID(id)] || id > old.maxID {
			changed[domain.ID(id)] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(changed) > maxPatchedRows {
		return nil, err
	}
	// Rows added since readMarks have ids above o.maxID.
	size := max(int64(len(old.pos)), o.maxID+1)
	for id := range changed {
		size = max(size, int64(id)+1)
	}
	if size > maxOrderRows+1 {
		return nil, nil
	}
	o.maxID = size - 1
	o.pos = make([]uint32, size)
	copy(o.pos, old.pos)
	if len(changed) == 0 {
		return o, nil
	}
	for id := range changed {
		o.pos[id] = 0
	}
	ids := make([]domain.ID, 0, len(changed))
	for id := range changed {
		ids = append(ids, id)
	}
	changedJSON := idsJSON(ids)
	// near returns the position of the nearest unchanged row before (back)
	// or after a row of segment si, or the segment's bound.
	near := func(si int, seg segment, sv any, id domain.ID, back bool) (uint32, error) {
		where, args, order, _ := pq.segmentOrder(seg, &cursorKey{Seg: si, V: sv}, id, back)
		q := fmt.Sprintf("SELECT %s.id FROM %s %s WHERE %s ORDER BY %s LIMIT ?", a, t, a, strings.Join(where, " AND "), order)
		rows, err := s.r.QueryContext(ctx, q, append(args, maxPatchedRows+1)...)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		for rows.Next() {
			var n int64
			if err := rows.Scan(&n); err != nil {
				return 0, err
			}
			if !changed[domain.ID(n)] && n < int64(len(o.pos)) && o.pos[n] != 0 {
				return o.pos[n], nil
			}
		}
		if back {
			return o.start[si], rows.Err()
		}
		return o.start[si+1], rows.Err()
	}
	for si, seg := range pq.segments {
		asc := seg
		asc.desc = false
		where, args, order, sortValue := pq.segmentOrder(asc, nil, 0, false)
		cond := "1"
		if len(where) > 0 {
			cond = strings.Join(where, " AND ")
		}
		// The changed rows drive the query (CROSS JOIN), sorted after:
		// walking the sort index for them would pass every row.
		q := fmt.Sprintf("SELECT %[1]s.id, %[2]s FROM json_each(?) AS changed CROSS JOIN %[3]s %[1]s ON %[1]s.id = changed.value WHERE %[4]s ORDER BY %[5]s",
			a, sortValue, t, cond, order)
		rows, err := s.r.QueryContext(ctx, q, append([]any{changedJSON}, args...)...)
		if err != nil {
			return nil, err
		}
		type row struct {
			id domain.ID
			sv any
		}
		var moved []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.sv); err != nil {
				rows.Close()
				return nil, err
			}
			moved = append(moved, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		placed := uint32(0)
		for _, r := range moved {
			lo, err := near(si, asc, r.sv, r.id, true)
			if err != nil {
				return nil, err
			}
			hi, err := near(si, asc, r.sv, r.id, false)
			if err != nil {
				return nil, err
			}
			lo = max(lo, placed)
			if hi <= lo+1 {
				return nil, nil // no room left between them
			}
			placed = lo + (hi-lo)/2
			o.pos[r.id] = placed
		}
	}
	return o, nil
}

// splitOrderRows is the size from which a segment's order is read in two
// halves at once, from each end.
const splitOrderRows = 200_000

// readSegmentOrder reads the ids of one segment in ascending order. A
// segment of the whole table (whose rows SQLite counts at once) is read in
// two halves at once, from each end, when large: 55-65 ms instead of
// 110-130 ms for a million rows on two cores. (A row deleted between the
// count and the reads is read twice, the later place kept; one added is
// missed, and placed by patchOrder: both leave the order rising.)
func (s *Store) readSegmentOrder(ctx context.Context, pq *pageQuery, seg segment) ([]domain.ID, error) {
	asc := seg
	asc.desc = false
	q, args := pq.orderSQL(asc)
	// One row holding every id reads about four times as fast as a row
	// per id.
	read := func(q string, args ...any) ([]domain.ID, error) {
		var list string
		if err := s.r.QueryRowContext(ctx, "SELECT coalesce(group_concat(id), '') FROM ("+q+")", args...).Scan(&list); err != nil {
			return nil, err
		}
		return parseIDs(list)
	}
	var n int64
	if seg.cond == "" && runtime.GOMAXPROCS(0) > 1 {
		if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM "+pq.spec.table).Scan(&n); err != nil {
			return nil, err
		}
	}
	split := int64(splitOrderRows)
	if pq.tune.splitOrder > 0 {
		split = pq.tune.splitOrder
	}
	if n < split {
		return read(q, args...)
	}
	half := n / 2
	desc := asc
	desc.desc = true
	dq, dargs := pq.orderSQL(desc)
	var first, second []domain.ID
	var err1, err2 error
	var wg sync.WaitGroup
	wg.Go(func() { first, err1 = read(q+" LIMIT ?", append(args, half)...) })
	wg.Go(func() { second, err2 = read(dq+" LIMIT ?", append(dargs, n-half)...) })
	wg.Wait()
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	slices.Reverse(second)
	return append(first, second...), nil
}

// orderSQL reads the ids of one segment in its order (all rows, no
// filter: the positions serve every filter).
func (pq *pageQuery) orderSQL(seg segment) (string, []any) {
	a := pq.spec.alias
	q := fmt.Sprintf("SELECT %s.id AS id FROM %s %s", a, pq.spec.table, a)
	if seg.cond != "" {
		q += " WHERE " + seg.cond
	}
	dir := " ASC"
	if seg.desc {
		dir = " DESC"
	}
	order := a + ".id" + dir
	if seg.col != "" {
		order = seg.col + dir + ", " + order
	}
	return q + " ORDER BY " + order, slices.Clone(seg.args)
}

// maxParallelReads caps the connections one search reads its matches on.
const maxParallelReads = 4

// matchIDs reads the ids of every match of a search, in rowid order. A
// query the prefix indexes answer (merged false) is read in ranges of
// rowids on several connections at once, as many as there are cores: FTS5
// seeks every word's list to the range, so each reads its share of the
// lists ("+48 60", the intersection of lists of 525,000 and 144,000 ids:
// 26 ms in one range, 13.5 ms in two on two cores). A merged query is
// read at once: FTS5 merges every matching word's whole list whatever the
// range.
func (s *Store) matchIDs(ctx context.Context, spec listSpec, match string, merged bool, tune filterTuning) ([]domain.ID, error) {
	parts := int64(1)
	var maxID int64
	if !merged && tune.partRows > 0 {
		if err := s.r.QueryRowContext(ctx, fmt.Sprintf("SELECT coalesce(max(id), 0) FROM %s", spec.table)).Scan(&maxID); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		conns := min(runtime.GOMAXPROCS(0), maxParallelReads)
		if tune.parallel > 0 {
			conns = tune.parallel
		}
		parts = max(1, min(int64(conns), maxID/tune.partRows))
	}
	if parts == 1 {
		return rangeIDs(ctx, s.r, spec.fts, match, math.MinInt64, math.MaxInt64)
	}
	lists := make([][]domain.ID, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		lo, hi := maxID*i/parts, maxID*(i+1)/parts // ids in (lo, hi]
		if i == 0 {
			lo = math.MinInt64
		}
		if i == parts-1 {
			hi = math.MaxInt64 // rows added since max(id) was read
		}
		wg.Go(func() { lists[i], errs[i] = rangeIDs(ctx, s.r, spec.fts, match, lo, hi) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Concat(lists...), nil
}

// rangeIDs reads the ids of the matches of a search in (lo, hi]. One row
// holding them all (group_concat) reads about four times as fast as a row
// per id, and a fifth faster than json_group_array.
func rangeIDs(ctx context.Context, db queryer, fts, match string, lo, hi int64) ([]domain.ID, error) {
	var list string
	err := db.QueryRowContext(ctx, fmt.Sprintf("SELECT coalesce(group_concat(rowid), '') FROM %s WHERE %s MATCH ? AND rowid > ? AND rowid <= ?", fts, fts),
		match, lo, hi).Scan(&list)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return parseIDs(list)
}

// idsJSON writes ids as a JSON array, for json_each.
func idsJSON(ids []domain.ID) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(id), 10)
	}
	return string(append(b, ']'))
}

// parseIDs reads a list of ids separated by commas, as group_concat writes
// it.
func parseIDs(list string) ([]domain.ID, error) {
	if list == "" {
		return nil, nil
	}
	ids := make([]domain.ID, 0, strings.Count(list, ",")+1)
	for f := range strings.SplitSeq(list, ",") {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("search: id %q: %w", f, err)
		}
		ids = append(ids, domain.ID(n))
	}
	return ids, nil
}

// fetchByOrder appends to page up to need matches of segment si after (or,
// with back, before) the row at position from (0: the segment's start or,
// with back, its end), using the table of positions. It reports false when
// the positions cannot serve (a match or the cursor row not in them: the
// file changed since they were read), and the caller reads the page with
// SQL instead.
func fetchByOrder[T any](ctx context.Context, db queryer, pq *pageQuery, o *listOrder, si int, from uint32, back bool, need int,
	scan func(sc scanner) (T, domain.ID, error), page *domain.Page[T]) (bool, error) {
	var ids []domain.ID
	var err error
	if pq.allIDs {
		ids = pq.ids
	} else {
		ids, err = pq.store.matchIDs(ctx, pq.spec, pq.match, false, pq.tune)
		if err != nil {
			return false, err
		}
		pq.ids, pq.allIDs = ids, true // the next segment's page reads them again otherwise
	}
	seg := pq.segments[si]
	lo, hi := o.start[si], o.start[si+1] // positions lo+1..hi
	desc := seg.desc != back
	// key orders the segment's positions as the page reads them.
	key := func(p uint32) uint32 {
		if desc {
			return hi + 1 - p
		}
		return p
	}
	after := uint32(0)
	if from != 0 {
		after = key(from)
	}
	type hit struct {
		id  domain.ID
		key uint32
	}
	// The need smallest keys after the cursor, kept sorted: most matches
	// do not beat the largest kept, so this costs little more than a pass.
	hits := make([]hit, 0, need+1)
	for _, id := range ids {
		if id <= 0 || int64(id) >= int64(len(o.pos)) || o.pos[id] == 0 {
			return false, nil
		}
		p := o.pos[id]
		if p <= lo || p > hi {
			continue
		}
		k := key(p)
		if k <= after || len(hits) == need && k >= hits[need-1].key {
			continue
		}
		i, _ := slices.BinarySearchFunc(hits, k, func(h hit, k uint32) int { return cmp.Compare(h.key, k) })
		hits = slices.Insert(hits, i, hit{id, k})
		if len(hits) > need {
			hits = hits[:need]
		}
	}
	ids = make([]domain.ID, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	items, cursors, err := readByID(ctx, db, pq, si, ids, scan)
	if err != nil || len(items) != len(ids) {
		return false, err // a match was deleted since the positions were read
	}
	page.Items, page.Cursors = append(page.Items, items...), append(page.Cursors, cursors...)
	return true, nil
}

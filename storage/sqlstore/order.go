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

	"kontor/domain"
)

// Positions in a list order, for filters whose many matches sit together
// far along it (the Kowalskis in people sorted by name). Walking the sort
// index to them passes every row before them, and sorting the matches reads
// each match's row for its sort value: 50-90 ms for 30,000-130,000 matches
// on a million people. With every row's position in the order at hand, the
// page is the matches with the smallest positions: a few milliseconds. The
// positions are read in the background once per order and data version
// (one pass over the sort index, about 0.13 s for a million rows, 4 bytes
// per row; not for tables with ids above 8 million), started when a list
// is shown unfiltered or with a filter that matches many records, and kept
// for the last two orders used; a change to the file makes them stale, and
// the next such list starts reading them again. Until they are ready,
// pages are read with SQL.
// They are an index kept in memory, not a page of records: lists are still
// read a page at a time with keyset queries.

// listOrder is the position of every row in one list order, segment by
// segment: pos[id] is 1 + the row's rank in ascending order across the
// segments (0: no such row), and segment i holds ranks
// [start[i], start[i+1]). A listOrder without pos stands for a table whose
// ids are too sparse for one.
type listOrder struct {
	pos   []uint32
	start []int
}

// orderCache keeps recent list orders for one data version, and knows
// which are being read.
type orderCache struct {
	mu       sync.Mutex
	version  int64
	orders   map[string]*listOrder
	order    []string // keys, oldest first
	inflight map[string]chan struct{}
}

// maxOrders is how many list orders are kept (4 bytes per id, up to the
// largest id), and maxOrderRows the largest id they are read for: at most
// 64 MB.
const (
	maxOrders    = 2
	maxOrderRows = 8_000_000
)

// begin returns the order kept for key, or else a channel closed when the
// read of it ends; mine says the caller claimed that read and must start it
// (and call end when it is done).
func (c *orderCache) begin(version int64, key string) (o *listOrder, done <-chan struct{}, mine bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version == version && c.orders[key] != nil {
		return c.orders[key], nil, false
	}
	if ch := c.inflight[key]; ch != nil {
		return nil, ch, false
	}
	if c.inflight == nil {
		c.inflight = map[string]chan struct{}{}
	}
	ch := make(chan struct{})
	c.inflight[key] = ch
	return nil, ch, true
}

// end finishes a read claimed with begin; o is nil when it failed.
func (c *orderCache) end(version int64, key string, o *listOrder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.inflight[key])
	delete(c.inflight, key)
	if o == nil || version < c.version {
		return // failed, or older than what is kept
	}
	if c.orders == nil || c.version != version {
		c.version, c.orders, c.order = version, map[string]*listOrder{}, nil
	}
	if _, ok := c.orders[key]; !ok {
		c.order = append(c.order, key)
	}
	c.orders[key] = o
	for len(c.order) > maxOrders {
		delete(c.orders, c.order[0])
		c.order = c.order[1:]
	}
}

// get returns the order kept for key (nil: none).
func (c *orderCache) get(version int64, key string) *listOrder {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil
	}
	return c.orders[key]
}

func (c *orderCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.orders, c.order = nil, nil
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
// order when they are kept for the current data version. Otherwise it
// starts reading them in the background and, unless wait is set, returns
// nil at once: the page is read with SQL this time (50-90 ms for a
// clustered filter on a million rows, less than the 0.13-0.15 s the read
// takes), the keystrokes after it use them. nil also when they cannot be
// had (ids too sparse for a table of positions, or the read failed).
func (s *Store) listOrderFor(ctx context.Context, pq *pageQuery, wait bool) (*listOrder, error) {
	version, err := s.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := orderKey(pq.spec.table, pq.segments)
	o, done, mine := s.orders.begin(version, key)
	if o == nil {
		if mine {
			s.readOrderInBackground(version, key, pq)
		}
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

// keptOrder returns the positions of pq's list order if they are kept for
// the file as it is now, without reading them (with tune.waitPositions, for
// tests, it reads them).
func (s *Store) keptOrder(ctx context.Context, pq *pageQuery) *listOrder {
	if pq.tune.waitPositions {
		o, _ := s.listOrderFor(ctx, pq, true)
		return o
	}
	version, err := s.DataVersion(ctx)
	if err != nil {
		return nil
	}
	o := s.orders.get(version, orderKey(pq.spec.table, pq.segments))
	if o == nil || o.pos == nil {
		return nil
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
	version, err := s.DataVersion(s.bgCtx)
	if err != nil {
		return
	}
	key := orderKey(pq.spec.table, pq.segments)
	if _, _, mine := s.orders.begin(version, key); mine {
		s.readOrderInBackground(version, key, pq)
	}
}

// readOrderInBackground reads a list order claimed with begin (after Close
// it only ends the claim).
func (s *Store) readOrderInBackground(version int64, key string, pq *pageQuery) {
	q := *pq
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

// readListOrder reads the positions of the rows of pq's table in pq's
// order (a listOrder without positions when the ids are too sparse).
func (s *Store) readListOrder(ctx context.Context, pq *pageQuery) (*listOrder, error) {
	var maxID int64
	if err := s.r.QueryRowContext(ctx, fmt.Sprintf("SELECT coalesce(max(id), 0) FROM %s", pq.spec.table)).Scan(&maxID); err != nil {
		return nil, err
	}
	if maxID > maxOrderRows {
		return &listOrder{}, nil // too large to keep positions for: pages come from SQL
	}
	segs := make([][]domain.ID, len(pq.segments))
	rows := 0
	for i, seg := range pq.segments {
		asc := seg
		asc.desc = false
		q, args := pq.orderSQL(asc)
		// One row holding every id reads about four times as fast as a
		// row per id.
		var list string
		if err := s.r.QueryRowContext(ctx, "SELECT coalesce(group_concat(id), '') FROM ("+q+")", args...).Scan(&list); err != nil {
			return nil, err
		}
		ids, err := parseIDs(list)
		if err != nil {
			return nil, err
		}
		segs[i] = ids
		rows += len(ids)
	}
	if maxID > 4*int64(rows)+1<<20 {
		return &listOrder{}, nil // ids far apart: a table indexed by id would be mostly empty
	}
	o := &listOrder{pos: make([]uint32, maxID+1)}
	rank := uint32(0)
	for _, ids := range segs {
		o.start = append(o.start, int(rank))
		for _, id := range ids {
			rank++
			if id > 0 && int64(id) <= maxID {
				o.pos[id] = rank
			}
		}
	}
	o.start = append(o.start, int(rank))
	return o, nil
}

// orderSQL reads the ids of one segment in ascending order (all rows, no
// filter: the positions serve every filter).
func (pq *pageQuery) orderSQL(seg segment) (string, []any) {
	a := pq.spec.alias
	q := fmt.Sprintf("SELECT %s.id AS id FROM %s %s", a, pq.spec.table, a)
	if seg.cond != "" {
		q += " WHERE " + seg.cond
	}
	order := a + ".id"
	if seg.col != "" {
		order = seg.col + ", " + order
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

// parseIDs reads a list of ids separated by commas, as group_concat (or,
// in brackets, json_group_array) writes it.
func parseIDs(list string) ([]domain.ID, error) {
	list = strings.Trim(list, "[]")
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
	lo, hi := uint32(o.start[si]), uint32(o.start[si+1]) // positions lo+1..hi
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

package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

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

// filterCap is the match count up to which a filtered list is read by
// sorting the matches; above it, the sort index is walked and each row
// checked against the search index (tuned by BenchmarkFilter).
const filterCap = 5000

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
	match    string // FTS query, "" for none
	narrow   bool   // few matches: sort the match set
}

// ftsQuery turns free text into an FTS5 query: every word a prefix, all
// required. "" when the text has no words.
func ftsQuery(filter string) string {
	toks := domain.SearchTokens(filter)
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		parts = append(parts, `"`+strings.ReplaceAll(t, `"`, `""`)+`"*`)
	}
	return strings.Join(parts, " ")
}

func (pq *pageQuery) from() string {
	s := pq.spec
	if pq.match != "" && pq.narrow {
		return fmt.Sprintf("%s CROSS JOIN %s %s ON %s.id = %s.rowid %s", s.fts, s.table, s.alias, s.alias, s.fts, s.joins)
	}
	return fmt.Sprintf("%s %s %s", s.table, s.alias, s.joins)
}

func (pq *pageQuery) baseWhere() ([]string, []any) {
	where := slices.Clone(pq.where)
	args := slices.Clone(pq.args)
	if pq.match != "" {
		if pq.narrow {
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
	where, args := pq.baseWhere()
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
	order := id + " " + dir
	sortValue := "NULL"
	if seg.col != "" {
		order = seg.col + " " + dir + ", " + order
		sortValue = seg.col
	}
	q := "SELECT " + pq.spec.selects + ", " + sortValue + " FROM " + pq.from()
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY " + order + " LIMIT ?"
	return q, append(args, limit)
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
		query, args := pq.segmentSQL(segs[si], from, fromID, back, want-len(page.Items))
		rows, err := db.QueryContext(ctx, query, args...)
		if err != nil {
			return page, fmt.Errorf("list %s: %w", pq.spec.table, err)
		}
		for rows.Next() {
			var sv any
			item, id, err := scan(withExtra{sc: rows, extra: []any{&sv}})
			if err != nil {
				rows.Close()
				return page, err
			}
			page.Items = append(page.Items, item)
			page.Cursors = append(page.Cursors, domain.Cursor{Key: cursorKey{Seg: si, V: sv}, ID: id})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
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
func prepareFilter(ctx context.Context, db queryer, pq *pageQuery, filter string) error {
	pq.match = ftsQuery(filter)
	if pq.match == "" {
		return nil
	}
	n, err := capCount(ctx, db, pq.spec.fts, pq.match, filterCap)
	if err != nil {
		return err
	}
	pq.narrow = n <= filterCap
	return nil
}

// capCount counts matches of an FTS query up to limit+1.
func capCount(ctx context.Context, db queryer, fts, match string, limit int) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM (SELECT rowid FROM %s WHERE %s MATCH ? LIMIT ?)", fts, fts), match, limit+1).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	return n, nil
}

// countCap is where counts of filtered lists stop being exact.
const countCap = 10_000

// count counts the rows a list query would show, exactly up to countCap.
func count(ctx context.Context, db queryer, pq *pageQuery, filter string) (domain.Count, error) {
	pq.match = ftsQuery(filter)
	switch {
	case pq.match == "" && len(pq.where) == 0:
		var n int
		err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+pq.spec.table).Scan(&n)
		return domain.Count{N: n, Exact: true}, err
	case len(pq.where) == 0:
		n, err := capCount(ctx, db, pq.spec.fts, pq.match, countCap)
		return domain.Count{N: min(n, countCap), Exact: n <= countCap}, err
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

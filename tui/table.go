package tui

import (
	tea "charm.land/bubbletea/v2"

	"kontor/domain"
)

// The table keeps a window of loaded rows, a contiguous stretch of the
// sorted list, and reads the next or previous page (keyset: after the last
// row's cursor, before the first one's) when the cursor comes near an edge
// of the window. The window is capped, so memory stays flat however far the
// user scrolls, and no query ever reads the whole table.

type loadKind int

const (
	loadFirst  loadKind = iota // the first page
	loadLast                   // the last page (G)
	loadAfter                  // the page after the window
	loadBefore                 // the page before the window
	loadAround                 // the rows around the cursor (refresh)
)

// pageMsg is the reply to a page request.
type pageMsg struct {
	id   uint64
	kind loadKind
	rows []row
	more bool // rows exist beyond the page in the direction asked
	// loadAround only: the rows before the anchor and whether more precede.
	before     []row
	beforeMore bool
	keepID     domain.ID
	err        error
}

// countMsg is the reply to a count of the rows matching the filter.
type countMsg struct {
	id    uint64
	count domain.Count
	err   error
}

const (
	gutter    = 2 // the cursor mark column
	separator = "  "
)

type table struct {
	common
	kind    *kind
	sortIdx int
	desc    bool
	filter  string
	// importID, when set, shows only the records that import created (the
	// "import #12" chip of the filter line).
	importID domain.ID

	rows                []row
	hasBefore, hasAfter bool // rows exist outside the window
	cur, top            int  // cursor and first visible row, indexes in rows
	loaded              bool // a first reply has arrived
	stale               bool // the data changed while the tab was hidden

	resetReq, afterReq, beforeReq, countReq uint64
	count                                   domain.Count // rows matching the filter
	countKnown                              bool
	err                                     error
}

func newTable(a *app, k *kind) *table {
	return &table{common: newCommon(a), kind: k}
}

func (t *table) pageSize() int {
	if n := t.app.opts.PageSize; n > 0 {
		return n
	}
	return 100
}

// maxWindow caps the loaded rows.
func (t *table) maxWindow() int { return max(5*t.pageSize(), 3*t.visible()) }

func (t *table) sort() domain.SortField { return domain.Sorts(t.kind.t)[t.sortIdx] }

// query is the list query of the table's current sort and filters.
func (t *table) query() domain.ListQuery {
	return domain.ListQuery{Filter: t.filter, Sort: t.sort(), Desc: t.desc, Limit: t.pageSize(), ImportID: t.importID}
}

// filtered reports whether the table shows a subset of the records (a
// typed filter or an import's records).
func (t *table) filtered() bool { return t.filter != "" || t.importID != 0 }

// visible is the number of rows on screen.
func (t *table) visible() int { return max(1, t.height-1) }

func (t *table) selected() (row, bool) {
	if t.cur < 0 || t.cur >= len(t.rows) {
		return row{}, false
	}
	return t.rows[t.cur], true
}

// fetch returns a command reading one page; the command captures the query
// and the store, never the table.
func (t *table) fetch(lk loadKind, q domain.ListQuery) (uint64, tea.Cmd) {
	id := t.app.nextID()
	s, ctx, list := t.app.store, t.app.ctx, t.kind.list
	return id, func() tea.Msg {
		rows, more, err := list(ctx, s, q)
		return pageMsg{id: id, kind: lk, rows: rows, more: more, err: err}
	}
}

// reset replaces the window with the first or the last page; replies to
// earlier requests are dropped from now on.
func (t *table) reset(lk loadKind) tea.Cmd {
	q := t.query()
	q.Last = lk == loadLast
	t.afterReq, t.beforeReq = 0, 0
	id, cmd := t.fetch(lk, q)
	t.resetReq = id
	return cmd
}

// reload reads the first page and, when filtered, the match count.
func (t *table) reload() tea.Cmd {
	t.stale = false
	return tea.Batch(t.reset(loadFirst), t.countCmd())
}

// countCmd counts the rows matching the filters.
func (t *table) countCmd() tea.Cmd {
	t.countKnown = false
	if !t.filtered() {
		t.countReq = 0
		return nil
	}
	q := t.query()
	id := t.app.nextID()
	t.countReq = id
	s, ctx, count := t.app.store, t.app.ctx, t.kind.count
	return func() tea.Msg {
		c, err := count(ctx, s, q)
		return countMsg{id: id, count: c, err: err}
	}
}

// refresh re-reads the rows around the cursor, keeping it on the same
// record when it still exists.
func (t *table) refresh() tea.Cmd {
	t.stale = false
	r, ok := t.selected()
	if !ok {
		return t.reload()
	}
	q, anchor, keep := t.query(), r.cursor, r.id
	id := t.app.nextID()
	t.resetReq, t.afterReq, t.beforeReq = id, 0, 0
	s, ctx, list := t.app.store, t.app.ctx, t.kind.list
	return tea.Batch(func() tea.Msg {
		bq := q
		bq.Before = &anchor
		before, beforeMore, err := list(ctx, s, bq)
		if err != nil {
			return pageMsg{id: id, kind: loadAround, err: err}
		}
		aq := q
		if len(before) > 0 {
			c := before[len(before)-1].cursor
			aq.After = &c
		}
		rows, more, err := list(ctx, s, aq)
		return pageMsg{id: id, kind: loadAround, rows: rows, more: more, before: before,
			beforeMore: beforeMore && len(before) > 0, keepID: keep, err: err}
	}, t.countCmd())
}

// Update takes the replies meant for this table.
func (t *table) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageMsg:
		return t.onPage(msg)
	case countMsg:
		if msg.id == t.countReq && msg.id != 0 {
			t.countReq = 0
			if msg.err != nil {
				return statusErr("count %s: %v", t.kind.t.Plural(), msg.err)
			}
			t.count, t.countKnown = msg.count, true
		}
	}
	return nil
}

func (t *table) onPage(msg pageMsg) tea.Cmd {
	switch {
	case msg.id == 0:
		return nil
	case msg.id == t.resetReq:
		t.resetReq = 0
		t.loaded = true
		if msg.err != nil {
			t.err = msg.err
			return statusErr("read %s: %v", t.kind.t.Plural(), msg.err)
		}
		t.err = nil
		switch msg.kind {
		case loadFirst:
			t.rows, t.hasBefore, t.hasAfter = msg.rows, false, msg.more
			t.cur, t.top = 0, 0
		case loadLast:
			t.rows, t.hasBefore, t.hasAfter = msg.rows, msg.more, false
			t.cur = len(t.rows) - 1
			t.top = len(t.rows) - t.visible()
		case loadAround:
			onScreen := t.cur - t.top
			t.rows = append(msg.before, msg.rows...)
			t.hasBefore, t.hasAfter = msg.beforeMore, msg.more
			t.cur = len(msg.before)
			for i, r := range t.rows {
				if r.id == msg.keepID {
					t.cur = i
					break
				}
			}
			t.cur = min(t.cur, len(t.rows)-1)
			t.top = t.cur - onScreen
		}
	case msg.id == t.afterReq:
		t.afterReq = 0
		if msg.err != nil {
			return statusErr("read %s: %v", t.kind.t.Plural(), msg.err)
		}
		t.rows = append(t.rows, msg.rows...)
		t.hasAfter = msg.more && len(msg.rows) > 0
		t.trimFront()
	case msg.id == t.beforeReq:
		t.beforeReq = 0
		if msg.err != nil {
			return statusErr("read %s: %v", t.kind.t.Plural(), msg.err)
		}
		n := len(msg.rows)
		t.rows = append(append(make([]row, 0, n+len(t.rows)), msg.rows...), t.rows...)
		t.cur += n
		t.top += n
		t.hasBefore = msg.more && n > 0
		t.trimBack()
	default:
		return nil // a reply to a request that is no longer current
	}
	t.clamp()
	return t.prefetch()
}

// trimFront drops rows before the screen when the window is too big.
func (t *table) trimFront() {
	k := min(len(t.rows)-t.maxWindow(), t.top)
	if k <= 0 {
		return
	}
	t.rows = append([]row(nil), t.rows[k:]...)
	t.cur -= k
	t.top -= k
	t.hasBefore = true
}

// trimBack drops rows after the screen when the window is too big.
func (t *table) trimBack() {
	k := min(len(t.rows)-t.maxWindow(), len(t.rows)-(t.top+t.visible()))
	if k <= 0 {
		return
	}
	t.rows = t.rows[:len(t.rows)-k]
	t.hasAfter = true
}

func (t *table) clamp() {
	t.cur = max(0, min(t.cur, len(t.rows)-1))
	if t.cur < t.top {
		t.top = t.cur
	}
	if t.cur >= t.top+t.visible() {
		t.top = t.cur - t.visible() + 1
	}
	t.top = max(0, min(t.top, len(t.rows)-t.visible()))
}

// prefetch asks for the next or previous page when the cursor is within a
// screen of the window's edge.
func (t *table) prefetch() tea.Cmd {
	if t.resetReq != 0 || len(t.rows) == 0 {
		return nil
	}
	margin := t.visible()
	var cmds []tea.Cmd
	if t.hasAfter && t.afterReq == 0 && len(t.rows)-1-t.cur < margin {
		q := t.query()
		c := t.rows[len(t.rows)-1].cursor
		q.After = &c
		id, cmd := t.fetch(loadAfter, q)
		t.afterReq = id
		cmds = append(cmds, cmd)
	}
	if t.hasBefore && t.beforeReq == 0 && t.cur < margin {
		q := t.query()
		c := t.rows[0].cursor
		q.Before = &c
		id, cmd := t.fetch(loadBefore, q)
		t.beforeReq = id
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// move moves the cursor by d rows within the loaded window.
func (t *table) move(d int) tea.Cmd {
	if len(t.rows) == 0 {
		return nil
	}
	t.cur += d
	t.clamp()
	return t.prefetch()
}

// toTop moves to the first row of the list.
func (t *table) toTop() tea.Cmd {
	if t.hasBefore {
		return t.reset(loadFirst)
	}
	return t.move(-len(t.rows))
}

// toEnd moves to the last row of the list (a Last query when it is not
// loaded).
func (t *table) toEnd() tea.Cmd {
	if t.hasAfter {
		return t.reset(loadLast)
	}
	return t.move(len(t.rows))
}

// cycleSort switches to the next sort field; reverse flips the direction.
func (t *table) cycleSort() tea.Cmd {
	t.sortIdx = (t.sortIdx + 1) % len(domain.Sorts(t.kind.t))
	t.desc = false
	return t.reset(loadFirst)
}

func (t *table) reverse() tea.Cmd {
	t.desc = !t.desc
	return t.reset(loadFirst)
}

// sortText describes the sort for the header: "sort: name ↑".
func (t *table) sortText() string {
	arrow := "↑"
	if t.desc {
		arrow = "↓"
	}
	return "sort: " + sortLabel(t.kind.t, t.sort()) + " " + arrow
}

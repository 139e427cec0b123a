package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"kontor/domain"
)

// The ways of reading a filtered list (sorting a small match set; walking
// the sort order and checking each row's words; walking, then reading the
// rest by the positions of the list order, or with the search index's match
// set) must show the same rows in the same order, forward and backward, for
// every sort.
func TestFilterStrategiesAgree(t *testing.T) {
	s := openTest(t)
	seedForPaging(t, s)
	ctx := context.Background()
	companies, err := s.ListCompanies(ctx, domain.ListQuery{Limit: 1})
	if err != nil || len(companies.Items) == 0 {
		t.Fatal(err)
	}
	tunings := map[string]filterTuning{
		"narrow": {narrowCap: 1 << 30, walkBudget: 1, noPositions: true},
		// a small match set picked by the positions of the list order
		"narrowpos": {narrowCap: 1 << 30, walkBudget: 1, waitPositions: true},
		"walk":      {narrowCap: 0, walkBudget: 1 << 20},
		"fallback":  {narrowCap: 0, walkBudget: 3, waitPositions: true},
		"sql":       {narrowCap: 0, walkBudget: 3, noPositions: true},
		"nowait":    {narrowCap: 0, walkBudget: 3}, // SQL until the positions are read, then them
		// the matches read in ranges of ids on three connections
		"parallel": {narrowCap: 0, walkBudget: 3, waitPositions: true, partRows: 2, parallel: 3},
	}
	filters := []string{"a", "k", "acme", "ŻAK", "jan now", "x1", "kow", "1", "lodz", "same0", "nothing-matches"}
	for _, desc := range []bool{false, true} {
		for _, f := range domain.Sorts(domain.TypePerson) {
			for _, filter := range filters {
				for _, company := range []domain.ID{0, companies.Items[0].ID} {
					q := domain.ListQuery{Sort: f, Desc: desc, Filter: filter, CompanyID: company}
					var want []domain.ID
					for _, name := range []string{"narrow", "narrowpos", "walk", "fallback", "sql", "nowait", "parallel"} {
						s.tune = tunings[name]
						got := listAll(t, func(q domain.ListQuery) (domain.Page[domain.Person], error) { return s.ListPeople(ctx, q) },
							func(p domain.Person) domain.ID { return p.ID }, q)
						label := fmt.Sprintf("people sort=%s desc=%v filter=%q company=%d %s", f, desc, filter, company, name)
						if name == "narrow" {
							want = got
							n, err := s.CountPeople(ctx, q)
							if err != nil || n.N != len(got) {
								t.Errorf("%s: count %v (%v), list %d", label, n, err, len(got))
							}
						} else if !slices.Equal(got, want) {
							t.Errorf("%s:\n got %v\nwant %v", label, got, want)
						}
						if len(got) > 0 {
							walk(t, label, func(q domain.ListQuery) (domain.Page[domain.Person], error) { return s.ListPeople(ctx, q) },
								func(p domain.Person) domain.ID { return p.ID }, q, len(got))
						}
					}
				}
			}
		}
		for _, f := range domain.Sorts(domain.TypeDeal) {
			for _, filter := range []string{"a", "serwis", "l", "acme"} {
				q := domain.ListQuery{Sort: f, Desc: desc, Filter: filter}
				var want []domain.ID
				for _, name := range []string{"narrow", "narrowpos", "walk", "fallback", "sql", "nowait", "parallel"} {
					s.tune = tunings[name]
					got := listAll(t, func(q domain.ListQuery) (domain.Page[domain.Deal], error) { return s.ListDeals(ctx, q) },
						func(d domain.Deal) domain.ID { return d.ID }, q)
					if name == "narrow" {
						want = got
					} else if !slices.Equal(got, want) {
						t.Errorf("deals sort=%s desc=%v filter=%q %s:\n got %v\nwant %v", f, desc, filter, name, got, want)
					}
				}
			}
		}
	}
	s.tune = filterTuning{}
}

// listAll reads every page of a list, forward.
func listAll[T any](t *testing.T, list func(domain.ListQuery) (domain.Page[T], error), id func(T) domain.ID, q domain.ListQuery) []domain.ID {
	t.Helper()
	q.Limit = 5
	var out []domain.ID
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatalf("paging does not end: %d rows read, %v...", len(out), out[:min(len(out), 20)])
		}
		page, err := list(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out = append(out, id(it))
		}
		if !page.More {
			return out
		}
		c := page.Cursors[len(page.Cursors)-1]
		q.After = &c
	}
}

func TestMatchesWords(t *testing.T) {
	for _, tc := range []struct {
		text  string
		words []string
		want  bool
	}{
		{"jan kowalski", []string{"kow"}, true},
		{"jan kowalski", []string{"owal"}, false},
		{"jan kowalski", []string{"kow", "ja"}, true},
		{"jan kowalski", []string{"kow", "an"}, false},
		{"Jan KOWALSKI", []string{"kowalski"}, true}, // ASCII letters fold, as the ascii tokenizer's do
		{"jan.kowalski@acme.pl", []string{"acme"}, true},
		{"jan.kowalski@acme.pl", []string{"pl"}, true},
		{"lodz łódź", []string{"łó"}, true},
		{"łódź", []string{"ódź"}, false},
		{"张 三", []string{"三"}, true},
		{"张三", []string{"三"}, false}, // one word to the index
		{"48600100200", []string{"486"}, true},
		{"kow", []string{"kowal"}, false},
		{"", []string{"a"}, false},
		{"anything", nil, true},
	} {
		if got := matchesWords(tc.text, tc.words); got != tc.want {
			t.Errorf("matchesWords(%q, %q) = %v, want %v", tc.text, tc.words, got, tc.want)
		}
	}
}

// A count kept for the page's sake is not shown after the data changed.
func TestFilterCountFollowsChanges(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	q := domain.ListQuery{Filter: "zebrowska"}
	if n, err := s.CountPeople(ctx, q); err != nil || n.N != 0 {
		t.Fatalf("count %v %v", n, err)
	}
	if _, err := s.ListPeople(ctx, q); err != nil {
		t.Fatal(err)
	}
	p := domain.Person{FirstName: "Ewa", LastName: "Żebrowska"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountPeople(ctx, q); err != nil || n.N != 1 {
		t.Fatalf("after creating a match: count %v %v, want 1", n, err)
	}
	page, err := s.ListPeople(ctx, q)
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("after creating a match: list %v %v", page.Items, err)
	}
}

// The positions of a list order are read in the background when a filter
// matches many records, and read again after the file changes: a person
// renamed or added since shows up in the place the other ways of reading
// put them.
func TestListOrderPositionsFollowChanges(t *testing.T) {
	s := openTest(t)
	seedForPaging(t, s)
	spreadUpdates(t, s)
	ctx := context.Background()
	positions := filterTuning{narrowCap: 0, walkBudget: 3, waitPositions: true}
	narrow := filterTuning{narrowCap: 1 << 30, noPositions: true}
	people := func(q domain.ListQuery) (domain.Page[domain.Person], error) { return s.ListPeople(ctx, q) }
	id := func(p domain.Person) domain.ID { return p.ID }
	both := func(step string) []domain.ID {
		t.Helper()
		s.tune = narrow
		want := listAll(t, people, id, domain.ListQuery{Filter: "a"})
		s.tune = positions
		got := listAll(t, people, id, domain.ListQuery{Filter: "a"})
		if !slices.Equal(got, want) {
			t.Errorf("%s: positions %v\nnarrow    %v", step, got, want)
		}
		return got
	}
	before := both("at first")
	version, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	key := orderKey("people", peopleSegments("", false))
	deadline := time.Now().Add(5 * time.Second)
	for s.orders.get(version, key) == nil {
		if time.Now().After(deadline) {
			t.Fatal("the positions of the list order were never read")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// A rename moves a person in the order: kept positions would leave
	// them where they were.
	last, err := s.GetPerson(ctx, before[len(before)-1])
	if err != nil {
		t.Fatal(err)
	}
	last.LastName = "Aaaaa"
	if err := s.UpdatePerson(ctx, &last); err != nil {
		t.Fatal(err)
	}
	renamed := both("after a rename")
	if slices.Index(renamed, last.ID) == len(renamed)-1 {
		t.Errorf("the rename did not move person %d: the test shows nothing", last.ID)
	}
	pq := &pageQuery{spec: peopleSpec, segments: peopleSegments("", false)}
	o, err := s.listOrderFor(ctx, pq, true)
	if err != nil || o == nil {
		t.Fatalf("positions: %v %v", o, err)
	}
	checkPositions(t, s, "after a rename", pq, o)
	p := domain.Person{FirstName: "Aaron", LastName: "Aardvark"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if added := both("after adding a person"); !slices.Contains(added, p.ID) || len(added) != len(before)+1 {
		t.Errorf("person %d missing: %v", p.ID, added)
	}
	s.tune = filterTuning{}
}

// Counts stop being exact at 10,000 unless the search read every match
// anyway (a word longer than the prefix indexes).
func TestFilterCountBeyondCap(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	n := countCap + 321
	err := s.Load(ctx, func(l *Loader) error {
		for i := range n {
			p := domain.Person{FirstName: fmt.Sprintf("Jan%d", i), LastName: "Kowalski"}
			if err := l.AddPerson(&p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for filter, want := range map[string]domain.Count{
		"kowalski": {N: n, Exact: true},
		"kow":      {N: countCap, Exact: false},
		"jan1":     {N: 1 + 10 + 100 + 1000 + 321, Exact: true}, // jan1, jan1x, jan1xx, jan1xxx, jan10000-jan10320
	} {
		if got, err := s.CountPeople(ctx, domain.ListQuery{Filter: filter}); err != nil || got != want {
			t.Errorf("count %q = %+v (%v), want %+v", filter, got, err, want)
		}
	}
}

// checkPositions checks that o orders the rows of pq's table as SQL does:
// positions rising along each segment's rows, inside the segment's bounds.
func checkPositions(t *testing.T, s *Store, step string, pq *pageQuery, o *listOrder) {
	t.Helper()
	last := uint32(0)
	for si, seg := range pq.segments {
		asc := seg
		asc.desc = false
		q, args := pq.orderSQL(asc)
		rows, err := s.r.Query(q, args...)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			p := uint32(0)
			if id < int64(len(o.pos)) {
				p = o.pos[id]
			}
			if p <= last || p <= o.start[si] || p > o.start[si+1] {
				t.Errorf("%s: row %d of segment %d has position %d after %d (segment (%d, %d])", step, id, si, p, last, o.start[si], o.start[si+1])
			}
			last = max(last, p)
		}
		rows.Close()
	}
}

// A few changed rows are placed in kept positions at once (the filter after
// a save does not wait for them to be read again), in every sort and both
// directions, with rows moving between segments (an e-mail cleared, a deal
// moved to another stage), added and deleted; pages read with the patched
// positions are those SQL reads.
func TestPatchedPositionsAgree(t *testing.T) {
	s := openTest(t)
	seedForPaging(t, s)
	spreadUpdates(t, s)
	ctx := context.Background()
	sql := filterTuning{narrowCap: 0, walkBudget: 1 << 20, noPositions: true}
	positions := filterTuning{narrowCap: 0, walkBudget: 1}
	people, err := s.ListPeople(ctx, domain.ListQuery{Limit: 40})
	if err != nil || len(people.Items) < 40 {
		t.Fatal(len(people.Items), err)
	}
	changes := []struct {
		name string
		do   func(i int) error
	}{
		{"rename", func(i int) error {
			p, err := s.GetPerson(ctx, people.Items[i].ID)
			if err != nil {
				return err
			}
			p.LastName, p.Title = "Aa"+p.LastName, "Zz director"
			return s.UpdatePerson(ctx, &p)
		}},
		{"clear e-mail", func(i int) error {
			p, err := s.GetPerson(ctx, people.Items[i].ID)
			if err != nil {
				return err
			}
			p.Emails, p.FirstName = nil, "Ola"
			return s.UpdatePerson(ctx, &p)
		}},
		{"add", func(i int) error {
			return s.CreatePerson(ctx, &domain.Person{FirstName: "Ala", LastName: fmt.Sprintf("Kowal%02d", i), Emails: []domain.Email{{Address: fmt.Sprintf("a%d@acme.pl", i)}}})
		}},
		{"delete", func(i int) error { return s.DeletePerson(ctx, people.Items[i].ID, domain.DeleteDetach) }},
	}
	step := 0
	for _, sort := range domain.Sorts(domain.TypePerson) {
		for _, desc := range []bool{false, true} {
			pq := &pageQuery{spec: peopleSpec, segments: peopleSegments(sort, desc)}
			pq.tune = positions
			s.tune = filterTuning{narrowCap: 0, walkBudget: 1, waitPositions: true}
			if o, err := s.listOrderFor(ctx, pq, true); err != nil || o == nil {
				t.Fatalf("positions: %v %v", o, err)
			}
			for _, c := range changes {
				label := fmt.Sprintf("sort=%s desc=%v %s", sort, desc, c.name)
				if err := c.do(step); err != nil {
					t.Fatal(label, err)
				}
				step++
				o := s.keptOrder(ctx, pq)
				if o == nil || !o.patched {
					t.Fatalf("%s: no patched positions (%v)", label, o)
				}
				checkPositions(t, s, label, pq, o)
				for _, filter := range []string{"a", "kow", "acme"} {
					q := domain.ListQuery{Sort: sort, Desc: desc, Filter: filter}
					s.tune = sql
					want := listAll(t, func(q domain.ListQuery) (domain.Page[domain.Person], error) { return s.ListPeople(ctx, q) },
						func(p domain.Person) domain.ID { return p.ID }, q)
					s.tune = positions
					got := listAll(t, func(q domain.ListQuery) (domain.Page[domain.Person], error) { return s.ListPeople(ctx, q) },
						func(p domain.Person) domain.ID { return p.ID }, q)
					if !slices.Equal(got, want) {
						t.Errorf("%s filter %q:\n got %v\nwant %v", label, filter, got, want)
					}
				}
			}
		}
	}
	s.tune = filterTuning{}
}

// Patched positions are read again once they are older than orderRecheck,
// not at each change; read ones are not read again for the same version.
func TestPatchedPositionsReadAgainLater(t *testing.T) {
	var c orderCache
	read := &listOrder{pos: []uint32{0, 1}, readAt: time.Now()}
	c.put(1, "k", read)
	if o, _, mine := c.begin(1, "k"); o != read || mine {
		t.Errorf("read positions: %v, claimed %v", o, mine)
	}
	fresh := &listOrder{pos: []uint32{0, 1}, readAt: time.Now(), patched: true}
	c.put(2, "k", fresh)
	if o, _, mine := c.begin(2, "k"); o != fresh || mine {
		t.Errorf("freshly patched positions: %v, claimed %v", o, mine)
	}
	old := &listOrder{pos: []uint32{0, 1}, readAt: time.Now().Add(-orderRecheck - time.Second), patched: true}
	c.put(3, "k", old)
	o, done, mine := c.begin(3, "k")
	if o != old || !mine || done == nil {
		t.Fatalf("positions patched long after their read: %v, claimed %v", o, mine)
	}
	if _, _, again := c.begin(3, "k"); again {
		t.Error("a second read claimed while one is under way")
	}
	c.put(3, "k", fresh) // a patch does not replace a read of the same version...
	c.end(3, "k", read)
	if c.get(3, "k") != read {
		t.Error("the read did not replace the patched positions")
	}
	c.put(3, "k", fresh) // ...nor a read one
	if c.get(3, "k") != read {
		t.Error("patched positions replaced read ones of the same version")
	}
	c.put(2, "k", read) // an older version never replaces a newer one
	if c.get(3, "k") != read || c.get(2, "k") != nil {
		t.Error("an older version replaced a newer one")
	}
}

// The most recently kept list orders stay: every sort of a table, or the
// three tabs' orders, without reading them again when one comes back.
func TestOrderCacheKeepsTheMostRecent(t *testing.T) {
	var c orderCache
	o := func() *listOrder { return &listOrder{pos: make([]uint32, 10), readAt: time.Now()} }
	for i := range maxOrders {
		c.put(1, fmt.Sprint(i), o())
	}
	c.put(1, "0", o()) // used again: now the most recent
	c.put(1, "new", o())
	if c.get(1, "0") == nil || c.get(1, "new") == nil {
		t.Error("a recent order was dropped")
	}
	if c.get(1, "1") != nil {
		t.Error("the least recent order was kept beyond maxOrders")
	}
	for i := 2; i < maxOrders; i++ {
		if c.get(1, fmt.Sprint(i)) == nil {
			t.Errorf("order %d dropped", i)
		}
	}
}

// The page and the count of a keystroke, asked at once, read the search
// once: a count waits for a read of every id, which answers it too; a read
// of every id does not wait for a count.
func TestMatchSetReadOnce(t *testing.T) {
	var c countCache
	done, mine := c.claim("k", true)
	if !mine {
		t.Fatal("first claim not mine")
	}
	if ch, m := c.claim("k", false); m || ch != done {
		t.Error("a count did not wait for the read of every id")
	}
	if ch, m := c.claim("k", true); m || ch != done {
		t.Error("a second read of every id did not wait for the first")
	}
	c.release("k", true)
	select {
	case <-done:
	default:
		t.Error("release did not end the wait")
	}
	countDone, mine := c.claim("k", false)
	if !mine {
		t.Fatal("count claim not mine")
	}
	if _, m := c.claim("k", true); !m {
		t.Error("a read of every id waited for a count, which cannot answer it")
	}
	c.release("k", true)
	c.release("k", false)
	<-countDone

	// Through the store: pages and counts asked at once agree.
	s := openTest(t)
	seedForPaging(t, s)
	ctx := context.Background()
	s.tune = filterTuning{narrowCap: 0, walkBudget: 1, waitPositions: true, partRows: 2, parallel: 2}
	defer func() { s.tune = filterTuning{} }()
	want := listAll(t, func(q domain.ListQuery) (domain.Page[domain.Person], error) { return s.ListPeople(ctx, q) },
		func(p domain.Person) domain.ID { return p.ID }, domain.ListQuery{Filter: "jan now"})
	for range 3 {
		s.counts.reset()
		errs := make(chan error, 8)
		for i := range 8 {
			go func() {
				if i%2 == 0 {
					n, err := s.CountPeople(ctx, domain.ListQuery{Filter: "jan now"})
					if err == nil && n.N != len(want) {
						err = fmt.Errorf("count %v, list %d", n, len(want))
					}
					errs <- err
					return
				}
				_, err := s.ListPeople(ctx, domain.ListQuery{Filter: "jan now", Limit: 5})
				errs <- err
			}()
		}
		for range 8 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
	}
}

// A list order read in two halves from each end gives the positions read
// in one pass, for every sort and direction.
func TestListOrderReadInHalves(t *testing.T) {
	s := openTest(t)
	seedForPaging(t, s)
	ctx := context.Background()
	for _, sort := range domain.Sorts(domain.TypePerson) {
		for _, desc := range []bool{false, true} {
			pq := &pageQuery{spec: peopleSpec, segments: peopleSegments(sort, desc)}
			whole, err := s.readListOrder(ctx, pq)
			if err != nil {
				t.Fatal(err)
			}
			pq.tune.splitOrder = 2
			halves, err := s.readListOrder(ctx, pq)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(whole.pos, halves.pos) || !slices.Equal(whole.start, halves.start) {
				t.Errorf("sort=%s desc=%v: halves %v %v, whole %v %v", sort, desc, halves.pos, halves.start, whole.pos, whole.start)
			}
			checkPositions(t, s, fmt.Sprintf("sort=%s desc=%v in halves", sort, desc), pq, halves)
		}
	}
}

// An undo writes records back with their old updated_at: positions kept
// from before it are read again, not patched.
func TestPositionsNotPatchedAfterUndo(t *testing.T) {
	s, pq := patchFixture(t)
	ctx := context.Background()
	if _, err := s.w.Exec("INSERT INTO imports (id, file_name, record_type) VALUES (1, 'a.csv', 'person')"); err != nil {
		t.Fatal(err)
	}
	old, err := s.listOrderFor(ctx, pq, true)
	if err != nil || old == nil {
		t.Fatal(old, err)
	}
	// What an undo does: a record back as it was, with its old updated_at.
	if _, err := s.w.Exec("UPDATE people SET sort_key = 'aaaa', updated_at = '2000-01-01T00:00:00.000Z' WHERE id = (SELECT max(id) FROM people)"); err != nil {
		t.Fatal(err)
	}
	if o, err := s.patchOrder(ctx, pq, old); err != nil || o == nil {
		t.Fatalf("before the undo is recorded the patch should go ahead (it cannot see the change): %v %v", o, err)
	}
	if _, err := s.w.Exec("UPDATE imports SET status = 'undone', undone_at = '2026-12-04T10:00:00.000Z' WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	if o, err := s.patchOrder(ctx, pq, old); err != nil || o != nil {
		t.Errorf("patched after an undo: %v %v", o, err)
	}
	o, err := s.listOrderFor(ctx, pq, true)
	if err != nil || o == nil || o.patched {
		t.Fatalf("positions after the undo: %+v %v", o, err)
	}
	checkPositions(t, s, "after an undo", pq, o)
}

// spreadUpdates gives the seeded people distinct updated_at times in the
// past (seeded in one go, many share a millisecond, as after an import):
// positions read then can be patched.
func spreadUpdates(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.w.Exec(`UPDATE people SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day', '+' || id || ' seconds')`); err != nil {
		t.Fatal(err)
	}
}

// A row written in the millisecond of the mark after the positions were
// read is patched too; after an import (many rows at the mark) the
// positions are read again instead.
func TestPatchSeesWritesAtTheMark(t *testing.T) {
	s, pq := patchFixture(t)
	ctx := context.Background()
	old, err := s.listOrderFor(ctx, pq, true)
	if err != nil || old == nil || len(old.atMark) != 1 {
		t.Fatalf("%+v %v", old, err)
	}
	// The first person moves to the end, written at the mark.
	if _, err := s.w.Exec("UPDATE people SET sort_key = 'zzzz', updated_at = ? WHERE id = (SELECT min(id) FROM people)", old.mark); err != nil {
		t.Fatal(err)
	}
	o, err := s.patchOrder(ctx, pq, old)
	if err != nil || o == nil {
		t.Fatalf("not patched: %v %v", o, err)
	}
	checkPositions(t, s, "a row written at the mark", pq, o)

	// Many rows at one time (an import): no patch, a read.
	if _, err := s.w.Exec("UPDATE people SET updated_at = '2030-01-01T00:00:00.000Z'"); err != nil {
		t.Fatal(err)
	}
	o, err = s.listOrderFor(ctx, pq, true)
	if err != nil || o == nil || o.patched || len(o.atMark) <= maxPatchedRows {
		t.Fatalf("after an import: %+v %v", o, err)
	}
	if _, err := s.w.Exec("UPDATE people SET sort_key = 'aaaa' WHERE id = (SELECT max(id) FROM people)"); err != nil {
		t.Fatal(err)
	}
	if p, err := s.patchOrder(ctx, pq, o); err != nil || p != nil {
		t.Errorf("patched with too many rows at the mark: %v %v", p, err)
	}
}

// The UI reads the page after a record it just saved with the cursor the
// record had before: the positions then serve from where the cursor
// stands, as SQL does, not from the record's new place.
func TestPageAfterAChangedCursorRow(t *testing.T) {
	s := openTest(t)
	seedForPaging(t, s)
	spreadUpdates(t, s)
	ctx := context.Background()
	// A narrow filter's page read by the positions, from the cursor.
	positions := filterTuning{narrowCap: 1 << 30, waitPositions: true}
	sql := filterTuning{narrowCap: 1 << 30, noPositions: true}
	defer func() { s.tune = filterTuning{} }()
	ids := func(p domain.Page[domain.Person]) []domain.ID {
		var out []domain.ID
		for _, it := range p.Items {
			out = append(out, it.ID)
		}
		return out
	}
	edits := map[string]func(p *domain.Person){
		"rename":      func(p *domain.Person) { p.LastName = "Zzzz" + p.LastName },
		"rename back": func(p *domain.Person) { p.LastName = "Aaaa" + p.LastName },
		"clear title": func(p *domain.Person) { p.Title = "" },
	}
	for _, sort := range []domain.SortField{"", domain.SortTitle} {
		for _, desc := range []bool{false, true} {
			for name, edit := range edits {
				for _, back := range []bool{false, true} {
					label := fmt.Sprintf("sort=%s desc=%v %s back=%v", sort, desc, name, back)
					q := domain.ListQuery{Sort: sort, Desc: desc, Filter: "a", Limit: 5}
					s.tune = positions
					first, err := s.ListPeople(ctx, q)
					if err != nil || len(first.Items) < 5 {
						t.Fatal(label, err)
					}
					i := len(first.Items) - 1
					if back {
						i = 0
					}
					p, err := s.GetPerson(ctx, first.Items[i].ID)
					if err != nil {
						t.Fatal(err)
					}
					edit(&p)
					if err := s.UpdatePerson(ctx, &p); err != nil {
						t.Fatal(label, err)
					}
					cur := first.Cursors[i]
					if back {
						q.Before = &cur
					} else {
						q.After = &cur
					}
					s.tune = sql
					want, err := s.ListPeople(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					s.tune = positions
					got, err := s.ListPeople(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(ids(got), ids(want)) {
						t.Errorf("%s:\n got %v\nwant %v", label, ids(got), ids(want))
					}
				}
			}
		}
	}
}

// People added by another writer while filters patch the positions (rows
// added between the marks and the changed rows are read) neither crash nor
// disorder pages.
func TestPatchWhileRowsAreAdded(t *testing.T) {
	s := openTest(t)
	seedForPaging(t, s)
	spreadUpdates(t, s)
	ctx := context.Background()
	s.tune = filterTuning{narrowCap: 0, walkBudget: 1, partRows: 2, parallel: 2}
	defer func() { s.tune = filterTuning{} }()
	pq := &pageQuery{spec: peopleSpec, segments: peopleSegments("", false)}
	if _, err := s.listOrderFor(ctx, pq, true); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	added := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				added <- nil
				return
			default:
			}
			if err := s.CreatePerson(ctx, &domain.Person{FirstName: "Jan", LastName: fmt.Sprintf("Nowak%d", i)}); err != nil {
				added <- err
				return
			}
		}
	}()
	deadline := time.Now().Add(300 * time.Millisecond)
	for time.Now().Before(deadline) {
		if _, err := s.ListPeople(ctx, domain.ListQuery{Filter: "jan now", Limit: 5}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CountPeople(ctx, domain.ListQuery{Filter: "jan now"}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if err := <-added; err != nil {
		t.Fatal(err)
	}
	o, err := s.listOrderFor(ctx, pq, true)
	if err != nil || o == nil {
		t.Fatal(o, err)
	}
	checkPositions(t, s, "after people were added meanwhile", pq, o)
}

// patchFixture is a seeded store whose people have distinct updated_at
// times, reading positions when asked, and the people's default order.
func patchFixture(t *testing.T) (*Store, *pageQuery) {
	t.Helper()
	s := openTest(t)
	seedForPaging(t, s)
	spreadUpdates(t, s)
	s.tune = filterTuning{waitPositions: true}
	t.Cleanup(func() { s.tune = filterTuning{} })
	return s, &pageQuery{spec: peopleSpec, segments: peopleSegments("", false)}
}

package tui

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kontor/domain"
)

// memStore is a small in-memory domain.Store for the Update/View tests: it
// keeps the keyset paging contract (sort key then id, After/Before/Last,
// More), filters by folded word prefixes like the real index, validates
// with the domain rules and counts dependents. The teatest flows use the
// real SQLite store.
type memStore struct {
	people      map[domain.ID]domain.Person
	companies   map[domain.ID]domain.Company
	deals       map[domain.ID]domain.Deal
	stages      []domain.Stage
	fields      map[domain.RecordType][]domain.CustomField
	nextID      domain.ID
	version     int64
	readOnly    bool
	readOnlyWhy string
	countCap    int                     // counts above it are reported as capped
	reject      *domain.ValidationError // returned by the next create or update
	lists       int                     // list calls made
	now         time.Time
}

func newMemStore() *memStore {
	return &memStore{
		people: map[domain.ID]domain.Person{}, companies: map[domain.ID]domain.Company{}, deals: map[domain.ID]domain.Deal{},
		stages: []domain.Stage{{ID: 1, Name: "Lead", Position: 1}, {ID: 2, Name: "Qualified", Position: 2},
			{ID: 3, Name: "Proposal", Position: 3}, {ID: 4, Name: "Won", Position: 4, Won: true}, {ID: 5, Name: "Lost", Position: 5, Lost: true}},
		fields: map[domain.RecordType][]domain.CustomField{},
		nextID: 100,
		now:    time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

func (s *memStore) id() domain.ID { s.nextID++; return s.nextID }

func (s *memStore) stamp(m *domain.Meta) {
	s.now = s.now.Add(time.Second)
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.now
	}
	m.UpdatedAt = s.now
}

// touch simulates another process changing the file.
func (s *memStore) touch() { s.version++ }

// addPerson stores p as is (no validation) and returns its id.
func (s *memStore) addPerson(p domain.Person) domain.ID {
	p.ID = s.id()
	s.stamp(&p.Meta)
	s.people[p.ID] = p
	return p.ID
}

func (s *memStore) addCompany(c domain.Company) domain.ID {
	c.ID = s.id()
	s.stamp(&c.Meta)
	s.companies[c.ID] = c
	return c.ID
}

func (s *memStore) addDeal(d domain.Deal) domain.ID {
	d.ID = s.id()
	if d.StageID == 0 {
		d.StageID = s.stages[0].ID
	}
	s.stamp(&d.Meta)
	s.deals[d.ID] = d
	return d.ID
}

// keyed is a record with its sort key and search text.
type keyed[T any] struct {
	id   domain.ID
	key  string
	text string
	item T
}

func cursorKey(c *domain.Cursor) (string, domain.ID) {
	k, _ := c.Key.(string)
	return k, c.ID
}

func matches(text, filter string) bool {
	words := domain.SearchTokens(text)
	for _, q := range domain.SearchTokens(filter) {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, q) }) {
			return false
		}
	}
	return true
}

// memPage applies a ListQuery to rows.
func memPage[T any](rows []keyed[T], q domain.ListQuery) domain.Page[T] {
	rows = slices.DeleteFunc(rows, func(r keyed[T]) bool { return q.Filter != "" && !matches(r.text, q.Filter) })
	cmpRow := func(a, b keyed[T]) int {
		c := cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
		if q.Desc {
			return -c
		}
		return c
	}
	slices.SortFunc(rows, cmpRow)
	limit := q.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	var out []keyed[T]
	more := false
	switch {
	case q.After != nil:
		k, id := cursorKey(q.After)
		i, _ := slices.BinarySearchFunc(rows, keyed[T]{key: k, id: id}, cmpRow)
		for i < len(rows) && cmpRow(rows[i], keyed[T]{key: k, id: id}) <= 0 {
			i++
		}
		out = rows[i:min(len(rows), i+limit)]
		more = i+limit < len(rows)
	case q.Before != nil:
		k, id := cursorKey(q.Before)
		j, _ := slices.BinarySearchFunc(rows, keyed[T]{key: k, id: id}, cmpRow)
		start := max(0, j-limit)
		out = rows[start:j]
		more = start > 0
	case q.Last:
		start := max(0, len(rows)-limit)
		out = rows[start:]
		more = start > 0
	default:
		out = rows[:min(len(rows), limit)]
		more = limit < len(rows)
	}
	p := domain.Page[T]{More: more}
	for _, r := range out {
		p.Items = append(p.Items, r.item)
		p.Cursors = append(p.Cursors, domain.Cursor{Key: r.key, ID: r.id})
	}
	return p
}

func (s *memStore) count(n int) domain.Count {
	if s.countCap > 0 && n > s.countCap {
		return domain.Count{N: s.countCap, Exact: false}
	}
	return domain.Count{N: n, Exact: true}
}

func timeKey(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (s *memStore) fillPerson(p domain.Person) domain.Person {
	p.Company = s.companies[p.CompanyID].Name
	return p
}

func (s *memStore) peopleRows(q domain.ListQuery) []keyed[domain.Person] {
	var rows []keyed[domain.Person]
	for _, p := range s.people {
		if q.CompanyID != 0 && p.CompanyID != q.CompanyID || q.ImportID != 0 && p.ImportID != q.ImportID {
			continue
		}
		p = s.fillPerson(p)
		var key string
		switch q.Sort {
		case domain.SortEmail:
			key = domain.EmailKey(p.PrimaryEmail())
		case domain.SortTitle:
			key = domain.Fold(p.Title)
		case domain.SortCreated:
			key = timeKey(p.CreatedAt)
		case domain.SortUpdated:
			key = timeKey(p.UpdatedAt)
		default:
			key = domain.Fold(p.LastName + " " + p.FirstName)
		}
		text := strings.Join([]string{p.FirstName, p.LastName, p.Company, p.PrimaryEmail(), p.Title}, " ")
		rows = append(rows, keyed[domain.Person]{id: p.ID, key: key, text: text, item: p})
	}
	return rows
}

func (s *memStore) GetPerson(_ context.Context, id domain.ID) (domain.Person, error) {
	p, ok := s.people[id]
	if !ok {
		return domain.Person{}, fmt.Errorf("person %d: %w", id, domain.ErrNotFound)
	}
	return s.fillPerson(p), nil
}

func (s *memStore) ListPeople(_ context.Context, q domain.ListQuery) (domain.Page[domain.Person], error) {
	s.lists++
	return memPage(s.peopleRows(q), q), nil
}

func (s *memStore) CountPeople(_ context.Context, q domain.ListQuery) (domain.Count, error) {
	q.Limit = 1000
	return s.count(len(memPage(s.peopleRows(q), q).Items)), nil
}

func (s *memStore) checkWrite() error {
	if s.readOnly {
		return domain.ErrReadOnly
	}
	if s.reject != nil {
		err := s.reject
		s.reject = nil
		return err
	}
	return nil
}

func (s *memStore) CreatePerson(_ context.Context, p *domain.Person) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	if err := (domain.Rules{Region: "PL"}).Person(p); err != nil {
		return err
	}
	p.ID = s.id()
	s.stamp(&p.Meta)
	s.people[p.ID] = *p
	return nil
}

func (s *memStore) UpdatePerson(_ context.Context, p *domain.Person) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	old, ok := s.people[p.ID]
	if !ok {
		return fmt.Errorf("person %d: %w", p.ID, domain.ErrNotFound)
	}
	if err := (domain.Rules{Region: "PL"}).Person(p); err != nil {
		return err
	}
	p.CreatedAt = old.CreatedAt
	s.stamp(&p.Meta)
	s.people[p.ID] = *p
	return nil
}

func (s *memStore) PersonDependents(_ context.Context, id domain.ID) (domain.Dependents, error) {
	var d domain.Dependents
	for _, x := range s.deals {
		if x.PersonID == id {
			d.Deals++
		}
	}
	return d, nil
}

func (s *memStore) DeletePerson(ctx context.Context, id domain.ID, mode domain.DeleteMode) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	if _, ok := s.people[id]; !ok {
		return fmt.Errorf("person %d: %w", id, domain.ErrNotFound)
	}
	d, _ := s.PersonDependents(ctx, id)
	if d.Any() && mode != domain.DeleteDetach {
		return &domain.DependentsError{Type: domain.TypePerson, ID: id, Deals: d.Deals}
	}
	for k, x := range s.deals {
		if x.PersonID == id {
			x.PersonID = 0
			s.deals[k] = x
		}
	}
	delete(s.people, id)
	return nil
}

func (s *memStore) companyRows(q domain.ListQuery) []keyed[domain.Company] {
	var rows []keyed[domain.Company]
	for _, c := range s.companies {
		if q.ImportID != 0 && c.ImportID != q.ImportID {
			continue
		}
		var key string
		switch q.Sort {
		case domain.SortCity:
			key = domain.Fold(c.Address.City)
		case domain.SortIndustry:
			key = domain.Fold(c.Industry)
		case domain.SortCreated:
			key = timeKey(c.CreatedAt)
		case domain.SortUpdated:
			key = timeKey(c.UpdatedAt)
		default:
			key = domain.Fold(c.Name)
		}
		rows = append(rows, keyed[domain.Company]{id: c.ID, key: key, text: c.Name + " " + c.Domain + " " + c.Address.City, item: c})
	}
	return rows
}

func (s *memStore) GetCompany(_ context.Context, id domain.ID) (domain.Company, error) {
	c, ok := s.companies[id]
	if !ok {
		return domain.Company{}, fmt.Errorf("company %d: %w", id, domain.ErrNotFound)
	}
	return c, nil
}

func (s *memStore) ListCompanies(_ context.Context, q domain.ListQuery) (domain.Page[domain.Company], error) {
	s.lists++
	return memPage(s.companyRows(q), q), nil
}

func (s *memStore) CountCompanies(_ context.Context, q domain.ListQuery) (domain.Count, error) {
	q.Limit = 1000
	return s.count(len(memPage(s.companyRows(q), q).Items)), nil
}

func (s *memStore) CreateCompany(_ context.Context, c *domain.Company) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	if err := (domain.Rules{Region: "PL"}).Company(c); err != nil {
		return err
	}
	c.ID = s.id()
	s.stamp(&c.Meta)
	s.companies[c.ID] = *c
	return nil
}

func (s *memStore) UpdateCompany(_ context.Context, c *domain.Company) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	if _, ok := s.companies[c.ID]; !ok {
		return fmt.Errorf("company %d: %w", c.ID, domain.ErrNotFound)
	}
	if err := (domain.Rules{Region: "PL"}).Company(c); err != nil {
		return err
	}
	s.stamp(&c.Meta)
	s.companies[c.ID] = *c
	return nil
}

func (s *memStore) CompanyDependents(_ context.Context, id domain.ID) (domain.Dependents, error) {
	var d domain.Dependents
	for _, p := range s.people {
		if p.CompanyID == id {
			d.People++
		}
	}
	for _, x := range s.deals {
		if x.CompanyID == id {
			d.Deals++
		}
	}
	return d, nil
}

func (s *memStore) DeleteCompany(ctx context.Context, id domain.ID, mode domain.DeleteMode) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	if _, ok := s.companies[id]; !ok {
		return fmt.Errorf("company %d: %w", id, domain.ErrNotFound)
	}
	d, _ := s.CompanyDependents(ctx, id)
	if d.Any() && mode != domain.DeleteDetach {
		return &domain.DependentsError{Type: domain.TypeCompany, ID: id, People: d.People, Deals: d.Deals}
	}
	for k, p := range s.people {
		if p.CompanyID == id {
			p.CompanyID = 0
			s.people[k] = p
		}
	}
	for k, x := range s.deals {
		if x.CompanyID == id {
			x.CompanyID = 0
			s.deals[k] = x
		}
	}
	delete(s.companies, id)
	return nil
}

func (s *memStore) stage(id domain.ID) domain.Stage {
	for _, st := range s.stages {
		if st.ID == id {
			return st
		}
	}
	return domain.Stage{}
}

func (s *memStore) fillDeal(d domain.Deal) domain.Deal {
	d.Company = s.companies[d.CompanyID].Name
	d.Person = s.people[d.PersonID].Name()
	d.Stage = s.stage(d.StageID).Name
	return d
}

func (s *memStore) dealRows(q domain.ListQuery) []keyed[domain.Deal] {
	var rows []keyed[domain.Deal]
	for _, d := range s.deals {
		if q.CompanyID != 0 && d.CompanyID != q.CompanyID || q.PersonID != 0 && d.PersonID != q.PersonID ||
			q.ImportID != 0 && d.ImportID != q.ImportID {
			continue
		}
		d = s.fillDeal(d)
		var key string
		switch q.Sort {
		case domain.SortStage:
			key = fmt.Sprintf("%04d", s.stage(d.StageID).Position)
		case domain.SortAmount:
			if d.Amount != nil {
				key = fmt.Sprintf("%020d", d.Amount.Minor)
			}
		case domain.SortCloseDate:
			key = d.CloseDate.String()
		case domain.SortCreated:
			key = timeKey(d.CreatedAt)
		case domain.SortUpdated:
			key = timeKey(d.UpdatedAt)
		default:
			key = domain.Fold(d.Title)
		}
		rows = append(rows, keyed[domain.Deal]{id: d.ID, key: key, text: d.Title + " " + d.Company, item: d})
	}
	return rows
}

func (s *memStore) GetDeal(_ context.Context, id domain.ID) (domain.Deal, error) {
	d, ok := s.deals[id]
	if !ok {
		return domain.Deal{}, fmt.Errorf("deal %d: %w", id, domain.ErrNotFound)
	}
	return s.fillDeal(d), nil
}

func (s *memStore) ListDeals(_ context.Context, q domain.ListQuery) (domain.Page[domain.Deal], error) {
	s.lists++
	return memPage(s.dealRows(q), q), nil
}

func (s *memStore) CountDeals(_ context.Context, q domain.ListQuery) (domain.Count, error) {
	q.Limit = 1000
	return s.count(len(memPage(s.dealRows(q), q).Items)), nil
}

func (s *memStore) CreateDeal(_ context.Context, d *domain.Deal) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	if err := (domain.Rules{Region: "PL"}).Deal(d); err != nil {
		return err
	}
	if d.StageID == 0 {
		d.StageID = s.stages[0].ID
	}
	d.ID = s.id()
	s.stamp(&d.Meta)
	s.deals[d.ID] = *d
	return nil
}

func (s *memStore) UpdateDeal(_ context.Context, d *domain.Deal) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	if _, ok := s.deals[d.ID]; !ok {
		return fmt.Errorf("deal %d: %w", d.ID, domain.ErrNotFound)
	}
	if err := (domain.Rules{Region: "PL"}).Deal(d); err != nil {
		return err
	}
	s.stamp(&d.Meta)
	s.deals[d.ID] = *d
	return nil
}

func (s *memStore) DeleteDeal(_ context.Context, id domain.ID) error {
	if err := s.checkWrite(); err != nil {
		return err
	}
	if _, ok := s.deals[id]; !ok {
		return fmt.Errorf("deal %d: %w", id, domain.ErrNotFound)
	}
	delete(s.deals, id)
	return nil
}

func (s *memStore) ListStages(context.Context) ([]domain.Stage, error) {
	return slices.Clone(s.stages), nil
}

func (s *memStore) CreateStage(context.Context, *domain.Stage) error {
	return fmt.Errorf("memStore: stages are fixed")
}

func (s *memStore) UpdateStage(context.Context, *domain.Stage) error {
	return fmt.Errorf("memStore: stages are fixed")
}

func (s *memStore) MoveStage(context.Context, domain.ID, int) error {
	return fmt.Errorf("memStore: stages are fixed")
}

func (s *memStore) DeleteStage(context.Context, domain.ID, domain.ID) error {
	return fmt.Errorf("memStore: stages are fixed")
}

func (s *memStore) ListCustomFields(_ context.Context, t domain.RecordType) ([]domain.CustomField, error) {
	return slices.Clone(s.fields[t]), nil
}

func (s *memStore) CreateCustomField(_ context.Context, f *domain.CustomField) error {
	f.ID = s.id()
	f.Position = len(s.fields[f.RecordType]) + 1
	s.fields[f.RecordType] = append(s.fields[f.RecordType], *f)
	return nil
}

func (s *memStore) Path() string   { return "/home/ania/.local/share/kontor/kontor.db" }
func (s *memStore) ReadOnly() bool { return s.readOnly }

func (s *memStore) ReadOnlyReason() string { return s.readOnlyWhy }

func (s *memStore) Counts(context.Context) (domain.Counts, error) {
	return domain.Counts{People: len(s.people), Companies: len(s.companies), Deals: len(s.deals)}, nil
}

func (s *memStore) DataVersion(context.Context) (int64, error) { return s.version, nil }

var _ domain.Store = (*memStore)(nil)

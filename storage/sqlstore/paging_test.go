package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"kontor/domain"
)

// seedForPaging loads records with many equal sort keys and empty values.
func seedForPaging(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	stages, _ := s.ListStages(ctx)
	err := s.Load(ctx, func(l *Loader) error {
		var companies []domain.ID
		for i := range 30 {
			c := domain.Company{Name: []string{"Acme", "Łódź Tekstylia", "Globex"}[i%3] + " " + fmt.Sprint(i%4),
				Address: domain.Address{City: []string{"", "Kraków", "Łódź", "kraków"}[i%4]}, Industry: []string{"", "IT"}[i%2]}
			if err := l.AddCompany(&c); err != nil {
				return err
			}
			companies = append(companies, c.ID)
		}
		var people []domain.ID
		for i := range 137 {
			p := domain.Person{FirstName: []string{"Jan", "Anna", ""}[i%3], LastName: []string{"Nowak", "Kowalski", "Żak", ""}[i%4],
				Title: []string{"", "CEO", "cfo", "Księgowa"}[i%4]}
			if p.FirstName == "" && p.LastName == "" {
				p.Emails = []domain.Email{{Address: fmt.Sprintf("x%d@acme.pl", i)}}
			}
			if i%5 == 0 {
				p.Emails = append(p.Emails, domain.Email{Address: fmt.Sprintf("same%d@acme.pl", i%2)})
			}
			if i%2 == 0 {
				p.CompanyID = companies[i%len(companies)]
			}
			if err := l.AddPerson(&p); err != nil {
				return err
			}
			people = append(people, p.ID)
		}
		for i := range 61 {
			d := domain.Deal{Title: []string{"Serwis", "Audyt", "Licencja"}[i%3], StageID: stages[i%len(stages)].ID}
			if i%3 != 0 {
				m := domain.Money{Minor: int64(i%4) * 1000, Currency: "PLN"}
				d.Amount = &m
			}
			if i%4 != 0 {
				d.CloseDate = domain.Date{Year: 2025, Month: time.Month(1 + i%3), Day: 1}
			}
			if i%2 == 0 {
				d.CompanyID = companies[i%len(companies)]
				d.PersonID = people[i]
			}
			if err := l.AddDeal(&d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// walk pages through a list forward then backward and checks that both
// visit the same rows, each once, in mirrored order.
func walk[T any](t *testing.T, name string, list func(domain.ListQuery) (domain.Page[T], error), id func(T) domain.ID, base domain.ListQuery, total int) {
	t.Helper()
	var forward []domain.ID
	q := base
	q.Limit = 7
	var last domain.Cursor
	for {
		page, err := list(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, it := range page.Items {
			forward = append(forward, id(it))
		}
		if len(page.Items) > 0 {
			last = page.Cursors[len(page.Cursors)-1]
		}
		if !page.More {
			break
		}
		c := last
		q.After, q.Before = &c, nil
	}
	if total == 0 {
		t.Errorf("%s: nothing to walk", name)
	}
	if len(forward) != total {
		t.Errorf("%s: forward walk saw %d rows, want %d", name, len(forward), total)
	}
	seen := map[domain.ID]bool{}
	for _, x := range forward {
		if seen[x] {
			t.Errorf("%s: row %d seen twice going forward", name, x)
		}
		seen[x] = true
	}
	// Backward from the end.
	var backward []domain.ID
	q = base
	q.Limit, q.Last = 7, true
	for {
		page, err := list(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ids := make([]domain.ID, 0, len(page.Items))
		for _, it := range page.Items {
			ids = append(ids, id(it))
		}
		backward = append(ids, backward...)
		if !page.More || len(page.Items) == 0 {
			break
		}
		c := page.Cursors[0]
		q.Last, q.After, q.Before = false, nil, &c
	}
	if !slices.Equal(forward, backward) {
		t.Errorf("%s: backward walk differs from forward\nforward  %v\nbackward %v", name, forward, backward)
	}
}

func TestPagingEverySort(t *testing.T) {
	s := openTest(t)
	seedForPaging(t, s)
	ctx := context.Background()
	counts, _ := s.Counts(ctx)
	for _, desc := range []bool{false, true} {
		for _, filter := range []string{"", "acme"} {
			for _, f := range domain.Sorts(domain.TypePerson) {
				q := domain.ListQuery{Sort: f, Desc: desc, Filter: filter}
				n, _ := s.CountPeople(ctx, q)
				total := counts.People
				if filter != "" {
					total = n.N
				}
				walk(t, fmt.Sprintf("people %s desc=%v filter=%q", f, desc, filter), func(q domain.ListQuery) (domain.Page[domain.Person], error) {
					return s.ListPeople(ctx, q)
				}, func(p domain.Person) domain.ID { return p.ID }, q, total)
			}
			for _, f := range domain.Sorts(domain.TypeCompany) {
				q := domain.ListQuery{Sort: f, Desc: desc, Filter: filter}
				n, _ := s.CountCompanies(ctx, q)
				walk(t, fmt.Sprintf("companies %s desc=%v filter=%q", f, desc, filter), func(q domain.ListQuery) (domain.Page[domain.Company], error) {
					return s.ListCompanies(ctx, q)
				}, func(c domain.Company) domain.ID { return c.ID }, q, n.N)
			}
			for _, f := range domain.Sorts(domain.TypeDeal) {
				q := domain.ListQuery{Sort: f, Desc: desc, Filter: filter}
				n, _ := s.CountDeals(ctx, q)
				walk(t, fmt.Sprintf("deals %s desc=%v filter=%q", f, desc, filter), func(q domain.ListQuery) (domain.Page[domain.Deal], error) {
					return s.ListDeals(ctx, q)
				}, func(d domain.Deal) domain.ID { return d.ID }, q, n.N)
			}
		}
	}
}

func TestPagingOrder(t *testing.T) {
	s := openTest(t)
	seedForPaging(t, s)
	ctx := context.Background()
	page, _ := s.ListPeople(ctx, domain.ListQuery{Sort: domain.SortTitle, Limit: 1000})
	var titles []string
	for _, p := range page.Items {
		titles = append(titles, p.Title)
	}
	// Non-empty titles first, in case-insensitive order, empty ones last.
	firstEmpty := slices.Index(titles, "")
	if firstEmpty < 0 || slices.ContainsFunc(titles[firstEmpty:], func(s string) bool { return s != "" }) {
		t.Errorf("empty titles are not last: %v", titles)
	}
	page2, _ := s.ListPeople(ctx, domain.ListQuery{Limit: 1000})
	var names []string
	for _, p := range page2.Items {
		names = append(names, p.LastName)
	}
	// Żak sorts with Z (after Nowak), not after every other name.
	if i, j := slices.Index(names, "Nowak"), slices.Index(names, "Żak"); i < 0 || j < i {
		t.Errorf("name order: %v", names)
	}
	// Titles, cities and industries order by their folded text, diacritics
	// and case aside, through an index ("Łowca" with L, not after Z).
	for _, title := range []string{"Zarząd", "łowca talentów", "Analityk", "ŁOWCA GŁÓW"} {
		p := domain.Person{FirstName: "T", LastName: title, Title: title}
		if err := s.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	page, _ = s.ListPeople(ctx, domain.ListQuery{Filter: "t", Sort: domain.SortTitle, Limit: 1000})
	var ours []string
	for _, p := range page.Items {
		if p.FirstName == "T" {
			ours = append(ours, p.Title)
		}
	}
	if want := []string{"Analityk", "ŁOWCA GŁÓW", "łowca talentów", "Zarząd"}; !slices.Equal(ours, want) {
		t.Errorf("title order %q, want %q", ours, want)
	}
	for _, city := range []string{"Zakopane", "Łódź", "Kraków", "lublin"} {
		c := domain.Company{Name: "City " + city, Address: domain.Address{City: city}, Industry: city}
		if err := s.CreateCompany(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	for _, sort := range []domain.SortField{domain.SortCity, domain.SortIndustry} {
		cs, _ := s.ListCompanies(ctx, domain.ListQuery{Filter: "city", Sort: sort, Limit: 100})
		var cities []string
		for _, c := range cs.Items {
			cities = append(cities, c.Address.City)
		}
		if want := []string{"Kraków", "Łódź", "lublin", "Zakopane"}; !slices.Equal(cities, want) {
			t.Errorf("companies by %s: %q, want %q", sort, cities, want)
		}
	}
	for _, q := range []string{
		"EXPLAIN QUERY PLAN SELECT id FROM people ORDER BY title_sort, id LIMIT 50",
		"EXPLAIN QUERY PLAN SELECT id FROM companies ORDER BY city_sort, id LIMIT 50",
	} {
		var a, b, c int
		var detail string
		if err := s.r.QueryRow(q).Scan(&a, &b, &c, &detail); err != nil || strings.Contains(detail, "TEMP B-TREE") || !strings.Contains(detail, "INDEX") {
			t.Errorf("%s: %q %v", q, detail, err)
		}
	}
	deals, _ := s.ListDeals(ctx, domain.ListQuery{Sort: domain.SortStage, Limit: 1000})
	stages, _ := s.ListStages(ctx)
	pos := map[domain.ID]int{}
	for _, st := range stages {
		pos[st.ID] = st.Position
	}
	for i := 1; i < len(deals.Items); i++ {
		a, b := deals.Items[i-1], deals.Items[i]
		if pos[a.StageID] > pos[b.StageID] || pos[a.StageID] == pos[b.StageID] && a.ID > b.ID {
			t.Fatalf("deals by stage out of order at %d", i)
		}
	}
	byCompany, _ := s.ListPeople(ctx, domain.ListQuery{CompanyID: 1, Limit: 1000})
	for _, p := range byCompany.Items {
		if p.CompanyID != 1 {
			t.Errorf("company filter returned person of company %d", p.CompanyID)
		}
	}
}

func TestLoaderRollsBack(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	err := s.Load(ctx, func(l *Loader) error {
		for i := range 500 {
			p := domain.Person{FirstName: fmt.Sprint(i)}
			if err := l.AddPerson(&p); err != nil {
				return err
			}
		}
		return fmt.Errorf("stop")
	})
	if err == nil {
		t.Fatal("error from fn not returned")
	}
	c, _ := s.Counts(ctx)
	if c.People != 0 {
		t.Errorf("%d people left after rollback", c.People)
	}
	var n int
	s.r.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'people_sort'").Scan(&n)
	if n != 1 {
		t.Error("rolled-back load lost an index")
	}
}

func TestLoaderIntoNonEmptyFile(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustPerson(t, s, domain.Person{FirstName: "Before"})
	indexes := func() int {
		var n int
		s.r.QueryRow("SELECT count(*) FROM sqlite_master WHERE type IN ('index','trigger')").Scan(&n)
		return n
	}
	before := indexes()
	if err := s.Load(ctx, func(l *Loader) error {
		p := domain.Person{FirstName: "Łucja", Emails: []domain.Email{{Address: "a@b.pl"}, {Address: "c@d.pl"}}}
		return l.AddPerson(&p)
	}); err != nil {
		t.Fatal(err)
	}
	if indexes() != before {
		t.Errorf("indexes and triggers: %d before, %d after", before, indexes())
	}
	page, _ := s.ListPeople(ctx, domain.ListQuery{Filter: "lucja c@d"})
	if len(page.Items) != 1 || len(page.Items[0].Emails) != 2 {
		t.Errorf("loaded person not found with both e-mails: %+v", page.Items)
	}
}

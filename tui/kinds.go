package tui

import (
	"context"
	"fmt"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// row is one record as a table shows it. Every string in it has been through
// termsafe.Clean.
type row struct {
	id     domain.ID
	cursor domain.Cursor
	name   string   // what dialogs and the status line call the record
	cells  []string // one per column of the record's kind
}

// column is one column of a table.
type column struct {
	title  string
	min    int              // narrowest useful width
	weight int              // share of the spare width
	sort   domain.SortField // the sort this column shows; "" for none
	right  bool             // right-aligned (amounts)
	keep   bool             // never dropped when the terminal is narrow
}

// kind describes how a record type is listed: its columns and how to read
// a page and a count from the store.
type kind struct {
	t       domain.RecordType
	title   string // tab title
	columns []column
	list    func(ctx context.Context, s domain.Store, q domain.ListQuery) ([]row, bool, error)
	count   func(ctx context.Context, s domain.Store, q domain.ListQuery) (domain.Count, error)
}

// recordKinds lists the record kinds in tab order.
func recordKinds() []*kind { return []*kind{peopleKind(), companiesKind(), dealsKind()} }

// tabIndex returns the tab of a record type.
func tabIndex(t domain.RecordType) int {
	for i, rt := range domain.RecordTypes {
		if rt == t {
			return i
		}
	}
	return 0
}

// personName is how a person is called when the name is empty.
func personName(p domain.Person) string {
	if n := p.Name(); n != "" {
		return n
	}
	if e := p.PrimaryEmail(); e != "" {
		return e
	}
	return fmt.Sprintf("person #%d", p.ID)
}

func companyName(c domain.Company) string {
	if c.Name != "" {
		return c.Name
	}
	return fmt.Sprintf("company #%d", c.ID)
}

func dealName(d domain.Deal) string {
	if d.Title != "" {
		return d.Title
	}
	return fmt.Sprintf("deal #%d", d.ID)
}

func cleanAll(ss ...string) []string {
	for i, s := range ss {
		ss[i] = termsafe.Clean(s)
	}
	return ss
}

func peopleKind() *kind {
	return &kind{
		t:     domain.TypePerson,
		title: "People",
		columns: []column{
			{title: "Name", min: 14, weight: 3, sort: domain.SortName, keep: true},
			{title: "Company", min: 12, weight: 2},
			{title: "Title", min: 10, weight: 2, sort: domain.SortTitle},
			{title: "E-mail", min: 16, weight: 3, sort: domain.SortEmail, keep: true},
			{title: "Phone", min: 13, weight: 1},
			{title: "City", min: 10, weight: 1},
		},
		list: func(ctx context.Context, s domain.Store, q domain.ListQuery) ([]row, bool, error) {
			p, err := s.ListPeople(ctx, q)
			if err != nil {
				return nil, false, err
			}
			rows := make([]row, len(p.Items))
			for i, x := range p.Items {
				name := termsafe.Clean(personName(x))
				rows[i] = row{id: x.ID, cursor: p.Cursors[i], name: name,
					cells: append([]string{name}, cleanAll(x.Company, x.Title, x.PrimaryEmail(), x.PrimaryPhone(), x.Address.City)...)}
			}
			return rows, p.More, nil
		},
		count: func(ctx context.Context, s domain.Store, q domain.ListQuery) (domain.Count, error) {
			return s.CountPeople(ctx, q)
		},
	}
}

func companiesKind() *kind {
	return &kind{
		t:     domain.TypeCompany,
		title: "Companies",
		columns: []column{
			{title: "Name", min: 14, weight: 4, sort: domain.SortName, keep: true},
			{title: "Domain", min: 10, weight: 2},
			{title: "City", min: 8, weight: 2, sort: domain.SortCity},
			{title: "Industry", min: 10, weight: 2, sort: domain.SortIndustry},
			{title: "Phone", min: 12, weight: 1},
		},
		list: func(ctx context.Context, s domain.Store, q domain.ListQuery) ([]row, bool, error) {
			p, err := s.ListCompanies(ctx, q)
			if err != nil {
				return nil, false, err
			}
			rows := make([]row, len(p.Items))
			for i, x := range p.Items {
				name := termsafe.Clean(companyName(x))
				rows[i] = row{id: x.ID, cursor: p.Cursors[i], name: name,
					cells: append([]string{name}, cleanAll(x.Domain, x.Address.City, x.Industry, x.Phone.Display())...)}
			}
			return rows, p.More, nil
		},
		count: func(ctx context.Context, s domain.Store, q domain.ListQuery) (domain.Count, error) {
			return s.CountCompanies(ctx, q)
		},
	}
}

func dealsKind() *kind {
	return &kind{
		t:     domain.TypeDeal,
		title: "Deals",
		columns: []column{
			{title: "Title", min: 14, weight: 4, sort: domain.SortName, keep: true},
			{title: "Company", min: 10, weight: 2},
			{title: "Person", min: 10, weight: 2},
			{title: "Stage", min: 9, weight: 1, sort: domain.SortStage, keep: true},
			{title: "Amount", min: 14, weight: 1, sort: domain.SortAmount, right: true, keep: true},
			{title: "Close", min: 10, weight: 0, sort: domain.SortCloseDate},
		},
		list: func(ctx context.Context, s domain.Store, q domain.ListQuery) ([]row, bool, error) {
			p, err := s.ListDeals(ctx, q)
			if err != nil {
				return nil, false, err
			}
			rows := make([]row, len(p.Items))
			for i, x := range p.Items {
				amount := ""
				if x.Amount != nil {
					amount = x.Amount.String()
				}
				name := termsafe.Clean(dealName(x))
				rows[i] = row{id: x.ID, cursor: p.Cursors[i], name: name,
					cells: append([]string{name}, cleanAll(x.Company, x.Person, x.Stage, amount, x.CloseDate.String())...)}
			}
			return rows, p.More, nil
		},
		count: func(ctx context.Context, s domain.Store, q domain.ListQuery) (domain.Count, error) {
			return s.CountDeals(ctx, q)
		},
	}
}

// sortLabel is how a sort field is named in the header.
func sortLabel(t domain.RecordType, f domain.SortField) string {
	switch f {
	case domain.SortName:
		if t == domain.TypeDeal {
			return "title"
		}
		return "name"
	case domain.SortTitle:
		return "job title"
	case domain.SortCloseDate:
		return "close date"
	case domain.SortEmail:
		return "e-mail"
	}
	return string(f)
}

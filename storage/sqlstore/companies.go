package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kontor/domain"
)

var companyRelations = map[string]string{"import": "c.import_id"}

func companySegments(sort domain.SortField, desc bool) []segment {
	switch sort {
	case domain.SortCity:
		return textSegments("c.city_sort", desc)
	case domain.SortIndustry:
		return textSegments("c.industry_sort", desc)
	case domain.SortCreated:
		return keySegments("c.created_at", desc)
	case domain.SortUpdated:
		return keySegments("c.updated_at", desc)
	}
	return keySegments("c.sort_key", desc)
}

// GetCompany reads one company with its tax ids.
func (s *Store) GetCompany(ctx context.Context, id domain.ID) (domain.Company, error) {
	c, err := scanCompany(s.r.QueryRowContext(ctx, companySelect+" WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("company %d: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return c, err
	}
	list := []domain.Company{c}
	err = loadTaxIDs(ctx, s.r, list)
	return list[0], err
}

// ListCompanies reads one page of companies.
func (s *Store) ListCompanies(ctx context.Context, q domain.ListQuery) (domain.Page[domain.Company], error) {
	if err := checkSort(domain.TypeCompany, q.Sort); err != nil {
		return domain.Page[domain.Company]{}, err
	}
	pq := &pageQuery{spec: companiesSpec, segments: companySegments(q.Sort, q.Desc)}
	pq.relations(q, companyRelations)
	if err := s.prepareFilter(ctx, pq, q.Filter); err != nil {
		return domain.Page[domain.Company]{}, err
	}
	page, err := fetch(ctx, s.r, pq, q, func(sc scanner) (domain.Company, domain.ID, error) {
		c, err := scanCompany(sc)
		return c, c.ID, err
	})
	if err != nil {
		return page, err
	}
	return page, loadTaxIDs(ctx, s.r, page.Items)
}

// CountCompanies counts the companies a list query shows.
func (s *Store) CountCompanies(ctx context.Context, q domain.ListQuery) (domain.Count, error) {
	pq := &pageQuery{spec: companiesSpec, segments: companySegments(q.Sort, q.Desc)}
	pq.relations(q, companyRelations)
	return s.count(ctx, pq, q.Filter)
}

// CreateCompany validates, normalises and stores a new company.
func (s *Store) CreateCompany(ctx context.Context, c *domain.Company) error {
	if err := s.rules.Company(c); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		return w.createCompany(c)
	})
}

// UpdateCompany validates and stores every field of company c.ID; a new
// name is carried into the search text of its people and deals.
func (s *Store) UpdateCompany(ctx context.Context, c *domain.Company) error {
	if err := s.rules.Company(c); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		return w.updateCompany(c)
	})
}

// CompanyDependents counts the people and deals linked to a company.
func (s *Store) CompanyDependents(ctx context.Context, id domain.ID) (domain.Dependents, error) {
	return companyDependents(ctx, s.r, id)
}

func companyDependents(ctx context.Context, q queryer, id domain.ID) (domain.Dependents, error) {
	var d domain.Dependents
	err := q.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM people WHERE company_id = ?), (SELECT count(*) FROM deals WHERE company_id = ?)",
		id, id).Scan(&d.People, &d.Deals)
	return d, err
}

// DeleteCompany deletes a company. Its people and deals are detached with
// DeleteDetach; otherwise their existence refuses the delete.
func (s *Store) DeleteCompany(ctx context.Context, id domain.ID, mode domain.DeleteMode) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		deps, err := companyDependents(ctx, tx, id)
		if err != nil {
			return err
		}
		if deps.Any() {
			if mode != domain.DeleteDetach {
				return &domain.DependentsError{Type: domain.TypeCompany, ID: id, People: deps.People, Deals: deps.Deals}
			}
			if err := s.detach(ctx, tx, "people", "company_id", id); err != nil {
				return err
			}
			if err := s.detach(ctx, tx, "deals", "company_id", id); err != nil {
				return err
			}
		}
		return deleteRow(ctx, tx, "companies", id, domain.TypeCompany)
	})
}

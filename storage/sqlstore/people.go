package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kontor/domain"
)

var peopleRelations = map[string]string{"company": "p.company_id", "import": "p.import_id"}

func peopleSegments(sort domain.SortField, desc bool) []segment {
	switch sort {
	case domain.SortEmail:
		return textSegments("p.email_key", desc)
	case domain.SortTitle:
		return textSegments("p.title_sort", desc)
	case domain.SortCreated:
		return keySegments("p.created_at", desc)
	case domain.SortUpdated:
		return keySegments("p.updated_at", desc)
	}
	return keySegments("p.sort_key", desc)
}

func checkSort(t domain.RecordType, f domain.SortField) error {
	if f != "" && !domain.SupportsSort(t, f) {
		return fmt.Errorf("%s cannot be sorted by %q", t.Plural(), f)
	}
	return nil
}

// GetPerson reads one person with all e-mails and phones.
func (s *Store) GetPerson(ctx context.Context, id domain.ID) (domain.Person, error) {
	p, err := scanPerson(s.r.QueryRowContext(ctx, personSelect+" WHERE p.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("person %d: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return p, err
	}
	people := []domain.Person{p}
	err = loadPersonExtras(ctx, s.r, people)
	return people[0], err
}

// ListPeople reads one page of people.
func (s *Store) ListPeople(ctx context.Context, q domain.ListQuery) (domain.Page[domain.Person], error) {
	if err := checkSort(domain.TypePerson, q.Sort); err != nil {
		return domain.Page[domain.Person]{}, err
	}
	pq := &pageQuery{spec: peopleSpec, segments: peopleSegments(q.Sort, q.Desc)}
	pq.relations(q, peopleRelations)
	if err := s.prepareFilter(ctx, pq, q.Filter); err != nil {
		return domain.Page[domain.Person]{}, err
	}
	page, err := fetch(ctx, s.r, pq, q, func(sc scanner) (domain.Person, domain.ID, error) {
		p, err := scanPerson(sc)
		return p, p.ID, err
	})
	if err != nil {
		return page, err
	}
	return page, loadPersonExtras(ctx, s.r, page.Items)
}

// CountPeople counts the people a list query shows.
func (s *Store) CountPeople(ctx context.Context, q domain.ListQuery) (domain.Count, error) {
	// With the segments of the list order, a search is read once for the
	// page and its count (readsAll).
	pq := &pageQuery{spec: peopleSpec, segments: peopleSegments(q.Sort, q.Desc)}
	pq.relations(q, peopleRelations)
	return s.count(ctx, pq, q.Filter)
}

// CreatePerson validates, normalises and stores a new person.
func (s *Store) CreatePerson(ctx context.Context, p *domain.Person) error {
	if err := s.rules.Person(p); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		return w.createPerson(p)
	})
}

// UpdatePerson validates and stores every field of person p.ID.
func (s *Store) UpdatePerson(ctx context.Context, p *domain.Person) error {
	if err := s.rules.Person(p); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		return w.updatePerson(p)
	})
}

// PersonDependents counts the deals linked to a person.
func (s *Store) PersonDependents(ctx context.Context, id domain.ID) (domain.Dependents, error) {
	var d domain.Dependents
	err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM deals WHERE person_id = ?", id).Scan(&d.Deals)
	return d, err
}

// DeletePerson deletes a person; deals linked to them are detached with
// DeleteDetach, else their existence refuses the delete.
func (s *Store) DeletePerson(ctx context.Context, id domain.ID, mode domain.DeleteMode) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var deals int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM deals WHERE person_id = ?", id).Scan(&deals); err != nil {
			return err
		}
		if deals > 0 {
			if mode != domain.DeleteDetach {
				return &domain.DependentsError{Type: domain.TypePerson, ID: id, Deals: deals}
			}
			if err := s.detach(ctx, tx, "deals", "person_id", id); err != nil {
				return err
			}
		}
		return deleteRow(ctx, tx, "people", id, domain.TypePerson)
	})
}

func deleteRow(ctx context.Context, tx *sql.Tx, table string, id domain.ID, t domain.RecordType) error {
	res, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("delete %s %d: %w", t, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s %d: %w", t, id, domain.ErrNotFound)
	}
	return nil
}

// detach clears a link column of the rows pointing at id and refreshes
// their search text.
func (s *Store) detach(ctx context.Context, tx *sql.Tx, table, column string, id domain.ID) error {
	w := s.newWriter(ctx, tx)
	defer w.close()
	ids, err := w.ids("SELECT id FROM "+table+" WHERE "+column+" = ?", id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+column+" = NULL, updated_at = ? WHERE "+column+" = ?", timestamp(w.now), id); err != nil {
		return err
	}
	if table == "deals" {
		return w.refreshDeals(ids)
	}
	for _, pid := range ids {
		if err := w.refreshPerson(pid); err != nil {
			return err
		}
	}
	return nil
}

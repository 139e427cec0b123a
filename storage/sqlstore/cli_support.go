package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kontor/domain"
)

// Writes for the record commands of the command line (`kontor people
// update 12 --title CEO`). An update there changes only the fields given, so
// it reads the record, changes it and writes it back; doing all three in one
// write transaction (BEGIN IMMEDIATE) means that a change another process
// makes to the same record in the meantime is never overwritten with the
// old value. A record linked to a company that does not exist yet
// (--create-company) is written together with that company, so a failure
// leaves neither behind. Each method returns the record as stored, read
// back inside its transaction.

// CreatePersonWith validates and stores a new person. When newCompany is
// not nil it is validated and created first, in the same transaction, and
// the person is linked to it.
func (s *Store) CreatePersonWith(ctx context.Context, p *domain.Person, newCompany *domain.Company) error {
	if err := s.checkNewCompany(newCompany); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		if err := s.linkNewCompany(w, newCompany, &p.CompanyID); err != nil {
			return err
		}
		if err := s.rules.Person(p); err != nil {
			return err
		}
		if err := w.createPerson(p); err != nil {
			return err
		}
		stored, err := readPerson(ctx, tx, p.ID)
		*p = stored
		return err
	})
}

// UpdatePersonWith reads person id, applies edit to it, validates it and
// stores it, in one transaction. With newCompany, that company is created
// in the same transaction and the person linked to it (after edit ran).
func (s *Store) UpdatePersonWith(ctx context.Context, id domain.ID, newCompany *domain.Company, edit func(*domain.Person) error) (domain.Person, error) {
	if err := s.checkNewCompany(newCompany); err != nil {
		return domain.Person{}, err
	}
	var out domain.Person
	err := s.write(ctx, func(tx *sql.Tx) error {
		p, err := readPerson(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := edit(&p); err != nil {
			return err
		}
		w := s.newWriter(ctx, tx)
		defer w.close()
		if err := s.linkNewCompany(w, newCompany, &p.CompanyID); err != nil {
			return err
		}
		if err := s.rules.Person(&p); err != nil {
			return err
		}
		if err := w.updatePerson(&p); err != nil {
			return err
		}
		out, err = readPerson(ctx, tx, id)
		return err
	})
	return out, err
}

// CreateCompanyRead validates and stores a new company and reads it back.
func (s *Store) CreateCompanyRead(ctx context.Context, c *domain.Company) error {
	if err := s.rules.Company(c); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		if err := w.createCompany(c); err != nil {
			return err
		}
		stored, err := readCompany(ctx, tx, c.ID)
		*c = stored
		return err
	})
}

// UpdateCompanyWith reads company id, applies edit, validates and stores
// it, in one transaction.
func (s *Store) UpdateCompanyWith(ctx context.Context, id domain.ID, edit func(*domain.Company) error) (domain.Company, error) {
	var out domain.Company
	err := s.write(ctx, func(tx *sql.Tx) error {
		c, err := readCompany(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := edit(&c); err != nil {
			return err
		}
		if err := s.rules.Company(&c); err != nil {
			return err
		}
		w := s.newWriter(ctx, tx)
		defer w.close()
		if err := w.updateCompany(&c); err != nil {
			return err
		}
		out, err = readCompany(ctx, tx, id)
		return err
	})
	return out, err
}

// CreateDealWith validates and stores a new deal (in the pipeline's first
// stage when it names none); with newCompany, that company is created in
// the same transaction and the deal linked to it.
func (s *Store) CreateDealWith(ctx context.Context, d *domain.Deal, newCompany *domain.Company) error {
	if err := s.checkNewCompany(newCompany); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		if err := s.linkNewCompany(w, newCompany, &d.CompanyID); err != nil {
			return err
		}
		if err := s.rules.Deal(d); err != nil {
			return err
		}
		if err := w.createDeal(d); err != nil {
			return err
		}
		stored, err := readDeal(ctx, tx, d.ID)
		*d = stored
		return err
	})
}

// UpdateDealWith reads deal id, applies edit, validates and stores it, in
// one transaction; with newCompany, as UpdatePersonWith.
func (s *Store) UpdateDealWith(ctx context.Context, id domain.ID, newCompany *domain.Company, edit func(*domain.Deal) error) (domain.Deal, error) {
	if err := s.checkNewCompany(newCompany); err != nil {
		return domain.Deal{}, err
	}
	var out domain.Deal
	err := s.write(ctx, func(tx *sql.Tx) error {
		d, err := readDeal(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := edit(&d); err != nil {
			return err
		}
		w := s.newWriter(ctx, tx)
		defer w.close()
		if err := s.linkNewCompany(w, newCompany, &d.CompanyID); err != nil {
			return err
		}
		if err := s.rules.Deal(&d); err != nil {
			return err
		}
		if d.StageID == 0 {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "stage_id", Message: "choose a stage"}}}
		}
		if err := w.updateDeal(&d); err != nil {
			return err
		}
		out, err = readDeal(ctx, tx, id)
		return err
	})
	return out, err
}

// checkNewCompany validates a company to be created with a record, before
// any transaction starts.
func (s *Store) checkNewCompany(c *domain.Company) error {
	if c == nil {
		return nil
	}
	if err := s.rules.Company(c); err != nil {
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			// The record's field is its company.
			out := &domain.ValidationError{}
			for _, f := range ve.Fields {
				out.Add("company_id", "new company: %s: %s", f.Field, f.Message)
			}
			return out
		}
		return err
	}
	return nil
}

// linkNewCompany creates c (when not nil) and points *link at it.
func (s *Store) linkNewCompany(w *txWriter, c *domain.Company, link *domain.ID) error {
	if c == nil {
		return nil
	}
	if err := w.createCompany(c); err != nil {
		return fmt.Errorf("create company %q: %w", c.Name, err)
	}
	*link = c.ID
	return nil
}

func readPerson(ctx context.Context, q queryer, id domain.ID) (domain.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, personSelect+" WHERE p.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("person %d: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return p, err
	}
	people := []domain.Person{p}
	err = loadPersonExtras(ctx, q, people)
	return people[0], err
}

func readCompany(ctx context.Context, q queryer, id domain.ID) (domain.Company, error) {
	c, err := scanCompany(q.QueryRowContext(ctx, companySelect+" WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("company %d: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return c, err
	}
	list := []domain.Company{c}
	err = loadTaxIDs(ctx, q, list)
	return list[0], err
}

func readDeal(ctx context.Context, q queryer, id domain.ID) (domain.Deal, error) {
	d, err := scanDeal(q.QueryRowContext(ctx, dealSelect+" WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("deal %d: %w", id, domain.ErrNotFound)
	}
	return d, err
}

// StageDealCounts returns the number of deals in each stage (stages
// without deals are absent).
func (s *Store) StageDealCounts(ctx context.Context) (map[domain.ID]int, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT stage_id, count(*) FROM deals GROUP BY stage_id")
	if err != nil {
		return nil, fmt.Errorf("count deals by stage: %w", err)
	}
	defer rows.Close()
	out := map[domain.ID]int{}
	for rows.Next() {
		var id domain.ID
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

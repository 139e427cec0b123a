package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kontor/domain"
)

var dealRelations = map[string]string{"company": "d.company_id", "person": "d.person_id", "import": "d.import_id"}

func (s *Store) dealSegments(ctx context.Context, sort domain.SortField, desc bool) ([]segment, error) {
	switch sort {
	case domain.SortStage:
		stages, err := s.ListStages(ctx)
		if err != nil {
			return nil, err
		}
		segs := make([]segment, 0, len(stages))
		for _, st := range stages {
			segs = append(segs, segment{cond: "d.stage_id = ?", args: []any{int64(st.ID)}, desc: desc})
		}
		if desc {
			for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
				segs[i], segs[j] = segs[j], segs[i]
			}
		}
		return segs, nil
	case domain.SortAmount:
		return nullableSegments("d.amount_minor", desc), nil
	case domain.SortCloseDate:
		return nullableSegments("d.close_date", desc), nil
	case domain.SortCreated:
		return keySegments("d.created_at", desc), nil
	case domain.SortUpdated:
		return keySegments("d.updated_at", desc), nil
	}
	return keySegments("d.sort_key", desc), nil
}

// GetDeal reads one deal.
func (s *Store) GetDeal(ctx context.Context, id domain.ID) (domain.Deal, error) {
	d, err := scanDeal(s.r.QueryRowContext(ctx, dealSelect+" WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("deal %d: %w", id, domain.ErrNotFound)
	}
	return d, err
}

// ListDeals reads one page of deals.
func (s *Store) ListDeals(ctx context.Context, q domain.ListQuery) (domain.Page[domain.Deal], error) {
	if err := checkSort(domain.TypeDeal, q.Sort); err != nil {
		return domain.Page[domain.Deal]{}, err
	}
	segs, err := s.dealSegments(ctx, q.Sort, q.Desc)
	if err != nil {
		return domain.Page[domain.Deal]{}, err
	}
	pq := &pageQuery{spec: dealsSpec, segments: segs}
	pq.relations(q, dealRelations)
	if err := s.prepareFilter(ctx, pq, q.Filter); err != nil {
		return domain.Page[domain.Deal]{}, err
	}
	return fetch(ctx, s.r, pq, q, func(sc scanner) (domain.Deal, domain.ID, error) {
		d, err := scanDeal(sc)
		return d, d.ID, err
	})
}

// CountDeals counts the deals a list query shows.
func (s *Store) CountDeals(ctx context.Context, q domain.ListQuery) (domain.Count, error) {
	pq := &pageQuery{spec: dealsSpec}
	pq.relations(q, dealRelations)
	return s.count(ctx, pq, q.Filter)
}

// CreateDeal validates, normalises and stores a new deal; without a stage
// it starts in the pipeline's first stage.
func (s *Store) CreateDeal(ctx context.Context, d *domain.Deal) error {
	if err := s.rules.Deal(d); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		return w.createDeal(d)
	})
}

// UpdateDeal validates and stores every field of deal d.ID.
func (s *Store) UpdateDeal(ctx context.Context, d *domain.Deal) error {
	if err := s.rules.Deal(d); err != nil {
		return err
	}
	if d.StageID == 0 {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "stage_id", Message: "choose a stage"}}}
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		w := s.newWriter(ctx, tx)
		defer w.close()
		return w.updateDeal(d)
	})
}

// DeleteDeal deletes a deal.
func (s *Store) DeleteDeal(ctx context.Context, id domain.ID) error {
	return s.write(ctx, func(tx *sql.Tx) error { return deleteRow(ctx, tx, "deals", id, domain.TypeDeal) })
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kontor/domain"
)

// ListStages returns the pipeline in order.
func (s *Store) ListStages(ctx context.Context) ([]domain.Stage, error) {
	return listStages(ctx, s.r)
}

func listStages(ctx context.Context, q queryer) ([]domain.Stage, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, name, position, won, lost FROM stages ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Stage
	for rows.Next() {
		var st domain.Stage
		if err := rows.Scan(&st.ID, &st.Name, &st.Position, &st.Won, &st.Lost); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func validateStage(st *domain.Stage) error {
	st.Name = strings.Join(strings.Fields(st.Name), " ")
	var ve domain.ValidationError
	if st.Name == "" {
		ve.Add("name", "a stage needs a name")
	}
	if st.Won && st.Lost {
		ve.Add("won", "a stage cannot be both won and lost")
	}
	return ve.Err()
}

func uniqueStageErr(err error, name string) error {
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "name", Message: fmt.Sprintf("a stage named %q exists already", name)}}}
	}
	return err
}

// CreateStage adds a stage at st.Position (1-based; 0 or out of range: at
// the end).
func (s *Store) CreateStage(ctx context.Context, st *domain.Stage) error {
	if err := validateStage(st); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error { return createStage(ctx, tx, st) })
}

func createStage(ctx context.Context, tx *sql.Tx, st *domain.Stage) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM stages").Scan(&n); err != nil {
		return err
	}
	pos := st.Position
	if pos < 1 || pos > n+1 {
		pos = n + 1
	}
	if _, err := tx.ExecContext(ctx, "UPDATE stages SET position = position + 1 WHERE position >= ?", pos); err != nil {
		return err
	}
	err := tx.QueryRowContext(ctx, "INSERT INTO stages (name, position, won, lost) VALUES (?, ?, ?, ?) RETURNING id",
		st.Name, pos, st.Won, st.Lost).Scan(&st.ID)
	if err != nil {
		return uniqueStageErr(err, st.Name)
	}
	st.Position = pos
	return renumberStages(ctx, tx)
}

// renumberStages makes positions 1..n without gaps.
func renumberStages(ctx context.Context, tx *sql.Tx) error {
	stages, err := listStages(ctx, tx)
	if err != nil {
		return err
	}
	for i, st := range stages {
		if st.Position != i+1 {
			if _, err := tx.ExecContext(ctx, "UPDATE stages SET position = ? WHERE id = ?", i+1, st.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// UpdateStage renames a stage and sets its won/lost flags.
func (s *Store) UpdateStage(ctx context.Context, st *domain.Stage) error {
	if err := validateStage(st); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE stages SET name = ?, won = ?, lost = ? WHERE id = ?", st.Name, st.Won, st.Lost, st.ID)
		if err != nil {
			return uniqueStageErr(err, st.Name)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("stage %d: %w", st.ID, domain.ErrNotFound)
		}
		// Deals show their stage's name: refresh nothing else (the stage
		// name is not in the search text).
		return nil
	})
}

// MoveStage puts a stage at a 1-based position.
func (s *Store) MoveStage(ctx context.Context, id domain.ID, position int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		stages, err := listStages(ctx, tx)
		if err != nil {
			return err
		}
		from := -1
		for i, st := range stages {
			if st.ID == id {
				from = i
			}
		}
		if from < 0 {
			return fmt.Errorf("stage %d: %w", id, domain.ErrNotFound)
		}
		if position < 1 || position > len(stages) {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "position", Message: fmt.Sprintf("must be between 1 and %d", len(stages))}}}
		}
		st := stages[from]
		stages = append(stages[:from], stages[from+1:]...)
		stages = append(stages[:position-1], append([]domain.Stage{st}, stages[position-1:]...)...)
		for i, st := range stages {
			if _, err := tx.ExecContext(ctx, "UPDATE stages SET position = ? WHERE id = ?", i+1, st.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteStage removes a stage, moving its deals to another stage.
func (s *Store) DeleteStage(ctx context.Context, id, moveDealsTo domain.ID) error {
	if id == moveDealsTo {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "move_to", Message: "deals must move to another stage"}}}
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM deals WHERE stage_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			var exists int
			err := tx.QueryRowContext(ctx, "SELECT 1 FROM stages WHERE id = ?", moveDealsTo).Scan(&exists)
			if errors.Is(err, sql.ErrNoRows) {
				return &domain.ValidationError{Fields: []domain.FieldError{{Field: "move_to", Message: fmt.Sprintf("stage %d does not exist; %d deals need a stage", moveDealsTo, n)}}}
			}
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE deals SET stage_id = ? WHERE stage_id = ?", moveDealsTo, id); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM stages WHERE id = ?", id)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return fmt.Errorf("stage %d: %w", id, domain.ErrNotFound)
		}
		return renumberStages(ctx, tx)
	})
}

// ListCustomFields returns a record type's custom fields in order.
func (s *Store) ListCustomFields(ctx context.Context, t domain.RecordType) ([]domain.CustomField, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, record_type, key, label, type, position FROM custom_fields WHERE record_type = ? ORDER BY position, id", string(t))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.CustomField
	for rows.Next() {
		var f domain.CustomField
		if err := rows.Scan(&f.ID, &f.RecordType, &f.Key, &f.Label, &f.Type, &f.Position); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// CreateCustomField defines a new custom field (key derived from the label
// when empty).
func (s *Store) CreateCustomField(ctx context.Context, f *domain.CustomField) error {
	return s.write(ctx, func(tx *sql.Tx) error { return createCustomField(ctx, tx, f) })
}

func createCustomField(ctx context.Context, tx *sql.Tx, f *domain.CustomField) error {
	var ve domain.ValidationError
	f.Label = strings.TrimSpace(f.Label)
	if f.Key == "" {
		f.Key = domain.CustomFieldKey(f.Label)
	}
	if f.Label == "" {
		f.Label = f.Key
	}
	if !domain.ValidCustomFieldKey(f.Key) {
		ve.Add("key", "%q must be lower-case letters, digits and _ starting with a letter", f.Key)
	}
	if _, err := domain.ParseRecordType(string(f.RecordType)); err != nil {
		ve.Add("record_type", "%s", err.Error())
	}
	if f.Type == "" {
		f.Type = domain.FieldText
	}
	if _, err := domain.ParseFieldType(string(f.Type)); err != nil {
		ve.Add("type", "%s", err.Error())
	}
	if err := ve.Err(); err != nil {
		return err
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO custom_fields (record_type, key, label, type, position)
		VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM custom_fields WHERE record_type = ?)) RETURNING id, position`,
		string(f.RecordType), f.Key, f.Label, string(f.Type), string(f.RecordType)).Scan(&f.ID, &f.Position)
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "key", Message: fmt.Sprintf("%s already have a field %q", f.RecordType.Plural(), f.Key)}}}
	}
	return err
}

// Counts returns the number of records of each type.
func (s *Store) Counts(ctx context.Context) (domain.Counts, error) {
	var c domain.Counts
	err := s.r.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM companies), (SELECT count(*) FROM deals)").
		Scan(&c.People, &c.Companies, &c.Deals)
	return c, err
}

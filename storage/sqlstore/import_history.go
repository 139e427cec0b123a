package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"kontor/domain"
	"kontor/domain/importing"
)

var (
	_ importing.History = (*Store)(nil)
	_ importing.Presets = (*Store)(nil)
)

const importSelect = `SELECT id, file_name, record_type, status, file_size, sha256, mapping, result, source, options, created_at,
	coalesce(finished_at, ''), coalesce(undone_at, '') FROM imports`

func scanImport(sc scanner) (importing.ImportRecord, error) {
	var r importing.ImportRecord
	var mapping, result, source, options, created, finished, undone string
	if err := sc.Scan(&r.ID, &r.FileName, &r.Type, &r.Status, &r.FileSize, &r.SHA256, &mapping, &result, &source, &options,
		&created, &finished, &undone); err != nil {
		return r, err
	}
	_ = json.Unmarshal([]byte(mapping), &r.Mapping)
	_ = json.Unmarshal([]byte(result), &r.Result)
	_ = json.Unmarshal([]byte(source), &r.Info)
	_ = json.Unmarshal([]byte(options), &r.Options)
	r.CreatedAt, r.FinishedAt, r.UndoneAt = parseTimestamp(created), parseTimestamp(finished), parseTimestamp(undone)
	return r, nil
}

// ListImports lists past imports, newest first.
func (s *Store) ListImports(ctx context.Context) ([]importing.ImportRecord, error) {
	rows, err := s.r.QueryContext(ctx, importSelect+" WHERE status <> 'running' ORDER BY id DESC")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []importing.ImportRecord
	for rows.Next() {
		r, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetImport reads one import.
func (s *Store) GetImport(ctx context.Context, id domain.ID) (importing.ImportRecord, error) {
	r, err := scanImport(s.r.QueryRowContext(ctx, importSelect+" WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("import %d: %w", id, domain.ErrNotFound)
	}
	return r, err
}

// UndoImport deletes what an import created and restores what it updated,
// in one transaction.
func (s *Store) UndoImport(ctx context.Context, id domain.ID, force bool) (importing.UndoReport, error) {
	var rep importing.UndoReport
	err := s.write(ctx, func(tx *sql.Tx) error {
		rep = importing.UndoReport{}
		var status, finished string
		err := tx.QueryRowContext(ctx, "SELECT status, coalesce(finished_at, '') FROM imports WHERE id = ?", id).Scan(&status, &finished)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("import %d: %w", id, domain.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if status != "applied" {
			return fmt.Errorf("import %d is %s, not applied: nothing to undo", id, status)
		}
		changed, err := changedSince(ctx, tx, id, finished)
		if err != nil {
			return err
		}
		rep.Changed = changed
		if changed > 0 && !force {
			return &importing.ChangedSinceError{ImportID: id, Changed: changed}
		}
		w := s.newWriter(ctx, tx)
		defer w.close()
		if rep.Restored, err = restoreChanges(w, id); err != nil {
			return err
		}
		if rep.Deleted, rep.Detached, err = deleteCreated(w, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE imports SET status = 'undone', undone_at = ? WHERE id = ?", timestamp(w.now), id)
		return err
	})
	return rep, err
}

// changedSince counts the import's records edited after it finished.
func changedSince(ctx context.Context, tx *sql.Tx, id domain.ID, finished string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM people WHERE import_id = ?1 AND updated_at > ?2) +
		(SELECT count(*) FROM companies WHERE import_id = ?1 AND updated_at > ?2) +
		(SELECT count(*) FROM deals WHERE import_id = ?1 AND updated_at > ?2) +
		(SELECT count(*) FROM import_changes ch WHERE ch.import_id = ?1 AND ch.after_updated_at <> coalesce(
			CASE ch.record_type
				WHEN 'person' THEN (SELECT updated_at FROM people WHERE id = ch.record_id)
				WHEN 'company' THEN (SELECT updated_at FROM companies WHERE id = ch.record_id)
				ELSE (SELECT updated_at FROM deals WHERE id = ch.record_id) END, ''))`, id, finished).Scan(&n)
	return n, err
}

// restoreChanges puts updated records back as they were before the import.
func restoreChanges(w *txWriter, id domain.ID) (int, error) {
	rows, err := w.tx.QueryContext(w.ctx, "SELECT record_type, record_id, before FROM import_changes WHERE import_id = ?", id)
	if err != nil {
		return 0, err
	}
	type change struct {
		t      domain.RecordType
		id     domain.ID
		before string
	}
	var changes []change
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.t, &c.id, &c.before); err != nil {
			rows.Close()
			return 0, err
		}
		changes = append(changes, c)
	}
	rows.Close()
	restored := 0
	for _, c := range changes {
		var exists int
		table := map[domain.RecordType]string{domain.TypePerson: "people", domain.TypeCompany: "companies", domain.TypeDeal: "deals"}[c.t]
		if err := w.tx.QueryRowContext(w.ctx, "SELECT count(*) FROM "+table+" WHERE id = ?", c.id).Scan(&exists); err != nil {
			return restored, err
		}
		if exists == 0 {
			continue // deleted since: nothing to restore
		}
		var err error
		switch c.t {
		case domain.TypePerson:
			var p domain.Person
			if err = json.Unmarshal([]byte(c.before), &p); err == nil {
				err = w.restorePerson(&p)
			}
		case domain.TypeCompany:
			var co domain.Company
			if err = json.Unmarshal([]byte(c.before), &co); err == nil {
				err = w.restoreCompany(&co)
			}
		case domain.TypeDeal:
			var d domain.Deal
			if err = json.Unmarshal([]byte(c.before), &d); err == nil {
				err = w.restoreDeal(&d)
			}
		}
		if err != nil {
			return restored, fmt.Errorf("restore %s %d: %w", c.t, c.id, err)
		}
		restored++
	}
	return restored, nil
}

// The restore* methods write a record back with its old updated_at.

func (w *txWriter) restorePerson(p *domain.Person) error {
	updated := p.UpdatedAt
	if err := w.updatePerson(p); err != nil {
		return err
	}
	_, err := w.exec("UPDATE people SET updated_at = ? WHERE id = ?", timestamp(updated), p.ID)
	return err
}

func (w *txWriter) restoreCompany(c *domain.Company) error {
	updated := c.UpdatedAt
	if err := w.updateCompany(c); err != nil {
		return err
	}
	_, err := w.exec("UPDATE companies SET updated_at = ? WHERE id = ?", timestamp(updated), c.ID)
	return err
}

func (w *txWriter) restoreDeal(d *domain.Deal) error {
	updated := d.UpdatedAt
	if err := w.updateDeal(d); err != nil {
		return err
	}
	_, err := w.exec("UPDATE deals SET updated_at = ? WHERE id = ?", timestamp(updated), d.ID)
	return err
}

// deleteCreated removes the records the import created: deals, then
// people, then companies. Links to them from records made afterwards are
// cleared (counted as detached).
func deleteCreated(w *txWriter, id domain.ID) (deleted, detached int, err error) {
	steps := []struct {
		table string
		links [][2]string // table, column pointing at it
	}{
		{"deals", nil},
		{"people", [][2]string{{"deals", "person_id"}}},
		{"companies", [][2]string{{"people", "company_id"}, {"deals", "company_id"}}},
	}
	for _, st := range steps {
		for _, link := range st.links {
			ids, err := w.ids(fmt.Sprintf("SELECT id FROM %s WHERE %s IN (SELECT id FROM %s WHERE import_id = ?) AND coalesce(import_id, 0) <> ?",
				link[0], link[1], st.table), id, id)
			if err != nil {
				return deleted, detached, err
			}
			for _, rid := range ids {
				if _, err := w.exec(fmt.Sprintf("UPDATE %s SET %s = NULL WHERE id = ?", link[0], link[1]), rid); err != nil {
					return deleted, detached, err
				}
			}
			detached += len(ids)
			if link[0] == "deals" {
				if err := w.refreshDeals(ids); err != nil {
					return deleted, detached, err
				}
			} else {
				for _, rid := range ids {
					if err := w.refreshPerson(rid); err != nil {
						return deleted, detached, err
					}
				}
			}
		}
		res, err := w.tx.ExecContext(w.ctx, "DELETE FROM "+st.table+" WHERE import_id = ?", id)
		if err != nil {
			return deleted, detached, fmt.Errorf("delete imported %s: %w", st.table, err)
		}
		n, _ := res.RowsAffected()
		deleted += int(n)
	}
	return deleted, detached, nil
}

// SavePreset stores a mapping under a name (replacing one of that name).
func (s *Store) SavePreset(ctx context.Context, p importing.Preset) error {
	if p.Name == "" {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "name", Message: "a preset needs a name"}}}
	}
	mapping, err := json.Marshal(p.Mapping)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now := timestamp(s.now())
		_, err := tx.ExecContext(ctx, `INSERT INTO import_presets (name, record_type, signature, mapping, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET record_type = excluded.record_type, signature = excluded.signature, mapping = excluded.mapping,
			last_used_at = excluded.last_used_at`, p.Name, string(p.Mapping.Type), p.Signature, string(mapping), now, now)
		return err
	})
}

const presetSelect = "SELECT name, record_type, signature, mapping, created_at, last_used_at FROM import_presets"

func scanPreset(sc scanner) (importing.Preset, error) {
	var p importing.Preset
	var mapping, created, used string
	if err := sc.Scan(&p.Name, &p.Type, &p.Signature, &mapping, &created, &used); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(mapping), &p.Mapping); err != nil {
		return p, fmt.Errorf("preset %q: %w", p.Name, err)
	}
	p.CreatedAt, p.LastUsedAt = parseTimestamp(created), parseTimestamp(used)
	return p, nil
}

// Preset reads a preset by name.
func (s *Store) Preset(ctx context.Context, name string) (importing.Preset, error) {
	p, err := scanPreset(s.r.QueryRowContext(ctx, presetSelect+" WHERE name = ?", name))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("mapping preset %q: %w", name, domain.ErrNotFound)
	}
	return p, err
}

// PresetForHeaders finds the latest preset saved for the same header set.
func (s *Store) PresetForHeaders(ctx context.Context, headers []string) (importing.Preset, bool, error) {
	p, err := scanPreset(s.r.QueryRowContext(ctx, presetSelect+" WHERE signature = ? ORDER BY last_used_at DESC LIMIT 1", importing.HeaderSignature(headers)))
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, err
}

// ListPresets lists saved mappings by name.
func (s *Store) ListPresets(ctx context.Context) ([]importing.Preset, error) {
	rows, err := s.r.QueryContext(ctx, presetSelect+" ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []importing.Preset
	for rows.Next() {
		p, err := scanPreset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

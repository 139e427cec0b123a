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

// RunImport runs fn inside one write transaction under a new import record.
// Records fn creates through the Writer carry the import's id; records it
// updates are remembered as they were, for undo. The import is committed
// only if fn returns nil — a failed, cancelled or killed import leaves the
// data file as it was.
func (s *Store) RunImport(ctx context.Context, meta importing.ImportMeta, fn func(w importing.Writer) (importing.Result, error)) (domain.ID, importing.Result, error) {
	var id domain.ID
	var res importing.Result
	defer s.restoreWriterCache(ctx)
	// Planning's lookups left the reader connections with their page
	// caches full; the import writes through the writer connection alone.
	// Let the idle ones go (they open again when next needed).
	s.r.SetMaxIdleConns(0)
	s.r.SetMaxIdleConns(readerConns)
	adds := plannedAdds(meta)
	err := s.write(ctx, func(tx *sql.Tx) error {
		source, _ := json.Marshal(meta.Info)
		mapping, _ := json.Marshal(meta.Mapping)
		options, _ := json.Marshal(meta.Options)
		err := tx.QueryRowContext(ctx, `INSERT INTO imports (file_name, record_type, status, created_at, file_size, sha256, source, mapping, options)
			VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?) RETURNING id`,
			meta.FileName, string(meta.Type), timestamp(s.now()), meta.FileSize, meta.SHA256, string(source), string(mapping), string(options)).Scan(&id)
		if err != nil {
			return fmt.Errorf("record the import: %w", err)
		}
		l, err := s.newLoader(ctx, tx, true, adds)
		if err != nil {
			return err
		}
		defer l.close()
		l.w.importID = id
		w := &importWriter{l: l, id: id}
		if res, err = fn(w); err != nil {
			return err
		}
		if err := l.finish(); err != nil {
			return err
		}
		result, _ := json.Marshal(res)
		_, err = tx.ExecContext(ctx, "UPDATE imports SET status = 'applied', result = ?, finished_at = ? WHERE id = ?", string(result), timestamp(l.w.now), id)
		return err
	})
	if err != nil {
		return 0, res, err
	}
	return id, res, nil
}

// plannedAdds is how many records an import adds to each table.
func plannedAdds(meta importing.ImportMeta) map[string]int {
	adds := map[string]int{"companies": meta.Planned.NewCompanies}
	switch meta.Type {
	case domain.TypePerson:
		adds["people"] = meta.Planned.Create
	case domain.TypeCompany:
		adds["companies"] += meta.Planned.Create
	case domain.TypeDeal:
		adds["deals"] = meta.Planned.Create
	}
	return adds
}

// importWriter is the importer's Writer: creates go through the bulk
// loader, updates through the transaction's record writer.
type importWriter struct {
	l  *Loader
	id domain.ID
}

var _ importing.Writer = (*importWriter)(nil)

func (w *importWriter) CreateCustomField(ctx context.Context, f *domain.CustomField) error {
	return createCustomField(ctx, w.l.w.tx, f)
}

func (w *importWriter) CreateStage(ctx context.Context, st *domain.Stage) error {
	if err := validateStage(st); err != nil {
		return err
	}
	// New stages go before the closing (won/lost) ones.
	stages, err := listStages(ctx, w.l.w.tx)
	if err != nil {
		return err
	}
	st.Position = len(stages) + 1
	for _, s := range stages {
		if s.Won || s.Lost {
			st.Position = s.Position
			break
		}
	}
	return createStage(ctx, w.l.w.tx, st)
}

func (w *importWriter) CreateCompany(_ context.Context, c *domain.Company) error {
	return w.l.AddCompany(c)
}
func (w *importWriter) CreatePerson(_ context.Context, p *domain.Person) error {
	return w.l.AddPerson(p)
}

func (w *importWriter) CreateDeal(ctx context.Context, d *domain.Deal) error {
	if d.StageID == 0 {
		if err := w.l.w.tx.QueryRowContext(ctx, "SELECT id FROM stages ORDER BY position, id LIMIT 1").Scan(&d.StageID); err != nil {
			return fmt.Errorf("the pipeline has no stages: %w", err)
		}
	}
	return w.l.AddDeal(d)
}

func (w *importWriter) GetCompany(ctx context.Context, id domain.ID) (domain.Company, error) {
	if err := w.l.flush(); err != nil {
		return domain.Company{}, err
	}
	c, err := scanCompany(w.l.w.tx.QueryRowContext(ctx, companySelect+" WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("company %d is gone since the import was planned: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return c, err
	}
	list := []domain.Company{c}
	err = loadTaxIDs(ctx, w.l.w.tx, list)
	return list[0], err
}

func (w *importWriter) GetPerson(ctx context.Context, id domain.ID) (domain.Person, error) {
	if err := w.l.flush(); err != nil {
		return domain.Person{}, err
	}
	p, err := scanPerson(w.l.w.tx.QueryRowContext(ctx, personSelect+" WHERE p.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("person %d is gone since the import was planned: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return p, err
	}
	list := []domain.Person{p}
	err = loadPersonExtras(ctx, w.l.w.tx, list)
	return list[0], err
}

func (w *importWriter) GetDeal(ctx context.Context, id domain.ID) (domain.Deal, error) {
	if err := w.l.flush(); err != nil {
		return domain.Deal{}, err
	}
	d, err := scanDeal(w.l.w.tx.QueryRowContext(ctx, dealSelect+" WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("deal %d is gone since the import was planned: %w", id, domain.ErrNotFound)
	}
	return d, err
}

// remember stores a record's state before the import first changed it.
func (w *importWriter) remember(t domain.RecordType, id domain.ID, before any, after domain.Meta) error {
	b, err := json.Marshal(before)
	if err != nil {
		return err
	}
	_, err = w.l.w.exec(`INSERT INTO import_changes (import_id, record_type, record_id, before, after_updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (import_id, record_type, record_id) DO UPDATE SET after_updated_at = excluded.after_updated_at`,
		w.id, string(t), id, string(b), timestamp(after.UpdatedAt))
	return err
}

// created reports whether the import itself created the record (then there
// is nothing to remember: undo deletes it).
func created(m domain.Meta, importID domain.ID) bool { return m.ImportID == importID }

func (w *importWriter) UpdateCompany(_ context.Context, before, after domain.Company) error {
	// Written rows only: the record may be one this import created.
	if err := w.l.flush(); err != nil {
		return err
	}
	if err := w.l.w.updateCompany(&after); err != nil {
		return err
	}
	if created(before.Meta, w.id) {
		return nil
	}
	return w.remember(domain.TypeCompany, before.ID, before, after.Meta)
}

func (w *importWriter) UpdatePerson(_ context.Context, before, after domain.Person) error {
	// Written rows only: the record may be one this import created.
	if err := w.l.flush(); err != nil {
		return err
	}
	if err := w.l.w.updatePerson(&after); err != nil {
		return err
	}
	if created(before.Meta, w.id) {
		return nil
	}
	return w.remember(domain.TypePerson, before.ID, before, after.Meta)
}

func (w *importWriter) UpdateDeal(_ context.Context, before, after domain.Deal) error {
	// Written rows only: the record may be one this import created.
	if err := w.l.flush(); err != nil {
		return err
	}
	if err := w.l.w.updateDeal(&after); err != nil {
		return err
	}
	if created(before.Meta, w.id) {
		return nil
	}
	return w.remember(domain.TypeDeal, before.ID, before, after.Meta)
}

var _ importing.Store = (*Store)(nil)

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"kontor/domain"
)

// txWriter writes records inside one transaction. The record commands, the
// bulk loader and the importer all go through it, so derived columns,
// custom-field checks and dependent search texts are kept the same way.
type txWriter struct {
	ctx      context.Context
	tx       *sql.Tx
	now      time.Time
	importID domain.ID

	companyNames map[domain.ID]string
	personNames  map[domain.ID]string
	customDefs   map[domain.RecordType]map[string]domain.FieldType
	stmts        map[string]*sql.Stmt
}

func (s *Store) newWriter(ctx context.Context, tx *sql.Tx) *txWriter {
	return &txWriter{ctx: ctx, tx: tx, now: s.now().UTC().Truncate(time.Millisecond), companyNames: map[domain.ID]string{}, personNames: map[domain.ID]string{},
		stmts: map[string]*sql.Stmt{}}
}

// exec runs a statement, preparing it once per transaction.
func (w *txWriter) exec(query string, args ...any) (sql.Result, error) {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(w.ctx, query); err != nil {
			return nil, err
		}
		w.stmts[query] = st
	}
	return st.ExecContext(w.ctx, args...)
}

func (w *txWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *txWriter) companyName(id domain.ID) (string, error) {
	if id == 0 {
		return "", nil
	}
	if n, ok := w.companyNames[id]; ok {
		return n, nil
	}
	var n string
	err := w.tx.QueryRowContext(w.ctx, "SELECT name FROM companies WHERE id = ?", id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &domain.ValidationError{Fields: []domain.FieldError{{Field: "company_id", Message: fmt.Sprintf("company %d does not exist", id)}}}
	}
	w.companyNames[id] = n
	return n, err
}

func (w *txWriter) personName(id domain.ID) (string, error) {
	if id == 0 {
		return "", nil
	}
	if n, ok := w.personNames[id]; ok {
		return n, nil
	}
	var first, last string
	err := w.tx.QueryRowContext(w.ctx, "SELECT first_name, last_name FROM people WHERE id = ?", id).Scan(&first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &domain.ValidationError{Fields: []domain.FieldError{{Field: "person_id", Message: fmt.Sprintf("person %d does not exist", id)}}}
	}
	n := domain.JoinName(first, last)
	w.personNames[id] = n
	return n, err
}

// checkCustom checks custom values against the field definitions and
// returns the JSON to store.
func (w *txWriter) checkCustom(t domain.RecordType, c domain.CustomValues) (string, error) {
	if len(c) == 0 {
		return "{}", nil
	}
	if w.customDefs == nil {
		w.customDefs = map[domain.RecordType]map[string]domain.FieldType{}
	}
	defs, ok := w.customDefs[t]
	if !ok {
		defs = map[string]domain.FieldType{}
		rows, err := w.tx.QueryContext(w.ctx, "SELECT key, type FROM custom_fields WHERE record_type = ?", string(t))
		if err != nil {
			return "", err
		}
		for rows.Next() {
			var k, ty string
			if err := rows.Scan(&k, &ty); err != nil {
				rows.Close()
				return "", err
			}
			defs[k] = domain.FieldType(ty)
		}
		rows.Close()
		w.customDefs[t] = defs
	}
	var ve domain.ValidationError
	for k, v := range c {
		ft, known := defs[k]
		if !known {
			ve.Add("custom."+k, "there is no custom field %q for %s", k, t.Plural())
			continue
		}
		if v == nil {
			continue
		}
		if !customTypeOK(ft, v) {
			ve.Add("custom."+k, "%v is not a %s value", v, ft)
		}
	}
	if err := ve.Err(); err != nil {
		return "", err
	}
	return encodeCustom(c)
}

func customTypeOK(t domain.FieldType, v any) bool {
	switch t {
	case domain.FieldText:
		_, ok := v.(string)
		return ok
	case domain.FieldBool:
		_, ok := v.(bool)
		return ok
	case domain.FieldDate:
		s, ok := v.(string)
		if !ok {
			return false
		}
		_, err := domain.ParseISODate(s)
		return err == nil
	case domain.FieldNumber:
		switch x := v.(type) {
		case json.Number:
			_, err := x.Float64()
			return err == nil
		case float64, int, int64:
			return true
		}
	}
	return false
}

// stamp sets timestamps and provenance for a new record.
func (w *txWriter) stamp(m *domain.Meta) {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = w.now
	}
	m.CreatedAt = m.CreatedAt.UTC().Truncate(time.Millisecond)
	if m.UpdatedAt.IsZero() || m.UpdatedAt.Before(m.CreatedAt) {
		m.UpdatedAt = w.now
	}
	m.UpdatedAt = m.UpdatedAt.UTC().Truncate(time.Millisecond)
	if w.importID != 0 {
		m.ImportID = w.importID
	}
}

// insertRow inserts one row; a zero id lets SQLite choose it.
func (w *txWriter) insertRow(table string, cols []string, vals []any) (domain.ID, error) {
	if vals[0] == int64(0) {
		vals[0] = nil
	}
	var id int64
	st, ok := w.stmts[table+"/insert"]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(w.ctx, insertSQL(table, cols, 1)+" RETURNING id"); err != nil {
			return 0, err
		}
		w.stmts[table+"/insert"] = st
	}
	if err := st.QueryRowContext(w.ctx, vals...).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert into %s: %w", table, err)
	}
	return domain.ID(id), nil
}

// updateColumns are the columns an update rewrites: all but the id and the
// record's origin (created_at, import_id).
func updateColumns(cols []string) (set []string, keep []int) {
	for i, c := range cols {
		if c != "id" && c != "created_at" && c != "import_id" {
			set = append(set, c)
			keep = append(keep, i)
		}
	}
	return set, keep
}

func (w *txWriter) updateRow(table string, cols []string, vals []any, id domain.ID) error {
	set, keep := updateColumns(cols)
	args := make([]any, 0, len(keep)+1)
	for _, i := range keep {
		args = append(args, vals[i])
	}
	args = append(args, int64(id))
	res, err := w.exec(updateSQL(table, append([]string{"id"}, set...)), args...)
	if err != nil {
		return fmt.Errorf("update %s %d: %w", table, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s %d: %w", strings.TrimSuffix(table, "s"), id, domain.ErrNotFound)
	}
	return nil
}

func (w *txWriter) createPerson(p *domain.Person) error {
	custom, err := w.checkCustom(domain.TypePerson, p.Custom)
	if err != nil {
		return err
	}
	company, err := w.companyName(p.CompanyID)
	if err != nil {
		return err
	}
	w.stamp(&p.Meta)
	id, err := w.insertRow("people", personCols, personValues(p, derivePerson(p, company), custom))
	if err != nil {
		return err
	}
	p.ID, p.Company = id, company
	w.personNames[id] = p.Name()
	return w.writePersonExtras(p, false)
}

// writePersonExtras stores the e-mails and phones after the primary ones.
func (w *txWriter) writePersonExtras(p *domain.Person, replace bool) error {
	if replace {
		if _, err := w.exec("DELETE FROM person_emails WHERE person_id = ?", p.ID); err != nil {
			return err
		}
		if _, err := w.exec("DELETE FROM person_phones WHERE person_id = ?", p.ID); err != nil {
			return err
		}
	}
	for i := 1; i < len(p.Emails); i++ {
		e := p.Emails[i]
		if _, err := w.exec("INSERT INTO person_emails (person_id, position, email, label, email_key) VALUES (?, ?, ?, ?, ?)",
			p.ID, i, e.Address, e.Label, domain.EmailKey(e.Address)); err != nil {
			return fmt.Errorf("store e-mail %q: %w", e.Address, err)
		}
	}
	for i := 1; i < len(p.Phones); i++ {
		ph := p.Phones[i]
		if _, err := w.exec("INSERT INTO person_phones (person_id, position, phone, e164, label) VALUES (?, ?, ?, ?, ?)",
			p.ID, i, ph.Raw, ph.E164, ph.Label); err != nil {
			return fmt.Errorf("store phone %q: %w", ph.Raw, err)
		}
	}
	return nil
}

func (w *txWriter) updatePerson(p *domain.Person) error {
	custom, err := w.checkCustom(domain.TypePerson, p.Custom)
	if err != nil {
		return err
	}
	company, err := w.companyName(p.CompanyID)
	if err != nil {
		return err
	}
	p.UpdatedAt = w.now
	if err := w.updateRow("people", personCols, personValues(p, derivePerson(p, company), custom), p.ID); err != nil {
		return err
	}
	p.Company = company
	if err := w.writePersonExtras(p, true); err != nil {
		return err
	}
	w.personNames[p.ID] = p.Name()
	return w.refreshDealsOf("person_id", p.ID)
}

func (w *txWriter) createCompany(c *domain.Company) error {
	custom, err := w.checkCustom(domain.TypeCompany, c.Custom)
	if err != nil {
		return err
	}
	w.stamp(&c.Meta)
	id, err := w.insertRow("companies", companyCols, companyValues(c, deriveCompany(c), custom))
	if err != nil {
		return err
	}
	c.ID = id
	w.companyNames[id] = c.Name
	return w.writeTaxIDs(c, false)
}

func (w *txWriter) writeTaxIDs(c *domain.Company, replace bool) error {
	if replace {
		if _, err := w.exec("DELETE FROM company_tax_ids WHERE company_id = ?", c.ID); err != nil {
			return err
		}
	}
	for _, t := range c.TaxIDs {
		if _, err := w.exec("INSERT OR IGNORE INTO company_tax_ids (company_id, kind, value) VALUES (?, ?, ?)", c.ID, t.Kind, t.Value); err != nil {
			return fmt.Errorf("store %s %s: %w", t.Kind, t.Value, err)
		}
	}
	return nil
}

func (w *txWriter) updateCompany(c *domain.Company) error {
	custom, err := w.checkCustom(domain.TypeCompany, c.Custom)
	if err != nil {
		return err
	}
	old, err := w.companyName(c.ID)
	if err != nil {
		return err
	}
	c.UpdatedAt = w.now
	if err := w.updateRow("companies", companyCols, companyValues(c, deriveCompany(c), custom), c.ID); err != nil {
		return err
	}
	if err := w.writeTaxIDs(c, true); err != nil {
		return err
	}
	w.companyNames[c.ID] = c.Name
	if old == c.Name {
		return nil
	}
	if err := w.refreshPeopleOf(c.ID); err != nil {
		return err
	}
	return w.refreshDealsOf("company_id", c.ID)
}

func (w *txWriter) createDeal(d *domain.Deal) error {
	custom, err := w.checkCustom(domain.TypeDeal, d.Custom)
	if err != nil {
		return err
	}
	if d.StageID == 0 {
		if err := w.tx.QueryRowContext(w.ctx, "SELECT id FROM stages ORDER BY position, id LIMIT 1").Scan(&d.StageID); err != nil {
			return fmt.Errorf("the pipeline has no stages: %w", err)
		}
	}
	company, err := w.companyName(d.CompanyID)
	if err != nil {
		return err
	}
	person, err := w.personName(d.PersonID)
	if err != nil {
		return err
	}
	w.stamp(&d.Meta)
	id, err := w.insertRow("deals", dealCols, dealValues(d, deriveDeal(d, company, person), custom))
	if err != nil {
		return stageError(err, d.StageID)
	}
	d.ID, d.Company, d.Person = id, company, person
	return nil
}

func stageError(err error, stage domain.ID) error {
	if strings.Contains(err.Error(), "FOREIGN KEY") {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "stage_id", Message: fmt.Sprintf("stage %d does not exist", stage)}}}
	}
	return err
}

func (w *txWriter) updateDeal(d *domain.Deal) error {
	custom, err := w.checkCustom(domain.TypeDeal, d.Custom)
	if err != nil {
		return err
	}
	company, err := w.companyName(d.CompanyID)
	if err != nil {
		return err
	}
	person, err := w.personName(d.PersonID)
	if err != nil {
		return err
	}
	d.UpdatedAt = w.now
	if err := w.updateRow("deals", dealCols, dealValues(d, deriveDeal(d, company, person), custom), d.ID); err != nil {
		return stageError(err, d.StageID)
	}
	d.Company, d.Person = company, person
	return nil
}

// refreshPeopleOf recomputes the search text of a company's people (it
// holds the company's name).
func (w *txWriter) refreshPeopleOf(companyID domain.ID) error {
	return w.refreshPeopleWhere("p.company_id = ?", companyID)
}

func (w *txWriter) refreshPerson(id domain.ID) error { return w.refreshPeopleWhere("p.id = ?", id) }

func (w *txWriter) refreshPeopleWhere(cond string, arg any) error {
	rows, err := w.tx.QueryContext(w.ctx, personSelect+" WHERE "+cond, arg)
	if err != nil {
		return err
	}
	var people []domain.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return err
		}
		people = append(people, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := loadPersonExtras(w.ctx, w.tx, people); err != nil {
		return err
	}
	for i := range people {
		p := &people[i]
		if _, err := w.exec("UPDATE people SET search_text = ? WHERE id = ?", derivePerson(p, p.Company).search, p.ID); err != nil {
			return err
		}
	}
	return nil
}

// refreshDealsOf recomputes the search text of the deals linked through
// column (company_id or person_id) to id.
func (w *txWriter) refreshDealsOf(column string, id domain.ID) error {
	if !slices.Contains([]string{"company_id", "person_id"}, column) {
		return fmt.Errorf("refresh deals by %s", column)
	}
	ids, err := w.ids("SELECT id FROM deals WHERE "+column+" = ?", id)
	if err != nil {
		return err
	}
	return w.refreshDeals(ids)
}

// ids runs a query returning ids.
func (w *txWriter) ids(query string, args ...any) ([]domain.ID, error) {
	return queryIDs(w.ctx, w.tx, query, args...)
}

// queryIDs runs a query returning ids.
func queryIDs(ctx context.Context, db queryer, query string, args ...any) ([]domain.ID, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ID
	for rows.Next() {
		var id domain.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// refreshDeals recomputes the search text of deals (it holds their company
// and person names).
func (w *txWriter) refreshDeals(ids []domain.ID) error {
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = int64(id)
		}
		rows, err := w.tx.QueryContext(w.ctx, dealSelect+" WHERE d.id IN ("+placeholders(len(args))+")", args...)
		if err != nil {
			return err
		}
		var deals []domain.Deal
		for rows.Next() {
			d, err := scanDeal(rows)
			if err != nil {
				rows.Close()
				return err
			}
			deals = append(deals, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range deals {
			d := &deals[i]
			if _, err := w.exec("UPDATE deals SET search_text = ? WHERE id = ?", deriveDeal(d, d.Company, d.Person).search, d.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// queryer is what reads need: a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// loadPersonExtras adds the non-primary e-mails and phones to people.
func loadPersonExtras(ctx context.Context, q queryer, people []domain.Person) error {
	if len(people) == 0 {
		return nil
	}
	idx := make(map[domain.ID]int, len(people))
	ids := make([]any, len(people))
	for i, p := range people {
		idx[p.ID] = i
		ids[i] = int64(p.ID)
	}
	in := placeholders(len(ids))
	rows, err := q.QueryContext(ctx, "SELECT person_id, email, label FROM person_emails WHERE person_id IN ("+in+") ORDER BY person_id, position", ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id domain.ID
		var e domain.Email
		if err := rows.Scan(&id, &e.Address, &e.Label); err != nil {
			rows.Close()
			return err
		}
		people[idx[id]].Emails = append(people[idx[id]].Emails, e)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, "SELECT person_id, phone, e164, label FROM person_phones WHERE person_id IN ("+in+") ORDER BY person_id, position", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id domain.ID
		var ph domain.Phone
		if err := rows.Scan(&id, &ph.Raw, &ph.E164, &ph.Label); err != nil {
			return err
		}
		people[idx[id]].Phones = append(people[idx[id]].Phones, ph)
	}
	return rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func loadTaxIDs(ctx context.Context, q queryer, companies []domain.Company) error {
	if len(companies) == 0 {
		return nil
	}
	idx := make(map[domain.ID]int, len(companies))
	ids := make([]any, len(companies))
	for i, c := range companies {
		idx[c.ID] = i
		ids[i] = int64(c.ID)
	}
	rows, err := q.QueryContext(ctx, "SELECT company_id, kind, value FROM company_tax_ids WHERE company_id IN ("+placeholders(len(ids))+") ORDER BY company_id, kind, value", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id domain.ID
		var t domain.TaxID
		if err := rows.Scan(&id, &t.Kind, &t.Value); err != nil {
			return err
		}
		companies[idx[id]].TaxIDs = append(companies[idx[id]].TaxIDs, t)
	}
	return rows.Err()
}

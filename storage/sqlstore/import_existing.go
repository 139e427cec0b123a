package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"kontor/domain"
	"kontor/domain/importing"
)

// The importer's view of existing records (importing.Existing): batched
// lookups by key, each answered from an index.

var _ importing.Existing = (*Store)(nil)

// lookupChunk bounds the keys of one IN (...) list.
const lookupChunk = 500

func chunks(keys []string) [][]any {
	seen := map[string]bool{}
	var out [][]any
	var cur []any
	for _, k := range keys {
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		cur = append(cur, k)
		if len(cur) == lookupChunk {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// noRows reports whether a table holds no rows. Every lookup asks first:
// in an empty table (a first import into a new file) the answer is known
// without the IN (...) queries, which SQLite prepares anew each time (a
// million people planned into a new file spent 4 s of CPU on them).
func (s *Store) noRows(ctx context.Context, table string) (bool, error) {
	var some bool
	err := s.r.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+")").Scan(&some)
	return !some, err
}

// companyRefs reads companies (with tax ids) by a condition.
func (s *Store) companyRefs(ctx context.Context, where string, args ...any) ([]importing.CompanyRef, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, name, coalesce(name_key, ''), domain FROM companies WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	var out []importing.CompanyRef
	for rows.Next() {
		var c importing.CompanyRef
		if err := rows.Scan(&c.ID, &c.Name, &c.NameKey, &c.Domain); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	idx := map[domain.ID]int{}
	ids := make([]any, len(out))
	for i, c := range out {
		idx[c.ID], ids[i] = i, int64(c.ID)
	}
	trows, err := s.r.QueryContext(ctx, "SELECT company_id, kind, value FROM company_tax_ids WHERE company_id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var id domain.ID
		var t domain.TaxID
		if err := trows.Scan(&id, &t.Kind, &t.Value); err != nil {
			return nil, err
		}
		out[idx[id]].TaxIDs = append(out[idx[id]].TaxIDs, t)
	}
	return out, trows.Err()
}

// CompaniesByNameKey finds companies by domain.CompanyKey.
func (s *Store) CompaniesByNameKey(ctx context.Context, keys []string) (map[string][]importing.CompanyRef, error) {
	if none, err := s.noRows(ctx, "companies"); none || err != nil {
		return nil, err
	}
	out := map[string][]importing.CompanyRef{}
	for _, c := range chunks(keys) {
		refs, err := s.companyRefs(ctx, "name_key IN ("+placeholders(len(c))+")", c...)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			out[r.NameKey] = append(out[r.NameKey], r)
		}
	}
	return out, nil
}

// CompaniesByNameKeyPrefix lists companies whose name key starts with
// prefix.
func (s *Store) CompaniesByNameKeyPrefix(ctx context.Context, prefix string, limit int) ([]importing.CompanyRef, error) {
	if none, err := s.noRows(ctx, "companies"); none || err != nil {
		return nil, err
	}
	if prefix == "" {
		return nil, nil
	}
	return s.companyRefs(ctx, "name_key >= ? AND name_key < ? ORDER BY name_key LIMIT ?", prefix, prefix+emptySortKey, limit)
}

// CompaniesByDomain finds companies by bare domain.
func (s *Store) CompaniesByDomain(ctx context.Context, domains []string) (map[string][]importing.CompanyRef, error) {
	if none, err := s.noRows(ctx, "companies"); none || err != nil {
		return nil, err
	}
	out := map[string][]importing.CompanyRef{}
	for _, c := range chunks(domains) {
		refs, err := s.companyRefs(ctx, "domain <> '' AND domain IN ("+placeholders(len(c))+")", c...)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			out[r.Domain] = append(out[r.Domain], r)
		}
	}
	return out, nil
}

// CompaniesByTaxID finds companies by tax id, keyed by importing.TaxKey.
func (s *Store) CompaniesByTaxID(ctx context.Context, ids []domain.TaxID) (map[string][]importing.CompanyRef, error) {
	if none, err := s.noRows(ctx, "companies"); none || err != nil {
		return nil, err
	}
	want := map[string]bool{}
	var values []string
	for _, t := range ids {
		want[importing.TaxKey(t)] = true
		values = append(values, t.Value)
	}
	out := map[string][]importing.CompanyRef{}
	for _, c := range chunks(values) {
		refs, err := s.companyRefs(ctx, "id IN (SELECT company_id FROM company_tax_ids WHERE value IN ("+placeholders(len(c))+"))", c...)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			for _, t := range r.TaxIDs {
				if k := importing.TaxKey(t); want[k] {
					out[k] = append(out[k], r)
				}
			}
		}
	}
	return out, nil
}

// personRefs reads people by id, with all e-mail keys and phones.
func (s *Store) personRefs(ctx context.Context, where string, args ...any) ([]importing.PersonRef, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, first_name, last_name, company_id, coalesce(email_key, ''), phone_e164 FROM people WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	var out []importing.PersonRef
	for rows.Next() {
		var p importing.PersonRef
		var company sql.NullInt64
		var emailKey, e164 string
		if err := rows.Scan(&p.ID, &p.FirstName, &p.LastName, &company, &emailKey, &e164); err != nil {
			rows.Close()
			return nil, err
		}
		p.CompanyID = idOf(company)
		if emailKey != "" {
			p.EmailKeys = []string{emailKey}
		}
		if e164 != "" {
			p.Phones = []string{e164}
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	idx := map[domain.ID]int{}
	ids := make([]any, len(out))
	for i, p := range out {
		idx[p.ID], ids[i] = i, int64(p.ID)
	}
	in := placeholders(len(ids))
	erows, err := s.r.QueryContext(ctx, "SELECT person_id, coalesce(email_key, lower(email)) FROM person_emails WHERE person_id IN ("+in+")", ids...)
	if err != nil {
		return nil, err
	}
	for erows.Next() {
		var id domain.ID
		var k string
		if err := erows.Scan(&id, &k); err != nil {
			erows.Close()
			return nil, err
		}
		out[idx[id]].EmailKeys = append(out[idx[id]].EmailKeys, k)
	}
	erows.Close()
	prows, err := s.r.QueryContext(ctx, "SELECT person_id, e164 FROM person_phones WHERE e164 <> '' AND person_id IN ("+in+")", ids...)
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	for prows.Next() {
		var id domain.ID
		var e string
		if err := prows.Scan(&id, &e); err != nil {
			return nil, err
		}
		out[idx[id]].Phones = append(out[idx[id]].Phones, e)
	}
	return out, prows.Err()
}

// PeopleByEmailKey finds people by any of their e-mail addresses.
func (s *Store) PeopleByEmailKey(ctx context.Context, keys []string) (map[string][]importing.PersonRef, error) {
	if none, err := s.noRows(ctx, "people"); none || err != nil {
		return nil, err
	}
	out := map[string][]importing.PersonRef{}
	for _, c := range chunks(keys) {
		refs, err := s.personRefs(ctx, "id IN ("+emailIDs(len(c))+")", append(append([]any{}, c...), c...)...)
		if err != nil {
			return nil, err
		}
		want := map[string]bool{}
		for _, k := range c {
			want[k.(string)] = true
		}
		for _, r := range refs {
			for _, k := range r.EmailKeys {
				if want[k] {
					out[k] = append(out[k], r)
				}
			}
		}
	}
	return out, nil
}

// PeopleByPhone finds people by any of their phones (E.164).
func (s *Store) PeopleByPhone(ctx context.Context, e164 []string) (map[string][]importing.PersonRef, error) {
	if none, err := s.noRows(ctx, "people"); none || err != nil {
		return nil, err
	}
	out := map[string][]importing.PersonRef{}
	for _, c := range chunks(e164) {
		refs, err := s.personRefs(ctx, "id IN ("+phoneIDs(len(c))+")", append(append([]any{}, c...), c...)...)
		if err != nil {
			return nil, err
		}
		want := map[string]bool{}
		for _, k := range c {
			want[k.(string)] = true
		}
		for _, r := range refs {
			for _, k := range r.Phones {
				if want[k] {
					out[k] = append(out[k], r)
				}
			}
		}
	}
	return out, nil
}

// PeopleByNameAndCompany finds people by name key at given companies.
func (s *Store) PeopleByNameAndCompany(ctx context.Context, keys []importing.NameAtCompany) (map[importing.NameAtCompany][]importing.PersonRef, error) {
	if none, err := s.noRows(ctx, "people"); none || err != nil {
		return nil, err
	}
	out := map[importing.NameAtCompany][]importing.PersonRef{}
	for len(keys) > 0 {
		batch := keys[:min(len(keys), lookupChunk)]
		keys = keys[len(batch):]
		query, args := nameIDs(batch)
		refs, err := s.personRefs(ctx, "id IN ("+query+")", args...)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			k := importing.NameAtCompany{NameKey: domain.PersonNameKey(r.FirstName, r.LastName), CompanyID: r.CompanyID}
			out[k] = append(out[k], r)
		}
	}
	return out, nil
}

// emailIDs selects the ids of the people with any of n e-mail keys (the n
// keys are its arguments twice).
func emailIDs(n int) string {
	in := placeholders(n)
	return "SELECT id FROM people WHERE email_key IN (" + in + ") UNION SELECT person_id FROM person_emails WHERE email_key IN (" + in + ")"
}

// phoneIDs selects the ids of the people with any of n phones (E.164; the
// n phones are its arguments twice).
func phoneIDs(n int) string {
	in := placeholders(n)
	return "SELECT id FROM people WHERE phone_e164 <> '' AND phone_e164 IN (" + in + ") UNION SELECT person_id FROM person_phones WHERE e164 <> '' AND e164 IN (" + in + ")"
}

// nameIDs selects the ids of the people with a name key at a company.
func nameIDs(keys []importing.NameAtCompany) (string, []any) {
	args := make([]any, 0, 2*len(keys))
	values := make([]string, 0, len(keys))
	for _, k := range keys {
		args = append(args, k.NameKey, int64(k.CompanyID))
		values = append(values, "(?, ?)")
	}
	// A join, not a row-value IN: SQLite plans the join through the
	// (company_id, ...) index; the IN would scan the table.
	return "SELECT p.id FROM (VALUES " + strings.Join(values, ", ") + ") v JOIN people p ON p.company_id = v.column2 AND p.name_key = v.column1", args
}

var _ importing.PeopleByKeys = (*Store)(nil)

// PeopleByKeys answers PeopleByEmailKey, PeopleByPhone and
// PeopleByNameAndCompany at once: the ids by each kind of key first (from
// the indexes alone), then each person found read once. Planning 1,000,000
// rows against a file of a million people, half of them found by all three
// keys, read every one of those three times before. A person is filed
// under every key asked for that it has, as the single lookups do, and
// once per key (the name lookup repeats a person for a key asked in two
// chunks; the e-mail lookup misses a key of a person found by another
// key in another chunk when that key is only in an e-mail row another
// program left without its key).
func (s *Store) PeopleByKeys(ctx context.Context, emails, phones []string, names []importing.NameAtCompany) (importing.PeopleMatches, error) {
	found := importing.PeopleMatches{ByEmail: map[string][]importing.PersonRef{}, ByPhone: map[string][]importing.PersonRef{},
		ByName: map[importing.NameAtCompany][]importing.PersonRef{}}
	if none, err := s.noRows(ctx, "people"); none || err != nil {
		return found, err
	}
	// Which kinds of key found each person.
	const byEmail, byPhone, byName = 1, 2, 4
	how := map[domain.ID]int{}
	collect := func(kind int, query string, args ...any) error {
		ids, err := queryIDs(ctx, s.r, query, args...)
		for _, id := range ids {
			how[id] |= kind
		}
		return err
	}
	wantEmail, wantPhone := map[string]bool{}, map[string]bool{}
	for _, c := range chunks(emails) {
		for _, k := range c {
			wantEmail[k.(string)] = true
		}
		if err := collect(byEmail, emailIDs(len(c)), append(append([]any{}, c...), c...)...); err != nil {
			return found, fmt.Errorf("by e-mail: %w", err)
		}
	}
	for _, c := range chunks(phones) {
		for _, k := range c {
			wantPhone[k.(string)] = true
		}
		if err := collect(byPhone, phoneIDs(len(c)), append(append([]any{}, c...), c...)...); err != nil {
			return found, fmt.Errorf("by phone: %w", err)
		}
	}
	for rest := names; len(rest) > 0; {
		batch := rest[:min(len(rest), lookupChunk)]
		rest = rest[len(batch):]
		query, args := nameIDs(batch)
		if err := collect(byName, query, args...); err != nil {
			return found, fmt.Errorf("by name: %w", err)
		}
	}
	var ids []any
	for _, id := range slices.Sorted(maps.Keys(how)) {
		ids = append(ids, int64(id))
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), lookupChunk)]
		ids = ids[len(batch):]
		refs, err := s.personRefs(ctx, "id IN ("+placeholders(len(batch))+")", batch...)
		if err != nil {
			return found, fmt.Errorf("read the people found: %w", err)
		}
		for _, r := range refs {
			kinds := how[r.ID]
			if kinds&byEmail != 0 {
				for _, k := range r.EmailKeys {
					if wantEmail[k] {
						found.ByEmail[k] = append(found.ByEmail[k], r)
					}
				}
			}
			if kinds&byPhone != 0 {
				for _, k := range r.Phones {
					if wantPhone[k] {
						found.ByPhone[k] = append(found.ByPhone[k], r)
					}
				}
			}
			if kinds&byName != 0 {
				k := importing.NameAtCompany{NameKey: domain.PersonNameKey(r.FirstName, r.LastName), CompanyID: r.CompanyID}
				found.ByName[k] = append(found.ByName[k], r)
			}
		}
	}
	return found, nil
}

// PeopleByNameKey finds people by domain.PersonNameKey.
func (s *Store) PeopleByNameKey(ctx context.Context, keys []string) (map[string][]importing.PersonRef, error) {
	if none, err := s.noRows(ctx, "people"); none || err != nil {
		return nil, err
	}
	out := map[string][]importing.PersonRef{}
	for _, c := range chunks(keys) {
		refs, err := s.personRefs(ctx, "name_key IN ("+placeholders(len(c))+")", c...)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			k := domain.PersonNameKey(r.FirstName, r.LastName)
			out[k] = append(out[k], r)
		}
	}
	return out, nil
}

// PeopleOfCompanies lists up to limit people of each company (by name), the
// candidates of the near-duplicate search.
func (s *Store) PeopleOfCompanies(ctx context.Context, ids []domain.ID, limit int) (map[domain.ID][]importing.PersonRef, error) {
	if none, err := s.noRows(ctx, "people"); none || err != nil {
		return nil, err
	}
	out := map[domain.ID][]importing.PersonRef{}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), lookupChunk)]
		ids = ids[len(batch):]
		args := make([]any, 0, len(batch)+1)
		for _, id := range batch {
			args = append(args, int64(id))
		}
		// Names only: the near search compares names (a query for whole
		// references, e-mails and phones included, took most of the time
		// of a million rows planned against a million people).
		// The window reads the index (company_id, sort_key) only; the
		// names of the first limit people of each are read by id.
		rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.first_name, p.last_name, p.company_id FROM (
			SELECT id, row_number() OVER (PARTITION BY company_id ORDER BY sort_key) AS n
			FROM people WHERE company_id IN (`+placeholders(len(batch))+`)) t JOIN people p ON p.id = t.id WHERE t.n <= ? ORDER BY p.id`, append(args, limit)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r importing.PersonRef
			var company sql.NullInt64
			if err := rows.Scan(&r.ID, &r.FirstName, &r.LastName, &company); err != nil {
				rows.Close()
				return nil, err
			}
			r.CompanyID = idOf(company)
			out[r.CompanyID] = append(out[r.CompanyID], r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DealsByTitleKey finds deals by importing.TitleKey.
func (s *Store) DealsByTitleKey(ctx context.Context, keys []string) (map[string][]importing.DealRef, error) {
	if none, err := s.noRows(ctx, "deals"); none || err != nil {
		return nil, err
	}
	out := map[string][]importing.DealRef{}
	for _, c := range chunks(keys) {
		rows, err := s.r.QueryContext(ctx, "SELECT id, title, company_id, person_id, amount_minor, currency, coalesce(title_key, '') FROM deals WHERE title_key IN ("+placeholders(len(c))+")", c...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var d importing.DealRef
			var company, person, amount sql.NullInt64
			var currency sql.NullString
			var k string
			if err := rows.Scan(&d.ID, &d.Title, &company, &person, &amount, &currency, &k); err != nil {
				rows.Close()
				return nil, err
			}
			d.CompanyID, d.PersonID = idOf(company), idOf(person)
			if amount.Valid && currency.Valid {
				d.Amount = &domain.Money{Minor: amount.Int64, Currency: currency.String}
			}
			out[k] = append(out[k], d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Stages lists the pipeline (importing.Existing).
func (s *Store) Stages(ctx context.Context) ([]domain.Stage, error) { return s.ListStages(ctx) }

// CustomFields lists a type's custom fields (importing.Existing).
func (s *Store) CustomFields(ctx context.Context, t domain.RecordType) ([]domain.CustomField, error) {
	return s.ListCustomFields(ctx, t)
}

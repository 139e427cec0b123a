package sqlstore

import (
	"context"
	"database/sql"

	"kontor/domain"
)

// backfill computes the derived columns of rows that another program
// inserted or changed without them (they are NULL), in batches, so search,
// sorting and matching see every record.
func (s *Store) backfill(ctx context.Context) error {
	steps := []func(*txWriter) (int, error){backfillCompanies, backfillPeople, backfillDeals, backfillEmails}
	for _, step := range steps {
		for {
			var n int
			err := s.write(ctx, func(tx *sql.Tx) error {
				w := s.newWriter(ctx, tx)
				defer w.close()
				var err error
				n, err = step(w)
				return err
			})
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
		}
	}
	return nil
}

const backfillBatch = 2000

// The conditions of the partial indexes people_underived,
// companies_underived and deals_underived, written exactly as in the
// schema: SQLite uses a partial index only for a query whose WHERE clause
// contains the index's condition, so anything else scans the whole table
// on every open (TestBackfillUsesPartialIndexes).
const (
	peopleUnderived    = "search_text IS NULL OR sort_key IS NULL OR name_key IS NULL OR email_key IS NULL OR title_sort IS NULL"
	companiesUnderived = "search_text IS NULL OR sort_key IS NULL OR name_key IS NULL OR city_sort IS NULL OR industry_sort IS NULL"
	dealsUnderived     = "search_text IS NULL OR sort_key IS NULL OR title_key IS NULL"
)

// fillSearchText sets a row's search text only where it is missing: the
// search index's trigger fires on every update that sets search_text, and
// rewriting the text of a million rows that only lacked a sort key left
// the index in thousands of small segments (filters then took seconds).
func fillSearchText(w *txWriter, table, search string, id domain.ID) error {
	_, err := w.exec("UPDATE "+table+" SET search_text = ? WHERE id = ? AND search_text IS NULL", search, id)
	return err
}

func backfillPeople(w *txWriter) (int, error) {
	rows, err := w.tx.QueryContext(w.ctx, personSelect+` WHERE p.id IN (SELECT id FROM people
		WHERE `+peopleUnderived+` LIMIT ?)`, backfillBatch)
	if err != nil {
		return 0, err
	}
	var people []domain.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		people = append(people, p)
	}
	rows.Close()
	if err := loadPersonExtras(w.ctx, w.tx, people); err != nil {
		return 0, err
	}
	for i := range people {
		p := &people[i]
		d := derivePerson(p, p.Company)
		if _, err := w.exec(`UPDATE people SET email_key = coalesce(email_key, ?), name_key = coalesce(name_key, ?),
			sort_key = coalesce(sort_key, ?), title_sort = coalesce(title_sort, ?) WHERE id = ?`,
			d.emailKey, d.nameKey, d.sortKey, d.titleSort, p.ID); err != nil {
			return 0, err
		}
		if err := fillSearchText(w, "people", d.search, p.ID); err != nil {
			return 0, err
		}
	}
	return len(people), rows.Err()
}

func backfillCompanies(w *txWriter) (int, error) {
	rows, err := w.tx.QueryContext(w.ctx, companySelect+` WHERE c.id IN (SELECT id FROM companies
		WHERE `+companiesUnderived+` LIMIT ?)`, backfillBatch)
	if err != nil {
		return 0, err
	}
	var list []domain.Company
	for rows.Next() {
		c, err := scanCompany(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, c)
	}
	rows.Close()
	if err := loadTaxIDs(w.ctx, w.tx, list); err != nil {
		return 0, err
	}
	for i := range list {
		c := &list[i]
		d := deriveCompany(c)
		if _, err := w.exec(`UPDATE companies SET name_key = coalesce(name_key, ?), sort_key = coalesce(sort_key, ?),
			city_sort = coalesce(city_sort, ?), industry_sort = coalesce(industry_sort, ?) WHERE id = ?`,
			d.nameKey, d.sortKey, d.citySort, d.industrySort, c.ID); err != nil {
			return 0, err
		}
		if err := fillSearchText(w, "companies", d.search, c.ID); err != nil {
			return 0, err
		}
	}
	return len(list), rows.Err()
}

func backfillDeals(w *txWriter) (int, error) {
	rows, err := w.tx.QueryContext(w.ctx, dealSelect+` WHERE d.id IN (SELECT id FROM deals
		WHERE `+dealsUnderived+` LIMIT ?)`, backfillBatch)
	if err != nil {
		return 0, err
	}
	var list []domain.Deal
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, d)
	}
	rows.Close()
	for i := range list {
		dl := &list[i]
		d := deriveDeal(dl, dl.Company, dl.Person)
		if _, err := w.exec("UPDATE deals SET title_key = coalesce(title_key, ?), sort_key = coalesce(sort_key, ?) WHERE id = ?", d.titleKey, d.sortKey, dl.ID); err != nil {
			return 0, err
		}
		if err := fillSearchText(w, "deals", d.search, dl.ID); err != nil {
			return 0, err
		}
	}
	return len(list), rows.Err()
}

func backfillEmails(w *txWriter) (int, error) {
	rows, err := w.tx.QueryContext(w.ctx, "SELECT person_id, position, email FROM person_emails WHERE email_key IS NULL LIMIT ?", backfillBatch)
	if err != nil {
		return 0, err
	}
	type key struct {
		person domain.ID
		pos    int
		email  string
	}
	var todo []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.person, &k.pos, &k.email); err != nil {
			rows.Close()
			return 0, err
		}
		todo = append(todo, k)
	}
	rows.Close()
	for _, k := range todo {
		if _, err := w.exec("UPDATE person_emails SET email_key = ? WHERE person_id = ? AND position = ?", domain.EmailKey(k.email), k.person, k.pos); err != nil {
			return 0, err
		}
	}
	return len(todo), rows.Err()
}

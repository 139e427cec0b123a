package sqlstore

import (
	"database/sql"
	"strings"

	"kontor/domain"
)

// Column lists and value builders, shared by single-row writes and the bulk
// loader so that both write exactly the same thing.

var personCols = []string{"id", "first_name", "last_name", "company_id", "title", "email", "email_label", "phone", "phone_e164", "phone_label",
	"street", "city", "postal_code", "region", "country", "birthday", "notes", "custom", "source_id", "import_id", "created_at", "updated_at",
	"email_key", "name_key", "sort_key", "title_sort", "search_text"}

var companyCols = []string{"id", "name", "domain", "website", "phone", "phone_e164", "email", "street", "city", "postal_code", "region", "country",
	"industry", "employees", "notes", "custom", "source_id", "import_id", "created_at", "updated_at", "name_key", "sort_key", "city_sort", "industry_sort", "search_text"}

var dealCols = []string{"id", "title", "company_id", "person_id", "stage_id", "amount_minor", "currency", "close_date", "probability", "notes",
	"custom", "source_id", "import_id", "created_at", "updated_at", "title_key", "sort_key", "search_text"}

func personValues(p *domain.Person, d personDerived, custom string) []any {
	return append(personOwnValues(p, custom), d.values()...)
}

// personOwnValues are the columns of personCols a person's row takes from
// the person, all but the derived ones at the end.
func personOwnValues(p *domain.Person, custom string) []any {
	var email, emailLabel string
	if len(p.Emails) > 0 {
		email, emailLabel = p.Emails[0].Address, p.Emails[0].Label
	}
	var phone domain.Phone
	if len(p.Phones) > 0 {
		phone = p.Phones[0]
	}
	a := p.Address
	vals := make([]any, 0, len(personCols))
	return append(vals, int64(p.ID), p.FirstName, p.LastName, nullID(p.CompanyID), p.Title, email, emailLabel, phone.Raw, phone.E164, phone.Label,
		a.Street, a.City, a.PostalCode, a.Region, a.Country, nullDate(p.Birthday), p.Notes, custom, p.SourceID, nullID(p.ImportID),
		timestamp(p.CreatedAt), timestamp(p.UpdatedAt))
}

func companyValues(c *domain.Company, d companyDerived, custom string) []any {
	a := c.Address
	return []any{int64(c.ID), c.Name, c.Domain, c.Website, c.Phone.Raw, c.Phone.E164, c.Email, a.Street, a.City, a.PostalCode, a.Region, a.Country,
		c.Industry, nullInt(c.Employees), c.Notes, custom, c.SourceID, nullID(c.ImportID), timestamp(c.CreatedAt), timestamp(c.UpdatedAt),
		d.nameKey, d.sortKey, d.citySort, d.industrySort, d.search}
}

func dealValues(dl *domain.Deal, d dealDerived, custom string) []any {
	var amount, currency any
	if dl.Amount != nil {
		amount, currency = dl.Amount.Minor, dl.Amount.Currency
	}
	return []any{int64(dl.ID), dl.Title, nullID(dl.CompanyID), nullID(dl.PersonID), int64(dl.StageID), amount, currency, nullDate(dl.CloseDate),
		nullInt(dl.Probability), dl.Notes, custom, dl.SourceID, nullID(dl.ImportID), timestamp(dl.CreatedAt), timestamp(dl.UpdatedAt),
		d.titleKey, d.sortKey, d.search}
}

// insertSQL returns "INSERT INTO table (cols) VALUES (?,...),..." for n rows.
func insertSQL(table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table)
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ", "))
	b.WriteString(") VALUES ")
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(tuple)
	}
	return b.String()
}

// updateSQL returns "UPDATE table SET col = ?, ... WHERE id = ?" for every
// column but id.
func updateSQL(table string, cols []string) string {
	sets := make([]string, 0, len(cols)-1)
	for _, c := range cols[1:] {
		sets = append(sets, c+" = ?")
	}
	return "UPDATE " + table + " SET " + strings.Join(sets, ", ") + " WHERE id = ?"
}

// Selects with the names a record shows (company, person, stage) joined.

var peopleSpec = listSpec{table: "people", alias: "p", fts: "people_fts",
	selects: `p.id, p.first_name, p.last_name, p.company_id, coalesce(c.name, ''), p.title, p.email, p.email_label,
	p.phone, p.phone_e164, p.phone_label, p.street, p.city, p.postal_code, p.region, p.country, p.birthday, p.notes, p.custom,
	p.source_id, p.import_id, p.created_at, p.updated_at`,
	joins: "LEFT JOIN companies c ON c.id = p.company_id"}

var personSelect = "SELECT " + peopleSpec.selects + " FROM people p " + peopleSpec.joins

func scanPerson(sc scanner) (domain.Person, error) {
	var p domain.Person
	var companyID, importID sql.NullInt64
	var birthday sql.NullString
	var email, emailLabel, phone, e164, phoneLabel, custom, created, updated string
	err := sc.Scan(&p.ID, &p.FirstName, &p.LastName, &companyID, &p.Company, &p.Title, &email, &emailLabel, &phone, &e164, &phoneLabel,
		&p.Address.Street, &p.Address.City, &p.Address.PostalCode, &p.Address.Region, &p.Address.Country, &birthday, &p.Notes, &custom,
		&p.SourceID, &importID, &created, &updated)
	if err != nil {
		return p, err
	}
	p.CompanyID, p.ImportID, p.Birthday = idOf(companyID), idOf(importID), dateOf(birthday)
	if email != "" {
		p.Emails = []domain.Email{{Address: email, Label: emailLabel}}
	}
	if phone != "" || e164 != "" {
		p.Phones = []domain.Phone{{Raw: phone, E164: e164, Label: phoneLabel}}
	}
	p.Custom = decodeCustom(custom)
	p.CreatedAt, p.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
	return p, nil
}

var companiesSpec = listSpec{table: "companies", alias: "c", fts: "companies_fts",
	selects: `c.id, c.name, c.domain, c.website, c.phone, c.phone_e164, c.email, c.street, c.city, c.postal_code,
	c.region, c.country, c.industry, c.employees, c.notes, c.custom, c.source_id, c.import_id, c.created_at, c.updated_at`}

var companySelect = "SELECT " + companiesSpec.selects + " FROM companies c"

func scanCompany(sc scanner) (domain.Company, error) {
	var c domain.Company
	var employees, importID sql.NullInt64
	var custom, created, updated string
	err := sc.Scan(&c.ID, &c.Name, &c.Domain, &c.Website, &c.Phone.Raw, &c.Phone.E164, &c.Email, &c.Address.Street, &c.Address.City,
		&c.Address.PostalCode, &c.Address.Region, &c.Address.Country, &c.Industry, &employees, &c.Notes, &custom, &c.SourceID, &importID,
		&created, &updated)
	if err != nil {
		return c, err
	}
	c.Employees, c.ImportID = intPtr(employees), idOf(importID)
	c.Custom = decodeCustom(custom)
	c.CreatedAt, c.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
	return c, nil
}

var dealsSpec = listSpec{table: "deals", alias: "d", fts: "deals_fts",
	selects: `d.id, d.title, d.company_id, coalesce(c.name, ''), d.person_id,
	coalesce(p.first_name, ''), coalesce(p.last_name, ''), d.stage_id, coalesce(s.name, ''),
	d.amount_minor, d.currency, d.close_date, d.probability, d.notes, d.custom, d.source_id, d.import_id, d.created_at, d.updated_at`,
	joins: `LEFT JOIN companies c ON c.id = d.company_id LEFT JOIN people p ON p.id = d.person_id
	LEFT JOIN stages s ON s.id = d.stage_id`}

var dealSelect = "SELECT " + dealsSpec.selects + " FROM deals d " + dealsSpec.joins

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// withExtra scans extra destinations after a record's columns.
type withExtra struct {
	sc    scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.sc.Scan(append(dest, w.extra...)...) }

func scanDeal(sc scanner) (domain.Deal, error) {
	var d domain.Deal
	var companyID, personID, amount, probability, importID sql.NullInt64
	var currency, closeDate sql.NullString
	var custom, created, updated, first, last string
	err := sc.Scan(&d.ID, &d.Title, &companyID, &d.Company, &personID, &first, &last, &d.StageID, &d.Stage, &amount, &currency, &closeDate,
		&probability, &d.Notes, &custom, &d.SourceID, &importID, &created, &updated)
	if err != nil {
		return d, err
	}
	d.CompanyID, d.PersonID, d.ImportID = idOf(companyID), idOf(personID), idOf(importID)
	d.Person = domain.JoinName(first, last)
	if amount.Valid && currency.Valid {
		d.Amount = &domain.Money{Minor: amount.Int64, Currency: currency.String}
	}
	d.CloseDate, d.Probability = dateOf(closeDate), intPtr(probability)
	d.Custom = decodeCustom(custom)
	d.CreatedAt, d.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
	return d, nil
}

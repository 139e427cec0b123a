package main

import (
	"time"

	"kontor/domain"
)

// The JSON shapes of records printed by `kontor ... list --json`. Keys are
// stable snake_case; absent values are null (ids, dates) or empty ("" / []),
// never missing, so jq filters need no guards.

type personJSON struct {
	ID         domain.ID           `json:"id"`
	FirstName  string              `json:"first_name"`
	LastName   string              `json:"last_name"`
	Emails     []string            `json:"emails"`
	Phones     []string            `json:"phones"`
	Title      string              `json:"title"`
	CompanyID  *domain.ID          `json:"company_id"`
	Company    string              `json:"company"`
	Street     string              `json:"street"`
	City       string              `json:"city"`
	PostalCode string              `json:"postal_code"`
	Region     string              `json:"region"`
	Country    string              `json:"country"`
	Birthday   *string             `json:"birthday"`
	Notes      string              `json:"notes"`
	SourceID   string              `json:"source_id"`
	ImportID   *domain.ID          `json:"import_id"`
	CreatedAt  string              `json:"created_at"`
	UpdatedAt  string              `json:"updated_at"`
	Custom     domain.CustomValues `json:"custom"`
}

type companyJSON struct {
	ID         domain.ID           `json:"id"`
	Name       string              `json:"name"`
	Domain     string              `json:"domain"`
	Website    string              `json:"website"`
	TaxIDs     map[string]string   `json:"tax_ids"`
	Phone      string              `json:"phone"`
	Email      string              `json:"email"`
	Street     string              `json:"street"`
	City       string              `json:"city"`
	PostalCode string              `json:"postal_code"`
	Region     string              `json:"region"`
	Country    string              `json:"country"`
	Industry   string              `json:"industry"`
	Employees  *int                `json:"employees"`
	Notes      string              `json:"notes"`
	SourceID   string              `json:"source_id"`
	ImportID   *domain.ID          `json:"import_id"`
	CreatedAt  string              `json:"created_at"`
	UpdatedAt  string              `json:"updated_at"`
	Custom     domain.CustomValues `json:"custom"`
}

type dealJSON struct {
	ID          domain.ID           `json:"id"`
	Title       string              `json:"title"`
	CompanyID   *domain.ID          `json:"company_id"`
	Company     string              `json:"company"`
	PersonID    *domain.ID          `json:"person_id"`
	Person      string              `json:"person"`
	Stage       string              `json:"stage"`
	Amount      *string             `json:"amount"`
	Currency    string              `json:"currency"`
	CloseDate   *string             `json:"close_date"`
	Probability *int                `json:"probability"`
	Notes       string              `json:"notes"`
	SourceID    string              `json:"source_id"`
	ImportID    *domain.ID          `json:"import_id"`
	CreatedAt   string              `json:"created_at"`
	UpdatedAt   string              `json:"updated_at"`
	Custom      domain.CustomValues `json:"custom"`
}

func optID(id domain.ID) *domain.ID {
	if id == 0 {
		return nil
	}
	return &id
}

func optDate(d domain.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func customOrEmpty(c domain.CustomValues) domain.CustomValues {
	if c == nil {
		return domain.CustomValues{}
	}
	return c
}

func personToJSON(p domain.Person) personJSON {
	emails := make([]string, 0, len(p.Emails))
	for _, e := range p.Emails {
		emails = append(emails, e.Address)
	}
	phones := make([]string, 0, len(p.Phones))
	for _, ph := range p.Phones {
		phones = append(phones, ph.Display())
	}
	return personJSON{
		ID: p.ID, FirstName: p.FirstName, LastName: p.LastName, Emails: emails, Phones: phones,
		Title: p.Title, CompanyID: optID(p.CompanyID), Company: p.Company,
		Street: p.Address.Street, City: p.Address.City, PostalCode: p.Address.PostalCode,
		Region: p.Address.Region, Country: p.Address.Country,
		Birthday: optDate(p.Birthday), Notes: p.Notes, SourceID: p.SourceID, ImportID: optID(p.ImportID),
		CreatedAt: jsonTime(p.CreatedAt), UpdatedAt: jsonTime(p.UpdatedAt), Custom: customOrEmpty(p.Custom),
	}
}

func companyToJSON(c domain.Company) companyJSON {
	taxIDs := map[string]string{}
	for _, t := range c.TaxIDs {
		if _, seen := taxIDs[t.Kind]; !seen {
			taxIDs[t.Kind] = t.Value
		}
	}
	return companyJSON{
		ID: c.ID, Name: c.Name, Domain: c.Domain, Website: c.Website, TaxIDs: taxIDs,
		Phone: c.Phone.Display(), Email: c.Email,
		Street: c.Address.Street, City: c.Address.City, PostalCode: c.Address.PostalCode,
		Region: c.Address.Region, Country: c.Address.Country,
		Industry: c.Industry, Employees: c.Employees, Notes: c.Notes, SourceID: c.SourceID, ImportID: optID(c.ImportID),
		CreatedAt: jsonTime(c.CreatedAt), UpdatedAt: jsonTime(c.UpdatedAt), Custom: customOrEmpty(c.Custom),
	}
}

func dealToJSON(d domain.Deal) dealJSON {
	out := dealJSON{
		ID: d.ID, Title: d.Title, CompanyID: optID(d.CompanyID), Company: d.Company,
		PersonID: optID(d.PersonID), Person: d.Person, Stage: d.Stage,
		CloseDate: optDate(d.CloseDate), Probability: d.Probability, Notes: d.Notes,
		SourceID: d.SourceID, ImportID: optID(d.ImportID),
		CreatedAt: jsonTime(d.CreatedAt), UpdatedAt: jsonTime(d.UpdatedAt), Custom: customOrEmpty(d.Custom),
	}
	if d.Amount != nil {
		s := d.Amount.Decimal()
		out.Amount, out.Currency = &s, d.Amount.Currency
	}
	return out
}

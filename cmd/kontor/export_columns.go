package main

import (
	"sort"
	"strconv"
	"strings"

	"kontor/domain"
	"kontor/domain/importing"
)

// The columns of `kontor export` in CSV and XLSX: one per field and one per
// custom field, each headed with a name that Kontor's import matches back
// to the same field (export_test.go checks every header with
// importing.Match), so an export imports into another data file as the
// records it came from.

// exportColumn is one column of a spreadsheet export of records of type T.
type exportColumn[T any] struct {
	header string // English, an alias of field in the import catalogue
	field  string // the importing.Catalog key the header matches
	value  func(*T) string
}

// multiSep joins several values in one cell (importing.SplitMulti splits
// them again).
const multiSep = "; "

// dealRow is a deal with what its columns show of the linked person.
type dealRow struct {
	domain.Deal
	personEmail string
}

func personColumns() []exportColumn[domain.Person] {
	addr := func(f func(*domain.Address) string) func(*domain.Person) string {
		return func(p *domain.Person) string { return f(&p.Address) }
	}
	return []exportColumn[domain.Person]{
		{"First Name", "first_name", func(p *domain.Person) string { return p.FirstName }},
		{"Last Name", "last_name", func(p *domain.Person) string { return p.LastName }},
		{"Email", "email", func(p *domain.Person) string { return p.PrimaryEmail() }},
		{"Other Emails", "email_other", func(p *domain.Person) string {
			if len(p.Emails) < 2 {
				return ""
			}
			out := make([]string, 0, len(p.Emails)-1)
			for _, e := range p.Emails[1:] {
				out = append(out, e.Address)
			}
			return strings.Join(out, multiSep)
		}},
		{"Phone", "phone", func(p *domain.Person) string { return p.PrimaryPhone() }},
		{"Other Phones", "phone_other", func(p *domain.Person) string {
			if len(p.Phones) < 2 {
				return ""
			}
			out := make([]string, 0, len(p.Phones)-1)
			for _, ph := range p.Phones[1:] {
				out = append(out, ph.Display())
			}
			return strings.Join(out, multiSep)
		}},
		{"Job Title", "title", func(p *domain.Person) string { return p.Title }},
		{"Company", "company", func(p *domain.Person) string { return p.Company }},
		{"Street", "street", addr(func(a *domain.Address) string { return a.Street })},
		{"City", "city", addr(func(a *domain.Address) string { return a.City })},
		{"Postal Code", "postal_code", addr(func(a *domain.Address) string { return a.PostalCode })},
		{"Region", "region", addr(func(a *domain.Address) string { return a.Region })},
		{"Country", "country", addr(func(a *domain.Address) string { return a.Country })},
		{"Birthday", "birthday", func(p *domain.Person) string { return dateText(p.Birthday) }},
		{"Notes", "notes", func(p *domain.Person) string { return p.Notes }},
		{"Source Id", "source_id", func(p *domain.Person) string { return p.SourceID }},
		{"Created At", "created_at", func(p *domain.Person) string { return jsonTime(p.CreatedAt) }},
	}
}

// exportTaxKinds have a column of their own; other kinds, and further ids
// of these kinds, share the "Tax ID" column as "KIND: value; ...".
var exportTaxKinds = []struct{ kind, header, field string }{
	{"NIP", "NIP", "nip"}, {"REGON", "REGON", "regon"}, {"KRS", "KRS", "krs"}, {"VAT", "VAT Number", "vat"},
}

func companyColumns() []exportColumn[domain.Company] {
	addr := func(f func(*domain.Address) string) func(*domain.Company) string {
		return func(c *domain.Company) string { return f(&c.Address) }
	}
	cols := []exportColumn[domain.Company]{
		{"Company Name", "name", func(c *domain.Company) string { return c.Name }},
		{"Website", "website", func(c *domain.Company) string { return c.Website }},
		{"Domain", "domain", func(c *domain.Company) string { return c.Domain }},
		{"Phone", "phone", func(c *domain.Company) string { return c.Phone.Display() }},
		{"Email", "email", func(c *domain.Company) string { return c.Email }},
	}
	for _, k := range exportTaxKinds {
		cols = append(cols, exportColumn[domain.Company]{k.header, k.field, func(c *domain.Company) string { return c.TaxID(k.kind) }})
	}
	cols = append(cols, []exportColumn[domain.Company]{
		{"Tax ID", "tax_id", otherTaxIDs},
		{"Street", "street", addr(func(a *domain.Address) string { return a.Street })},
		{"City", "city", addr(func(a *domain.Address) string { return a.City })},
		{"Postal Code", "postal_code", addr(func(a *domain.Address) string { return a.PostalCode })},
		{"Region", "region", addr(func(a *domain.Address) string { return a.Region })},
		{"Country", "country", addr(func(a *domain.Address) string { return a.Country })},
		{"Industry", "industry", func(c *domain.Company) string { return c.Industry }},
		{"Employees", "employees", func(c *domain.Company) string {
			if c.Employees == nil {
				return ""
			}
			return strconv.Itoa(*c.Employees)
		}},
		{"Notes", "notes", func(c *domain.Company) string { return c.Notes }},
		{"Source Id", "source_id", func(c *domain.Company) string { return c.SourceID }},
		{"Created At", "created_at", func(c *domain.Company) string { return jsonTime(c.CreatedAt) }},
	}...)
	return cols
}

// otherTaxIDs lists the tax ids that the NIP, REGON, KRS and VAT columns
// do not hold, kind first ("EIN: 123456789; NIP: 1234563218"), the way the
// importer reads a "Tax ID" cell back.
func otherTaxIDs(c *domain.Company) string {
	first := map[string]bool{}
	var out []string
	for _, t := range c.TaxIDs {
		own := false
		for _, k := range exportTaxKinds {
			own = own || k.kind == t.Kind
		}
		if own && !first[t.Kind] && c.TaxID(t.Kind) == t.Value {
			first[t.Kind] = true
			continue
		}
		out = append(out, t.Kind+": "+t.Value)
	}
	sort.Strings(out)
	return strings.Join(out, multiSep)
}

func dealColumns() []exportColumn[dealRow] {
	return []exportColumn[dealRow]{
		{"Deal Name", "title", func(d *dealRow) string { return d.Title }},
		{"Company", "company", func(d *dealRow) string { return d.Company }},
		{"Contact Person", "person", func(d *dealRow) string { return d.Person }},
		{"Contact Email", "person_email", func(d *dealRow) string { return d.personEmail }},
		{"Stage", "stage", func(d *dealRow) string { return d.Stage }},
		{"Amount", "amount", func(d *dealRow) string {
			if d.Amount == nil {
				return ""
			}
			return d.Amount.Decimal()
		}},
		{"Currency", "currency", func(d *dealRow) string {
			if d.Amount == nil {
				return ""
			}
			return d.Amount.Currency
		}},
		{"Close Date", "close_date", func(d *dealRow) string { return dateText(d.CloseDate) }},
		{"Probability", "probability", func(d *dealRow) string {
			if d.Probability == nil {
				return ""
			}
			return strconv.Itoa(*d.Probability)
		}},
		{"Notes", "notes", func(d *dealRow) string { return d.Notes }},
		{"Source Id", "source_id", func(d *dealRow) string { return d.SourceID }},
		{"Created At", "created_at", func(d *dealRow) string { return jsonTime(d.CreatedAt) }},
	}
}

func dateText(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// withCustom appends a column per custom field, headed so the import feeds
// (and if need be creates) the same field: "Lead Source (custom.lead_source,
// text)".
func withCustom[T any](cols []exportColumn[T], fields []domain.CustomField, custom func(*T) domain.CustomValues) []exportColumn[T] {
	for _, f := range fields {
		key := f.Key
		cols = append(cols, exportColumn[T]{
			header: importing.CustomColumnHeader(f),
			field:  importing.CustomPrefix + key,
			value:  func(r *T) string { return domain.FormatCustom(custom(r)[key]) },
		})
	}
	return cols
}

func headersOf[T any](cols []exportColumn[T]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.header
	}
	return out
}

package main

import (
	"encoding/csv"
	"sort"
	"strconv"
	"strings"

	"kontor/domain"
)

// csvOut prints records as CSV for `kontor ... list --csv`: the columns of
// the --json objects, in the same order and with the same names, then one
// column per custom field ("custom.lead_source"). Lists are joined with
// "; " (e-mails, phones, "NIP: 5260250274; REGON: 012100784"); absent
// values are empty cells. Every cell goes through spreadsheetSafe.
type csvOut struct {
	w    *csv.Writer
	t    domain.RecordType
	defs []domain.CustomField
}

// csvHeaders are the fixed columns of each type: the keys of personJSON,
// companyJSON and dealJSON without "custom".
var csvHeaders = map[domain.RecordType][]string{
	domain.TypePerson: {"id", "first_name", "last_name", "emails", "phones", "title", "company_id", "company", "street", "city",
		"postal_code", "region", "country", "birthday", "notes", "source_id", "import_id", "created_at", "updated_at"},
	domain.TypeCompany: {"id", "name", "domain", "website", "tax_ids", "phone", "email", "street", "city", "postal_code", "region",
		"country", "industry", "employees", "notes", "source_id", "import_id", "created_at", "updated_at"},
	domain.TypeDeal: {"id", "title", "company_id", "company", "person_id", "person", "stage", "amount", "currency", "close_date",
		"probability", "notes", "source_id", "import_id", "created_at", "updated_at"},
}

func (o *csvOut) begin() error {
	h := append([]string{}, csvHeaders[o.t]...)
	for _, d := range o.defs {
		h = append(h, "custom."+d.Key)
	}
	return o.w.Write(spreadsheetSafeRow(h))
}

func (o *csvOut) record(v any, _ []string) error {
	var cells []string
	var custom domain.CustomValues
	switch r := v.(type) {
	case personJSON:
		cells = []string{idText(r.ID), r.FirstName, r.LastName, strings.Join(r.Emails, "; "), strings.Join(r.Phones, "; "), r.Title,
			optIDText(r.CompanyID), r.Company, r.Street, r.City, r.PostalCode, r.Region, r.Country, optText(r.Birthday), r.Notes,
			r.SourceID, optIDText(r.ImportID), r.CreatedAt, r.UpdatedAt}
		custom = r.Custom
	case companyJSON:
		cells = []string{idText(r.ID), r.Name, r.Domain, r.Website, taxIDsText(r.TaxIDs), r.Phone, r.Email, r.Street, r.City,
			r.PostalCode, r.Region, r.Country, r.Industry, optIntText(r.Employees), r.Notes, r.SourceID, optIDText(r.ImportID),
			r.CreatedAt, r.UpdatedAt}
		custom = r.Custom
	case dealJSON:
		cells = []string{idText(r.ID), r.Title, optIDText(r.CompanyID), r.Company, optIDText(r.PersonID), r.Person, r.Stage,
			optText(r.Amount), r.Currency, optText(r.CloseDate), optIntText(r.Probability), r.Notes, r.SourceID,
			optIDText(r.ImportID), r.CreatedAt, r.UpdatedAt}
		custom = r.Custom
	}
	for _, d := range o.defs {
		cells = append(cells, domain.FormatCustom(custom[d.Key]))
	}
	return o.w.Write(spreadsheetSafeRow(cells))
}

func (o *csvOut) end() error {
	o.w.Flush()
	return o.w.Error()
}

func idText(id domain.ID) string { return strconv.FormatInt(int64(id), 10) }

func optIDText(id *domain.ID) string {
	if id == nil {
		return ""
	}
	return idText(*id)
}

func optText(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func optIntText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// taxIDsText writes tax ids as "KIND: value; ..." in kind order.
func taxIDsText(m map[string]string) string {
	kinds := make([]string, 0, len(m))
	for k := range m {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = k + ": " + m[k]
	}
	return strings.Join(parts, "; ")
}

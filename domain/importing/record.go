package importing

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"kontor/domain"
)

// Record is one source row read through a Mapping: the entity it becomes,
// the names it links to, and what was wrong with it.
type Record struct {
	Row  int // 1-based data row
	Line int // physical line where the row starts

	Type    domain.RecordType
	Person  domain.Person
	Company domain.Company
	Deal    domain.Deal

	// Links by text, resolved by the planner.
	CompanyRef     string // company name (people and deals)
	PersonRef      string // person name (deals)
	PersonEmailRef string // person e-mail (deals)
	StageRef       string // stage name (deals)

	Issues []Issue
	// Failed is set when the row cannot become a record at all (a person
	// without name or e-mail, a deal without a title); Issues says why.
	Failed bool
}

// HasErrors reports whether any value of the row was rejected.
func (r *Record) HasErrors() bool {
	for _, is := range r.Issues {
		if is.Severity == SevError {
			return true
		}
	}
	return false
}

const maxIssueValue = 80

// rowParser holds what ParseRow needs for one row.
type rowParser struct {
	m    Mapping
	opts Options
	rec  *Record
	// customTypes maps custom field keys to their types.
	customTypes map[string]domain.FieldType
	currency    string // from a currency column, if any
	region      string // phone region: the row's country, else the default
}

func (p *rowParser) issue(c ColumnMapping, value string, sev Severity, msg string) {
	if utf8.RuneCountInString(value) > maxIssueValue {
		value = string([]rune(value)[:maxIssueValue]) + "…"
	}
	p.rec.Issues = append(p.rec.Issues, Issue{Row: p.rec.Row, Line: p.rec.Line, Column: c.Index, Header: c.Header, Value: value, Message: msg, Severity: sev})
}

func (p *rowParser) fail(msg string) {
	p.rec.Failed = true
	p.rec.Issues = append(p.rec.Issues, Issue{Row: p.rec.Row, Line: p.rec.Line, Column: -1, Message: msg, Severity: SevError})
}

// ParseRow reads one row. customTypes gives the type of every custom field
// the mapping feeds (existing and new ones). It never drops the row
// silently: a row that cannot be imported comes back with Failed set and
// the reason in Issues; rejected values are listed in Issues and the row's
// other values are kept.
func ParseRow(m Mapping, opts Options, customTypes map[string]domain.FieldType, row, line int, cells []string) Record {
	rec := Record{Row: row, Line: line, Type: m.Type}
	p := &rowParser{m: m, opts: opts, rec: &rec, customTypes: customTypes, region: opts.Region}
	// Currency and country first: amounts and phones in the same row use
	// them.
	for _, c := range m.Columns {
		if c.Field == "country" {
			if r := regionForCountry(cell(cells, c.Index)); r != "" {
				p.region = r
			}
		}
		if c.Field == "currency" && m.Type == domain.TypeDeal {
			if v := cell(cells, c.Index); v != "" {
				cur, err := domain.NormalizeCurrency(v)
				if err != nil {
					p.issue(c, v, SevError, err.Error())
				} else {
					p.currency = cur
				}
			}
		}
	}
	var fullName string
	for _, c := range m.Columns {
		v := cell(cells, c.Index)
		if v == "" || c.Field == "" {
			continue
		}
		if key, ok := c.IsCustom(); ok {
			p.custom(c, key, v)
			continue
		}
		if c.Field == "full_name" && m.Type == domain.TypePerson {
			fullName = v
			continue
		}
		switch m.Type {
		case domain.TypePerson:
			p.person(c, v)
		case domain.TypeCompany:
			p.company(c, v)
		case domain.TypeDeal:
			p.deal(c, v)
		}
	}
	if fullName != "" && rec.Person.FirstName == "" && rec.Person.LastName == "" {
		rec.Person.FirstName, rec.Person.LastName = domain.SplitFullName(fullName)
	}
	p.finish()
	return rec
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(StripFormulaGuard(cells[i]))
}

// collapse trims and collapses runs of white space to one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func (p *rowParser) person(c ColumnMapping, v string) {
	per := &p.rec.Person
	switch c.Field {
	case "first_name":
		per.FirstName = collapse(v)
	case "last_name":
		per.LastName = collapse(v)
	case "email", "email_other":
		for _, e := range SplitMulti(v) {
			addr, err := domain.NormalizeEmail(e)
			if err != nil {
				p.issue(c, e, SevError, err.Error())
				continue
			}
			per.Emails = append(per.Emails, domain.Email{Address: addr, Label: labelFor(c.Field)})
		}
	case "phone", "mobile", "phone_other":
		for _, raw := range SplitMulti(v) {
			per.Phones = append(per.Phones, p.phone(c, raw, labelFor(c.Field)))
		}
	case "title":
		per.Title = collapse(v)
	case "company":
		p.rec.CompanyRef = collapse(v)
	case "street", "city", "postal_code", "region", "country":
		setAddress(&per.Address, c.Field, v)
	case "birthday":
		if d, ok := p.date(c, v); ok {
			per.Birthday = d
		}
	case "notes":
		per.Notes = appendNote(per.Notes, v)
	case "source_id":
		per.SourceID = v
	case "created_at":
		p.created(c, v, &per.Meta)
	}
}

func (p *rowParser) company(c ColumnMapping, v string) {
	co := &p.rec.Company
	switch c.Field {
	case "name":
		co.Name = collapse(v)
	case "website":
		co.Website = v
		if d := domain.DomainFromWebsite(v); d != "" {
			if co.Domain == "" {
				co.Domain = d
			}
		} else {
			p.issue(c, v, SevWarning, "not a web address; kept as text")
		}
	case "domain":
		if d := domain.DomainFromWebsite(v); d != "" {
			co.Domain = d
		} else {
			p.issue(c, v, SevError, "not a domain name")
		}
	case "phone":
		phones := SplitMulti(v)
		if len(phones) > 0 {
			co.Phone = p.phone(c, phones[0], "")
		}
		if len(phones) > 1 {
			co.Notes = appendNote(co.Notes, c.Header+": "+v)
			p.issue(c, v, SevWarning, "a company has one phone; the others were added to the notes")
		}
	case "email":
		emails := SplitMulti(v)
		for i, e := range emails {
			addr, err := domain.NormalizeEmail(e)
			if err != nil {
				p.issue(c, e, SevError, err.Error())
				continue
			}
			if co.Email == "" {
				co.Email = addr
			} else if i > 0 {
				co.Notes = appendNote(co.Notes, c.Header+": "+addr)
			}
		}
	case "nip", "regon", "krs", "vat", "tax_id":
		kind := strings.ToUpper(c.Field)
		if c.Field == "tax_id" {
			if ids, ok := kindedTaxIDs(v); ok {
				for _, id := range ids {
					p.taxID(c, id[0], id[1])
				}
				return
			}
			kind = guessTaxKind(v)
		}
		p.taxID(c, kind, v)
	case "street", "city", "postal_code", "region", "country":
		setAddress(&co.Address, c.Field, v)
	case "industry":
		co.Industry = collapse(v)
	case "employees":
		n, err := ParseInt(v, c.Format)
		if err != nil || n < 0 || n > 100_000_000 {
			if err == nil {
				err = errors.New("employee count out of range")
			}
			p.issue(c, v, SevError, err.Error())
			return
		}
		e := int(n)
		co.Employees = &e
	case "notes":
		co.Notes = appendNote(co.Notes, v)
	case "source_id":
		co.SourceID = v
	case "created_at":
		p.created(c, v, &co.Meta)
	}
}

func (p *rowParser) deal(c ColumnMapping, v string) {
	d := &p.rec.Deal
	switch c.Field {
	case "title":
		d.Title = collapse(v)
	case "company":
		p.rec.CompanyRef = collapse(v)
	case "person":
		p.rec.PersonRef = collapse(v)
	case "person_email":
		addr, err := domain.NormalizeEmail(v)
		if err != nil {
			p.issue(c, v, SevError, err.Error())
			return
		}
		p.rec.PersonEmailRef = addr
	case "stage":
		p.rec.StageRef = collapse(v)
	case "amount":
		cur := p.currency
		if cur == "" {
			cur = p.opts.DefaultCurrency
		}
		m, err := ParseMoney(v, c.Format, cur)
		if err != nil {
			p.issue(c, v, SevError, err.Error())
			return
		}
		if m.Minor < 0 {
			p.issue(c, v, SevError, "a deal's amount cannot be negative")
			return
		}
		d.Amount = &m
	case "probability":
		n, err := ParsePercent(v)
		if err != nil {
			p.issue(c, v, SevError, err.Error())
			return
		}
		d.Probability = &n
	case "close_date":
		if date, ok := p.date(c, v); ok {
			d.CloseDate = date
		}
	case "notes":
		d.Notes = appendNote(d.Notes, v)
	case "source_id":
		d.SourceID = v
	case "created_at":
		p.created(c, v, &d.Meta)
	}
}

func (p *rowParser) custom(c ColumnMapping, key, v string) {
	t, ok := p.customTypes[key]
	if !ok {
		t = domain.FieldText
	}
	var val any
	switch t {
	case domain.FieldDate:
		d, ok := p.date(c, v)
		if !ok {
			return
		}
		val = d.String()
	case domain.FieldNumber:
		s, err := ParseDecimal(v, c.Format)
		if err != nil {
			p.issue(c, v, SevError, err.Error())
			return
		}
		val = json.Number(s)
	case domain.FieldBool:
		b, err := ParseBool(v)
		if err != nil {
			p.issue(c, v, SevError, err.Error())
			return
		}
		val = b
	default:
		val = v
	}
	custom := p.customMap()
	(*custom)[key] = val
}

func (p *rowParser) customMap() *domain.CustomValues {
	var cv *domain.CustomValues
	switch p.m.Type {
	case domain.TypePerson:
		cv = &p.rec.Person.Custom
	case domain.TypeCompany:
		cv = &p.rec.Company.Custom
	default:
		cv = &p.rec.Deal.Custom
	}
	if *cv == nil {
		*cv = domain.CustomValues{}
	}
	return cv
}

func (p *rowParser) phone(c ColumnMapping, raw, label string) domain.Phone {
	region := p.region
	if region == p.opts.Region && c.Region != "" {
		region = c.Region // the row names no country; the column's numbers are read in its region
	}
	ph, err := domain.ParsePhone(raw, region)
	if err != nil && p.region != p.opts.Region {
		ph, err = domain.ParsePhone(raw, p.opts.Region)
	}
	if err != nil {
		p.issue(c, raw, SevWarning, "phone number not recognised ("+err.Error()+"); kept as written")
		ph = domain.Phone{Raw: strings.TrimSpace(raw)}
	}
	ph.Label = label
	return ph
}

func (p *rowParser) date(c ColumnMapping, v string) (domain.Date, bool) {
	d, err := ParseDate(v, c.Format)
	if err != nil {
		p.issue(c, v, SevError, err.Error())
		return domain.Date{}, false
	}
	return d, true
}

func (p *rowParser) created(c ColumnMapping, v string, m *domain.Meta) {
	t, err := ParseDateTime(v, c.Format)
	if err != nil {
		p.issue(c, v, SevWarning, "creation time not understood ("+err.Error()+"); the import time is used")
		return
	}
	m.CreatedAt = t
}

// finish applies the record-level rules: required fields, and the domain
// normalisation that does not depend on the data file.
func (p *rowParser) finish() {
	r := p.rec
	switch r.Type {
	case domain.TypePerson:
		per := &r.Person
		per.Emails = dedupeEmails(per.Emails)
		per.Phones = dedupePhones(per.Phones)
		if per.FirstName == "" && per.LastName == "" && len(per.Emails) == 0 {
			p.fail("a person needs a name or an e-mail address")
		}
	case domain.TypeCompany:
		if r.Company.Name == "" {
			p.fail("a company needs a name")
		}
	case domain.TypeDeal:
		if r.Deal.Title == "" {
			p.fail("a deal needs a title")
		}
	}
}

func dedupeEmails(in []domain.Email) []domain.Email {
	seen := map[string]bool{}
	out := in[:0]
	for _, e := range in {
		k := domain.EmailKey(e.Address)
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

func dedupePhones(in []domain.Phone) []domain.Phone {
	seen := map[string]bool{}
	out := in[:0]
	for _, ph := range in {
		k := ph.E164
		if k == "" {
			k = "raw:" + domain.PhoneDigits(ph.Raw)
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, ph)
		}
	}
	return out
}

func labelFor(field string) string {
	switch field {
	case "mobile":
		return "mobile"
	case "email_other", "phone_other":
		return "other"
	}
	return ""
}

func setAddress(a *domain.Address, field, v string) {
	v = collapse(v)
	switch field {
	case "street":
		a.Street = v
	case "city":
		a.City = v
	case "postal_code":
		a.PostalCode = v
	case "region":
		a.Region = v
	case "country":
		a.Country = v
	}
}

func appendNote(notes, v string) string {
	if notes == "" {
		return v
	}
	return notes + "\n" + v
}

// guessTaxKind names a tax id from its shape when the column does not say
// (a "Tax ID" column): 10 digits → NIP, 9 or 14 → REGON, a country prefix
// → VAT, 18 characters → USCC, otherwise a generic TAX kind.
func guessTaxKind(v string) string {
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' {
			return -1
		}
		return r
	}, strings.ToUpper(v))
	digits := strings.Trim(s, "0123456789") == ""
	switch {
	case digits && len(s) == 10:
		return "NIP"
	case digits && (len(s) == 9 || len(s) == 14):
		return "REGON"
	case len(s) == 18 && !digits:
		return "USCC"
	case len(s) > 4 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z':
		return "VAT"
	}
	return "TAX"
}

func (p *rowParser) taxID(c ColumnMapping, kind, v string) {
	t, err := domain.NormalizeTaxID(kind, v)
	switch {
	case errors.Is(err, domain.ErrChecksum):
		// Kept as written: a typo is the user's to fix, not to lose.
		p.issue(c, v, SevWarning, err.Error()+"; kept as written")
	case err != nil:
		p.issue(c, v, SevError, err.Error())
		return
	}
	p.rec.Company.TaxIDs = append(p.rec.Company.TaxIDs, t)
}

// kindedTaxIDs reads a tax id cell whose values each name their kind, as
// Kontor's exports write the ids that have no column of their own: "EIN:
// 12-3456789; USCC: 91350100M000100Y43". ok is false unless every value
// is a kind (letters, digits and dashes, at most 16) and a colon before the number.
func kindedTaxIDs(v string) (ids [][2]string, ok bool) {
	for _, part := range strings.Split(v, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		kind, value, found := strings.Cut(part, ":")
		kind, value = strings.TrimSpace(kind), strings.TrimSpace(value)
		if !found || kind == "" || utf8.RuneCountInString(kind) > 16 || value == "" || strings.IndexFunc(kind, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
		}) >= 0 {
			return nil, false
		}
		ids = append(ids, [2]string{kind, value})
	}
	return ids, len(ids) > 0
}

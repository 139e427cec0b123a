package domain

import (
	"fmt"
	"strings"
	"time"
)

// Rules normalises records in place and validates them, the same way for
// the UI, the command line and the importer. Region is the default phone
// region (ISO 3166-1 alpha-2, e.g. "PL"); when empty, numbers must carry a
// country code.
type Rules struct {
	Region string
	// Today is the current date for birthday checks; zero means now.
	Today Date
}

func (r Rules) today() Date {
	if r.Today.IsZero() {
		return DateOf(time.Now())
	}
	return r.Today
}

var emailLabels = map[string]bool{"": true, "work": true, "home": true, "other": true}
var phoneLabels = map[string]bool{"": true, "work": true, "mobile": true, "home": true, "fax": true, "other": true}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func trimAddress(a *Address) {
	a.Street = collapseSpace(a.Street)
	a.City = collapseSpace(a.City)
	a.PostalCode = strings.TrimSpace(a.PostalCode)
	a.Region = collapseSpace(a.Region)
	a.Country = collapseSpace(a.Country)
}

// Person normalises and validates a person: text trimmed and white space
// collapsed; a first name, last name or e-mail required; e-mails checked
// (NormalizeEmail) and phones parsed in the default region (ParsePhone),
// with blanks dropped, duplicates (same EmailKey, same E.164) dropped after
// their first occurrence and labels lower-cased and checked; a birthday
// that exists, not before 1900 and not in the future. A bad e-mail or phone
// stays in the list as written, so a form can show it; its error names its
// position in the list as given: "emails[1]", "phones[0]". The error is a
// *ValidationError, or nil.
func (r Rules) Person(p *Person) error {
	var ve ValidationError
	p.FirstName = collapseSpace(p.FirstName)
	p.LastName = collapseSpace(p.LastName)
	p.Title = collapseSpace(p.Title)
	p.Notes = strings.TrimSpace(p.Notes)
	p.SourceID = strings.TrimSpace(p.SourceID)
	p.Company = collapseSpace(p.Company)
	trimAddress(&p.Address)
	emails := p.Emails[:0:0]
	seen := map[string]bool{}
	for i, e := range p.Emails {
		if strings.TrimSpace(e.Address) == "" {
			continue
		}
		addr, err := NormalizeEmail(e.Address)
		if err != nil {
			ve.Add(fmt.Sprintf("emails[%d]", i), "%s", err.Error())
			emails = append(emails, e)
			continue
		}
		e.Address, e.Label = addr, strings.ToLower(strings.TrimSpace(e.Label))
		if !emailLabels[e.Label] {
			ve.Add(fmt.Sprintf("emails[%d]", i), "unknown label %q (work, home, other)", e.Label)
		}
		if k := EmailKey(addr); !seen[k] {
			seen[k] = true
			emails = append(emails, e)
		}
	}
	p.Emails = emails
	phones, phoneErrs := r.phones(p.Phones)
	p.Phones = phones
	ve.Fields = append(ve.Fields, phoneErrs...)
	if p.FirstName == "" && p.LastName == "" && len(p.Emails) == 0 {
		ve.Add("first_name", "a person needs a name or an e-mail address")
	}
	checkRef(&ve, "company_id", p.CompanyID)
	if checkDate(&ve, "birthday", p.Birthday) && !p.Birthday.IsZero() {
		if p.Birthday.Year < 1900 {
			ve.Add("birthday", "%s is before 1900", p.Birthday)
		} else if r.today().Before(p.Birthday) {
			ve.Add("birthday", "%s is in the future", p.Birthday)
		}
	}
	r.checkCustom(&ve, p.Custom)
	return ve.Err()
}

// phones parses every phone, drops duplicates (same E.164) and reports the
// ones it cannot read, keeping them so the user can correct them.
func (r Rules) phones(in []Phone) ([]Phone, []FieldError) {
	var errs []FieldError
	out := in[:0:0]
	seen := map[string]bool{}
	for i, ph := range in {
		if strings.TrimSpace(ph.Raw) == "" && ph.E164 == "" {
			continue
		}
		field := fmt.Sprintf("phones[%d]", i)
		parsed, err := r.phone(ph)
		if err != nil {
			errs = append(errs, FieldError{Field: field, Message: err.Error()})
			out = append(out, parsed)
			continue
		}
		if !phoneLabels[parsed.Label] {
			errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf("unknown label %q (work, mobile, home, fax, other)", parsed.Label)})
		}
		if !seen[parsed.E164] {
			seen[parsed.E164] = true
			out = append(out, parsed)
		}
	}
	return out, errs
}

// phone parses one phone in the default region. A number that already has
// an E.164 form agreeing with its text keeps it: a record read back from
// the data file must not change meaning, or fail, because the default
// region is now another one.
func (r Rules) phone(ph Phone) (Phone, error) {
	label := strings.ToLower(strings.TrimSpace(ph.Label))
	raw := ph.Raw
	if strings.TrimSpace(raw) == "" {
		raw = ph.E164
	}
	if storedE164Agrees(raw, ph.E164) {
		return Phone{Raw: trimInvisible(raw), E164: ph.E164, Label: label}, nil
	}
	parsed, err := ParsePhone(raw, r.Region)
	parsed.Label = label
	return parsed, err
}

// storedE164Agrees reports whether e164 is a well-formed E.164 number whose
// national digits end the digits of raw (extension aside).
func storedE164Agrees(raw, e164 string) bool {
	if e164 == "" {
		return false
	}
	if p, err := ParsePhone(e164, ""); err != nil || p.E164 != e164 {
		return false
	}
	national := NationalDigits(e164)
	return national != "" && strings.HasSuffix(PhoneDigits(stripExtension(raw)), national)
}

// checkDate reports a date that does not exist in the calendar (a Date
// built by hand, such as 2023-02-29).
func checkDate(ve *ValidationError, field string, d Date) bool {
	if d.IsZero() {
		return true
	}
	if _, err := NewDate(d.Year, d.Month, d.Day); err != nil {
		ve.Add(field, "%s", err.Error())
		return false
	}
	return true
}

// checkRef reports a negative record id.
func checkRef(ve *ValidationError, field string, id ID) {
	if id < 0 {
		ve.Add(field, "%d is not a record id", id)
	}
}

// Company normalises and validates a company: a name required; Domain
// taken from Website when empty (DomainFromWebsite) and checked as a host
// name; the phone parsed, the e-mail checked, employees not negative; tax
// ids normalised and checked (NormalizeTaxID), blanks and exact duplicates
// dropped, bad ones kept with an error on "tax_ids[i]".
func (r Rules) Company(c *Company) error {
	var ve ValidationError
	c.Name = collapseSpace(c.Name)
	c.Website = strings.TrimSpace(c.Website)
	c.Domain = strings.ToLower(strings.TrimSpace(c.Domain))
	c.Email = strings.TrimSpace(c.Email)
	c.Industry = collapseSpace(c.Industry)
	c.Notes = strings.TrimSpace(c.Notes)
	c.SourceID = strings.TrimSpace(c.SourceID)
	trimAddress(&c.Address)
	if c.Name == "" {
		ve.Add("name", "a company needs a name")
	}
	if c.Domain == "" && c.Website != "" {
		c.Domain = DomainFromWebsite(c.Website)
		if c.Domain == "" {
			ve.Add("website", "%q is not a web address", c.Website)
		}
	} else if c.Domain != "" {
		d := DomainFromWebsite(c.Domain)
		if d == "" {
			ve.Add("domain", "%q is not a domain name", c.Domain)
		} else {
			c.Domain = d
		}
	}
	if c.Phone.Raw != "" || c.Phone.E164 != "" {
		phones, errs := r.phones([]Phone{c.Phone})
		c.Phone = phones[0]
		for _, e := range errs {
			ve.Add("phone", "%s", e.Message)
		}
	}
	if c.Email != "" {
		if addr, err := NormalizeEmail(c.Email); err != nil {
			ve.Add("email", "%s", err.Error())
		} else {
			c.Email = addr
		}
	}
	if c.Employees != nil && *c.Employees < 0 {
		ve.Add("employees", "cannot be negative")
	}
	c.TaxIDs = taxIDs(&ve, c.TaxIDs)
	r.checkCustom(&ve, c.Custom)
	return ve.Err()
}

// taxIDs normalises tax ids, drops empty ones and exact duplicates, and
// reports invalid ones (kept, so the user can correct them).
func taxIDs(ve *ValidationError, in []TaxID) []TaxID {
	out := in[:0:0]
	seen := map[TaxID]bool{}
	for i, t := range in {
		if strings.TrimSpace(t.Value) == "" {
			continue
		}
		n, err := NormalizeTaxID(t.Kind, t.Value)
		if err != nil {
			ve.Add(fmt.Sprintf("tax_ids[%d]", i), "%s", err.Error())
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// Deal normalises and validates a deal: a title required; an amount not
// negative, in an ISO 4217 currency (NormalizeCurrency: "zł" → "PLN");
// probability 0 to 100; a close date that exists (past dates are fine).
func (r Rules) Deal(d *Deal) error {
	var ve ValidationError
	d.Title = collapseSpace(d.Title)
	d.Notes = strings.TrimSpace(d.Notes)
	d.SourceID = strings.TrimSpace(d.SourceID)
	if d.Title == "" {
		ve.Add("title", "a deal needs a title")
	}
	if d.Amount != nil {
		if d.Amount.Minor < 0 {
			ve.Add("amount", "cannot be negative")
		}
		cur, err := NormalizeCurrency(d.Amount.Currency)
		if err != nil {
			ve.Add("currency", "%s", err.Error())
		} else {
			d.Amount.Currency = cur
		}
	}
	if d.Probability != nil && (*d.Probability < 0 || *d.Probability > 100) {
		ve.Add("probability", "%d is not between 0 and 100", *d.Probability)
	}
	checkDate(&ve, "close_date", d.CloseDate)
	checkRef(&ve, "company_id", d.CompanyID)
	checkRef(&ve, "person_id", d.PersonID)
	checkRef(&ve, "stage_id", d.StageID)
	r.checkCustom(&ve, d.Custom)
	return ve.Err()
}

// checkCustom checks the shape of custom values (their keys and JSON
// types); storage checks them against the field definitions.
func (r Rules) checkCustom(ve *ValidationError, c CustomValues) {
	for k, v := range c {
		if !ValidCustomFieldKey(k) {
			ve.Add("custom."+k, "%q is not a valid field key", k)
			continue
		}
		switch v.(type) {
		case nil, string, bool, float64, int, int64:
		default:
			if _, isNum := v.(interface{ Float64() (float64, error) }); !isNum {
				ve.Add("custom."+k, "unsupported value type %T", v)
			}
		}
	}
}

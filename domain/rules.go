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

// Person normalises and validates a person.
func (r Rules) Person(p *Person) error {
	var ve ValidationError
	p.FirstName = collapseSpace(p.FirstName)
	p.LastName = collapseSpace(p.LastName)
	p.Title = collapseSpace(p.Title)
	p.Notes = strings.TrimSpace(p.Notes)
	p.SourceID = strings.TrimSpace(p.SourceID)
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
	if !p.Birthday.IsZero() {
		if p.Birthday.Year < 1900 {
			ve.Add("birthday", "%s is before 1900", p.Birthday)
		} else if r.today().Before(p.Birthday) {
			ve.Add("birthday", "%s is in the future", p.Birthday)
		}
	}
	r.checkCustom(&ve, p.Custom)
	return ve.Err()
}

// phones parses every phone, drops duplicates and reports the ones it
// cannot read (keeping them, so the user can correct them).
func (r Rules) phones(in []Phone) ([]Phone, []FieldError) {
	var errs []FieldError
	out := in[:0:0]
	seen := map[string]bool{}
	for i, ph := range in {
		if strings.TrimSpace(ph.Raw) == "" && ph.E164 == "" {
			continue
		}
		raw := ph.Raw
		if raw == "" {
			raw = ph.E164
		}
		parsed, err := ParsePhone(raw, r.Region)
		parsed.Label = strings.ToLower(strings.TrimSpace(ph.Label))
		if err != nil {
			errs = append(errs, FieldError{Field: fmt.Sprintf("phones[%d]", i), Message: err.Error()})
			out = append(out, parsed)
			continue
		}
		if !phoneLabels[parsed.Label] {
			errs = append(errs, FieldError{Field: fmt.Sprintf("phones[%d]", i), Message: fmt.Sprintf("unknown label %q (work, mobile, home, fax, other)", parsed.Label)})
		}
		if !seen[parsed.E164] {
			seen[parsed.E164] = true
			out = append(out, parsed)
		}
	}
	return out, errs
}

// Company normalises and validates a company.
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
	ids := c.TaxIDs[:0:0]
	for i, t := range c.TaxIDs {
		if strings.TrimSpace(t.Value) == "" {
			continue
		}
		n, err := NormalizeTaxID(t.Kind, t.Value)
		if err != nil {
			ve.Add(fmt.Sprintf("tax_ids[%d]", i), "%s", err.Error())
		}
		ids = append(ids, n)
	}
	c.TaxIDs = ids
	r.checkCustom(&ve, c.Custom)
	return ve.Err()
}

// Deal normalises and validates a deal.
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

package tui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/huh/v2"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// The three record forms. Field keys are the domain's FieldError keys
// ("first_name", "emails", "custom.lead_source"), so the rules' messages
// and the store's land under the right field.

// rulesProblems returns the field problems of a rules error.
func rulesProblems(err error, problems []domain.FieldError) []domain.FieldError {
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return append(problems, ve.Fields...)
	}
	if err != nil {
		return append(problems, problem("record", err.Error()))
	}
	return problems
}

type personForm struct {
	rules domain.Rules
	d     *draft
	base  domain.Person
	defs  []domain.CustomField
	list  []huh.Field
}

func newPersonForm(a *app, d *draft, p domain.Person, defs []domain.CustomField) *personForm {
	f := &personForm{rules: a.rules, d: d, base: p, defs: defs}
	var emails, phones []string
	for _, e := range p.Emails {
		emails = append(emails, e.Address)
	}
	for _, ph := range p.Phones {
		phones = append(phones, ph.Raw)
	}
	f.list = []huh.Field{
		newTextField("first_name", "First name", d.text("first_name", p.FirstName), ""),
		newTextField("last_name", "Last name", d.text("last_name", p.LastName), ""),
		newPickerField(a, "company", "Company", d.id("company", p.CompanyID), p.Company, searchCompanies),
		newTextField("title", "Job title", d.text("title", p.Title), ""),
		newTextField("emails", "E-mails", d.text("emails", strings.Join(emails, ", ")), "first is primary: a@example.com, b@example.com"),
		newTextField("phones", "Phones", d.text("phones", strings.Join(phones, ", ")), "+48 600 100 200, …"),
		newTextField("street", "Street", d.text("street", p.Address.Street), ""),
		newTextField("city", "City", d.text("city", p.Address.City), ""),
		newTextField("postal_code", "Postal code", d.text("postal_code", p.Address.PostalCode), ""),
		newTextField("country", "Country", d.text("country", p.Address.Country), ""),
		newTextField("birthday", "Birthday", d.text("birthday", p.Birthday.String()), "YYYY-MM-DD"),
	}
	f.list = append(f.list, customInputs(d, defs, p.Custom)...)
	f.list = append(f.list, notesField(d, p.Notes))
	return f
}

func (f *personForm) fields() []huh.Field { return f.list }

func (f *personForm) build() (any, []domain.FieldError) {
	d, p := f.d, f.base
	var problems []domain.FieldError
	p.FirstName, p.LastName, p.Title = d.get("first_name"), d.get("last_name"), d.get("title")
	p.CompanyID = d.idOf("company")
	p.Emails = slices.Clone(p.Emails)
	if d.changed("emails") {
		p.Emails = nil
		for _, addr := range splitList(d.get("emails")) {
			e := domain.Email{Address: addr}
			for _, old := range f.base.Emails { // keep the label of an address kept
				if domain.EmailKey(old.Address) == domain.EmailKey(addr) {
					e.Label = old.Label
				}
			}
			p.Emails = append(p.Emails, e)
		}
	}
	p.Phones = slices.Clone(p.Phones)
	if d.changed("phones") {
		p.Phones = nil
		for _, raw := range splitList(d.get("phones")) {
			ph := domain.Phone{Raw: raw}
			for _, old := range f.base.Phones {
				if old.Raw == raw {
					ph.Label = old.Label
				}
			}
			p.Phones = append(p.Phones, ph)
		}
	}
	p.Address.Street, p.Address.City = d.get("street"), d.get("city")
	p.Address.PostalCode, p.Address.Country = d.get("postal_code"), d.get("country")
	p.Birthday = parseDate(d, "birthday", p.Birthday, &problems)
	p.Notes = d.get("notes")
	p.Custom = buildCustom(d, f.defs, p.Custom, &problems)
	return p, rulesProblems(f.rules.Person(&p), problems)
}

type companyForm struct {
	rules domain.Rules
	d     *draft
	base  domain.Company
	defs  []domain.CustomField
	list  []huh.Field
}

func newCompanyForm(a *app, d *draft, c domain.Company, defs []domain.CustomField) *companyForm {
	f := &companyForm{rules: a.rules, d: d, base: c, defs: defs}
	var taxIDs []string
	for _, t := range c.TaxIDs {
		taxIDs = append(taxIDs, t.Kind+" "+t.Value)
	}
	f.list = []huh.Field{
		newTextField("name", "Name", d.text("name", c.Name), ""),
		newTextField("website", "Website", d.text("website", c.Website), "https://example.com"),
		newTextField("domain", "Domain", d.text("domain", c.Domain), "from the website when empty"),
		newTextField("phone", "Phone", d.text("phone", c.Phone.Raw), ""),
		newTextField("email", "E-mail", d.text("email", c.Email), ""),
		newTextField("tax_ids", "Tax ids", d.text("tax_ids", strings.Join(taxIDs, ", ")), "NIP 5260250274, REGON 012100784"),
		newTextField("industry", "Industry", d.text("industry", c.Industry), ""),
		newTextField("employees", "Employees", d.text("employees", intText(c.Employees)), ""),
		newTextField("street", "Street", d.text("street", c.Address.Street), ""),
		newTextField("city", "City", d.text("city", c.Address.City), ""),
		newTextField("postal_code", "Postal code", d.text("postal_code", c.Address.PostalCode), ""),
		newTextField("country", "Country", d.text("country", c.Address.Country), ""),
	}
	f.list = append(f.list, customInputs(d, defs, c.Custom)...)
	f.list = append(f.list, notesField(d, c.Notes))
	return f
}

func (f *companyForm) fields() []huh.Field { return f.list }

func (f *companyForm) build() (any, []domain.FieldError) {
	d, c := f.d, f.base
	var problems []domain.FieldError
	c.Name, c.Website, c.Domain = d.get("name"), d.get("website"), d.get("domain")
	if d.changed("website") && !d.changed("domain") && f.base.Domain == domain.DomainFromWebsite(f.base.Website) {
		c.Domain = "" // derived again from the new website
	}
	if d.changed("phone") {
		c.Phone = domain.Phone{Raw: strings.TrimSpace(d.get("phone")), Label: f.base.Phone.Label}
	}
	c.Email, c.Industry = d.get("email"), d.get("industry")
	c.TaxIDs = slices.Clone(c.TaxIDs)
	if d.changed("tax_ids") {
		c.TaxIDs = nil
		for _, part := range splitList(d.get("tax_ids")) {
			kind, value, ok := strings.Cut(part, " ")
			if !ok {
				kind, value = "", part
			}
			c.TaxIDs = append(c.TaxIDs, domain.TaxID{Kind: kind, Value: strings.TrimSpace(value)})
		}
	}
	c.Employees = parseInt(d, "employees", c.Employees, &problems)
	c.Address.Street, c.Address.City = d.get("street"), d.get("city")
	c.Address.PostalCode, c.Address.Country = d.get("postal_code"), d.get("country")
	c.Notes = d.get("notes")
	c.Custom = buildCustom(d, f.defs, c.Custom, &problems)
	return c, rulesProblems(f.rules.Company(&c), problems)
}

type dealForm struct {
	rules domain.Rules
	d     *draft
	base  domain.Deal
	defs  []domain.CustomField
	list  []huh.Field
}

func newDealForm(a *app, d *draft, dl domain.Deal, defs []domain.CustomField, stages []domain.Stage) *dealForm {
	f := &dealForm{rules: a.rules, d: d, base: dl, defs: defs}
	amount, currency := "", a.currency
	if dl.Amount != nil {
		amount, currency = dl.Amount.Decimal(), dl.Amount.Currency
	}
	if currency == "" {
		currency = "PLN"
	}
	stage := dl.StageID
	if stage == 0 && len(stages) > 0 {
		stage = stages[0].ID
	}
	opts := make([]choice, len(stages))
	for i, s := range stages {
		opts[i] = choice{id: s.ID, label: termsafe.Clean(s.Name)}
	}
	f.list = []huh.Field{
		newTextField("title", "Title", d.text("title", dl.Title), ""),
		newPickerField(a, "company", "Company", d.id("company", dl.CompanyID), dl.Company, searchCompanies),
		newPickerField(a, "person", "Person", d.id("person", dl.PersonID), dl.Person, searchPeople),
		newChoiceField("stage", "Stage", d.id("stage", stage), opts),
		newTextField("amount", "Amount", d.text("amount", amount), "12500.00"),
		newTextField("currency", "Currency", d.text("currency", currency), "PLN"),
		newTextField("close_date", "Close date", d.text("close_date", dl.CloseDate.String()), "YYYY-MM-DD"),
		newTextField("probability", "Probability %", d.text("probability", intText(dl.Probability)), "0–100"),
	}
	f.list = append(f.list, customInputs(d, defs, dl.Custom)...)
	f.list = append(f.list, notesField(d, dl.Notes))
	return f
}

func (f *dealForm) fields() []huh.Field { return f.list }

func (f *dealForm) build() (any, []domain.FieldError) {
	d, dl := f.d, f.base
	var problems []domain.FieldError
	dl.Title = d.get("title")
	dl.CompanyID, dl.PersonID, dl.StageID = d.idOf("company"), d.idOf("person"), d.idOf("stage")
	if d.changed("amount") || d.changed("currency") || dl.Amount == nil {
		dl.Amount = nil
		if text := strings.TrimSpace(d.get("amount")); text != "" {
			cur, err := domain.NormalizeCurrency(d.get("currency"))
			if err != nil {
				problems = append(problems, problem("currency", err.Error()))
			} else if m, err := domain.ParseDecimalMoney(text, cur); err != nil {
				problems = append(problems, problem("amount", err.Error()))
			} else {
				dl.Amount = &m
			}
		}
	} else {
		m := *dl.Amount
		dl.Amount = &m
	}
	dl.CloseDate = parseDate(d, "close_date", dl.CloseDate, &problems)
	dl.Probability = parseInt(d, "probability", dl.Probability, &problems)
	dl.Notes = d.get("notes")
	dl.Custom = buildCustom(d, f.defs, dl.Custom, &problems)
	return dl, rulesProblems(f.rules.Deal(&dl), problems)
}

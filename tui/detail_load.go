package tui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// Reading a record for the detail view. Everything here runs inside a
// tea.Cmd; the result is plain, sanitised text.

// field is one labelled value of the detail view.
type field struct {
	label, value string
	multiline    bool
}

// link is a related record the user can open.
type link struct {
	t     domain.RecordType
	id    domain.ID
	label string
}

// section is a list of related records: a company's people, a person's
// deals...
type section struct {
	title string
	total domain.Count
	links []link
	list  bool // a list of records (its count is shown), not a single link
}

// detailMsg is the reply to a detail request.
type detailMsg struct {
	id       uint64
	title    string
	fields   []field
	sections []section
	notFound bool
	err      error
}

// relatedLimit is how many related records the detail view lists per
// section.
const relatedLimit = 20

func loadDetail(ctx context.Context, s domain.Store, id uint64, t domain.RecordType, rid domain.ID) tea.Cmd {
	return func() tea.Msg {
		var m detailMsg
		var err error
		switch t {
		case domain.TypePerson:
			m, err = personDetail(ctx, s, rid)
		case domain.TypeCompany:
			m, err = companyDetail(ctx, s, rid)
		case domain.TypeDeal:
			m, err = dealDetail(ctx, s, rid)
		default:
			err = fmt.Errorf("unknown record type %q", t)
		}
		m.id = id
		if errors.Is(err, domain.ErrNotFound) {
			m.notFound = true
		} else {
			m.err = err
		}
		return m
	}
}

func kv(label, value string) field {
	return field{label: termsafe.Clean(label), value: termsafe.Clean(value)}
}

func addressText(a domain.Address) string {
	city := strings.TrimSpace(a.PostalCode + " " + a.City)
	var parts []string
	for _, p := range []string{a.Street, city, a.Region, a.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func labelled(value, label string) string {
	if label == "" {
		return value
	}
	return value + " (" + label + ")"
}

// customFields lists the custom values in field order; values without a
// definition follow under their key, so nothing stored is hidden.
func customFields(ctx context.Context, s domain.Store, t domain.RecordType, vals domain.CustomValues) ([]field, error) {
	defs, err := s.ListCustomFields(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("read custom fields: %w", err)
	}
	sort.SliceStable(defs, func(i, j int) bool { return defs[i].Position < defs[j].Position })
	var out []field
	seen := map[string]bool{}
	for _, d := range defs {
		seen[d.Key] = true
		out = append(out, kv(d.Label, domain.FormatCustom(vals[d.Key])))
	}
	var extra []string
	for k := range vals {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		out = append(out, kv(k, domain.FormatCustom(vals[k])))
	}
	return out, nil
}

func metaFields(m domain.Meta) []field {
	var out []field
	if m.SourceID != "" {
		out = append(out, kv("Source id", m.SourceID))
	}
	if m.ImportID != 0 {
		out = append(out, kv("Import", fmt.Sprintf("#%d", m.ImportID)))
	}
	if !m.CreatedAt.IsZero() {
		out = append(out, kv("Created", m.CreatedAt.Local().Format("2006-01-02 15:04")))
	}
	if !m.UpdatedAt.IsZero() {
		out = append(out, kv("Updated", m.UpdatedAt.Local().Format("2006-01-02 15:04")))
	}
	return out
}

func personLink(p domain.Person) link {
	label := personName(p)
	if p.Title != "" {
		label += " · " + p.Title
	}
	return link{t: domain.TypePerson, id: p.ID, label: termsafe.Clean(label)}
}

func dealLink(d domain.Deal) link {
	label := dealName(d)
	if d.Stage != "" {
		label += " · " + d.Stage
	}
	if d.Amount != nil {
		label += " · " + d.Amount.String()
	}
	return link{t: domain.TypeDeal, id: d.ID, label: termsafe.Clean(label)}
}

func relatedPeople(ctx context.Context, s domain.Store, q domain.ListQuery, title string) (section, error) {
	q.Limit = relatedLimit
	p, err := s.ListPeople(ctx, q)
	if err != nil {
		return section{}, fmt.Errorf("read related people: %w", err)
	}
	n, err := s.CountPeople(ctx, q)
	if err != nil {
		return section{}, fmt.Errorf("count related people: %w", err)
	}
	sec := section{title: title, total: n, list: true}
	for _, x := range p.Items {
		sec.links = append(sec.links, personLink(x))
	}
	return sec, nil
}

func relatedDeals(ctx context.Context, s domain.Store, q domain.ListQuery) (section, error) {
	q.Limit = relatedLimit
	p, err := s.ListDeals(ctx, q)
	if err != nil {
		return section{}, fmt.Errorf("read related deals: %w", err)
	}
	n, err := s.CountDeals(ctx, q)
	if err != nil {
		return section{}, fmt.Errorf("count related deals: %w", err)
	}
	sec := section{title: "Deals", total: n, list: true}
	for _, x := range p.Items {
		sec.links = append(sec.links, dealLink(x))
	}
	return sec, nil
}

func oneLink(title string, t domain.RecordType, id domain.ID, label string) section {
	sec := section{title: title, total: domain.Count{Exact: true}}
	if id != 0 {
		sec.total.N = 1
		sec.links = []link{{t: t, id: id, label: termsafe.Clean(label)}}
	}
	return sec
}

func personDetail(ctx context.Context, s domain.Store, id domain.ID) (detailMsg, error) {
	p, err := s.GetPerson(ctx, id)
	if err != nil {
		return detailMsg{}, err
	}
	var emails, phones []string
	for _, e := range p.Emails {
		emails = append(emails, labelled(e.Address, e.Label))
	}
	for _, ph := range p.Phones {
		phones = append(phones, labelled(ph.Display(), ph.Label))
	}
	m := detailMsg{title: termsafe.Clean(personName(p))}
	m.fields = []field{
		kv("First name", p.FirstName),
		kv("Last name", p.LastName),
		kv("Company", p.Company),
		kv("Title", p.Title),
		kv("E-mails", strings.Join(emails, ", ")),
		kv("Phones", strings.Join(phones, ", ")),
		kv("Address", addressText(p.Address)),
		kv("Birthday", p.Birthday.String()),
		{label: "Notes", value: termsafe.Text(p.Notes), multiline: true},
	}
	custom, err := customFields(ctx, s, domain.TypePerson, p.Custom)
	if err != nil {
		return detailMsg{}, err
	}
	m.fields = append(append(m.fields, custom...), metaFields(p.Meta)...)
	m.sections = append(m.sections, oneLink("Company", domain.TypeCompany, p.CompanyID, p.Company))
	deals, err := relatedDeals(ctx, s, domain.ListQuery{PersonID: id})
	if err != nil {
		return detailMsg{}, err
	}
	m.sections = append(m.sections, deals)
	return m, nil
}

func companyDetail(ctx context.Context, s domain.Store, id domain.ID) (detailMsg, error) {
	c, err := s.GetCompany(ctx, id)
	if err != nil {
		return detailMsg{}, err
	}
	var taxIDs []string
	for _, t := range c.TaxIDs {
		taxIDs = append(taxIDs, t.Kind+" "+t.Value)
	}
	employees := ""
	if c.Employees != nil {
		employees = thousands(*c.Employees)
	}
	m := detailMsg{title: termsafe.Clean(companyName(c))}
	m.fields = []field{
		kv("Name", c.Name),
		kv("Website", c.Website),
		kv("Domain", c.Domain),
		kv("Phone", labelled(c.Phone.Display(), c.Phone.Label)),
		kv("E-mail", c.Email),
		kv("Tax ids", strings.Join(taxIDs, ", ")),
		kv("Industry", c.Industry),
		kv("Employees", employees),
		kv("Address", addressText(c.Address)),
		{label: "Notes", value: termsafe.Text(c.Notes), multiline: true},
	}
	custom, err := customFields(ctx, s, domain.TypeCompany, c.Custom)
	if err != nil {
		return detailMsg{}, err
	}
	m.fields = append(append(m.fields, custom...), metaFields(c.Meta)...)
	people, err := relatedPeople(ctx, s, domain.ListQuery{CompanyID: id}, "People")
	if err != nil {
		return detailMsg{}, err
	}
	deals, err := relatedDeals(ctx, s, domain.ListQuery{CompanyID: id})
	if err != nil {
		return detailMsg{}, err
	}
	m.sections = []section{people, deals}
	return m, nil
}

func dealDetail(ctx context.Context, s domain.Store, id domain.ID) (detailMsg, error) {
	d, err := s.GetDeal(ctx, id)
	if err != nil {
		return detailMsg{}, err
	}
	amount, prob := "", ""
	if d.Amount != nil {
		amount = d.Amount.String()
	}
	if d.Probability != nil {
		prob = fmt.Sprintf("%d%%", *d.Probability)
	}
	m := detailMsg{title: termsafe.Clean(dealName(d))}
	m.fields = []field{
		kv("Title", d.Title),
		kv("Company", d.Company),
		kv("Person", d.Person),
		kv("Stage", d.Stage),
		kv("Amount", amount),
		kv("Close date", d.CloseDate.String()),
		kv("Probability", prob),
		{label: "Notes", value: termsafe.Text(d.Notes), multiline: true},
	}
	custom, err := customFields(ctx, s, domain.TypeDeal, d.Custom)
	if err != nil {
		return detailMsg{}, err
	}
	m.fields = append(append(m.fields, custom...), metaFields(d.Meta)...)
	m.sections = []section{
		oneLink("Company", domain.TypeCompany, d.CompanyID, d.Company),
		oneLink("Person", domain.TypePerson, d.PersonID, d.Person),
	}
	return m, nil
}

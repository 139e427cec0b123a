package sqlstore

import (
	"strings"

	"kontor/domain"
)

// Derived columns: what SQLite cannot compute without ICU, computed in Go
// from a record's own columns.

// emptySortKey makes records without a value sort after all others in
// ascending order (U+10FFFF is above every character in UTF-8 order).
const emptySortKey = "\U0010FFFF"

func sortKeyOf(parts ...string) string {
	var words []string
	for _, p := range parts {
		words = append(words, strings.Fields(domain.Fold(p))...)
	}
	if len(words) == 0 {
		return emptySortKey
	}
	return strings.Join(words, " ")
}

// searchText joins the search tokens of every value.
func searchText(values ...string) string {
	var b strings.Builder
	for _, v := range values {
		for _, t := range domain.SearchTokens(v) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(t)
		}
	}
	return b.String()
}

// phoneSearchValues lists what a phone is found by: its written groups,
// its digits as written ("600100200") and its E.164 digits.
func phoneSearchValues(ph domain.Phone) []string {
	out := []string{ph.Raw, domain.PhoneDigits(ph.Raw)}
	if ph.E164 != "" {
		out = append(out, strings.TrimPrefix(ph.E164, "+"), domain.NationalDigits(ph.E164))
	}
	return out
}

type personDerived struct {
	emailKey, nameKey, sortKey, search string
}

func derivePerson(p *domain.Person, company string) personDerived {
	vals := []string{p.FirstName, p.LastName, company}
	for _, e := range p.Emails {
		vals = append(vals, e.Address)
	}
	for _, ph := range p.Phones {
		vals = append(vals, phoneSearchValues(ph)...)
	}
	d := personDerived{
		nameKey: domain.PersonNameKey(p.FirstName, p.LastName),
		sortKey: sortKeyOf(p.LastName, p.FirstName),
		search:  searchText(vals...),
	}
	if len(p.Emails) > 0 {
		d.emailKey = domain.EmailKey(p.Emails[0].Address)
	}
	return d
}

type companyDerived struct {
	nameKey, sortKey, search string
}

func deriveCompany(c *domain.Company) companyDerived {
	vals := []string{c.Name, c.Domain, c.Email, c.Address.City}
	vals = append(vals, phoneSearchValues(c.Phone)...)
	for _, t := range c.TaxIDs {
		vals = append(vals, t.Value)
	}
	return companyDerived{nameKey: domain.CompanyKey(c.Name), sortKey: sortKeyOf(c.Name), search: searchText(vals...)}
}

type dealDerived struct {
	titleKey, sortKey, search string
}

func titleKey(title string) string { return strings.Join(domain.SearchTokens(title), " ") }

func deriveDeal(d *domain.Deal, company, person string) dealDerived {
	return dealDerived{titleKey: titleKey(d.Title), sortKey: sortKeyOf(d.Title), search: searchText(d.Title, company, person)}
}

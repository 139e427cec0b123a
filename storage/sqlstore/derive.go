package sqlstore

import (
	"strings"

	"kontor/domain"
)

// Derived columns: what SQLite cannot compute without ICU, computed in Go
// from a record's own columns (and, for search text, the names of the
// records it links to). Other programs leave them NULL; backfill.go fills
// them in.

// emptySortKey is the value a derived sort column holds for a record
// without a value. Such records are listed after all others (see
// sortSegments).
const emptySortKey = ""

// keyRangeEnd is above every character in UTF-8 order: the keys starting
// with a prefix p are those in [p, p+keyRangeEnd).
const keyRangeEnd = "\U0010FFFF"

// sortKeyOf folds values for ordering: lower case, no diacritics, single
// spaces ("Łukasz  Żak" → "lukasz zak").
func sortKeyOf(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		for _, w := range strings.Fields(domain.Fold(p)) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	return b.String()
}

// searchText joins the distinct search tokens of every value with spaces:
// the text the full-text index holds (its tokenizer splits at the spaces).
func searchText(values ...string) string {
	var toks []string
	for _, v := range values {
		if v == "" {
			continue
		}
	next:
		for _, t := range domain.SearchTokens(v) {
			for _, seen := range toks {
				if seen == t {
					continue next
				}
			}
			toks = append(toks, t)
		}
	}
	return strings.Join(toks, " ")
}

// phoneSearchValues lists what a phone is found by: its digit groups as
// written ("600 100"), its digits as written, its E.164 digits
// ("48600100200") and its national digits ("600100200").
func phoneSearchValues(ph domain.Phone) []string {
	out := []string{ph.Raw, domain.PhoneDigits(ph.Raw)}
	if ph.E164 != "" {
		out = append(out, strings.TrimPrefix(ph.E164, "+"), domain.NationalDigits(ph.E164))
	}
	return out
}

type personDerived struct {
	emailKey, nameKey, sortKey, titleSort, search string
}

// values are the derived columns in personCols's order (its last five).
func (d personDerived) values() []any {
	return []any{d.emailKey, d.nameKey, d.sortKey, d.titleSort, d.search}
}

// derivePerson computes a person's derived columns; company is the name of
// the person's company.
func derivePerson(p *domain.Person, company string) personDerived {
	vals := make([]string, 0, 3+len(p.Emails)+4*len(p.Phones))
	vals = append(vals, p.FirstName, p.LastName)
	for _, e := range p.Emails {
		vals = append(vals, e.Address)
	}
	for _, ph := range p.Phones {
		vals = append(vals, phoneSearchValues(ph)...)
	}
	vals = append(vals, company)
	d := personDerived{
		nameKey:   domain.PersonNameKey(p.FirstName, p.LastName),
		sortKey:   sortKeyOf(p.LastName, p.FirstName),
		titleSort: sortKeyOf(p.Title),
		search:    searchText(vals...),
	}
	if len(p.Emails) > 0 {
		d.emailKey = domain.EmailKey(p.Emails[0].Address)
	}
	return d
}

type companyDerived struct {
	nameKey, sortKey, citySort, industrySort, search string
}

func deriveCompany(c *domain.Company) companyDerived {
	vals := []string{c.Name, c.Domain, c.Email}
	vals = append(vals, phoneSearchValues(c.Phone)...)
	for _, t := range c.TaxIDs {
		vals = append(vals, t.Value)
	}
	vals = append(vals, c.Address.City)
	return companyDerived{
		nameKey:      domain.CompanyKey(c.Name),
		sortKey:      sortKeyOf(c.Name),
		citySort:     sortKeyOf(c.Address.City),
		industrySort: sortKeyOf(c.Industry),
		search:       searchText(vals...),
	}
}

type dealDerived struct {
	titleKey, sortKey, search string
}

// titleKey is a deal title's matching key: its search tokens joined by
// spaces (the importer's TitleKey computes the same).
func titleKey(title string) string { return strings.Join(domain.SearchTokens(title), " ") }

// deriveDeal computes a deal's derived columns; company and person are the
// names of the records it links to.
func deriveDeal(d *domain.Deal, company, person string) dealDerived {
	return dealDerived{titleKey: titleKey(d.Title), sortKey: sortKeyOf(d.Title), search: searchText(d.Title, company, person)}
}

package importing

import (
	"context"
	"strings"

	"kontor/domain"
)

// memExisting is a small in-memory data file for planner tests: the
// Existing port answered by scanning slices.
type memExisting struct {
	people    []domain.Person
	companies []domain.Company
	deals     []domain.Deal
	stages    []domain.Stage
	fields    []domain.CustomField
}

func newMemExisting() *memExisting {
	return &memExisting{stages: []domain.Stage{
		{ID: 1, Name: "Lead", Position: 1}, {ID: 2, Name: "Qualified", Position: 2}, {ID: 3, Name: "Proposal", Position: 3},
		{ID: 4, Name: "Negotiation", Position: 4}, {ID: 5, Name: "Won", Position: 5, Won: true}, {ID: 6, Name: "Lost", Position: 6, Lost: true},
	}}
}

func (m *memExisting) companyRef(c domain.Company) CompanyRef {
	return CompanyRef{ID: c.ID, Name: c.Name, NameKey: domain.CompanyKey(c.Name), Domain: c.Domain, TaxIDs: c.TaxIDs}
}

func (m *memExisting) personRef(p domain.Person) PersonRef {
	r := PersonRef{ID: p.ID, FirstName: p.FirstName, LastName: p.LastName, CompanyID: p.CompanyID}
	for _, e := range p.Emails {
		r.EmailKeys = append(r.EmailKeys, domain.EmailKey(e.Address))
	}
	for _, ph := range p.Phones {
		if ph.E164 != "" {
			r.Phones = append(r.Phones, ph.E164)
		}
	}
	return r
}

func (m *memExisting) CompaniesByNameKey(_ context.Context, keys []string) (map[string][]CompanyRef, error) {
	out := map[string][]CompanyRef{}
	for _, k := range keys {
		for _, c := range m.companies {
			if domain.CompanyKey(c.Name) == k {
				out[k] = append(out[k], m.companyRef(c))
			}
		}
	}
	return out, nil
}

func (m *memExisting) CompaniesByNameKeyPrefix(_ context.Context, prefix string, limit int) ([]CompanyRef, error) {
	var out []CompanyRef
	for _, c := range m.companies {
		if strings.HasPrefix(domain.CompanyKey(c.Name), prefix) && len(out) < limit {
			out = append(out, m.companyRef(c))
		}
	}
	return out, nil
}

func (m *memExisting) CompaniesByDomain(_ context.Context, domains []string) (map[string][]CompanyRef, error) {
	out := map[string][]CompanyRef{}
	for _, d := range domains {
		for _, c := range m.companies {
			if c.Domain == d {
				out[d] = append(out[d], m.companyRef(c))
			}
		}
	}
	return out, nil
}

func (m *memExisting) CompaniesByTaxID(_ context.Context, ids []domain.TaxID) (map[string][]CompanyRef, error) {
	out := map[string][]CompanyRef{}
	for _, t := range ids {
		for _, c := range m.companies {
			for _, ct := range c.TaxIDs {
				if ct == t {
					out[TaxKey(t)] = append(out[TaxKey(t)], m.companyRef(c))
				}
			}
		}
	}
	return out, nil
}

func (m *memExisting) PeopleByEmailKey(_ context.Context, keys []string) (map[string][]PersonRef, error) {
	out := map[string][]PersonRef{}
	for _, k := range keys {
		for _, p := range m.people {
			for _, e := range p.Emails {
				if domain.EmailKey(e.Address) == k {
					out[k] = append(out[k], m.personRef(p))
				}
			}
		}
	}
	return out, nil
}

func (m *memExisting) PeopleByPhone(_ context.Context, e164 []string) (map[string][]PersonRef, error) {
	out := map[string][]PersonRef{}
	for _, k := range e164 {
		for _, p := range m.people {
			for _, ph := range p.Phones {
				if ph.E164 == k {
					out[k] = append(out[k], m.personRef(p))
				}
			}
		}
	}
	return out, nil
}

func (m *memExisting) PeopleByNameAndCompany(_ context.Context, keys []NameAtCompany) (map[NameAtCompany][]PersonRef, error) {
	out := map[NameAtCompany][]PersonRef{}
	for _, k := range keys {
		for _, p := range m.people {
			if p.CompanyID == k.CompanyID && domain.PersonNameKey(p.FirstName, p.LastName) == k.NameKey {
				out[k] = append(out[k], m.personRef(p))
			}
		}
	}
	return out, nil
}

func (m *memExisting) PeopleByNameKey(_ context.Context, keys []string) (map[string][]PersonRef, error) {
	out := map[string][]PersonRef{}
	for _, k := range keys {
		for _, p := range m.people {
			if domain.PersonNameKey(p.FirstName, p.LastName) == k {
				out[k] = append(out[k], m.personRef(p))
			}
		}
	}
	return out, nil
}

func (m *memExisting) PeopleOfCompanies(_ context.Context, ids []domain.ID, limit int) (map[domain.ID][]PersonRef, error) {
	out := map[domain.ID][]PersonRef{}
	for _, id := range ids {
		for _, p := range m.people {
			if p.CompanyID == id && len(out[id]) < limit {
				out[id] = append(out[id], m.personRef(p))
			}
		}
	}
	return out, nil
}

func (m *memExisting) DealsByTitleKey(_ context.Context, keys []string) (map[string][]DealRef, error) {
	out := map[string][]DealRef{}
	for _, k := range keys {
		for _, d := range m.deals {
			if TitleKey(d.Title) == k {
				out[k] = append(out[k], DealRef{ID: d.ID, Title: d.Title, CompanyID: d.CompanyID, PersonID: d.PersonID, Amount: d.Amount})
			}
		}
	}
	return out, nil
}

func (m *memExisting) Stages(context.Context) ([]domain.Stage, error) { return m.stages, nil }

func (m *memExisting) CustomFields(_ context.Context, t domain.RecordType) ([]domain.CustomField, error) {
	var out []domain.CustomField
	for _, f := range m.fields {
		if f.RecordType == t {
			out = append(out, f)
		}
	}
	return out, nil
}

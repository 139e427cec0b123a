package importing

import (
	"context"

	"kontor/domain"
)

// PersonRef is what the planner needs to know of a person already in the
// data file.
type PersonRef struct {
	ID        domain.ID
	FirstName string
	LastName  string
	CompanyID domain.ID
	EmailKeys []string // every e-mail's EmailKey
	Phones    []string // every phone's E.164 form
}

// CompanyRef is what the planner needs to know of an existing company.
type CompanyRef struct {
	ID      domain.ID
	Name    string
	NameKey string // domain.CompanyKey(Name)
	Domain  string
	TaxIDs  []domain.TaxID
}

// DealRef is what the planner needs to know of an existing deal.
type DealRef struct {
	ID        domain.ID
	Title     string
	CompanyID domain.ID
	PersonID  domain.ID
	Amount    *domain.Money
}

// Existing is the port through which the planner asks the data file about
// records it already holds. Every method takes a batch of keys and returns
// the matches by key; keys without matches are absent from the map. The
// storage implementation answers from indexes, so planning a large file
// against a large data file never loads a whole table.
type Existing interface {
	CompaniesByNameKey(ctx context.Context, keys []string) (map[string][]CompanyRef, error)
	// CompaniesByNameKeyPrefix returns up to limit companies whose name key
	// starts with prefix, for near-match search.
	CompaniesByNameKeyPrefix(ctx context.Context, prefix string, limit int) ([]CompanyRef, error)
	CompaniesByDomain(ctx context.Context, domains []string) (map[string][]CompanyRef, error)
	// CompaniesByTaxID is keyed by TaxKey(kind, value).
	CompaniesByTaxID(ctx context.Context, ids []domain.TaxID) (map[string][]CompanyRef, error)

	PeopleByEmailKey(ctx context.Context, keys []string) (map[string][]PersonRef, error)
	PeopleByPhone(ctx context.Context, e164 []string) (map[string][]PersonRef, error)
	// PeopleByNameAndCompany finds people by name key (PersonNameKey) at a
	// company: the "same name at the same company" duplicate rule.
	PeopleByNameAndCompany(ctx context.Context, keys []NameAtCompany) (map[NameAtCompany][]PersonRef, error)
	// PeopleByNameKey is keyed by domain.PersonNameKey(first, last).
	PeopleByNameKey(ctx context.Context, keys []string) (map[string][]PersonRef, error)
	// PeopleOfCompanies returns up to limit people of each company: the
	// candidates of the near-duplicate search (similar names at the same
	// company), which needs only their ids, names and company (EmailKeys
	// and Phones may be left empty).
	PeopleOfCompanies(ctx context.Context, ids []domain.ID, limit int) (map[domain.ID][]PersonRef, error)

	// DealsByTitleKey is keyed by TitleKey(title).
	DealsByTitleKey(ctx context.Context, keys []string) (map[string][]DealRef, error)

	Stages(ctx context.Context) ([]domain.Stage, error)
	CustomFields(ctx context.Context, t domain.RecordType) ([]domain.CustomField, error)
}

// PeopleMatches are the people found by each kind of key: what
// PeopleByEmailKey, PeopleByPhone and PeopleByNameAndCompany return.
type PeopleMatches struct {
	ByEmail map[string][]PersonRef
	ByPhone map[string][]PersonRef
	ByName  map[NameAtCompany][]PersonRef
}

// PeopleByKeys is an Existing that can answer the three lookups of a
// batch of people at once, reading each person found once (a person found
// by e-mail is usually found by phone and name too). The planner uses it
// when the Existing has it; it finds the people the three lookups find for
// each key (each person once per key).
type PeopleByKeys interface {
	PeopleByKeys(ctx context.Context, emails, phones []string, names []NameAtCompany) (PeopleMatches, error)
}

// NameAtCompany is a person's name key at a company.
type NameAtCompany struct {
	NameKey   string
	CompanyID domain.ID
}

// TaxKey is the comparison key of a tax id ("NIP:1234563218").
func TaxKey(t domain.TaxID) string { return t.Kind + ":" + t.Value }

// TitleKey is the comparison key of a deal title: folded, spacing and
// punctuation ignored.
func TitleKey(title string) string {
	toks := domain.SearchTokens(title)
	n := 0
	for _, t := range toks {
		n += len(t)
	}
	b := make([]byte, 0, n+len(toks))
	for i, t := range toks {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, t...)
	}
	return string(b)
}

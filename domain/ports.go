package domain

import "context"

// DeleteMode says what to do with records that point at a record being
// deleted (a company's people and deals, a person's deals).
type DeleteMode int

const (
	// DeleteIfUnlinked refuses with a *DependentsError when anything still
	// points at the record.
	DeleteIfUnlinked DeleteMode = iota
	// DeleteDetach clears the links (the people and deals stay, without the
	// company or person) and deletes the record.
	DeleteDetach
)

// Dependents counts the records linked to a company or person.
type Dependents struct {
	People int
	Deals  int
}

// Any reports whether anything is linked.
func (d Dependents) Any() bool { return d.People > 0 || d.Deals > 0 }

// People is the port to the people in the data file.
type People interface {
	GetPerson(ctx context.Context, id ID) (Person, error)
	ListPeople(ctx context.Context, q ListQuery) (Page[Person], error)
	CountPeople(ctx context.Context, q ListQuery) (Count, error)
	// CreatePerson validates and normalises p, stores it, and sets p.ID and
	// timestamps.
	CreatePerson(ctx context.Context, p *Person) error
	// UpdatePerson replaces every field of the stored person p.ID.
	UpdatePerson(ctx context.Context, p *Person) error
	PersonDependents(ctx context.Context, id ID) (Dependents, error)
	DeletePerson(ctx context.Context, id ID, mode DeleteMode) error
}

// Companies is the port to the companies in the data file.
type Companies interface {
	GetCompany(ctx context.Context, id ID) (Company, error)
	ListCompanies(ctx context.Context, q ListQuery) (Page[Company], error)
	CountCompanies(ctx context.Context, q ListQuery) (Count, error)
	CreateCompany(ctx context.Context, c *Company) error
	UpdateCompany(ctx context.Context, c *Company) error
	CompanyDependents(ctx context.Context, id ID) (Dependents, error)
	DeleteCompany(ctx context.Context, id ID, mode DeleteMode) error
}

// Deals is the port to the deals in the data file.
type Deals interface {
	GetDeal(ctx context.Context, id ID) (Deal, error)
	ListDeals(ctx context.Context, q ListQuery) (Page[Deal], error)
	CountDeals(ctx context.Context, q ListQuery) (Count, error)
	CreateDeal(ctx context.Context, d *Deal) error
	UpdateDeal(ctx context.Context, d *Deal) error
	DeleteDeal(ctx context.Context, id ID) error
}

// Pipeline is the port to the ordered deal stages.
type Pipeline interface {
	ListStages(ctx context.Context) ([]Stage, error)
	CreateStage(ctx context.Context, s *Stage) error
	UpdateStage(ctx context.Context, s *Stage) error
	// MoveStage puts a stage at a 1-based position, shifting the others.
	MoveStage(ctx context.Context, id ID, position int) error
	// DeleteStage removes a stage; deals in it move to moveDealsTo (which
	// must be another stage) so that no deal is left without a stage.
	DeleteStage(ctx context.Context, id, moveDealsTo ID) error
}

// CustomFields is the port to custom field definitions.
type CustomFields interface {
	ListCustomFields(ctx context.Context, t RecordType) ([]CustomField, error)
	CreateCustomField(ctx context.Context, f *CustomField) error
}

// ReadOnlyExplainer is implemented by a DataFile that can say why it is
// read-only ("its permissions (0400) allow nobody to write it").
type ReadOnlyExplainer interface {
	ReadOnlyReason() string
}

// DataFile describes the open data file and notices outside changes.
type DataFile interface {
	// Path is the data file's location.
	Path() string
	// ReadOnly reports whether writes will fail (read-only file or mount).
	ReadOnly() bool
	Counts(ctx context.Context) (Counts, error)
	// DataVersion changes whenever another connection or process commits
	// a change to the file (SQLite's PRAGMA data_version).
	DataVersion(ctx context.Context) (int64, error)
}

// Store is everything the terminal UI and the record commands need.
type Store interface {
	People
	Companies
	Deals
	Pipeline
	CustomFields
	DataFile
}

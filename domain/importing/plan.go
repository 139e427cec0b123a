package importing

import (
	"kontor/domain"
)

// MatchKind says why records were taken for duplicates.
type MatchKind uint8

const (
	matchNone MatchKind = iota
	ByEmail
	ByPhone
	ByNameAndCompany
	ByTaxID
	ByDomain
	ByCompanyName
	ByTitleAndCompany
	BySimilarName
)

func (k MatchKind) String() string {
	switch k {
	case ByEmail:
		return "same e-mail"
	case ByPhone:
		return "same phone"
	case ByNameAndCompany:
		return "same name at the same company"
	case ByTaxID:
		return "same tax id"
	case ByDomain:
		return "same web domain"
	case ByCompanyName:
		return "same company name"
	case ByTitleAndCompany:
		return "same title at the same company"
	case BySimilarName:
		return "similar name"
	}
	return ""
}

// Group is a set of records that look like one: rows of the file and
// possibly records already in the data file. Each row belongs to at most
// one group.
type Group struct {
	ID int
	// Rows are the 1-based data rows in file order; Rows[0] is the first.
	Rows []int
	// Existing are records in the data file the rows match, best first;
	// Existing[0] is the one fill/overwrite update.
	Existing []domain.ID
	// Reasons lists why, strongest first.
	Reasons []MatchKind
	// Possible is set for near matches (similar names), which are only
	// suggestions; Score is then the similarity (0..1), else 1.
	Possible bool
	Score    float64
	Decision Decision
	// Related is, for a possible group, a row of the file that its rows
	// resemble but that belongs to a definite group of its own (0: none).
	// Fill and overwrite merge into the record that row ends up in.
	Related int
}

// Target describes what fill/overwrite update: an existing record, or the
// record created from the group's first row.
func (g *Group) hasExisting() bool { return len(g.Existing) > 0 }

// NewCompany is a company that rows name and the data file lacks; it is
// created once, however many rows name it.
type NewCompany struct {
	Name string // the first spelling seen
	Key  string // domain.CompanyKey(Name)
	Rows int    // how many rows link to it
}

// NewStage is a deal stage the file names and the pipeline lacks.
type NewStage struct {
	Name string
	Rows int
}

// Ambiguous is a link that matched several records, so none was chosen.
type Ambiguous struct {
	Row        int
	Field      string // "company" or "person"
	Text       string
	Candidates []domain.ID
}

// Counts summarises a plan under its current decisions.
type Counts struct {
	Rows            int // data rows read
	Create          int // records to create
	Update          int // existing records to update (fill / overwrite)
	Skip            int // duplicate rows skipped
	Merged          int // duplicate rows merged into an earlier row's new record
	Failed          int // rows that cannot be imported
	WithErrors      int // rows with at least one rejected value (imported or not)
	Groups          int // duplicate groups (definite)
	Possible        int // possible-duplicate groups
	NewCompanies    int
	NewStages       int
	NewCustomFields int
	Ambiguous       int
}

// Plan is the result of planning an import: what each row will become,
// the duplicates found and the decisions taken. Nothing is written until
// Apply runs it.
type Plan struct {
	Mapping Mapping
	Options Options

	Groups          []*Group
	NewCompanies    []NewCompany
	NewStages       []NewStage
	NewCustomFields []domain.CustomField
	Ambiguous       []Ambiguous

	// Issues holds the first MaxIssues problems found; IssueCount counts
	// them all (the per-row report lists every one).
	Issues     []Issue
	IssueCount int

	rows []rowState
	// deals holds, for a plan of deals, each row's links to a person and a
	// stage (nil for people and companies, which have none).
	deals []dealLinks
	// records keeps parsed rows for display (all rows of small files; rows
	// in duplicate groups of large ones, up to a cap).
	records map[int32]*Record
	// customTypes are the types of the custom fields the mapping feeds.
	customTypes map[string]domain.FieldType
}

// MaxIssues caps the problems a Plan keeps in memory.
const MaxIssues = 10_000

// rowState is what the plan remembers of each row: small (24 bytes), since
// a plan may cover millions of rows.
type rowState struct {
	companyID  domain.ID
	line       int32
	group      int32 // index into Groups, -1: none
	newCompany int32 // index into NewCompanies, -1: none
	failed     bool
	hasErrors  bool
}

// dealLinks are a deal row's links besides its company.
type dealLinks struct {
	personID domain.ID
	stageID  domain.ID
	newStage int32 // index into NewStages, -1: none
}

// Rows is the number of data rows planned.
func (p *Plan) Rows() int { return len(p.rows) }

// Record returns the parsed row (1-based data row) if the plan kept it.
func (p *Plan) Record(row int) (*Record, bool) {
	r, ok := p.records[int32(row-1)]
	return r, ok
}

// GroupOf returns the group of a data row, if any.
func (p *Plan) GroupOf(row int) (*Group, bool) {
	if row < 1 || row > len(p.rows) || p.rows[row-1].group < 0 {
		return nil, false
	}
	return p.Groups[p.rows[row-1].group], true
}

// CustomTypes returns the types of the custom fields the mapping feeds.
func (p *Plan) CustomTypes() map[string]domain.FieldType { return p.customTypes }

// SetDecision sets the decision of one group.
func (p *Plan) SetDecision(groupID int, d Decision) {
	if groupID >= 0 && groupID < len(p.Groups) {
		p.Groups[groupID].Decision = d
	}
}

// SetDefault sets the decision of every group; with possibleToo unset,
// possible-duplicate groups keep theirs.
func (p *Plan) SetDefault(d Decision, possibleToo bool) {
	p.Options.OnDuplicate = d
	for _, g := range p.Groups {
		if !g.Possible || possibleToo {
			g.Decision = d
		}
	}
}

// Action is what Apply does with one row.
type Action uint8

const (
	ActCreate Action = iota
	ActUpdate        // merge into an existing record or an earlier row's record
	ActSkip          // a duplicate, skipped by decision
	ActFail          // cannot be imported
)

func (a Action) String() string {
	return [...]string{"create", "update", "skip", "fail"}[a]
}

// RowAction says what happens to a row (1-based) under the current
// decisions: the action, the decision behind it (for updates: fill or
// overwrite), the existing record to update, or — for a row merged into an
// earlier row of the file — that row's number.
func (p *Plan) RowAction(row int) (act Action, d Decision, existing domain.ID, intoRow int) {
	st := p.rows[row-1]
	if st.failed {
		return ActFail, "", 0, 0
	}
	if st.group < 0 {
		return ActCreate, "", 0, 0
	}
	g := p.Groups[st.group]
	switch g.Decision {
	case DecideCreate:
		return ActCreate, g.Decision, 0, 0
	case DecideSkip:
		if !g.hasExisting() && row == p.firstLiveRow(g) {
			return ActCreate, g.Decision, 0, 0
		}
		return ActSkip, g.Decision, 0, 0
	}
	// fill / overwrite
	if g.hasExisting() {
		return ActUpdate, g.Decision, g.Existing[0], 0
	}
	if g.Related > 0 {
		existing, into := p.recordOf(g.Related)
		if existing != 0 {
			return ActUpdate, g.Decision, existing, 0
		}
		if into > 0 && into < row {
			return ActUpdate, g.Decision, 0, into
		}
		return ActCreate, g.Decision, 0, 0 // the related row comes later in the file
	}
	first := p.firstLiveRow(g)
	if row == first {
		return ActCreate, g.Decision, 0, 0
	}
	return ActUpdate, g.Decision, 0, first
}

// recordOf says where a row's data ends up: an existing record, or the
// record created from a row of the file (possibly the row itself).
func (p *Plan) recordOf(row int) (existing domain.ID, intoRow int) {
	act, _, existing, into := p.RowAction(row)
	switch act {
	case ActCreate:
		return 0, row
	case ActUpdate:
		return existing, into
	case ActSkip:
		if g, ok := p.GroupOf(row); ok {
			if g.hasExisting() {
				return g.Existing[0], 0
			}
			return 0, p.firstLiveRow(g)
		}
	}
	return 0, 0
}

// firstLiveRow is the group's first row that does not fail.
func (p *Plan) firstLiveRow(g *Group) int {
	for _, r := range g.Rows {
		if !p.rows[r-1].failed {
			return r
		}
	}
	return 0
}

// Counts returns the plan's summary under the current decisions.
func (p *Plan) Counts() Counts {
	c := Counts{
		Rows: len(p.rows), NewCompanies: len(p.NewCompanies), NewStages: len(p.NewStages),
		NewCustomFields: len(p.NewCustomFields), Ambiguous: len(p.Ambiguous),
	}
	updated := map[domain.ID]bool{}
	for i, st := range p.rows {
		if st.hasErrors {
			c.WithErrors++
		}
		act, _, existing, _ := p.RowAction(i + 1)
		switch act {
		case ActFail:
			c.Failed++
		case ActCreate:
			c.Create++
		case ActSkip:
			c.Skip++
		case ActUpdate:
			switch {
			case existing == 0:
				c.Merged++
			case !updated[existing]:
				updated[existing] = true
				c.Update++
			}
		}
	}
	for _, g := range p.Groups {
		if g.Possible {
			c.Possible++
		} else {
			c.Groups++
		}
	}
	return c
}

// Links returns the resolved links of a row: an existing company id or the
// index of a new company (-1), the person and stage ids, or a new stage
// index (-1).
func (p *Plan) Links(row int) (companyID domain.ID, newCompany int, personID, stageID domain.ID, newStage int) {
	st := p.rows[row-1]
	if p.deals == nil {
		return st.companyID, int(st.newCompany), 0, 0, -1
	}
	dl := p.deals[row-1]
	return st.companyID, int(st.newCompany), dl.personID, dl.stageID, int(dl.newStage)
}

// Line returns the physical line of a data row.
func (p *Plan) Line(row int) int { return int(p.rows[row-1].line) }
